// How a file is recognised as unchanged: its size, times and inode (its stamp), else its content hash.
import * as crypto from 'crypto';

export function contentHash(text: string): string {
  return crypto.createHash('sha1').update(text, 'utf8').digest('hex');
}

/** Times closer than this to the cache's writing may hide a change made in the same instant. */
export const RACY_MS = 2000;

/**
 * The racy window the environment sets (CORROBORATE_INDEX_RACY_MS, milliseconds; both the CLI and
 * the language server read it): tests that write sources and at once need their persisted index
 * used as it is set 0. Undefined (the default window) when unset or not a number ≥ 0.
 */
export function racyMsOf(env: NodeJS.ProcessEnv): number | undefined {
  const v = env.CORROBORATE_INDEX_RACY_MS;
  return v !== undefined && v !== '' && Number(v) >= 0 ? Number(v) : undefined;
}

export { stampOf, type Stamp } from '../corpusFiles';
