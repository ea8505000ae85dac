// How a file is recognised as unchanged: its size, times and inode (its stamp), else its content hash.
import * as crypto from 'crypto';

export function contentHash(text: string): string {
  return crypto.createHash('sha1').update(text, 'utf8').digest('hex');
}

/** Times closer than this to the cache's writing may hide a change made in the same instant. */
export const RACY_MS = 2000;

export { stampOf, type Stamp } from '../corpusFiles';
