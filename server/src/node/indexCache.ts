// Loads a corpus index for the adapters, from a persisted copy when there is one.
//
// One cache file per tool and set of corpus folders. It holds every source's text, metadata and
// compact tokens, with the file's size, times and a hash of its content. On load, a file whose
// size and times are unchanged is taken from the cache; any other file is read, and taken from the
// cache only if its content hash is unchanged; removed files drop out; new and changed files are
// prepared. The cache is written again when anything changed.
//
// The cache is never trusted: a wrong magic number, format, code fingerprint (a hash of the
// running bundle, so any change of the tokeniser invalidates it), checksum or an inconsistent
// array makes it count as absent, and the index is rebuilt from the files.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import * as zlib from 'zlib';
import { CorpusIndex, IndexBuilder, type CorpusData } from '../core/corpus/index';
import { DATE_FIELDS, validDateRows } from '../core/dates/stored';
import type { SourceHead } from '../core/corpus/source';
import { listSourceFiles, readSourceFile } from './corpusFiles';

const MAGIC = 'CRBIDX01';
const FORMAT = 2;

export interface IndexProgress {
  /** Reading (and hashing) files, then indexing the ones not taken from the cache. */
  phase: 'reading' | 'indexing';
  /** Files looked at so far in this phase, of `total`. */
  done: number;
  total: number;
}

export interface LoadOptions {
  /** Where cache files live; undefined: no cache (read every file). */
  cacheDir?: string;
  /** What the cached arrays depend on; default: a hash of the running code. */
  fingerprint?: string;
  /** A name for the cache file, so tools that run different code keep their own. */
  tool?: string;
  /** Corpora with fewer files are read directly (reading them is as quick as the cache). */
  minFiles?: number;
  /** A file changed less than this before the cache was written is read again (default 2 s). */
  racyMs?: number;
  onProgress?(p: IndexProgress): void;
}

export type CacheOutcome = 'disabled' | 'absent' | 'hit' | 'updated' | 'rejected';

export interface LoadedIndex {
  index: CorpusIndex;
  /** One line per skipped file or cache problem. */
  warnings: string[];
  /** Folders that do not exist. */
  missing: string[];
  stats: {
    cache: CacheOutcome;
    /** Why a cache file was rejected. */
    rejected?: string;
    /** Sources taken from the cache, read and prepared, dropped (removed from disk). */
    reused: number;
    prepared: number;
    removed: number;
    cacheFile?: string;
    /** Bytes of the cache file written or read. */
    cacheBytes?: number;
  };
}

interface CachedSource {
  file: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hash: string;
  head: Omit<SourceHead, 'text'>;
  /** Token range in the cached arrays, text range (bytes) in the text section, sentence and date ranges. */
  tokenFrom: number;
  tokenTo: number;
  textFrom: number;
  textTo: number;
  sentenceFrom: number;
  sentenceTo: number;
  dateFrom: number;
  dateTo: number;
}

type Ranges = 'tokenFrom' | 'tokenTo' | 'textFrom' | 'textTo' | 'sentenceFrom' | 'sentenceTo' | 'dateFrom' | 'dateTo' | 'head';

interface CacheHeader {
  format: number;
  fingerprint: string;
  written: number;
  vocabBytes: number;
  textBytes: number;
  tokens: number;
  sentences: number;
  dates: number;
  checksum: string;
  sources: CachedSource[];
}

interface CacheContents {
  header: CacheHeader;
  vocab: string[];
  texts: Buffer;
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  sentences: Int32Array;
  dates: Int32Array;
}

let ownFingerprint: string | undefined;

/** A hash of the running code (the bundle), so a cache never outlives the code that wrote it. */
export function codeFingerprint(): string {
  if (!ownFingerprint) {
    const h = crypto.createHash('sha1').update(`${MAGIC}/${FORMAT}/`);
    try {
      h.update(fs.readFileSync(__filename));
    } catch {
      h.update(String(Date.now()));
    }
    ownFingerprint = h.digest('hex');
  }
  return ownFingerprint;
}

export function cacheFileFor(cacheDir: string, paths: readonly string[], tool: string): string {
  const key = crypto
    .createHash('sha1')
    .update(JSON.stringify([...paths].map((p) => path.resolve(p)).sort()))
    .digest('hex')
    .slice(0, 16);
  return path.join(cacheDir, `corpus-${tool}-${key}.idx`);
}

const checksum = (parts: readonly Uint8Array[]): string => {
  const crc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (crc32) {
    let v = 0;
    for (const p of parts) v = crc32(p, v);
    return `crc32:${v >>> 0}`;
  }
  const h = crypto.createHash('sha1');
  for (const p of parts) h.update(p);
  return `sha1:${h.digest('hex')}`;
};

/** A 32-bit checksum of the header (which holds the other sections' checksum). */
const headerSum = (bytes: Uint8Array): number => crypto.createHash('sha1').update(bytes).digest().readUInt32LE(0);

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const bytesOf = (a: Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * Reads and checks a cache file; throws with the reason when it cannot be used. Each section is
 * read into its own buffer (the word arrays straight into the typed arrays the index keeps).
 */
function readCache(file: string, fingerprint: string): CacheContents {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    let at = 0;
    const read = <T extends Uint8Array>(into: T): T => {
      if (at + into.length > size) throw new Error('truncated');
      let done = 0;
      while (done < into.length) {
        const n = fs.readSync(fd, into, done, into.length - done, at + done);
        if (n === 0) throw new Error('truncated');
        done += n;
      }
      at = pad4(at + into.length);
      return into;
    };
    const prefix = read(Buffer.alloc(16));
    if (prefix.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a Corroborate index');
    const headerBytes = read(Buffer.alloc(prefix.readUInt32LE(8)));
    if (headerSum(headerBytes) !== prefix.readUInt32LE(12)) throw new Error('header checksum mismatch');
    const header = JSON.parse(headerBytes.toString('utf8')) as CacheHeader;
    if (header.format !== FORMAT) throw new Error(`format ${header.format}, expected ${FORMAT}`);
    if (header.fingerprint !== fingerprint) throw new Error('written by other code');
    const vocabBytes = read(Buffer.alloc(header.vocabBytes));
    const texts = read(Buffer.alloc(header.textBytes));
    const ints = (n: number) => {
      if (!(Number.isSafeInteger(n) && n >= 0 && n * 4 <= size)) throw new Error('bad section size');
      const a = new Int32Array(n);
      read(new Uint8Array(a.buffer));
      return a;
    };
    const ids = ints(header.tokens);
    const starts = ints(header.tokens);
    const ends = ints(header.tokens);
    const sentences = ints(header.sentences * 2);
    const dates = ints(header.dates * DATE_FIELDS);
    if (at !== pad4(size)) throw new Error('unexpected length');
    if (checksum([vocabBytes, texts, ...[ids, starts, ends, sentences, dates].map(bytesOf)]) !== header.checksum) throw new Error('checksum mismatch');
    const vocab = header.vocabBytes ? vocabBytes.toString('utf8').split('\n') : [];
    const contents = { header, vocab, texts, ids, starts, ends, sentences, dates };
    validate(contents);
    return contents;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Structural checks: every range inside its array, every id inside the vocabulary, every offset
 * inside its source's text (a UTF-16 offset is at most the UTF-8 length), sentences in order.
 */
function validate(c: CacheContents): void {
  const { header, vocab, ids, starts, ends, sentences, dates } = c;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= vocab.length || starts[i] < 0 || ends[i] <= starts[i]) throw new Error('inconsistent tokens');
  }
  let token = 0;
  let text = 0;
  let sentence = 0;
  let date = 0;
  for (const s of header.sources) {
    if (s.tokenFrom !== token || s.tokenTo < s.tokenFrom || s.textFrom !== text || s.textTo < s.textFrom) throw new Error('inconsistent sources');
    if (s.sentenceFrom !== sentence || s.sentenceTo < s.sentenceFrom || s.dateFrom !== date || s.dateTo < s.dateFrom) throw new Error('inconsistent sources');
    const length = s.textTo - s.textFrom;
    for (let t = s.tokenFrom; t < s.tokenTo; t++) if (ends[t] > length) throw new Error('inconsistent tokens');
    let last = 0;
    for (let k = s.sentenceFrom; k < s.sentenceTo; k++) {
      if (sentences[2 * k] < last || sentences[2 * k + 1] <= sentences[2 * k] || sentences[2 * k + 1] > length) throw new Error('inconsistent sentences');
      last = sentences[2 * k + 1];
    }
    if (!validDateRows(dates.subarray(s.dateFrom * DATE_FIELDS, s.dateTo * DATE_FIELDS), length, s.sentenceTo - s.sentenceFrom)) throw new Error('inconsistent dates');
    const dl = s.head.dateline;
    if (dl !== undefined && !(typeof dl === 'object' && [dl.start, dl.end, dl.month, dl.day].every(Number.isInteger) && dl.start >= 0 && dl.end <= length && (dl.year === undefined || Number.isInteger(dl.year)))) {
      throw new Error('inconsistent dateline');
    }
    token = s.tokenTo;
    text = s.textTo;
    sentence = s.sentenceTo;
    date = s.dateTo;
  }
  if (token !== ids.length || text !== c.texts.length || 2 * sentence !== sentences.length || date * DATE_FIELDS !== dates.length) throw new Error('inconsistent sources');
}

function writeCache(file: string, fingerprint: string, data: CorpusData, entries: Omit<CachedSource, Ranges>[]): number {
  const textParts: Buffer[] = [];
  let textBytes = 0;
  const sources: CachedSource[] = entries.map((e, i) => {
    const t = Buffer.from(data.heads[i].text, 'utf8');
    textParts.push(t);
    const h = data.heads[i];
    const s: CachedSource = {
      ...e,
      head: h.dateline ? { id: h.id, meta: h.meta, bodyStart: h.bodyStart, dateline: h.dateline } : { id: h.id, meta: h.meta, bodyStart: h.bodyStart },
      tokenFrom: data.sourceStart[i],
      tokenTo: data.sourceStart[i + 1],
      textFrom: textBytes,
      textTo: textBytes + t.length,
      sentenceFrom: data.sentenceStart[i],
      sentenceTo: data.sentenceStart[i + 1],
      dateFrom: data.dateStart[i],
      dateTo: data.dateStart[i + 1],
    };
    textBytes += t.length;
    return s;
  });
  const vocab = Buffer.from(data.vocab.join('\n'), 'utf8');
  const texts = Buffer.concat(textParts, textBytes);
  const arrays = [data.ids, data.starts, data.ends, data.sentences, data.dates].map(bytesOf);
  const header: CacheHeader = {
    format: FORMAT,
    fingerprint,
    written: Date.now(),
    vocabBytes: vocab.length,
    textBytes,
    tokens: data.ids.length,
    sentences: data.sentences.length / 2,
    dates: data.dates.length / DATE_FIELDS,
    checksum: checksum([vocab, texts, ...arrays]),
    sources,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(16);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length, 8);
  prefix.writeUInt32LE(headerSum(headerBytes), 12);
  const parts: Uint8Array[] = [];
  let length = 0;
  const add = (p: Uint8Array) => {
    parts.push(p);
    length += p.length;
    const pad = pad4(length) - length;
    if (pad) {
      parts.push(new Uint8Array(pad));
      length += pad;
    }
  };
  parts.push(prefix, headerBytes);
  length = prefix.length + headerBytes.length;
  const pad = pad4(length) - length;
  if (pad) {
    parts.push(new Uint8Array(pad));
    length += pad;
  }
  [vocab, texts, ...arrays].forEach(add);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    for (const p of parts) fs.writeSync(fd, p);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  return length;
}

function contentHash(text: string): string {
  return crypto.createHash('sha1').update(text, 'utf8').digest('hex');
}

/** Times closer than this to the cache's writing may hide a change made in the same instant. */
const RACY_MS = 2000;

interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** A file to read: where it is, and the content hash the cache has for it (if any). */
export interface ReadJob {
  file: string;
  cachedHash?: string;
}

/** What became of a file that was read. */
export type ReadOutcome = { kind: 'skipped'; reason: string } | { kind: 'unchanged'; hash: string } | { kind: 'prepared'; hash: string };

/** Files read and prepared: what became of each, and the index of the prepared ones, in order. */
export interface PreparedPart {
  outcomes: ReadOutcome[];
  data: CorpusData;
}

/**
 * Reads files and prepares those whose content is not the cached one (IndexBuilder.add: words,
 * sentences, dates). What the language server's and the CLI's workers run, and the loader itself
 * when it works alone.
 */
export function readAndPrepare(jobs: readonly ReadJob[], onFile?: (done: number) => void): PreparedPart {
  const builder = new IndexBuilder();
  const outcomes: ReadOutcome[] = [];
  jobs.forEach((job, n) => {
    const r = readSourceFile(job.file);
    if (!('input' in r)) outcomes.push({ kind: 'skipped', reason: r.reason });
    else {
      const hash = contentHash(r.input.text);
      if (hash === job.cachedHash) outcomes.push({ kind: 'unchanged', hash });
      else {
        builder.add(r.input);
        outcomes.push({ kind: 'prepared', hash });
      }
    }
    onFile?.(n + 1);
  });
  return { outcomes, data: builder.data() };
}

/** The typed arrays of a part, to transfer from a worker without copying. */
export function transferables(data: CorpusData): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const a of [data.ids, data.starts, data.ends, data.sourceStart, data.sentences, data.sentenceStart, data.dates, data.dateStart]) {
    if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
  }
  return [...buffers];
}

/** Below this many files to read, the loader reads them itself; above, workers share them. */
const PARALLEL_MIN_FILES = 400;

export interface ParallelOptions {
  /** Workers to use at most (default: one per core, at most 4); 0 or 1: read in this thread. */
  workers?: number;
  /** Fewest files to read that warrant workers (default 400). */
  minFiles?: number;
  /** Files per piece of work handed to a worker (default 128). */
  piece?: number;
  /** The worker script (tests point it elsewhere to see a failing worker replaced). */
  script?: string;
}

type Step =
  /** Taken from the cache by its size, times and inode. */
  | { kind: 'cached'; file: string; c: CachedSource; stamp: Stamp }
  /** To be read: new, changed, or not to be trusted by its stamp. */
  | { kind: 'read'; file: string; c?: CachedSource; stamp?: Stamp; job: number };

interface Plan {
  warnings: string[];
  missing: string[];
  files: string[];
  fingerprint: string;
  cacheFile?: string;
  cached?: CacheContents;
  stats: LoadedIndex['stats'];
  steps: Step[];
  jobs: ReadJob[];
}

/** Lists the files, reads the cache, and decides from each file's stamp whether it must be read. */
function* planning(paths: readonly string[], opts: LoadOptions): Generator<IndexProgress, Plan> {
  const warnings: string[] = [];
  const listing = listSourceFiles(paths);
  warnings.push(...listing.warnings);
  const files = listing.files;
  const fingerprint = opts.fingerprint ?? codeFingerprint();
  const useCache = opts.cacheDir !== undefined && littleEndian && files.length >= (opts.minFiles ?? 0);
  const cacheFile = useCache ? cacheFileFor(opts.cacheDir!, paths, opts.tool ?? path.basename(__filename).replace(/\.[cm]?[jt]s$/, '')) : undefined;
  const stats: LoadedIndex['stats'] = { cache: useCache ? 'absent' : 'disabled', reused: 0, prepared: 0, removed: 0, cacheFile };
  let cached: CacheContents | undefined;
  if (cacheFile && fs.existsSync(cacheFile)) {
    try {
      cached = readCache(cacheFile, fingerprint);
      stats.cacheBytes = fs.statSync(cacheFile).size;
    } catch (e) {
      stats.cache = 'rejected';
      stats.rejected = (e as Error).message;
      warnings.push(`${cacheFile}: index cache not used (${stats.rejected}); rebuilding`);
    }
  }
  const byFile = new Map((cached?.header.sources ?? []).map((s) => [s.file, s]));
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
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(file);
    } catch {
      st = undefined; // reported when the file is read
    }
    const c = byFile.get(file);
    const stamp = st && { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
    if (c && stamp && c.size === stamp.size && c.mtimeMs === stamp.mtimeMs && c.ctimeMs === stamp.ctimeMs && c.ino === stamp.ino && written - stamp.mtimeMs >= racy && written - stamp.ctimeMs >= racy) {
      steps.push({ kind: 'cached', file, c, stamp });
    } else {
      steps.push({ kind: 'read', file, c, stamp, job: jobs.length });
      jobs.push({ file, cachedHash: c?.hash });
    }
  }
  if (cached) {
    const listed = new Set(files);
    for (const s of cached.header.sources) if (!listed.has(s.file)) stats.removed++;
  }
  return { warnings, missing: listing.missing, files, fingerprint, cacheFile, cached, stats, steps, jobs };
}

/** The index from the plan and what reading gave (`parts`: the jobs' outcomes, in job order, with their prepared sources); writes the cache. */
function* building(plan: Plan, parts: readonly PreparedPart[]): Generator<IndexProgress, LoadedIndex> {
  const { cached, stats, steps, warnings } = plan;
  const entries: Omit<CachedSource, Ranges>[] = [];
  // Job n → its part, its outcome, and the number of its source among the part's prepared ones.
  const outcomeOf: { part: PreparedPart; outcome: ReadOutcome; source: number }[] = [];
  for (const part of parts) {
    let source = 0;
    for (const outcome of part.outcomes) outcomeOf.push({ part, outcome, source: outcome.kind === 'prepared' ? source++ : -1 });
  }
  // A file read again whose content is unchanged still changes the cache (its new stamp).
  const changed = plan.jobs.some((_j, n) => outcomeOf[n].outcome.kind !== 'unchanged') || !cached;
  const restamped = plan.jobs.length > 0;
  let data: CorpusData;
  const allCached = cached && !changed && steps.length === cached.header.sources.length && steps.every((st, i) => st.c === cached.header.sources[i]);
  const headOf = (c: CachedSource): SourceHead => ({ ...c.head, text: cached!.texts.toString('utf8', c.textFrom, c.textTo) });
  if (allCached) {
    // Nothing changed: the cached arrays are the index's arrays.
    const sources = cached.header.sources;
    for (const st of steps) entries.push({ file: st.file, ...(st.stamp ?? { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0 }), hash: st.c!.hash });
    stats.reused = sources.length;
    data = {
      heads: sources.map(headOf),
      vocab: cached.vocab,
      ids: cached.ids,
      starts: cached.starts,
      ends: cached.ends,
      sourceStart: Int32Array.from([...sources.map((x) => x.tokenFrom), cached.ids.length]),
      sentences: cached.sentences,
      sentenceStart: Int32Array.from([...sources.map((x) => x.sentenceFrom), cached.sentences.length / 2]),
      dates: cached.dates,
      dateStart: Int32Array.from([...sources.map((x) => x.dateFrom), cached.dates.length / DATE_FIELDS]),
    };
  } else {
    let expected = 0;
    for (const st of steps) if (st.c) expected += st.c.tokenTo - st.c.tokenFrom;
    for (const part of parts) expected += part.data.ids.length;
    const builder = new IndexBuilder({ vocab: cached?.vocab ?? [], expectedTokens: expected + 1024 });
    const remaps = new Map<PreparedPart, Int32Array>();
    let lastYield = Date.now();
    for (let i = 0; i < steps.length; i++) {
      if (i % 256 === 0 && Date.now() - lastYield > 30) {
        yield { phase: 'indexing', done: i, total: steps.length };
        lastYield = Date.now();
      }
      const st = steps[i];
      const stamp = st.stamp ?? { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0 };
      let c: CachedSource | undefined;
      if (st.kind === 'cached') c = st.c;
      else {
        const got = outcomeOf[st.job];
        if (got.outcome.kind === 'skipped') {
          warnings.push(`${st.file}: skipped: ${got.outcome.reason}`);
          continue;
        }
        entries.push({ file: st.file, ...stamp, hash: got.outcome.hash });
        if (got.outcome.kind === 'prepared') {
          let remap = remaps.get(got.part);
          if (!remap) remaps.set(got.part, (remap = builder.vocabularyOf(got.part.data.vocab)));
          builder.addFrom(got.part.data, got.source, remap);
          stats.prepared++;
          continue;
        }
        c = st.c!;
      }
      if (st.kind === 'cached') entries.push({ file: st.file, ...stamp, hash: c.hash });
      stats.reused++;
      builder.addIndexed(
        headOf(c),
        cached!.ids.subarray(c.tokenFrom, c.tokenTo),
        cached!.starts.subarray(c.tokenFrom, c.tokenTo),
        cached!.ends.subarray(c.tokenFrom, c.tokenTo),
        cached!.sentences.subarray(2 * c.sentenceFrom, 2 * c.sentenceTo),
        cached!.dates.subarray(c.dateFrom * DATE_FIELDS, c.dateTo * DATE_FIELDS),
      );
    }
    data = builder.data();
  }
  plan.cached = undefined; // let the old arrays go before the index is made
  const rewrite = changed || restamped || stats.removed > 0;
  if (rewrite) data = compactVocabulary(data);
  const index = new CorpusIndex(data);
  if (stats.cache !== 'rejected' && stats.cache !== 'disabled') stats.cache = rewrite ? (stats.reused ? 'updated' : 'absent') : 'hit';
  if (plan.cacheFile && rewrite) {
    try {
      stats.cacheBytes = writeCache(plan.cacheFile, plan.fingerprint, data, entries);
    } catch (e) {
      warnings.push(`${plan.cacheFile}: could not write the index cache (${(e as Error).message})`);
    }
  }
  yield { phase: 'indexing', done: steps.length, total: steps.length };
  return { index, warnings, missing: plan.missing, stats };
}

/** Drops words no source uses any more (after sources were removed), renumbering the rest. */
function compactVocabulary(data: CorpusData): CorpusData {
  const used = new Uint8Array(data.vocab.length);
  for (let i = 0; i < data.ids.length; i++) used[data.ids[i]] = 1;
  const renumber = new Int32Array(data.vocab.length);
  const vocab: string[] = [];
  for (let w = 0; w < data.vocab.length; w++) {
    if (used[w]) {
      renumber[w] = vocab.length;
      vocab.push(data.vocab[w]);
    }
  }
  if (vocab.length === data.vocab.length) return data;
  const ids = new Int32Array(data.ids.length);
  for (let i = 0; i < ids.length; i++) ids[i] = renumber[data.ids[i]];
  return { ...data, vocab, ids };
}

/** Runs a generator to its end, passing its progress on. */
function drive<T>(steps: Generator<IndexProgress, T>, onProgress?: (p: IndexProgress) => void): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    onProgress?.(r.value);
  }
}

async function driveAsync<T>(steps: Generator<IndexProgress, T>, onProgress?: (p: IndexProgress) => void): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    onProgress?.(r.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Reads the jobs in this thread, a part of 64 files at a time (yielding between parts). */
function* readingHere(jobs: readonly ReadJob[], total = jobs.length, before = 0): Generator<IndexProgress, PreparedPart[]> {
  const parts: PreparedPart[] = [];
  for (let from = 0; from < jobs.length; from += 64) {
    yield { phase: 'indexing', done: before + from, total };
    parts.push(readAndPrepare(jobs.slice(from, from + 64)));
  }
  return parts;
}

/** The worker script beside this module: the bundle's, or (running from sources, in tests) a loader for the TypeScript one. */
function workerScript(): string {
  return __filename.endsWith('.ts') ? path.join(__dirname, 'indexWorker.dev.cjs') : path.join(__dirname, 'indexWorker.js');
}

function defaultWorkers(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

/** Files per piece of work handed to a worker. */
const PIECE = 128;

interface WorkerPlan {
  count: number;
  piece: number;
  script: string;
}

/**
 * Reads the jobs with worker threads: the files go in pieces to whichever worker is free, so that
 * long and short articles even out. A worker that fails has its pieces read here instead (with a
 * warning), so a broken worker never loses a source.
 */
async function readingInWorkers(jobs: readonly ReadJob[], { count, piece, script }: WorkerPlan, warnings: string[], onProgress?: (p: IndexProgress) => void): Promise<PreparedPart[]> {
  const pieces: ReadJob[][] = [];
  for (let from = 0; from < jobs.length; from += piece) pieces.push(jobs.slice(from, from + piece));
  const parts: PreparedPart[] = new Array(pieces.length);
  let next = 0;
  let finished = 0;
  const report = () => onProgress?.({ phase: 'indexing', done: Math.min(jobs.length, finished * piece), total: jobs.length });
  const runWorker = () =>
    new Promise<void>((resolve) => {
      let current = -1;
      let settled = false;
      let worker: Worker | undefined;
      const give = () => {
        if (next >= pieces.length) {
          settled = true;
          void worker!.terminate();
          resolve();
          return;
        }
        current = next++;
        worker!.postMessage({ piece: current, jobs: pieces[current] });
      };
      const fail = async (why: string) => {
        if (settled) return;
        settled = true;
        void worker?.terminate();
        // This worker's piece, and every piece nobody has taken yet that it would have taken.
        const mine = current >= 0 && parts[current] === undefined ? [current] : [];
        warnings.push(`index worker failed (${why}); reading its files in the main thread`);
        for (;;) {
          const k = mine.length ? mine.pop()! : next < pieces.length ? next++ : -1;
          if (k < 0) break;
          parts[k] = readAndPrepare(pieces[k]);
          finished++;
          report();
          await new Promise<void>((r) => setImmediate(r));
        }
        resolve();
      };
      try {
        worker = new Worker(script);
      } catch (e) {
        void fail((e as Error).message);
        return;
      }
      worker.on('message', (m: { piece: number; part: PreparedPart }) => {
        parts[m.piece] = m.part;
        finished++;
        report();
        give();
      });
      worker.on('error', (e) => void fail(e.message));
      worker.on('exit', (code) => void fail(`exited with code ${code}`));
      give();
    });
  await Promise.all(Array.from({ length: count }, runWorker));
  return parts;
}

/**
 * Loads the index, yielding to the event loop now and then (for progress and other requests).
 * Many files to read are shared among worker threads (`parallel`).
 */
export async function loadIndex(paths: readonly string[], opts: LoadOptions & { parallel?: ParallelOptions } = {}): Promise<LoadedIndex> {
  const plan = await driveAsync(planning(paths, opts), opts.onProgress);
  const workers = Math.min(opts.parallel?.workers ?? defaultWorkers(), plan.jobs.length);
  const parallel = workers > 1 && plan.jobs.length >= (opts.parallel?.minFiles ?? PARALLEL_MIN_FILES);
  const parts = parallel
    ? await readingInWorkers(plan.jobs, { count: workers, piece: opts.parallel?.piece ?? PIECE, script: opts.parallel?.script ?? workerScript() }, plan.warnings, opts.onProgress)
    : await driveAsync(readingHere(plan.jobs), opts.onProgress);
  return driveAsync(building(plan, parts), opts.onProgress);
}

/** The same, without yielding and in this thread only (tools and tests). */
export function loadIndexSync(paths: readonly string[], opts: LoadOptions = {}): LoadedIndex {
  const plan = drive(planning(paths, opts), opts.onProgress);
  const parts = drive(readingHere(plan.jobs), opts.onProgress);
  return drive(building(plan, parts), opts.onProgress);
}
