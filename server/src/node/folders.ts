// Where the CLI's caches live, and creating folders where Node's own recursive mkdir cannot be
// trusted (shared by the persisted index, the tools and the launchers' code cache, whose bundle
// must stay small: no other imports).
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
