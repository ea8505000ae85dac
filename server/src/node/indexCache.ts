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
import * as path from 'path';
import * as zlib from 'zlib';
import { CorpusIndex, IndexBuilder, type CorpusData } from '../core/corpus/index';
import type { SourceHead } from '../core/corpus/source';
import type { SourceInput } from '../core/types';
import { listSourceFiles, readSourceFile } from './corpusFiles';

const MAGIC = 'CRBIDX01';
const FORMAT = 1;

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
  /** Token range in the cached arrays, text range (bytes) in the text section. */
  tokenFrom: number;
  tokenTo: number;
  textFrom: number;
  textTo: number;
}

interface CacheHeader {
  format: number;
  fingerprint: string;
  written: number;
  vocabBytes: number;
  textBytes: number;
  tokens: number;
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
    const prefix = read(Buffer.alloc(12));
    if (prefix.toString('latin1', 0, 8) !== MAGIC) throw new Error('not a Corroborate index');
    const headerBytes = read(Buffer.alloc(prefix.readUInt32LE(8)));
    const header = JSON.parse(headerBytes.toString('utf8')) as CacheHeader;
    if (header.format !== FORMAT) throw new Error(`format ${header.format}, expected ${FORMAT}`);
    if (header.fingerprint !== fingerprint) throw new Error('written by other code');
    const vocabBytes = read(Buffer.alloc(header.vocabBytes));
    const texts = read(Buffer.alloc(header.textBytes));
    const ints = () => {
      const a = new Int32Array(header.tokens);
      read(new Uint8Array(a.buffer));
      return a;
    };
    const ids = ints();
    const starts = ints();
    const ends = ints();
    if (at !== pad4(size)) throw new Error('unexpected length');
    if (checksum([vocabBytes, texts, bytesOf(ids), bytesOf(starts), bytesOf(ends)]) !== header.checksum) throw new Error('checksum mismatch');
    const vocab = header.vocabBytes ? vocabBytes.toString('utf8').split('\n') : [];
    const contents = { header, vocab, texts, ids, starts, ends };
    validate(contents);
    return contents;
  } finally {
    fs.closeSync(fd);
  }
}

/** Structural checks: every range inside its array, every id inside the vocabulary. */
function validate(c: CacheContents): void {
  const { header, vocab, ids, starts, ends } = c;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] < 0 || ids[i] >= vocab.length || starts[i] < 0 || ends[i] <= starts[i]) throw new Error('inconsistent tokens');
  }
  let token = 0;
  let text = 0;
  for (const s of header.sources) {
    if (s.tokenFrom !== token || s.tokenTo < s.tokenFrom || s.textFrom !== text || s.textTo < s.textFrom) throw new Error('inconsistent sources');
    token = s.tokenTo;
    text = s.textTo;
  }
  if (token !== ids.length || text !== c.texts.length) throw new Error('inconsistent sources');
}

function writeCache(file: string, fingerprint: string, data: CorpusData, entries: Omit<CachedSource, 'tokenFrom' | 'tokenTo' | 'textFrom' | 'textTo' | 'head'>[]): number {
  const textParts: Buffer[] = [];
  let textBytes = 0;
  const sources: CachedSource[] = entries.map((e, i) => {
    const t = Buffer.from(data.heads[i].text, 'utf8');
    textParts.push(t);
    const s: CachedSource = {
      ...e,
      head: { id: data.heads[i].id, meta: data.heads[i].meta, bodyStart: data.heads[i].bodyStart },
      tokenFrom: data.sourceStart[i],
      tokenTo: data.sourceStart[i + 1],
      textFrom: textBytes,
      textTo: textBytes + t.length,
    };
    textBytes += t.length;
    return s;
  });
  const vocab = Buffer.from(data.vocab.join('\n'), 'utf8');
  const texts = Buffer.concat(textParts, textBytes);
  const arrays = [data.ids, data.starts, data.ends].map(bytesOf);
  const header: CacheHeader = {
    format: FORMAT,
    fingerprint,
    written: Date.now(),
    vocabBytes: vocab.length,
    textBytes,
    tokens: data.ids.length,
    checksum: checksum([vocab, texts, ...arrays]),
    sources,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length, 8);
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

/**
 * The loading, as steps: yields after every few files so an async caller can report progress and
 * serve other requests. `loadIndex` and `loadIndexSync` drive it.
 */
function* loading(paths: readonly string[], opts: LoadOptions): Generator<IndexProgress, LoadedIndex> {
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
  const entries: Omit<CachedSource, 'tokenFrom' | 'tokenTo' | 'textFrom' | 'textTo' | 'head'>[] = [];
  const written = cached?.header.written ?? 0;
  const racy = opts.racyMs ?? RACY_MS;
  let changed = !cached;
  // First pass: what to take from the cache, what to read and prepare.
  type Step = { cached: CachedSource; head: SourceHead } | { input: SourceInput };
  const plan: Step[] = [];
  const fromCache = (c: CachedSource): Step => {
    stats.reused++;
    return { cached: c, head: { ...c.head, text: cached!.texts.toString('utf8', c.textFrom, c.textTo) } };
  };
  let lastYield = Date.now();
  const due = () => Date.now() - lastYield > 30;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (i % 64 === 0 && due()) {
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
      plan.push(fromCache(c));
      entries.push({ file, ...stamp, hash: c.hash });
      continue;
    }
    const r = readSourceFile(file);
    changed = true;
    if (!('input' in r)) {
      warnings.push(`${file}: skipped: ${r.reason}`);
      continue;
    }
    const hash = contentHash(r.input.text);
    plan.push(c && c.hash === hash ? fromCache(c) : { input: r.input });
    entries.push({ file, ...(stamp ?? { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0 }), hash });
  }
  if (cached) {
    const listed = new Set(files);
    for (const s of cached.header.sources) if (!listed.has(s.file)) stats.removed++;
  }
  let data: CorpusData;
  const same = cached && !changed && plan.length === cached.header.sources.length && plan.every((p, i) => 'cached' in p && p.cached === cached!.header.sources[i]);
  if (cached && same) {
    // Nothing changed: the cached arrays are the index's arrays.
    data = {
      heads: plan.map((p) => (p as { head: SourceHead }).head),
      vocab: cached.vocab,
      ids: cached.ids,
      starts: cached.starts,
      ends: cached.ends,
      sourceStart: Int32Array.from([...cached.header.sources.map((x) => x.tokenFrom), cached.ids.length]),
    };
  } else {
    // Second pass: the index, from cached sources and newly prepared ones, in listing order.
    changed = true;
    let expected = 0;
    for (const p of plan) expected += 'cached' in p ? p.cached.tokenTo - p.cached.tokenFrom : Math.ceil(p.input.text.length / 5);
    const builder = new IndexBuilder({ vocab: cached?.vocab ?? [], expectedTokens: expected + 1024 });
    for (let i = 0; i < plan.length; i++) {
      if (i % 64 === 0 && due()) {
        yield { phase: 'indexing', done: i, total: plan.length };
        lastYield = Date.now();
      }
      const p = plan[i];
      if ('cached' in p) {
        const c = p.cached;
        builder.addIndexed(p.head, cached!.ids.subarray(c.tokenFrom, c.tokenTo), cached!.starts.subarray(c.tokenFrom, c.tokenTo), cached!.ends.subarray(c.tokenFrom, c.tokenTo));
      } else {
        builder.add(p.input);
        stats.prepared++;
      }
    }
    plan.length = 0;
    data = builder.data();
  }
  cached = undefined; // let the old arrays go before the index is made
  byFile.clear();
  if (changed || stats.removed > 0) data = compactVocabulary(data);
  const index = new CorpusIndex(data);
  if (stats.cache !== 'rejected' && stats.cache !== 'disabled') stats.cache = changed || stats.removed > 0 ? (stats.reused ? 'updated' : 'absent') : 'hit';
  if (cacheFile && (changed || stats.removed > 0)) {
    try {
      stats.cacheBytes = writeCache(cacheFile, fingerprint, data, entries);
    } catch (e) {
      warnings.push(`${cacheFile}: could not write the index cache (${(e as Error).message})`);
    }
  }
  yield { phase: 'indexing', done: files.length, total: files.length };
  return { index, warnings, missing: listing.missing, stats };
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

/** Loads the index, yielding to the event loop now and then (for progress and other requests). */
export async function loadIndex(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadedIndex> {
  const steps = loading(paths, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    opts.onProgress?.(r.value);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export function loadIndexSync(paths: readonly string[], opts: LoadOptions = {}): LoadedIndex {
  const steps = loading(paths, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    opts.onProgress?.(r.value);
  }
}
