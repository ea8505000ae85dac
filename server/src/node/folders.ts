// Where the CLI's caches live, and creating folders where Node's own recursive mkdir cannot be
// trusted (shared by the persisted index, the tools and the launchers' code cache, whose bundle
// must stay small: no other imports).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Creates a folder and its missing parents, one at a time (Node's recursive mkdir loops forever
 * where a parent cannot hold folders, as under /proc); throws with the reason otherwise.
 */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; ) {
    const st = fs.statSync(d, { throwIfNoEntry: false });
    if (st) {
      if (!st.isDirectory()) throw new Error(`${d} is not a folder`);
      break;
    }
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create ${d} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
}

/** The CLI's cache folder when no `--cache-dir` is given: $XDG_CACHE_HOME/corroborate, else ~/.cache/corroborate. */
export function defaultCacheDir(env: NodeJS.ProcessEnv, home: string): string {
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'corroborate');
}

/**
 * Writes a file whole or not at all: to a temporary file beside it, renamed over it at the end, so
 * a reader finds the old file or the new, never part of one (the persisted index, the archive's
 * texts). Only a regular file is replaced: not a folder, a pipe or a device someone put there.
 * `fill` writes the bytes in order (`at`: how many so far). Returns the file's length.
 */
export function writeWhole(file: string, fill: (write: (bytes: Uint8Array) => void, at: () => number) => void): number {
  makeFolders(path.dirname(file));
  const existing = fs.lstatSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw new Error('the path is not a regular file');
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let length = 0;
  const write = (bytes: Uint8Array) => {
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, length + done);
    length += bytes.length;
  };
  try {
    fill(write, () => length);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return length;
}
