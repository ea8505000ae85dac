// How a file is recognised as unchanged: its size, times and inode (its stamp), else its content hash.
import * as crypto from 'crypto';
import * as fs from 'fs';
import { stampPath } from '../corpusFiles';

export function contentHash(text: string): string {
  return crypto.createHash('sha1').update(text, 'utf8').digest('hex');
}

/** Times closer than this to the cache's writing may hide a change made in the same instant. */
export const RACY_MS = 2000;

export interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function stampOf(st: fs.Stats | undefined): Stamp | undefined {
  return st && { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
}

/** Stamps as numbers, four per file (size, times, inode; NaN when the file cannot be looked at). */
export function stampNumbers(files: readonly string[]): Float64Array {
  const out = new Float64Array(files.length * 4).fill(NaN);
  files.forEach((f, k) => {
    const st = fs.statSync(stampPath(f), { throwIfNoEntry: false });
    if (!st) return;
    out[4 * k] = st.size;
    out[4 * k + 1] = st.mtimeMs;
    out[4 * k + 2] = st.ctimeMs;
    out[4 * k + 3] = st.ino;
  });
  return out;
}

export function stampsFromNumbers(n: Float64Array): (Stamp | undefined)[] {
  const out: (Stamp | undefined)[] = [];
  for (let k = 0; k < n.length; k += 4) out.push(isNaN(n[k]) ? undefined : { size: n[k], mtimeMs: n[k + 1], ctimeMs: n[k + 2], ino: n[k + 3] });
  return out;
}
