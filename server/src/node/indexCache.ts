// Loads a corpus index for the adapters, from a persisted copy when there is one.
//
// One cache file per tool and corpus folder, and one for several folders together (made from
// theirs the first time: a folder added beside a large archive costs only itself; see loadIndex); the cache
// folder is kept under a size cap, least recently used files evicted first (maintainCache). It holds every source's metadata, compact
// tokens, sentences, dates and quotations (not its text: that is read from the file when needed,
// see cachedText), with the file's size, times and a hash of its content. On load, a file whose
// size and times are unchanged is taken from the cache; any other file is read, and taken from the
// cache only if its content hash is unchanged; removed files drop out; new and changed files are
// prepared (by worker threads when there are many). The cache is written again when anything
// changed.
//
// The cache is never trusted: a wrong magic number, format, code fingerprint (a hash of the
// running bundle, so any change of the tokeniser invalidates it), checksum or an inconsistent
// array makes it count as absent, and the index is rebuilt from the files.
import * as fs from 'fs';
import * as path from 'path';
import { maintainCache, DEFAULT_CACHE_MAX_BYTES } from './indexCache/folder';
import { cacheFileOf, readCached, listing, planning } from './indexCache/plan';
import { codeFingerprint, FAST_SUM, IndexCacheCorrupt, littleEndian } from './indexCache/format';
import { writeCache } from './indexCache/write';
import { Arrivals, building, finishing, mergeLoaded, WAITING, type Built } from './indexCache/merge';
import { defaultWorkers, Helper, HELPER_MIN_FILES, HERE_PIECE, PARALLEL_MIN_FILES, PIECE, readingHere, readingInWorkers } from './indexCache/workers';
import type { IndexProgress, LoadedIndex, LoadOptions, ParallelOptions } from './indexCache/types';

export type { CacheOutcome, IndexProgress, LoadedIndex, LoadOptions, ParallelOptions } from './indexCache/types';
export { cacheFileFor, codeFingerprint, IndexCacheCorrupt, resum, sectionSpans, sectionsSum } from './indexCache/format';
export { makeFolders } from './folders';
export { racyMsOf } from './indexCache/stamps';
export { readAndPrepare, transferables, type PreparedPart, type ReadJob, type ReadOutcome } from './indexCache/workers';
export { cleanCache, DEFAULT_CACHE_MAX_BYTES, maintainCache } from './indexCache/folder';

/** Runs a generator to its end, passing its progress on. */
function drive<T>(steps: Generator<IndexProgress, T>, onProgress?: (p: IndexProgress) => void): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (r.value === WAITING) throw new Error('waiting for a part that cannot arrive');
    onProgress?.(r.value);
  }
}

async function driveAsync<T>(steps: Generator<IndexProgress, T>, onProgress?: (p: IndexProgress) => void, arrivals?: Arrivals): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (r.value === WAITING) {
      if (!arrivals) throw new Error('waiting for a part that cannot arrive');
      await arrivals.wait();
      continue;
    }
    onProgress?.(r.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The options with the cache file's tool name: by default the running bundle's (or this module's). */
function withTool<T extends LoadOptions>(opts: T): T {
  return opts.tool !== undefined ? opts : { ...opts, tool: path.basename(__filename).replace(/\.[cm]?[jt]s$/, '') };
}

/** The worker script beside this module: the bundle's, or (running from sources, in tests) a loader for the TypeScript one. */
function workerScript(): string {
  return __filename.endsWith('.ts') ? path.join(__dirname, 'indexWorker.dev.cjs') : path.join(__dirname, 'indexWorker.js');
}

/**
 * Loads the index, yielding to the event loop now and then (for progress and other requests).
 * Many files to read are shared among worker threads (`parallel`).
 */
export async function loadIndex(paths: readonly string[], options: LoadOptions & { parallel?: ParallelOptions } = {}): Promise<LoadedIndex> {
  const opts = withTool(options);
  const roots = rootsOf(paths, opts);
  if (roots.length === 1) return afterLoad([await load(roots[0], opts, false)], opts);
  // Several folders (the bundled corpus beside an archive, say): once merged, their index is
  // persisted as theirs together, and loaded from there (lazily, one listing) while that file is
  // there: merging the folders' indexes costs more than reading either (the archive read whole,
  // every source copied). The folders' own files seed it, so a folder added costs only its own.
  const together = roots.map((r) => r[0]);
  const combined = cacheFileOf(together, opts);
  const warnings: string[] = [];
  if (fs.existsSync(combined) && !opts.distrust?.some((f) => path.resolve(f) === path.resolve(combined))) {
    try {
      return afterLoad([await loadOnce(together, opts, false)], opts);
    } catch (e) {
      if (!(e instanceof IndexCacheCorrupt)) throw e;
      // Made again from the folders' own files below, and written again.
      warnings.push(`${e.file}: index cache not used (${e.reason}); rebuilding`);
    }
  }
  const parts: LoadedIndex[] = [];
  for (const r of roots) parts.push(await load(r, { ...opts, keepEntries: true }, false));
  const loaded = afterLoad(parts, opts);
  loaded.warnings = warnings.concat(loaded.warnings);
  persistCombined(loaded, combined, opts);
  return loaded;
}

/** Writes several folders' merged index as their combined cache file (a warning when it cannot be). */
function persistCombined(loaded: LoadedIndex, file: string, opts: LoadOptions): void {
  const entries = loaded.entries;
  loaded.entries = undefined;
  // Not merged (one folder had sources), an entry unknown, or too few to persist: the folders' own files serve.
  const n = loaded.index.sources.length;
  if (!entries || entries.length !== n || n === 0 || n < (opts.minFiles ?? 0) || !littleEndian) return;
  try {
    const w = writeCache(file, opts.fingerprint ?? codeFingerprint(), loaded.index.data(), entries);
    loaded.stats.cacheBytes = w.bytes;
    loaded.identity = w.identity;
    loaded.stats.cacheFile = file;
    if (loaded.stats.cache === 'hit') loaded.stats.cache = 'updated';
  } catch (e) {
    loaded.warnings.push(`${file}: could not write the index cache (${(e as Error).message})`);
  }
}

/**
 * With a cache, each corpus folder (or file) is loaded, and persisted, on its own: the index of an
 * archive is then the same cache file whatever small folders are named beside it. Without one,
 * all are listed together.
 */
function rootsOf(paths: readonly string[], opts: LoadOptions): (readonly string[])[] {
  if (opts.cacheDir === undefined || paths.length <= 1) return [paths];
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const p of paths) {
    const key = path.resolve(p);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([p]);
  }
  return out;
}

/** Merges the roots' indexes (a source under two roots counts once, at its first), then tends the cache folder. */
function afterLoad(parts: LoadedIndex[], opts: LoadOptions): LoadedIndex {
  const loaded = parts.length === 1 ? parts[0] : mergeLoaded(parts);
  if (opts.cacheDir !== undefined) {
    const used = parts.map((p) => p.stats.cacheFile).filter((f): f is string => !!f);
    try {
      for (const w of maintainCache(opts.cacheDir, used, opts.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES)) loaded.warnings.push(w);
    } catch (e) {
      loaded.warnings.push(`${opts.cacheDir}: could not tend the index cache (${(e as Error).message})`);
    }
  }
  return loaded;
}

/** Loads again without the cache, whose arrays failed their checks when read (lazily): nothing built from it is used or written. */
function rejected<T extends LoadedIndex>(again: T, cacheFile: string | undefined, e: IndexCacheCorrupt): T {
  again.stats.cache = 'rejected';
  again.stats.rejected = e.reason;
  again.warnings.unshift(`${cacheFile}: index cache not used (${e.reason}); rebuilding`);
  return again;
}

async function load(paths: readonly string[], opts: LoadOptions & { parallel?: ParallelOptions }, ignoreCache: boolean): Promise<LoadedIndex> {
  try {
    return await loadOnce(paths, opts, ignoreCache);
  } catch (e) {
    if (!(e instanceof IndexCacheCorrupt) || ignoreCache) throw e;
    return rejected(await load(paths, opts, true), e.file, e);
  }
}

async function loadOnce(paths: readonly string[], opts: LoadOptions & { parallel?: ParallelOptions }, ignoreCache: boolean): Promise<LoadedIndex> {
  const l = listing(paths, opts);
  l.ignoreCache ||= ignoreCache;
  const script = opts.parallel?.script ?? workerScript();
  const useWorkers = (opts.parallel?.workers ?? defaultWorkers()) > 1;
  // The files' stamps come with the listing; a helper thread checks the sections' checksum while
  // this one goes on, unless the checksum is CRC-32 (zlib's: ~10 ms for the archive's 45 MB, less
  // than starting a thread).
  const helper =
    useWorkers && (!FAST_SUM || opts.parallel?.alwaysHelper) && !ignoreCache && l.cacheFile && l.files.length >= (opts.parallel?.helperMinFiles ?? HELPER_MIN_FILES) && fs.existsSync(l.cacheFile)
      ? new Helper(script)
      : undefined;
  try {
    const { cached, verified } = readCached(l, helper);
    const plan = await driveAsync(planning(l, opts, cached), opts.onProgress);
    const workers = Math.min(opts.parallel?.workers ?? defaultWorkers(), plan.jobs.length);
    const parallel = workers > 1 && plan.jobs.length >= (opts.parallel?.minFiles ?? PARALLEL_MIN_FILES);
    let built: Built;
    if (parallel) {
      // Workers read; this thread merges what they hand back as it comes.
      const piece = opts.parallel?.piece ?? PIECE;
      const arrivals = new Arrivals(piece);
      const reading = readingInWorkers(plan.jobs, { count: workers, piece, script }, arrivals, plan.warnings, opts.onProgress);
      built = await driveAsync(building(plan, arrivals), opts.onProgress, arrivals);
      await reading;
    } else {
      const parts = await driveAsync(readingHere(plan.jobs), opts.onProgress);
      built = await driveAsync(building(plan, Arrivals.of(parts, HERE_PIECE)), opts.onProgress);
    }
    if (verified && !(await verified)) {
      // The sections are not what was written: nothing built from them is used or persisted.
      const again = await load(paths, opts, true);
      again.stats.cache = 'rejected';
      again.stats.rejected = 'checksum mismatch';
      again.warnings.unshift(`${l.cacheFile}: index cache not used (checksum mismatch); rebuilding`);
      return again;
    }
    return finishing(plan, built);
  } finally {
    helper?.stop();
  }
}

/** The same, without yielding and in this thread only (tools and tests). */
export function loadIndexSync(paths: readonly string[], options: LoadOptions = {}): LoadedIndex {
  const opts = withTool(options);
  const once = (roots: readonly string[], ignoreCache: boolean) => {
    const l = listing(roots, opts);
    l.ignoreCache ||= ignoreCache;
    const plan = drive(planning(l, opts, readCached(l).cached), opts.onProgress);
    const parts = drive(readingHere(plan.jobs), opts.onProgress);
    return finishing(plan, drive(building(plan, Arrivals.of(parts, HERE_PIECE)), opts.onProgress));
  };
  return afterLoad(
    rootsOf(paths, opts).map((roots) => {
      try {
        return once(roots, false);
      } catch (e) {
        if (!(e instanceof IndexCacheCorrupt)) throw e;
        return rejected(once(roots, true), e.file, e);
      }
    }),
    opts,
  );
}
