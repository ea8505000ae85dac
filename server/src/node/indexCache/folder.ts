// The cache folder: a size cap (least recently used first), leftovers of killed runs, `cache clean`.
import * as fs from 'fs';
import * as path from 'path';

/** The cache folder's default size cap. */
export const DEFAULT_CACHE_MAX_BYTES = 1 << 30;
/** A temporary file of a writer that is gone (or older than this) is a leftover. */
const STALE_TMP_MS = 24 * 3600_000;

const CACHE_FILE = /^corpus-.+\.idx$/;
const TMP_FILE = /^corpus-.+\.idx\.(\d+)\.[0-9a-f]+\.tmp$/;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Tends the cache folder: marks the files just used as recently used, removes temporary files
 * their writers left (killed runs), and removes the least recently used index files while the
 * folder holds more than `maxBytes` (the ones just used stay). Touches nothing but its own files.
 * Returns warnings.
 */
export function maintainCache(cacheDir: string, used: readonly string[], maxBytes: number, now = Date.now()): string[] {
  const warnings: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir);
  } catch {
    return warnings; // no cache folder (yet): nothing to tend
  }
  const keep = new Set(used.map((f) => path.resolve(f)));
  for (const f of keep) {
    try {
      if (fs.lstatSync(f, { throwIfNoEntry: false })?.isFile()) fs.utimesSync(f, now / 1000, now / 1000);
    } catch {
      // read-only cache: the order of eviction is then the order of writing
    }
  }
  const files: { file: string; size: number; used: number }[] = [];
  for (const name of names) {
    const file = path.join(cacheDir, name);
    const tmp = TMP_FILE.exec(name);
    if (!tmp && !CACHE_FILE.test(name)) continue;
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    if (tmp) {
      const pid = Number(tmp[1]);
      if ((pid !== process.pid && !processAlive(pid)) || now - st.mtimeMs > STALE_TMP_MS) remove(file, warnings);
      continue;
    }
    files.push({ file, size: st.size, used: st.mtimeMs });
  }
  let total = files.reduce((n, f) => n + f.size, 0);
  files.sort((a, b) => a.used - b.used);
  for (const f of files) {
    if (total <= maxBytes) break;
    if (keep.has(f.file)) continue;
    if (remove(f.file, warnings)) total -= f.size;
  }
  return warnings;
}

function remove(file: string, warnings: string[]): boolean {
  try {
    fs.rmSync(file, { force: true });
    return true;
  } catch (e) {
    warnings.push(`${file}: could not remove (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return false;
  }
}

/** Removes every file of the index cache in `cacheDir` and of its compiled-code cache (`corroborate cache clean`): their count and bytes. */
export function cleanCache(cacheDir: string): { files: number; bytes: number; warnings: string[] } {
  const warnings: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(cacheDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { files: 0, bytes: 0, warnings };
    throw new Error(`cannot read ${cacheDir} (${code ?? (e as Error).message})`);
  }
  let files = 0;
  let bytes = 0;
  /** Removes the regular files of `dir` among `list` whose names `ours` accepts, counting them. */
  const removeOurs = (dir: string, list: readonly string[], ours: (name: string) => boolean) => {
    for (const name of list) {
      if (!ours(name)) continue;
      const file = path.join(dir, name);
      const st = fs.lstatSync(file, { throwIfNoEntry: false });
      if (!st?.isFile()) continue;
      if (remove(file, warnings)) {
        files++;
        bytes += st.size;
      }
    }
  };
  removeOurs(cacheDir, names, (name) => CACHE_FILE.test(name) || TMP_FILE.test(name));
  // The compiled-code cache of the launchers (launch/codeCache.ts) lives in `code/`.
  const codeDir = path.join(cacheDir, 'code');
  let code: string[] = [];
  try {
    code = fs.readdirSync(codeDir);
  } catch {
    // none
  }
  removeOurs(codeDir, code, (name) => /\.v8(?:\.\d+\.tmp)?$/.test(name));
  // The findings of drafts checked before (node/resultCache.ts) live in `results/`.
  const resultsDir = path.join(cacheDir, 'results');
  let results: string[] = [];
  try {
    results = fs.readdirSync(resultsDir);
  } catch {
    // none
  }
  removeOurs(resultsDir, results, (name) => /^[0-9a-f]{64}\.json(?:\.\d+\.tmp)?$/.test(name));
  for (const [dir, list] of [
    [codeDir, code],
    [resultsDir, results],
  ] as const) {
    if (!list.length) continue;
    try {
      fs.rmdirSync(dir); // only if nothing else is in it
    } catch {
      // not empty, or already gone
    }
  }
  return { files, bytes, warnings };
}
