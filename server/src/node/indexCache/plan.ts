// Planning a load: the files listed, the persisted index read (if usable), and for each file
// whether its cached entry can be taken by its stamp or it must be read.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_CORPUS_LIMITS, listSourceFiles, stampPath, type Refused } from '../corpusFiles';
import { formatsTag, registerFormats } from '../formats/options';
import { cacheFileFor, codeFingerprint, contentsOf, IndexCacheCorrupt, lazyContents, littleEndian, openCache, readBody, sectionSpans, sectionsSum, type Cached, type CacheContents, type OpenCache } from './format';
import { RACY_MS, stampOf, type Stamp } from './stamps';
import type { Helper, ReadJob } from './workers';
import type { IndexProgress, LoadedIndex, LoadOptions } from './types';

export type Step =
  /** Taken from the cache by its size, times and inode. */
  | { kind: 'cached'; file: string; c: Cached; stamp: Stamp }
  /** To be read: new, changed, or not to be trusted by its stamp. */
  | { kind: 'read'; file: string; c?: Cached; stamp?: Stamp; job: number };

/** The listing, with what the cache holds and what is to be done for each file. */
export interface Plan extends Omit<Listing, 'ignoreCache'> {
  cached?: CacheContents;
  steps: Step[];
  jobs: ReadJob[];
}

/** What planning starts from: the files and the cache file (listed, not yet read). */
export interface Listing {
  warnings: string[];
  missing: string[];
  refused: Refused[];
  files: string[];
  fingerprint: string;
  cacheFile?: string;
  stats: LoadedIndex['stats'];
  /** Each file's stamp as listing saw it (a file it could not look at has none: it is looked at again). */
  stamps: Map<string, Stamp>;
  /** Build without the cache (its checksum failed): it is rewritten from the files. */
  ignoreCache?: boolean;
  /** Read the cache's large arrays when first used (LoadOptions.lazy). */
  lazy?: boolean;
  /** Keep each source's entry with the loaded index (LoadOptions.keepEntries). */
  keepEntries?: boolean;
}

/** The cache file of a set of folders (LoadOptions.cacheDir set): one per tool, folders and JSON Lines field names. */
export function cacheFileOf(paths: readonly string[], opts: LoadOptions): string {
  return cacheFileFor(opts.cacheDir!, paths, (opts.tool ?? 'index') + formatsTag(opts.formats));
}

export function listing(paths: readonly string[], opts: LoadOptions): Listing {
  const listed = listSourceFiles(paths, opts.limits ?? DEFAULT_CORPUS_LIMITS);
  registerFormats(listed.files, opts.formats);
  const files = listed.files;
  const useCache = opts.cacheDir !== undefined && littleEndian && files.length >= (opts.minFiles ?? 0);
  const cacheFile = useCache ? cacheFileOf(paths, opts) : undefined;
  const stats: LoadedIndex['stats'] = { cache: useCache ? 'absent' : 'disabled', reused: 0, prepared: 0, removed: 0, cacheFile };
  // A cache file found corrupt after an earlier load: rebuilt without being read.
  const ignoreCache = !!cacheFile && (opts.distrust ?? []).some((f) => path.resolve(f) === path.resolve(cacheFile));
  if (ignoreCache) Object.assign(stats, { cache: 'rejected', rejected: 'found corrupt when used' });
  return { warnings: [...listed.warnings], missing: listed.missing, refused: listed.refused, files, stamps: listed.stamps, fingerprint: opts.fingerprint ?? codeFingerprint(), cacheFile, stats, ignoreCache, lazy: opts.lazy, keepEntries: opts.keepEntries };
}

/**
 * The persisted index of the listed files, if there is a usable one. With a helper, its sections
 * are read into a buffer shared with it, and it checks their checksum while this thread goes on
 * (`verified`, to be awaited before anything built from them is used); without, the checksum is
 * checked here first. Lazily (`l.lazy`, no helper), only the sources' records and the vocabulary
 * are read here, and the file stays open: each large array is read and checked when first used
 * (format.ts, Sections), and one that fails throws IndexCacheCorrupt then.
 */
export function readCached(l: Listing, helper?: Helper): { cached?: CacheContents; verified?: Promise<boolean> } {
  const { cacheFile, stats, warnings } = l;
  if (!cacheFile || l.ignoreCache || !fs.existsSync(cacheFile)) return {};
  let c: OpenCache | undefined;
  try {
    c = openCache(cacheFile, l.fingerprint);
    stats.cacheBytes = fs.fstatSync(c.fd).size;
    const spans = sectionSpans(c.header);
    const expected = c.header.checksum;
    if (l.lazy && !helper) {
      const cached = lazyContents(c);
      c = undefined; // the sections keep the file open
      return { cached };
    }
    if (!helper) {
      const body = new ArrayBuffer(c.bodyTo - c.bodyFrom);
      readBody(c, body);
      if (sectionsSum(body, spans) !== expected) throw new Error('checksum mismatch');
      return { cached: contentsOf(c.header, body) };
    }
    const body = new SharedArrayBuffer(c.bodyTo - c.bodyFrom);
    readBody(c, body);
    const cached = contentsOf(c.header, body);
    const verified = helper.sum(body, spans).then((sum) => (sum ?? sectionsSum(body, spans)) === expected);
    return { cached, verified };
  } catch (e) {
    stats.cache = 'rejected';
    stats.rejected = e instanceof IndexCacheCorrupt ? e.reason : (e as Error).message;
    warnings.push(`${cacheFile}: index cache not used (${stats.rejected}); rebuilding`);
    return {};
  } finally {
    if (c) fs.closeSync(c.fd);
  }
}

/**
 * Decides from each file's stamp whether it must be read (`stamps`: taken already, else each file
 * is looked at here).
 */
export function* planning(l: Listing, opts: LoadOptions, cached: CacheContents | undefined, stamps?: readonly (Stamp | undefined)[]): Generator<IndexProgress, Plan> {
  const { warnings, files, cacheFile, stats } = l;
  // The cache lists the files in the order of the last listing: a file is looked for at its
  // place first, and by name only once one is not there.
  const cachedSources = cached?.sources ?? [];
  let byFile: Map<string, Cached> | undefined;
  let inPlace = true;
  const cachedOf = (file: string, i: number): Cached | undefined => {
    const at = cachedSources[i];
    if (at && at.c.file === file) return at;
    inPlace = false;
    byFile ??= new Map(cachedSources.map((s) => [s.c.file, s]));
    return byFile.get(file);
  };
  const written = cached?.header.written ?? 0;
  const racy = opts.racyMs ?? RACY_MS;
  const steps: Step[] = [];
  const jobs: ReadJob[] = [];
  let lastYield = Date.now();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (i % 64 === 0 && Date.now() - lastYield > 30) {
      yield { phase: 'reading', done: i, total: files.length };
      lastYield = Date.now();
    }
    let stamp: Stamp | undefined = stamps ? stamps[i] : l.stamps.get(file);
    if (!stamp) {
      try {
        stamp = stampOf(fs.statSync(stampPath(file)));
      } catch {
        stamp = undefined; // reported when the file is read
      }
    }
    const c = cachedOf(file, i);
    const x = c?.c;
    if (c && x && stamp && x.size === stamp.size && x.mtimeMs === stamp.mtimeMs && x.ctimeMs === stamp.ctimeMs && x.ino === stamp.ino && written - stamp.mtimeMs >= racy && written - stamp.ctimeMs >= racy) {
      steps.push({ kind: 'cached', file, c, stamp });
    } else {
      steps.push({ kind: 'read', file, c, stamp, job: jobs.length });
      jobs.push({ file, cachedHash: x?.hash, formats: opts.formats });
    }
  }
  if (cached && !(inPlace && files.length === cachedSources.length)) {
    const listed = new Set(files);
    for (const s of cachedSources) if (!listed.has(s.c.file)) stats.removed++;
  }
  return { warnings, missing: l.missing, refused: l.refused, files, stamps: l.stamps, fingerprint: l.fingerprint, cacheFile, cached, stats, steps, jobs, lazy: l.lazy, keepEntries: l.keepEntries };
}
