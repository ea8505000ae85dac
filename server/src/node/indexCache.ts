// Loads a corpus index for the adapters, from a persisted copy when there is one.
//
// One cache file per tool and corpus folder (a corpus of several folders merges their indexes in
// memory, so a large archive's index is shared whatever folders are named beside it); the cache
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
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import * as zlib from 'zlib';
import { CorpusIndex, IndexBuilder, LONG, longPairs, QUOTE_FIELDS, type CorpusData } from '../core/corpus/index';
import { DATE_FIELDS, validDateRows } from '../core/dates/stored';
import type { SourceHead } from '../core/corpus/source';
import { DEFAULT_CORPUS_LIMITS, hashedContent, listSourceFiles, readSourceFile, stampPath, type CorpusLimits, type FormatOptions, type Refused } from './corpusFiles';
import { formatsTag, registerFormats, registeredFormats } from './formats/options';

const MAGIC = 'CRBIDX01';
const FORMAT = 4;

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
  /** How much one corpus folder may hold before it is refused (default DEFAULT_CORPUS_LIMITS). */
  limits?: CorpusLimits;
  /** The cache folder's size cap in bytes (default DEFAULT_CACHE_MAX_BYTES); least recently used files go first. */
  cacheMaxBytes?: number;
  /** How web pages and archives are read (JSON Lines field names). */
  formats?: FormatOptions;
  onProgress?(p: IndexProgress): void;
}

export type CacheOutcome = 'disabled' | 'absent' | 'hit' | 'updated' | 'rejected';

export interface LoadedIndex {
  index: CorpusIndex;
  /** One line per skipped file or cache problem. */
  warnings: string[];
  /** Folders that do not exist. */
  missing: string[];
  /** Folders not read at all (system folders, too large), with the reason. */
  refused: Refused[];
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

/** What the cache keeps of a source file: how it was on disk, its head, and how much of each section is its. */
interface CachedSource {
  file: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hash: string;
  meta: SourceHead['meta'];
  bodyStart: number;
  dateline?: SourceHead['dateline'];
  /** The text's length (UTF-16 code units, as offsets count); counts of tokens, sentences, dates, quotations. */
  chars: number;
  tokens: number;
  sentences: number;
  dates: number;
  quotes: number;
}

/** A cached source with where its parts are in the cached arrays (from the counts). */
interface Cached {
  c: CachedSource;
  /** Number in the cache. */
  n: number;
  tokenFrom: number;
  tokenTo: number;
  sentenceFrom: number;
  sentenceTo: number;
  dateFrom: number;
  dateTo: number;
  quoteFrom: number;
  quoteTo: number;
}

interface CacheHeader {
  format: number;
  fingerprint: string;
  written: number;
  vocabBytes: number;
  tokens: number;
  /** Tokens of LONG characters or more. */
  long: number;
  sentences: number;
  dates: number;
  quotes: number;
  checksum: string;
  sources: CachedSource[];
}

interface CacheContents {
  header: CacheHeader;
  sources: Cached[];
  vocab: string[];
  ids: Int32Array;
  starts: Int32Array;
  lengths: Uint8Array;
  long: Int32Array;
  sentences: Int32Array;
  dates: Int32Array;
  quotes: Int32Array;
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

/** A checksum of the sections, taken as they stream by: CRC-32 where Node has it, else SHA-1. */
class Sum {
  private readonly crc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  private crc = 0;
  private readonly sha = this.crc32 ? undefined : crypto.createHash('sha1');

  update(bytes: Uint8Array): void {
    // Skip empty input: zlib's crc32 of a buffer without memory behind it is its initial value (0).
    if (bytes.length === 0) return;
    if (this.crc32) this.crc = this.crc32(bytes, this.crc);
    else this.sha!.update(bytes);
  }

  digest(): string {
    return this.crc32 ? `crc32:${this.crc >>> 0}` : `sha1:${this.sha!.digest('hex')}`;
  }
}

/** A 32-bit checksum of the header (which holds the sections' checksum). */
const headerSum = (bytes: Uint8Array): number => crypto.createHash('sha1').update(bytes).digest().readUInt32LE(0);

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const bytesOf = (a: Int32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function pad4(n: number): number {
  return (n + 3) & ~3;
}

// Layout: MAGIC, then the sections in order, each padded to 4 bytes (vocabulary, ids, starts,
// lengths, long tokens, sentences, dates, quotations), then the header (JSON), then a trailer: the header's offset
// (float64), its length and checksum (uint32 each), and MAGIC again. The header is written last,
// so the sections stream to disk without being gathered in memory first.
const TRAILER = 24;

/** Reads exactly `length` bytes at `position` into `into` at `offset`. */
function readExactly(fd: number, into: Uint8Array, offset: number, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, into, offset + done, length - done, position + done);
    if (n === 0) throw new Error('truncated');
    done += n;
  }
}

/** A cache file opened and its header read and checked, its sections not yet read. */
interface OpenCache {
  fd: number;
  header: CacheHeader;
  /** Where the sections begin and end (the header follows them). */
  bodyFrom: number;
  bodyTo: number;
}

/** Opens a cache file and checks its trailer and header; throws with the reason when it cannot be used. */
function openCache(file: string, fingerprint: string): OpenCache {
  // Non-blocking: a named pipe where the cache file should be must not hang the open.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    const size = st.size;
    if (size < MAGIC.length + TRAILER) throw new Error('truncated');
    const head = Buffer.alloc(MAGIC.length);
    readExactly(fd, head, 0, head.length, 0);
    const trailer = Buffer.alloc(TRAILER);
    readExactly(fd, trailer, 0, TRAILER, size - TRAILER);
    if (head.toString('latin1') !== MAGIC || trailer.toString('latin1', 16) !== MAGIC) throw new Error('not a Corroborate index');
    const headerAt = trailer.readDoubleLE(0);
    const headerLength = trailer.readUInt32LE(8);
    if (!(Number.isSafeInteger(headerAt) && headerAt >= MAGIC.length && headerAt + headerLength === size - TRAILER)) throw new Error('bad header position');
    const headerBytes = Buffer.alloc(headerLength);
    readExactly(fd, headerBytes, 0, headerLength, headerAt);
    if (headerSum(headerBytes) !== trailer.readUInt32LE(12)) throw new Error('header checksum mismatch');
    const header = JSON.parse(headerBytes.toString('utf8')) as CacheHeader;
    if (header.format !== FORMAT) throw new Error(`format ${header.format}, expected ${FORMAT}`);
    if (header.fingerprint !== fingerprint) throw new Error('written by other code');
    const count = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
    if (![header.vocabBytes, header.tokens, header.long, header.sentences, header.dates, header.quotes].every(count) || !Array.isArray(header.sources)) throw new Error('bad header');
    if (sectionSpans(header).reduce((end, [at, n]) => Math.max(end, at + pad4(n)), 0) !== headerAt - pad4(MAGIC.length)) throw new Error('unexpected length');
    return { fd, header, bodyFrom: pad4(MAGIC.length), bodyTo: headerAt };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** The sections as [offset from the first section, length in bytes], in order. */
export function sectionSpans(h: CacheHeader): [number, number][] {
  const lengths = [h.vocabBytes, 4 * h.tokens, 4 * h.tokens, h.tokens, 8 * h.long, 8 * h.sentences, 4 * DATE_FIELDS * h.dates, 4 * QUOTE_FIELDS * h.quotes];
  const out: [number, number][] = [];
  let at = 0;
  for (const n of lengths) {
    out.push([at, n]);
    at += pad4(n);
  }
  return out;
}

/** The checksum of the sections of `body` (what `header.checksum` must be). */
export function sectionsSum(body: ArrayBufferLike, spans: readonly [number, number][]): string {
  const sum = new Sum();
  for (const [at, n] of spans) sum.update(new Uint8Array(body, at, n));
  return sum.digest();
}

/** Reads the sections into `body` (one buffer: the index's arrays are views of it). */
function readBody(c: OpenCache, body: ArrayBufferLike): void {
  readExactly(c.fd, new Uint8Array(body), 0, c.bodyTo - c.bodyFrom, c.bodyFrom);
}

/** The arrays of the sections read into `body`, checked for structure (not for the checksum). */
function contentsOf(header: CacheHeader, body: ArrayBufferLike): CacheContents {
  const [vocabAt, idsAt, startsAt, lengthsAt, longAt, sentencesAt, datesAt, quotesAt] = sectionSpans(header).map(([at]) => at);
  const vocab = header.vocabBytes ? Buffer.from(body, vocabAt, header.vocabBytes).toString('utf8').split('\n') : [];
  const count = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  const sources: Cached[] = [];
  let token = 0;
  let sentence = 0;
  let date = 0;
  let quote = 0;
  for (let n = 0; n < header.sources.length; n++) {
    const c = header.sources[n];
    if (!c || typeof c.file !== 'string' || typeof c.hash !== 'string' || ![c.chars, c.tokens, c.sentences, c.dates, c.quotes, c.bodyStart].every(count)) throw new Error('bad source entry');
    sources.push({
      c,
      n,
      tokenFrom: token,
      tokenTo: (token += c.tokens),
      sentenceFrom: sentence,
      sentenceTo: (sentence += c.sentences),
      dateFrom: date,
      dateTo: (date += c.dates),
      quoteFrom: quote,
      quoteTo: (quote += c.quotes),
    });
  }
  if (token !== header.tokens || sentence !== header.sentences || date !== header.dates || quote !== header.quotes) throw new Error('inconsistent sources');
  const contents: CacheContents = {
    header,
    sources,
    vocab,
    ids: new Int32Array(body, idsAt, header.tokens),
    starts: new Int32Array(body, startsAt, header.tokens),
    lengths: new Uint8Array(body, lengthsAt, header.tokens),
    long: new Int32Array(body, longAt, 2 * header.long),
    sentences: new Int32Array(body, sentencesAt, 2 * header.sentences),
    dates: new Int32Array(body, datesAt, DATE_FIELDS * header.dates),
    quotes: new Int32Array(body, quotesAt, QUOTE_FIELDS * header.quotes),
  };
  validate(contents);
  return contents;
}

/**
 * Structural checks: every range inside its array, every id inside the vocabulary, every offset
 * inside its source's text, sentences in order, datelines well formed.
 */
function validate(c: CacheContents): void {
  const { vocab, ids, starts, lengths, long, sentences, dates, quotes } = c;
  const longLength = new Map<number, number>();
  for (let k = 0; k < long.length; k += 2) {
    if (!(long[k] >= 0 && long[k] < ids.length && lengths[long[k]] === LONG && long[k + 1] >= LONG && (k === 0 || long[k] > long[k - 2]))) throw new Error('inconsistent tokens');
    longLength.set(long[k], long[k + 1]);
  }
  const words = vocab.length;
  for (const s of c.sources) {
    const length = s.c.chars;
    if (s.c.bodyStart > length) throw new Error('inconsistent sources');
    for (let t = s.tokenFrom; t < s.tokenTo; t++) {
      const id = ids[t];
      const start = starts[t];
      let n = lengths[t];
      if (n === LONG) n = longLength.get(t) ?? -1;
      if (id < 0 || id >= words || start < 0 || n <= 0 || start + n > length) throw new Error('inconsistent tokens');
    }
    let last = 0;
    for (let k = s.sentenceFrom; k < s.sentenceTo; k++) {
      if (sentences[2 * k] < last || sentences[2 * k + 1] <= sentences[2 * k] || sentences[2 * k + 1] > length) throw new Error('inconsistent sentences');
      last = sentences[2 * k + 1];
    }
    if (!validDateRows(dates.subarray(s.dateFrom * DATE_FIELDS, s.dateTo * DATE_FIELDS), length, s.sentenceTo - s.sentenceFrom)) throw new Error('inconsistent dates');
    const count = s.quoteTo - s.quoteFrom;
    for (let k = 0; k < count; k++) {
      const r = (s.quoteFrom + k) * QUOTE_FIELDS;
      const [start, end, open, close, depth, parent] = [quotes[r], quotes[r + 1], quotes[r + 2], quotes[r + 3], quotes[r + 4], quotes[r + 5]];
      const inText = (x: number) => x >= 0 && x <= length;
      if (!(inText(start) && inText(end) && start <= end && inText(open) && (close === -1 || inText(close)) && depth >= 0 && parent >= -1 && parent < count)) throw new Error('inconsistent quotations');
    }
    const dl = s.c.dateline;
    if (dl !== undefined && !(typeof dl === 'object' && dl !== null && [dl.start, dl.end, dl.month, dl.day].every(Number.isInteger) && dl.start >= 0 && dl.end <= length && (dl.year === undefined || Number.isInteger(dl.year)))) {
      throw new Error('inconsistent dateline');
    }
    if (typeof s.c.meta !== 'object' || s.c.meta === null || typeof s.c.meta.title !== 'string') throw new Error('bad source entry');
  }
}

/** The entry of a file in the next cache: how it is on disk now. */
type Entry = Pick<CachedSource, 'file' | 'size' | 'mtimeMs' | 'ctimeMs' | 'ino' | 'hash' | 'chars'>;

/** Writes the cache (to a temporary file, then renamed over the old one); returns its size. */
function writeCache(file: string, fingerprint: string, data: CorpusData, entries: Entry[]): number {
  makeFolders(path.dirname(file));
  // Only a regular file is replaced: not a folder, a pipe or a device someone put there.
  const existing = fs.lstatSync(file, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) throw new Error('the path is not a regular file');
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let length = 0;
  const pad = new Uint8Array(4);
  const write = (bytes: Uint8Array) => {
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, length + done);
    length += bytes.length;
  };
  const align = () => {
    if (length % 4) write(pad.subarray(0, 4 - (length % 4)));
  };
  try {
    const sum = new Sum();
    const section = (bytes: Uint8Array) => {
      write(bytes);
      sum.update(bytes);
      align();
    };
    write(Buffer.from(MAGIC, 'latin1'));
    align();
    const vocab = Buffer.from(data.vocab.join('\n'), 'utf8');
    section(vocab);
    const sources: CachedSource[] = [];
    data.heads.forEach((h, i) => {
      const s: CachedSource = {
        ...entries[i],
        meta: h.meta,
        bodyStart: h.bodyStart,
        tokens: data.sourceStart[i + 1] - data.sourceStart[i],
        sentences: data.sentenceStart[i + 1] - data.sentenceStart[i],
        dates: data.dateStart[i + 1] - data.dateStart[i],
        quotes: data.quoteStart[i + 1] - data.quoteStart[i],
      };
      if (h.dateline) s.dateline = h.dateline;
      sources.push(s);
    });
    for (const a of [data.ids, data.starts, data.lengths, data.long, data.sentences, data.dates, data.quotes]) section(bytesOf(a));
    const header: CacheHeader = {
      format: FORMAT,
      fingerprint,
      written: Date.now(),
      vocabBytes: vocab.length,
      tokens: data.ids.length,
      long: data.long.length / 2,
      sentences: data.sentences.length / 2,
      dates: data.dates.length / DATE_FIELDS,
      quotes: data.quotes.length / QUOTE_FIELDS,
      checksum: sum.digest(),
      sources,
    };
    const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
    const headerAt = length;
    write(headerBytes);
    const trailer = Buffer.alloc(TRAILER);
    trailer.writeDoubleLE(headerAt, 0);
    trailer.writeUInt32LE(headerBytes.length, 8);
    trailer.writeUInt32LE(headerSum(headerBytes), 12);
    trailer.write(MAGIC, 16, 'latin1');
    write(trailer);
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
  formats?: FormatOptions;
}

/** What became of a file that was read (`chars`: a prepared text's length). */
export type ReadOutcome = { kind: 'skipped'; reason: string } | { kind: 'unchanged'; hash: string } | { kind: 'prepared'; hash: string; chars: number };

/** Files read and prepared: what became of each, and the index of the prepared ones, in order. */
export interface PreparedPart {
  outcomes: ReadOutcome[];
  data: CorpusData;
}

/** What a part holds once its sources are in the index. */
const EMPTY_PART: CorpusData = new IndexBuilder().data();

/**
 * Reads files and prepares those whose content is not the cached one (IndexBuilder.add: words,
 * sentences, dates). What the language server's and the CLI's workers run, and the loader itself
 * when it works alone.
 */
export function readAndPrepare(jobs: readonly ReadJob[], onFile?: (done: number) => void, keepTexts = true): PreparedPart {
  const builder = new IndexBuilder();
  const outcomes: ReadOutcome[] = [];
  jobs.forEach((job, n) => {
    const r = readSourceFile(job.file, job.formats);
    if (!('input' in r)) outcomes.push({ kind: 'skipped', reason: r.reason });
    else {
      const hash = contentHash(hashedContent(r.input));
      if (hash === job.cachedHash) outcomes.push({ kind: 'unchanged', hash });
      else {
        builder.add(r.input);
        outcomes.push({ kind: 'prepared', hash, chars: r.input.text.length });
      }
    }
    onFile?.(n + 1);
  });
  const data = builder.data();
  // A worker's texts need not cross to the loader: the index reads each again from its file
  // when first needed (see cachedText), as for sources taken from the cache.
  if (!keepTexts) for (const h of data.heads) h.text = '';
  return { outcomes, data };
}

/** The typed arrays of a part, to transfer from a worker without copying. */
export function transferables(data: CorpusData): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const a of [data.ids, data.starts, data.lengths, data.long, data.sourceStart, data.sentences, data.sentenceStart, data.dates, data.dateStart, data.quotes, data.quoteStart]) {
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
  /** Fewest files for a helper thread to take stamps and check the cache's checksum (default 2,000). */
  helperMinFiles?: number;
}

type Step =
  /** Taken from the cache by its size, times and inode. */
  | { kind: 'cached'; file: string; c: Cached; stamp: Stamp }
  /** To be read: new, changed, or not to be trusted by its stamp. */
  | { kind: 'read'; file: string; c?: Cached; stamp?: Stamp; job: number };

interface Plan {
  warnings: string[];
  missing: string[];
  refused: Refused[];
  files: string[];
  fingerprint: string;
  cacheFile?: string;
  cached?: CacheContents;
  stats: LoadedIndex['stats'];
  steps: Step[];
  jobs: ReadJob[];
}

/** What planning starts from: the files and the cache file (listed, not yet read). */
interface Listing {
  warnings: string[];
  missing: string[];
  refused: Refused[];
  files: string[];
  fingerprint: string;
  cacheFile?: string;
  stats: LoadedIndex['stats'];
  /** Build without the cache (its checksum failed): it is rewritten from the files. */
  ignoreCache?: boolean;
}

function listing(paths: readonly string[], opts: LoadOptions): Listing {
  const listed = listSourceFiles(paths, opts.limits ?? DEFAULT_CORPUS_LIMITS);
  registerFormats(listed.files, opts.formats);
  const files = listed.files;
  const useCache = opts.cacheDir !== undefined && littleEndian && files.length >= (opts.minFiles ?? 0);
  const cacheFile = useCache ? cacheFileFor(opts.cacheDir!, paths, (opts.tool ?? path.basename(__filename).replace(/\.[cm]?[jt]s$/, '')) + formatsTag(opts.formats)) : undefined;
  const stats: LoadedIndex['stats'] = { cache: useCache ? 'absent' : 'disabled', reused: 0, prepared: 0, removed: 0, cacheFile };
  return { warnings: [...listed.warnings], missing: listed.missing, refused: listed.refused, files, fingerprint: opts.fingerprint ?? codeFingerprint(), cacheFile, stats };
}

function stampOf(st: fs.Stats | undefined): Stamp | undefined {
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

function stampsFromNumbers(n: Float64Array): (Stamp | undefined)[] {
  const out: (Stamp | undefined)[] = [];
  for (let k = 0; k < n.length; k += 4) out.push(isNaN(n[k]) ? undefined : { size: n[k], mtimeMs: n[k + 1], ctimeMs: n[k + 2], ino: n[k + 3] });
  return out;
}

/** From this many files on, a helper thread takes the files' stamps and checks the cache's checksum. */
const HELPER_MIN_FILES = 2000;

/**
 * A worker thread that helps load a persisted index: it takes the files' stamps while this thread
 * reads the cache, then checks the checksum of the cache's sections (in a buffer both threads
 * share) while this thread builds the index. Any failure of the helper makes its answers
 * undefined, and this thread does the work itself.
 */
class Helper {
  private readonly worker?: Worker;
  private readonly waiting = new Map<string, (v: unknown) => void>();

  constructor(script: string) {
    try {
      const w = new Worker(script);
      w.on('message', (m: { stamps?: Float64Array; sum?: string }) => {
        if (m.stamps) this.settle('stamps', m.stamps);
        if (m.sum !== undefined) this.settle('sum', m.sum);
      });
      w.on('error', () => this.failAll());
      w.on('exit', () => this.failAll());
      this.worker = w;
    } catch {
      this.worker = undefined;
    }
  }

  private settle(what: string, v: unknown): void {
    this.waiting.get(what)?.(v);
    this.waiting.delete(what);
  }

  private failAll(): void {
    for (const k of [...this.waiting.keys()]) this.settle(k, undefined);
  }

  private ask<T>(what: string, message: object): Promise<T | undefined> {
    if (!this.worker) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting.set(what, resolve as (v: unknown) => void);
      this.worker!.postMessage(message);
    });
  }

  async stamps(files: readonly string[]): Promise<(Stamp | undefined)[] | undefined> {
    const n = await this.ask<Float64Array>('stamps', { stamps: files });
    return n && stampsFromNumbers(n);
  }

  sum(body: SharedArrayBuffer, spans: [number, number][]): Promise<string | undefined> {
    return this.ask<string>('sum', { sum: body, spans });
  }

  stop(): void {
    void this.worker?.terminate();
  }
}

/**
 * The persisted index of the listed files, if there is a usable one. With a helper, its sections
 * are read into a buffer shared with it, and it checks their checksum while this thread goes on
 * (`verified`, to be awaited before anything built from them is used); without, the checksum is
 * checked here first.
 */
function readCached(l: Listing, helper?: Helper): { cached?: CacheContents; verified?: Promise<boolean> } {
  const { cacheFile, stats, warnings } = l;
  if (!cacheFile || l.ignoreCache || !fs.existsSync(cacheFile)) return {};
  let c: OpenCache | undefined;
  try {
    c = openCache(cacheFile, l.fingerprint);
    stats.cacheBytes = fs.fstatSync(c.fd).size;
    const spans = sectionSpans(c.header);
    const expected = c.header.checksum;
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
    stats.rejected = (e as Error).message;
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
function* planning(l: Listing, opts: LoadOptions, cached: CacheContents | undefined, stamps?: readonly (Stamp | undefined)[]): Generator<IndexProgress, Plan> {
  const { warnings, files, cacheFile, stats } = l;
  const byFile = new Map((cached?.sources ?? []).map((s) => [s.c.file, s]));
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
    let stamp: Stamp | undefined;
    if (stamps) stamp = stamps[i];
    else {
      try {
        stamp = stampOf(fs.statSync(stampPath(file)));
      } catch {
        stamp = undefined; // reported when the file is read
      }
    }
    const c = byFile.get(file);
    const x = c?.c;
    if (c && x && stamp && x.size === stamp.size && x.mtimeMs === stamp.mtimeMs && x.ctimeMs === stamp.ctimeMs && x.ino === stamp.ino && written - stamp.mtimeMs >= racy && written - stamp.ctimeMs >= racy) {
      steps.push({ kind: 'cached', file, c, stamp });
    } else {
      steps.push({ kind: 'read', file, c, stamp, job: jobs.length });
      jobs.push({ file, cachedHash: x?.hash, formats: opts.formats });
    }
  }
  if (cached) {
    const listed = new Set(files);
    for (const s of cached.sources) if (!listed.has(s.c.file)) stats.removed++;
  }
  return { warnings, missing: l.missing, refused: l.refused, files, fingerprint: l.fingerprint, cacheFile, cached, stats, steps, jobs };
}

/**
 * The parts read so far, by piece (`piece` jobs each, in job order): building takes each job's
 * outcome as soon as its part has arrived, so merging goes on while workers still read.
 */
class Arrivals {
  private readonly parts: (PreparedPart | undefined)[] = [];
  /** Per part, the number of each outcome's source among the part's prepared ones (-1: none). */
  private readonly sources = new Map<PreparedPart, number[]>();
  private waiters: (() => void)[] = [];

  constructor(readonly piece: number) {}

  arrive(k: number, part: PreparedPart): void {
    this.parts[k] = part;
    let n = 0;
    this.sources.set(part, part.outcomes.map((o) => (o.kind === 'prepared' ? n++ : -1)));
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves when another part arrives. */
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Job n's part, outcome and source number, or undefined until its part arrives. */
  outcomeOf(n: number): { part: PreparedPart; outcome: ReadOutcome; source: number } | undefined {
    const part = this.parts[Math.floor(n / this.piece)];
    if (!part) return undefined;
    const i = n % this.piece;
    return { part, outcome: part.outcomes[i], source: this.sources.get(part)![i] };
  }

  /** How many prepared sources a part has. */
  preparedIn(part: PreparedPart): number {
    return this.sources.get(part)!.filter((x) => x >= 0).length;
  }

  static of(parts: readonly PreparedPart[], piece: number): Arrivals {
    const a = new Arrivals(piece);
    parts.forEach((p, k) => a.arrive(k, p));
    return a;
  }
}

/** What building yields while it waits for a part (drivers wait for the next arrival). */
const WAITING: IndexProgress = { phase: 'indexing', done: -1, total: -1 };

/** An index built, and what writing its cache needs. */
interface Built {
  loaded: LoadedIndex;
  data: CorpusData;
  entries: Entry[];
  rewrite: boolean;
}

/** The index from the plan and what reading gave (`parts`: the jobs' outcomes, in job order, with their prepared sources). */
function* building(plan: Plan, arrivals: Arrivals): Generator<IndexProgress, Built> {
  const { cached, stats, steps, warnings } = plan;
  const entries: Entry[] = [];
  // Sources of each part still to be taken: a part's arrays are let go once all are.
  const left = new Map<PreparedPart, number>();
  const outcomeOf = function* (n: number) {
    let got = arrivals.outcomeOf(n);
    while (!got) {
      yield WAITING;
      got = arrivals.outcomeOf(n);
    }
    if (!left.has(got.part)) left.set(got.part, arrivals.preparedIn(got.part));
    return got;
  };
  // A file read again whose content is unchanged still changes the cache (its new stamp). With a
  // cache, whether anything changed needs every outcome first; without one, everything did.
  // A file skipped again that the cache never had (a bad file, a bad line of an archive) changes nothing.
  let changed = !cached;
  let restamped = !cached && plan.jobs.length > 0;
  if (!changed) {
    for (let n = 0; n < plan.jobs.length; n++) {
      const kind = (yield* outcomeOf(n)).outcome.kind;
      if (kind === 'unchanged') restamped = true;
      else if (kind !== 'skipped' || plan.jobs[n].cachedHash !== undefined) changed = true;
    }
  }
  let data: CorpusData;
  const allCached = cached && !changed && steps.length === cached.sources.length && steps.every((st, i) => st.c === cached.sources[i]);
  const headOf = (c: Cached): SourceHead => lazyHead(c.c);
  if (allCached) {
    // Nothing changed: the cached arrays are the index's arrays.
    const sources = cached.sources;
    for (const st of steps) entries.push({ file: st.file, ...(st.stamp ?? { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0 }), hash: st.c!.c.hash, chars: st.c!.c.chars });
    stats.reused = sources.length;
    data = {
      heads: sources.map(headOf),
      vocab: cached.vocab,
      ids: cached.ids,
      starts: cached.starts,
      lengths: cached.lengths,
      long: cached.long,
      sourceStart: Int32Array.from([...sources.map((x) => x.tokenFrom), cached.ids.length]),
      sentences: cached.sentences,
      sentenceStart: Int32Array.from([...sources.map((x) => x.sentenceFrom), cached.sentences.length / 2]),
      dates: cached.dates,
      dateStart: Int32Array.from([...sources.map((x) => x.dateFrom), cached.dates.length / DATE_FIELDS]),
      quotes: cached.quotes,
      quoteStart: Int32Array.from([...sources.map((x) => x.quoteFrom), cached.quotes.length / QUOTE_FIELDS]),
    };
  } else {
    // Room for the tokens: the cached ones, and an estimate for the rest (the arrays grow if short).
    let expected = 0;
    for (const st of steps) if (st.c) expected += st.c.tokenTo - st.c.tokenFrom;
    for (const st of steps) if (st.kind === 'read' && st.stamp) expected += Math.ceil(st.stamp.size / 5);
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
      let c: Cached | undefined;
      if (st.kind === 'cached') c = st.c;
      else {
        const got = yield* outcomeOf(st.job);
        if (got.outcome.kind === 'skipped') {
          warnings.push(`${st.file}: skipped: ${got.outcome.reason}`);
          continue;
        }
        if (got.outcome.kind === 'prepared') {
          const entry = { file: st.file, ...stamp, hash: got.outcome.hash, chars: got.outcome.chars };
          entries.push(entry);
          const head = got.part.data.heads[got.source];
          if (head.text.length !== entry.chars) readTextLazily(head, entry);
          let remap = remaps.get(got.part);
          if (!remap) remaps.set(got.part, (remap = builder.vocabularyOf(got.part.data.vocab)));
          builder.addFrom(got.part.data, got.source, remap);
          stats.prepared++;
          const rest = left.get(got.part)! - 1;
          left.set(got.part, rest);
          if (rest === 0) {
            remaps.delete(got.part);
            got.part.data = EMPTY_PART;
          }
          continue;
        }
        c = st.c!;
      }
      entries.push({ file: st.file, ...stamp, hash: c.c.hash, chars: c.c.chars });
      stats.reused++;
      builder.addIndexed(
        headOf(c),
        cached!.ids.subarray(c.tokenFrom, c.tokenTo),
        cached!.starts.subarray(c.tokenFrom, c.tokenTo),
        cached!.lengths.subarray(c.tokenFrom, c.tokenTo),
        longPairs(cached!.long, c.tokenFrom, c.tokenTo, 0),
        {
          sentences: cached!.sentences.subarray(2 * c.sentenceFrom, 2 * c.sentenceTo),
          dates: cached!.dates.subarray(c.dateFrom * DATE_FIELDS, c.dateTo * DATE_FIELDS),
          quotes: cached!.quotes.subarray(c.quoteFrom * QUOTE_FIELDS, c.quoteTo * QUOTE_FIELDS),
        },
      );
    }
    data = builder.data();
  }
  plan.cached = undefined; // let the old arrays go before the index is made
  const rewrite = changed || restamped || stats.removed > 0;
  if (rewrite) data = compactVocabulary(data);
  const index = new CorpusIndex(data);
  if (stats.cache !== 'rejected' && stats.cache !== 'disabled') stats.cache = rewrite ? (stats.reused ? 'updated' : 'absent') : 'hit';
  yield { phase: 'indexing', done: steps.length, total: steps.length };
  return { loaded: { index, warnings, missing: plan.missing, refused: plan.refused, stats }, data, entries, rewrite };
}

/** Writes the cache of a built index when anything changed; the index loaded. */
function finishing(plan: Plan, b: Built): LoadedIndex {
  if (plan.cacheFile && b.rewrite) {
    try {
      b.loaded.stats.cacheBytes = writeCache(plan.cacheFile, plan.fingerprint, b.data, b.entries);
      // Now persisted, the sources read from their files keep no text either (as if loaded from
      // the cache): each is read again when needed.
      b.data.heads.forEach((h, i) => {
        const e = b.entries[i];
        if (!Object.getOwnPropertyDescriptor(h, 'text')?.get) readTextLazily(h, e);
      });
    } catch (e) {
      b.loaded.warnings.push(`${plan.cacheFile}: could not write the index cache (${(e as Error).message})`);
    }
  }
  return b.loaded;
}

/**
 * Texts of sources taken from the cache are not kept in it: each is read from its file when first
 * needed (most never are), and only if it is exactly the text that was indexed (same content
 * hash). A file changed since (the index is then about to be rebuilt: the language server watches
 * the files) gives an empty text rather than one the index's offsets do not fit. The texts read
 * last are kept, to a bound.
 */
const TEXT_CACHE_CHARS = 8 << 20;
const textCache = new Map<string, string>();
let textCacheChars = 0;

function cachedText(c: Pick<CachedSource, 'file' | 'hash' | 'chars'>): string {
  const key = `${c.hash}\u0000${c.file}`;
  const known = textCache.get(key);
  if (known !== undefined) {
    textCache.delete(key);
    textCache.set(key, known);
    return known;
  }
  const r = readSourceFile(c.file, registeredFormats(c.file));
  const text = 'input' in r && r.input.text.length === c.chars && contentHash(hashedContent(r.input)) === c.hash ? r.input.text : '';
  textCache.set(key, text);
  textCacheChars += text.length;
  while (textCacheChars > TEXT_CACHE_CHARS && textCache.size > 1) {
    const [oldest, t] = textCache.entries().next().value!;
    textCache.delete(oldest);
    textCacheChars -= t.length;
  }
  return text;
}

/** Makes a head's text the text of its file, read when first asked for (see cachedText). */
function readTextLazily(head: SourceHead, c: Pick<CachedSource, 'file' | 'hash' | 'chars'>): void {
  Object.defineProperty(head, 'text', { enumerable: true, configurable: true, get: () => cachedText(c) });
}

/** A cached source's head, its text read from its file when first asked for. */
function lazyHead(c: CachedSource): SourceHead {
  const head = { id: c.file, meta: c.meta, bodyStart: c.bodyStart } as SourceHead;
  readTextLazily(head, c);
  if (c.dateline) head.dateline = c.dateline;
  return head;
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

/** Files per part read in this thread. */
const HERE_PIECE = 64;

/** Reads the jobs in this thread, a part of HERE_PIECE files at a time (yielding between parts). */
function* readingHere(jobs: readonly ReadJob[]): Generator<IndexProgress, PreparedPart[]> {
  const parts: PreparedPart[] = [];
  for (let from = 0; from < jobs.length; from += HERE_PIECE) {
    yield { phase: 'indexing', done: from, total: jobs.length };
    parts.push(readAndPrepare(jobs.slice(from, from + HERE_PIECE)));
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
async function readingInWorkers(jobs: readonly ReadJob[], { count, piece, script }: WorkerPlan, arrivals: Arrivals, warnings: string[], onProgress?: (p: IndexProgress) => void): Promise<void> {
  const pieces: ReadJob[][] = [];
  for (let from = 0; from < jobs.length; from += piece) pieces.push(jobs.slice(from, from + piece));
  const parts: (PreparedPart | undefined)[] = new Array(pieces.length);
  const arrive = (k: number, part: PreparedPart) => {
    parts[k] = part;
    arrivals.arrive(k, part);
  };
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
          arrive(k, readAndPrepare(pieces[k]));
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
        arrive(m.piece, m.part);
        finished++;
        report();
        give();
      });
      worker.on('error', (e) => void fail(e.message));
      worker.on('exit', (code) => void fail(`exited with code ${code}`));
      give();
    });
  await Promise.all(Array.from({ length: count }, runWorker));
}

/**
 * Loads the index, yielding to the event loop now and then (for progress and other requests).
 * Many files to read are shared among worker threads (`parallel`).
 */
export async function loadIndex(paths: readonly string[], opts: LoadOptions & { parallel?: ParallelOptions } = {}): Promise<LoadedIndex> {
  const roots = rootsOf(paths, opts);
  const parts: LoadedIndex[] = [];
  for (const r of roots) parts.push(await load(r, opts, false));
  return afterLoad(parts, opts);
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

const OUTCOME_RANK: Record<CacheOutcome, number> = { disabled: 0, hit: 1, updated: 2, absent: 3, rejected: 4 };

function mergeLoaded(parts: LoadedIndex[]): LoadedIndex {
  const datas = parts.map((p) => p.index.data());
  const nonEmpty = datas.filter((d) => d.heads.length > 0);
  const warnings = parts.flatMap((p) => p.warnings);
  const missing = parts.flatMap((p) => p.missing);
  const refused = parts.flatMap((p) => p.refused);
  const stats: LoadedIndex['stats'] = { cache: 'disabled', reused: 0, prepared: 0, removed: 0 };
  for (const p of parts) {
    if (OUTCOME_RANK[p.stats.cache] > OUTCOME_RANK[stats.cache]) stats.cache = p.stats.cache;
    if (p.stats.rejected && !stats.rejected) stats.rejected = p.stats.rejected;
    stats.reused += p.stats.reused;
    stats.prepared += p.stats.prepared;
    stats.removed += p.stats.removed;
    if (p.stats.cacheFile && !stats.cacheFile) stats.cacheFile = p.stats.cacheFile;
    if (p.stats.cacheBytes !== undefined) stats.cacheBytes = (stats.cacheBytes ?? 0) + p.stats.cacheBytes;
  }
  const ids = new Set<string>();
  const duplicates = (d: CorpusData) => d.heads.some((h) => ids.has(h.id) || (ids.add(h.id), false));
  const overlap = nonEmpty.map(duplicates).some((x) => x);
  if (nonEmpty.length <= 1 && !overlap) {
    const only = parts.find((p) => p.index.sources.length > 0) ?? parts[0];
    return { index: only.index, warnings, missing, refused, stats };
  }
  // The largest part's words keep their ids; the others' are renumbered into its vocabulary.
  const largest = nonEmpty.reduce((a, b) => (b.ids.length > a.ids.length ? b : a));
  const builder = new IndexBuilder({ vocab: largest.vocab, expectedTokens: nonEmpty.reduce((n, d) => n + d.ids.length, 0) + 1024 });
  const added = new Set<string>();
  for (const d of nonEmpty) {
    const remap = d === largest ? Int32Array.from(d.vocab, (_, i) => i) : builder.vocabularyOf(d.vocab);
    d.heads.forEach((h, k) => {
      if (added.has(h.id)) return;
      added.add(h.id);
      builder.addFrom(d, k, remap);
    });
  }
  return { index: new CorpusIndex(builder.data()), warnings, missing, refused, stats };
}

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

/** Removes every file of the index cache in `cacheDir` (`corroborate cache clean`): their count and bytes. */
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
  for (const name of names) {
    if (!CACHE_FILE.test(name) && !TMP_FILE.test(name)) continue;
    const file = path.join(cacheDir, name);
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    if (remove(file, warnings)) {
      files++;
      bytes += st.size;
    }
  }
  return { files, bytes, warnings };
}

async function load(paths: readonly string[], opts: LoadOptions & { parallel?: ParallelOptions }, ignoreCache: boolean): Promise<LoadedIndex> {
  const l = listing(paths, opts);
  l.ignoreCache = ignoreCache;
  const script = opts.parallel?.script ?? workerScript();
  const useWorkers = (opts.parallel?.workers ?? defaultWorkers()) > 1;
  const helper =
    useWorkers && !ignoreCache && l.cacheFile && l.files.length >= (opts.parallel?.helperMinFiles ?? HELPER_MIN_FILES) && fs.existsSync(l.cacheFile) ? new Helper(script) : undefined;
  try {
    const stamping = helper?.stamps(l.files);
    const { cached, verified } = readCached(l, helper);
    const plan = await driveAsync(planning(l, opts, cached, stamping && (await stamping)), opts.onProgress);
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
export function loadIndexSync(paths: readonly string[], opts: LoadOptions = {}): LoadedIndex {
  return afterLoad(
    rootsOf(paths, opts).map((roots) => {
      const l = listing(roots, opts);
      const plan = drive(planning(l, opts, readCached(l).cached), opts.onProgress);
      const parts = drive(readingHere(plan.jobs), opts.onProgress);
      return finishing(plan, drive(building(plan, Arrivals.of(parts, HERE_PIECE)), opts.onProgress));
    }),
    opts,
  );
}
