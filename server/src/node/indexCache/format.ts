// The persisted index's file format: layout, header, checksums, and reading a file back with
// every structural check (a file that fails any is rebuilt, never trusted).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { LONG, SOURCE_TABLES, type SourceTable } from '../../core/corpus/index';
import type { StemTable } from '../../core/text/stems';
import type { SourceHead } from '../../core/corpus/source';

export const MAGIC = 'CRBIDX01';
/**
 * 5: per-source tables by name (corpus/tables.ts) instead of date and quotation sections; datelines a table. 6: date form "weekend" (dates/stored.ts).
 * 7: the postings (word → token positions) after the tables, and the number of words in the header.
 * 8: every word's stem (text/stems.ts) after the postings: a stem number per word, and the stems.
 */
export const FORMAT = 8;

/** What the cache keeps of a source file: how it was on disk, its head, and how much of each section is its. */
export interface CachedSource {
  file: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  hash: string;
  meta: SourceHead['meta'];
  bodyStart: number;
  /** The text's length (UTF-16 code units, as offsets count); counts of tokens, sentences, and rows of each table (in the header's order). */
  chars: number;
  tokens: number;
  sentences: number;
  tables: number[];
}

/** A cached source with where its parts are in the cached arrays (from the counts). */
export interface Cached {
  c: CachedSource;
  /** Number in the cache. */
  n: number;
  tokenFrom: number;
  tokenTo: number;
  sentenceFrom: number;
  sentenceTo: number;
  /** Per table (header order): where its rows are, counted in rows. */
  tableFrom: number[];
  tableTo: number[];
}

export interface CacheHeader {
  format: number;
  fingerprint: string;
  written: number;
  vocabBytes: number;
  /** Words in the vocabulary (the postings' starts are one more). */
  words: number;
  /** Distinct stems of the words, and the bytes of their section ('\n'-joined UTF-8). */
  stems: number;
  stemBytes: number;
  tokens: number;
  /** Tokens of LONG characters or more. */
  long: number;
  sentences: number;
  /** The tables in section order: name, numbers per row, rows. */
  tables: { name: string; fields: number; rows: number }[];
  checksum: string;
  sources: CachedSource[];
}

export interface CacheContents {
  header: CacheHeader;
  sources: Cached[];
  vocab: string[];
  ids: Int32Array;
  starts: Int32Array;
  lengths: Uint8Array;
  long: Int32Array;
  sentences: Int32Array;
  /** Per table (header order, which is `SOURCE_TABLES`'): its rows. */
  tables: Int32Array[];
  /** Word → token positions (CorpusData.postings). */
  postings: { start: Int32Array; positions: Int32Array };
  /** Every word's stem (CorpusData.stems). */
  stems: StemTable;
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

const zlibCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** Whether the sections' checksum is zlib's CRC-32 (fast enough to take in the loading thread). */
export const FAST_SUM = zlibCrc32 !== undefined;

/** A checksum of the sections, taken as they stream by: CRC-32 where Node has it, else SHA-1. */
export class Sum {
  private readonly crc32 = zlibCrc32;
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
export const headerSum = (bytes: Uint8Array): number => crypto.createHash('sha1').update(bytes).digest().readUInt32LE(0);

export const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export const bytesOf = (a: Int32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function pad4(n: number): number {
  return (n + 3) & ~3;
}

// Layout: MAGIC, then the sections in order, each padded to 4 bytes (vocabulary, ids, starts,
// lengths, long tokens, sentences, each table's rows, the postings' starts and positions, each
// word's stem number and the stems), then the header (JSON), then a trailer: the header's offset
// (float64), its length and checksum (uint32 each), and MAGIC again. The header is written last,
// so the sections stream to disk without being gathered in memory first.
export const TRAILER = 24;

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
export interface OpenCache {
  fd: number;
  header: CacheHeader;
  /** Where the sections begin and end (the header follows them). */
  bodyFrom: number;
  bodyTo: number;
}

/** Opens a cache file and checks its trailer and header; throws with the reason when it cannot be used. */
export function openCache(file: string, fingerprint: string): OpenCache {
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
    if (![header.vocabBytes, header.words, header.stems, header.stemBytes, header.tokens, header.long, header.sentences].every(count) || !Array.isArray(header.sources) || !Array.isArray(header.tables)) throw new Error('bad header');
    if (!sameTables(header.tables, SOURCE_TABLES) || !header.tables.every((t) => count(t.rows))) throw new Error('other tables');
    if (sectionSpans(header).reduce((end, [at, n]) => Math.max(end, at + pad4(n)), 0) !== headerAt - pad4(MAGIC.length)) throw new Error('unexpected length');
    return { fd, header, bodyFrom: pad4(MAGIC.length), bodyTo: headerAt };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** The sections as [offset from the first section, length in bytes], in order. */
export function sectionSpans(h: CacheHeader): [number, number][] {
  const lengths = [h.vocabBytes, 4 * h.tokens, 4 * h.tokens, h.tokens, 8 * h.long, 8 * h.sentences, ...h.tables.map((t) => 4 * t.fields * t.rows), 4 * (h.words + 1), 4 * h.tokens, 4 * h.words, h.stemBytes];
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
export function readBody(c: OpenCache, body: ArrayBufferLike): void {
  readExactly(c.fd, new Uint8Array(body), 0, c.bodyTo - c.bodyFrom, c.bodyFrom);
}

/** The arrays of the sections read into `body`, checked for structure (not for the checksum). */
export function contentsOf(header: CacheHeader, body: ArrayBufferLike): CacheContents {
  const [vocabAt, idsAt, startsAt, lengthsAt, longAt, sentencesAt, ...rest] = sectionSpans(header).map(([at]) => at);
  const tablesAt = rest.slice(0, header.tables.length);
  const [postStartAt, postingsAt, stemOfAt, stemsAt] = rest.slice(header.tables.length);
  const stemStrings = header.stemBytes ? Buffer.from(body, stemsAt, header.stemBytes).toString('utf8').split('\n') : [];
  if (stemStrings.length !== header.stems) throw new Error('inconsistent stems');
  const vocab = header.vocabBytes ? Buffer.from(body, vocabAt, header.vocabBytes).toString('utf8').split('\n') : [];
  if (vocab.length !== header.words) throw new Error('inconsistent vocabulary');
  const count = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  const sources: Cached[] = [];
  const tables = header.tables.length;
  let token = 0;
  let sentence = 0;
  const row = new Array<number>(tables).fill(0);
  for (let n = 0; n < header.sources.length; n++) {
    const c = header.sources[n];
    if (!c || typeof c.file !== 'string' || typeof c.hash !== 'string' || ![c.chars, c.tokens, c.sentences, c.bodyStart].every(count)) throw new Error('bad source entry');
    if (!Array.isArray(c.tables) || c.tables.length !== tables || !c.tables.every(count)) throw new Error('bad source entry');
    const tableFrom = row.slice();
    for (let k = 0; k < tables; k++) row[k] += c.tables[k];
    sources.push({ c, n, tokenFrom: token, tokenTo: (token += c.tokens), sentenceFrom: sentence, sentenceTo: (sentence += c.sentences), tableFrom, tableTo: row.slice() });
  }
  if (token !== header.tokens || sentence !== header.sentences || header.tables.some((t, k) => t.rows !== row[k])) throw new Error('inconsistent sources');
  const contents: CacheContents = {
    header,
    sources,
    vocab,
    ids: new Int32Array(body, idsAt, header.tokens),
    starts: new Int32Array(body, startsAt, header.tokens),
    lengths: new Uint8Array(body, lengthsAt, header.tokens),
    long: new Int32Array(body, longAt, 2 * header.long),
    sentences: new Int32Array(body, sentencesAt, 2 * header.sentences),
    tables: header.tables.map((t, k) => new Int32Array(body, tablesAt[k], t.fields * t.rows)),
    postings: { start: new Int32Array(body, postStartAt, header.words + 1), positions: new Int32Array(body, postingsAt, header.tokens) },
    stems: { ofWord: new Int32Array(body, stemOfAt, header.words), strings: stemStrings },
  };
  validate(contents);
  return contents;
}

/** Whether a file's tables are the running code's (same names, same numbers per row, same order). */
function sameTables(stored: readonly { name: string; fields: number }[], tables: readonly SourceTable[]): boolean {
  return stored.length === tables.length && stored.every((t, k) => t && t.name === tables[k].name && t.fields === tables[k].fields);
}

/**
 * Structural checks: every range inside its array, every id inside the vocabulary, every offset
 * inside its source's text, sentences in order, each table's rows as the table requires.
 */
function validate(c: CacheContents): void {
  const { vocab, ids, starts, lengths, long, sentences, tables } = c;
  const longLength = new Map<number, number>();
  for (let k = 0; k < long.length; k += 2) {
    if (!(long[k] >= 0 && long[k] < ids.length && lengths[long[k]] === LONG && long[k + 1] >= LONG && (k === 0 || long[k] > long[k - 2]))) throw new Error('inconsistent tokens');
    longLength.set(long[k], long[k + 1]);
  }
  const words = vocab.length;
  // The postings: each word's run ascending inside the tokens, the runs covering them all (a
  // position that is another word's only misleads a lookup, which reads the ids themselves).
  const { start, positions } = c.postings;
  if (start[0] !== 0 || start[words] !== ids.length) throw new Error('inconsistent postings');
  for (let w = 0; w < words; w++) {
    const to = start[w + 1];
    let last = -1;
    if (to < start[w]) throw new Error('inconsistent postings');
    for (let k = start[w]; k < to; k++) {
      const p = positions[k];
      if (p <= last || p >= ids.length) throw new Error('inconsistent postings');
      last = p;
    }
  }
  const { ofWord, strings } = c.stems;
  for (let w = 0; w < words; w++) if (!(ofWord[w] >= 0 && ofWord[w] < strings.length)) throw new Error('inconsistent stems');
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
    SOURCE_TABLES.forEach((t, k) => {
      const rows = tables[k].subarray(s.tableFrom[k] * t.fields, s.tableTo[k] * t.fields);
      if (!t.valid(rows, length, s.sentenceTo - s.sentenceFrom)) throw new Error(`inconsistent ${t.name}`);
    });
    if (typeof s.c.meta !== 'object' || s.c.meta === null || typeof s.c.meta.title !== 'string') throw new Error('bad source entry');
  }
}

