// The persisted index's file format: layout, header, checksums, and reading a file back with
// every structural check (a file that fails any is rebuilt, never trusted).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { CORPUS_TABLES, LONG, SOURCE_TABLES, type CorpusParts, type SourceTable } from '../../core/corpus/index';
import type { StemTable } from '../../core/text/stems';
import { hashSlots, PersistedVocabulary } from '../../core/corpus/vocabulary';
import type { SourceHead } from '../../core/corpus/source';

export const MAGIC = 'CRBIDX01';
/**
 * 5: per-source tables by name (corpus/tables.ts) instead of date and quotation sections; datelines a table. 6: date form "weekend" (dates/stored.ts).
 * 7: the postings (word → token positions) after the tables, and the number of words in the header.
 * 8: every word's stem (text/stems.ts) after the postings: a stem number per word, and the stems.
 * 9: the per-source records as sections (numbers, names, hashes, metadata) instead of JSON in the
 * header; sections aligned to 8 bytes; a checksum per block of BLOCK bytes of each section, so a
 * section (or a word's run of the postings) can be read and verified on its own when first used.
 */
export const FORMAT = 10;

/** Bytes per checksummed block of a section (the last one of a section may be shorter). */
export const BLOCK = 16384;

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
  /** The corpus tables (corpus/tables.ts), in CORPUS_TABLES order: each array's length in int32s. */
  corpusTables: { name: string; lengths: number[] }[];
  /** Sources, and the bytes of their names, hashes ('\0'-joined UTF-8) and metadata (a JSON array). */
  sources: number;
  fileBytes: number;
  hashBytes: number;
  metaBytes: number;
  /** The checksum of all sections (what a load that reads them all checks). */
  checksum: string;
  /** How the blocks are summed ('crc32' or 'sha1', see blockSum), and each block's sum (uint32 little-endian, base64), section by section. */
  blockSum: string;
  blockSums: string;
}

/** The persisted index read: the header, the sources, the vocabulary, and the large arrays (read when first asked for, or all at once). */
export interface CacheContents {
  header: CacheHeader;
  sources: Cached[];
  /** The words, read in place. */
  vocabulary: PersistedVocabulary;
  /** Every word, made from `vocabulary` when asked for (building an index from this one). */
  readonly vocab: string[];
  sections: Sections;
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

/** A block's sum: CRC-32 where Node has it, else the first 32 bits of its SHA-1. */
export const BLOCK_SUM = zlibCrc32 ? 'crc32' : 'sha1';
export function blockSum(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  return zlibCrc32 ? zlibCrc32(bytes, 0) >>> 0 : crypto.createHash('sha1').update(bytes).digest().readUInt32LE(0);
}

/** The block sums of sections (in order) as the header keeps them. */
export function blockSumsOf(sections: readonly Uint8Array[]): string {
  const sums: number[] = [];
  for (const bytes of sections) for (let at = 0; at < bytes.length; at += BLOCK) sums.push(blockSum(bytes.subarray(at, Math.min(bytes.length, at + BLOCK))));
  return Buffer.from(new Uint32Array(sums).buffer).toString('base64');
}

/** A 32-bit checksum of the header (which holds the sections' checksums). */
export const headerSum = (bytes: Uint8Array): number => crypto.createHash('sha1').update(bytes).digest().readUInt32LE(0);

export const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export const bytesOf = (a: Int32Array | Uint8Array | Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** Sections start at multiples of 8 bytes (the source records' numbers are float64). */
export function pad8(n: number): number {
  return n + ((8 - (n % 8)) % 8);
}

// Layout: MAGIC, then the sections in order, each padded to 8 bytes (vocabulary, ids, starts,
// lengths, long tokens, sentences, each table's rows, the postings' starts and positions, each
// word's stem number and the stems, then the sources' records: their numbers (size, times, inode:
// float64), counts (chars, body start, tokens, sentences, rows of each table: int32), names,
// hashes and metadata), the vocabulary's hash table (slot → word id: core/corpus/vocabulary.ts), then the header (JSON), then a trailer: the header's offset (float64),
// its length and checksum (uint32 each), and MAGIC again. The header is written last, so the
// sections stream to disk without being gathered in memory first.
export const TRAILER = 24;

/** Numbers per source record: float64 (size, mtimeMs, ctimeMs, ino), and int32 (chars, bodyStart, tokens, sentences, then each table's rows). */
export const SOURCE_NUMBERS = 4;
export const sourceCounts = (tables: number) => 4 + tables;

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
  file: string;
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
    if (![header.vocabBytes, header.words, header.stems, header.stemBytes, header.tokens, header.long, header.sentences, header.sources, header.fileBytes, header.hashBytes, header.metaBytes].every(count) || !Array.isArray(header.tables)) throw new Error('bad header');
    if (!sameTables(header.tables, SOURCE_TABLES) || !header.tables.every((t) => count(t.rows))) throw new Error('other tables');
    if (!Array.isArray(header.corpusTables) || header.corpusTables.length !== CORPUS_TABLES.length || !header.corpusTables.every((t, k) => t && t.name === CORPUS_TABLES[k].name && Array.isArray(t.lengths) && t.lengths.every(count))) throw new Error('other tables');
    if (header.blockSum !== BLOCK_SUM || typeof header.blockSums !== 'string') throw new Error('other block sums');
    const spans = sectionSpans(header);
    if (spans.reduce((end, [at, n]) => Math.max(end, at + pad8(n)), 0) !== headerAt - pad8(MAGIC.length)) throw new Error('unexpected length');
    const blocks = spans.reduce((k, [, n]) => k + Math.ceil(n / BLOCK), 0);
    if (Buffer.from(header.blockSums, 'base64').length !== 4 * blocks) throw new Error('bad header');
    return { file, fd, header, bodyFrom: pad8(MAGIC.length), bodyTo: headerAt };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Section numbers (sectionSpans order) given the number of tables. */
export function sectionNumbers(tables: number) {
  const after = 6 + tables;
  return { vocab: 0, ids: 1, starts: 2, lengths: 3, long: 4, sentences: 5, table: (k: number) => 6 + k, postStart: after, positions: after + 1, stemOf: after + 2, stems: after + 3, sourceNumbers: after + 4, sourceCounts: after + 5, files: after + 6, hashes: after + 7, metas: after + 8, vocabTable: after + 9 };
}

/** The sections as [offset from the first section, length in bytes], in order. */
export function sectionSpans(h: CacheHeader): [number, number][] {
  const lengths = [
    h.vocabBytes,
    4 * h.tokens,
    4 * h.tokens,
    h.tokens,
    8 * h.long,
    8 * h.sentences,
    ...h.tables.map((t) => 4 * t.fields * t.rows),
    4 * (h.words + 1),
    4 * h.tokens,
    4 * h.words,
    h.stemBytes,
    8 * SOURCE_NUMBERS * h.sources,
    4 * sourceCounts(h.tables.length) * h.sources,
    h.fileBytes,
    h.hashBytes,
    h.metaBytes,
    4 * hashSlots(h.words),
    ...h.corpusTables.flatMap((t) => t.lengths.map((n) => 4 * n)),
  ];
  const out: [number, number][] = [];
  let at = 0;
  for (const n of lengths) {
    out.push([at, n]);
    at += pad8(n);
  }
  return out;
}

/** The checksum of the sections of `body` (what `header.checksum` must be). */
export function sectionsSum(body: ArrayBufferLike, spans: readonly [number, number][]): string {
  const sum = new Sum();
  for (const [at, n] of spans) sum.update(new Uint8Array(body, at, n));
  return sum.digest();
}

/** Sets a header's checksums to those of the sections in `body` (tests that make a file out of shape with right checksums). */
export function resum(header: CacheHeader, body: ArrayBufferLike): void {
  const spans = sectionSpans(header);
  header.checksum = sectionsSum(body, spans);
  header.blockSums = blockSumsOf(spans.map(([at, n]) => new Uint8Array(body, at, n)));
}

/** Reads the sections into `body` (one buffer: the index's arrays are views of it). */
export function readBody(c: OpenCache, body: ArrayBufferLike): void {
  readExactly(c.fd, new Uint8Array(body), 0, c.bodyTo - c.bodyFrom, c.bodyFrom);
}

/** A persisted index's section that failed its checks when first read, after loading: the index must be rebuilt (node/indexCache: `distrust`). */
export class IndexCacheCorrupt extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** Where the sections' bytes come from: all read at once (and checked by the caller), or each block read and checked when first needed. */
interface Store {
  /** Section k's bytes, all read and checked. */
  whole(k: number): Uint8Array;
  /** Section k's bytes, with [from, to) read and checked (the rest may not be read yet). */
  part(k: number, from: number, to: number): Uint8Array;
  fail(reason: string): never;
}

/** Every section read at once into `body` (its checksum checked by the caller). */
class BodyStore implements Store {
  constructor(
    private readonly body: ArrayBufferLike,
    private readonly spans: readonly [number, number][],
  ) {}
  whole(k: number): Uint8Array {
    return new Uint8Array(this.body, this.spans[k][0], this.spans[k][1]);
  }
  part(k: number): Uint8Array {
    return this.whole(k);
  }
  fail(reason: string): never {
    throw new Error(reason);
  }
}

/**
 * Sections read from the open file when first needed, block by block, each block checked against
 * its sum as it is read. A section's buffer is allocated whole (its pages are not taken until
 * written), and only the blocks asked for are read into it.
 */
class FileStore implements Store {
  private readonly buffers: (Uint8Array | undefined)[] = [];
  private readonly read: (Uint8Array | undefined)[] = [];
  /** Where each section's sums begin in `sums`. */
  private readonly firstSum: number[] = [];
  private readonly sums: Uint32Array;
  /** Bytes read from the file so far (tests and measurements). */
  bytesRead = 0;

  constructor(
    private readonly file: string,
    private readonly fd: number,
    private readonly bodyFrom: number,
    private readonly spans: readonly [number, number][],
    blockSums: string,
  ) {
    const b = Buffer.from(blockSums, 'base64');
    this.sums = new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
    let k = 0;
    for (const [, n] of spans) {
      this.firstSum.push(k);
      k += Math.ceil(n / BLOCK);
    }
  }

  fail(reason: string): never {
    throw new IndexCacheCorrupt(this.file, reason);
  }

  whole(k: number): Uint8Array {
    return this.part(k, 0, this.spans[k][1]);
  }

  part(k: number, from: number, to: number): Uint8Array {
    const [at, n] = this.spans[k];
    let buf = this.buffers[k];
    if (!buf) {
      buf = this.buffers[k] = new Uint8Array(new ArrayBuffer(pad8(n)), 0, n);
      this.read[k] = new Uint8Array(Math.ceil(n / BLOCK));
    }
    const read = this.read[k]!;
    const last = to > from ? Math.min(read.length, Math.ceil(to / BLOCK)) : 0;
    for (let b = Math.floor(from / BLOCK); b < last; b++) {
      if (read[b]) continue;
      // A run of blocks not read yet, read at once.
      let e = b + 1;
      while (e < last && !read[e]) e++;
      const start = b * BLOCK;
      const end = Math.min(n, e * BLOCK);
      try {
        readExactly(this.fd, buf, start, end - start, this.bodyFrom + at + start);
      } catch (err) {
        this.fail((err as Error).message);
      }
      this.bytesRead += end - start;
      for (let x = b; x < e; x++) {
        if (blockSum(buf.subarray(x * BLOCK, Math.min(n, (x + 1) * BLOCK))) !== this.sums[this.firstSum[k] + x]) this.fail('checksum mismatch');
        read[x] = 1;
      }
      b = e - 1;
    }
    return buf;
  }

  private closed = false;

  /** Closes the file (once: closing again does nothing). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

const int32s = (b: Uint8Array, n = b.length / 4) => new Int32Array(b.buffer, b.byteOffset, n);

/**
 * A persisted index's large arrays (CorpusParts, corpus/index.ts), each checked for structure
 * when first taken (every range inside its array, every id inside the vocabulary, every offset
 * inside its source's text, sentences in order, each table's rows as the table requires, each
 * word's postings ascending inside the tokens). Read all at once (`all`), or from the file as
 * first needed: a section that fails its checksum or its checks then throws IndexCacheCorrupt.
 */
export class Sections implements CorpusParts {
  private idsGot?: Int32Array;
  private offsetsGot?: { starts: Int32Array; lengths: Uint8Array; long: Int32Array };
  private sentencesGot?: Int32Array;
  private readonly rowsGot = new Map<string, Int32Array>();
  private postStartGot?: Int32Array;
  private allPositionsGot?: Int32Array;
  /** Words whose postings are checked. */
  private checkedWords?: Uint8Array;
  private stemsGot?: StemTable;
  private readonly corpusTablesGot = new Map<string, Int32Array[]>();
  private readonly n: ReturnType<typeof sectionNumbers>;

  constructor(
    private readonly store: Store,
    private readonly header: CacheHeader,
    private readonly sources: readonly Cached[],
  ) {
    this.n = sectionNumbers(header.tables.length);
  }

  /** Bytes read from the file so far (lazily read sections only). */
  get bytesRead(): number {
    return this.store instanceof FileStore ? this.store.bytesRead : NaN;
  }

  /** Section k's bytes as written, read whole and checked block by block (not for structure: restampCache copies them). */
  sectionBytes(k: number): Uint8Array {
    return this.store.whole(k);
  }

  /** Closes the file (lazily read sections); taking a part not read yet then fails. */
  close(): void {
    if (this.store instanceof FileStore) this.store.close();
  }

  ids(): Int32Array {
    if (!this.idsGot) {
      const ids = int32s(this.store.whole(this.n.ids));
      const words = this.header.words;
      for (let t = 0; t < ids.length; t++) if (!(ids[t] >= 0 && ids[t] < words)) this.store.fail('inconsistent tokens');
      this.idsGot = ids;
    }
    return this.idsGot;
  }

  offsets(): { starts: Int32Array; lengths: Uint8Array; long: Int32Array } {
    if (!this.offsetsGot) {
      const h = this.header;
      const starts = int32s(this.store.whole(this.n.starts));
      const lengths = this.store.whole(this.n.lengths);
      const long = int32s(this.store.whole(this.n.long));
      const longLength = new Map<number, number>();
      for (let k = 0; k < long.length; k += 2) {
        if (!(long[k] >= 0 && long[k] < h.tokens && lengths[long[k]] === LONG && long[k + 1] >= LONG && (k === 0 || long[k] > long[k - 2]))) this.store.fail('inconsistent tokens');
        longLength.set(long[k], long[k + 1]);
      }
      for (const s of this.sources) {
        const length = s.c.chars;
        for (let t = s.tokenFrom; t < s.tokenTo; t++) {
          const start = starts[t];
          let n = lengths[t];
          if (n === LONG) n = longLength.get(t) ?? -1;
          if (start < 0 || n <= 0 || start + n > length) this.store.fail('inconsistent tokens');
        }
      }
      this.offsetsGot = { starts, lengths, long };
    }
    return this.offsetsGot;
  }

  sentences(): Int32Array {
    if (!this.sentencesGot) {
      const sentences = int32s(this.store.whole(this.n.sentences));
      for (const s of this.sources) {
        const length = s.c.chars;
        let last = 0;
        for (let k = s.sentenceFrom; k < s.sentenceTo; k++) {
          if (sentences[2 * k] < last || sentences[2 * k + 1] <= sentences[2 * k] || sentences[2 * k + 1] > length) this.store.fail('inconsistent sentences');
          last = sentences[2 * k + 1];
        }
      }
      this.sentencesGot = sentences;
    }
    return this.sentencesGot;
  }

  rows(name: string): Int32Array {
    let rows = this.rowsGot.get(name);
    if (!rows) {
      const k = this.header.tables.findIndex((t) => t.name === name);
      if (k < 0) this.store.fail(`no table ${name}`);
      const t = SOURCE_TABLES[k];
      rows = int32s(this.store.whole(this.n.table(k)));
      for (const s of this.sources) {
        if (!t.valid(rows.subarray(s.tableFrom[k] * t.fields, s.tableTo[k] * t.fields), s.c.chars, s.sentenceTo - s.sentenceFrom)) this.store.fail(`inconsistent ${t.name}`);
      }
      this.rowsGot.set(name, rows);
    }
    return rows;
  }

  postingStart(): Int32Array {
    if (!this.postStartGot) {
      const { words, tokens } = this.header;
      const start = int32s(this.store.whole(this.n.postStart));
      if (start[0] !== 0 || start[words] !== tokens) this.store.fail('inconsistent postings');
      for (let w = 0; w < words; w++) if (start[w + 1] < start[w]) this.store.fail('inconsistent postings');
      this.postStartGot = start;
      this.checkedWords = new Uint8Array(words);
    }
    return this.postStartGot;
  }

  // The postings: each word's run ascending inside the tokens (a position that is another
  // word's only misleads a lookup, which reads the ids themselves).
  private checkRun(positions: Int32Array, from: number, to: number): void {
    const tokens = this.header.tokens;
    let last = -1;
    for (let k = from; k < to; k++) {
      const p = positions[k];
      if (p <= last || p >= tokens) this.store.fail('inconsistent postings');
      last = p;
    }
  }

  positions(word: number, from: number, to: number): Int32Array {
    if (this.allPositionsGot) return this.allPositionsGot.subarray(from, to);
    const start = this.postingStart();
    if (!(word >= 0 && word < this.header.words && start[word] === from && start[word + 1] === to)) throw new Error('positions of no word');
    const all = int32s(this.store.part(this.n.positions, 4 * from, 4 * to), this.header.tokens);
    if (!this.checkedWords![word]) {
      this.checkRun(all, from, to);
      this.checkedWords![word] = 1;
    }
    return all.subarray(from, to);
  }

  allPositions(): Int32Array {
    if (!this.allPositionsGot) {
      const start = this.postingStart();
      const all = int32s(this.store.whole(this.n.positions));
      for (let w = 0; w < this.header.words; w++) if (!this.checkedWords![w]) this.checkRun(all, start[w], start[w + 1]);
      this.allPositionsGot = all;
    }
    return this.allPositionsGot;
  }

  stems(): StemTable {
    if (!this.stemsGot) {
      const h = this.header;
      const bytes = this.store.whole(this.n.stems);
      const strings = h.stemBytes ? Buffer.from(bytes.buffer, bytes.byteOffset, h.stemBytes).toString('utf8').split('\n') : [];
      if (strings.length !== h.stems) this.store.fail('inconsistent stems');
      const ofWord = int32s(this.store.whole(this.n.stemOf));
      for (let w = 0; w < h.words; w++) if (!(ofWord[w] >= 0 && ofWord[w] < strings.length)) this.store.fail('inconsistent stems');
      this.stemsGot = { ofWord, strings };
    }
    return this.stemsGot;
  }

  corpusTable(name: string): Int32Array[] | undefined {
    let got = this.corpusTablesGot.get(name);
    if (!got) {
      const k = this.header.corpusTables.findIndex((t) => t.name === name);
      if (k < 0) return undefined;
      // Their sections follow the vocabulary's table, table after table.
      let at = this.n.vocabTable + 1;
      for (let j = 0; j < k; j++) at += this.header.corpusTables[j].lengths.length;
      got = this.header.corpusTables[k].lengths.map((n, j) => int32s(this.store.whole(at + j), n));
      this.corpusTablesGot.set(name, got);
    }
    return got;
  }

  refuse(reason: string): never {
    this.store.fail(reason);
  }

  /**
   * Takes every part not taken yet, one a step (each checked as when first used), the corpus
   * tables' sections too, then closes the file: the index then never reads it again (read lazily,
   * a long-lived process finishes the reading in idle time and frees the descriptor).
   */
  *rest(): Generator<void, void> {
    const steps: (() => unknown)[] = [() => this.ids(), () => this.offsets(), () => this.sentences()];
    for (const t of this.header.tables) steps.push(() => this.rows(t.name));
    steps.push(
      () => this.allPositions(),
      () => this.stems(),
    );
    for (const t of this.header.corpusTables) steps.push(() => this.corpusTable(t.name));
    for (const take of steps) {
      take();
      yield;
    }
    this.close();
  }

  /** Takes every part (each checked). */
  all(): this {
    this.ids();
    this.offsets();
    this.sentences();
    for (const t of this.header.tables) this.rows(t.name);
    this.allPositions();
    this.stems();
    return this;
  }
}

/** The sources and vocabulary of a cache file, its large arrays read from `store` when first asked for (`lazy`) or at once. */
function contentsFrom(header: CacheHeader, store: Store, lazy: boolean): CacheContents {
  const n = sectionNumbers(header.tables.length);
  const text = (k: number, length: number) => {
    const b = store.whole(k);
    return length ? Buffer.from(b.buffer, b.byteOffset, length).toString('utf8') : '';
  };
  // The words are read in place (corpus/vocabulary.ts): looked up through the persisted table,
  // each one's string made when first asked for.
  const vb = store.whole(n.vocab);
  const vocabulary = new PersistedVocabulary(vb.subarray(0, header.vocabBytes), header.words, () => int32s(store.whole(n.vocabTable)), (why) => store.fail(why));
  const S = header.sources;
  const files = S ? text(n.files, header.fileBytes).split('\0') : [];
  const hashes = S ? text(n.hashes, header.hashBytes).split('\0') : [];
  let metas: unknown;
  try {
    metas = header.metaBytes ? JSON.parse(text(n.metas, header.metaBytes)) : [];
  } catch {
    store.fail('bad source entry');
  }
  if (files.length !== S || hashes.length !== S || !Array.isArray(metas) || metas.length !== S) store.fail('bad source entry');
  const nb = store.whole(n.sourceNumbers);
  const numbers = new Float64Array(nb.buffer, nb.byteOffset, SOURCE_NUMBERS * S);
  const T = header.tables.length;
  const C = sourceCounts(T);
  const counts = int32s(store.whole(n.sourceCounts), C * S);
  const sources: Cached[] = new Array(S);
  let token = 0;
  let sentence = 0;
  const row = new Array<number>(T).fill(0);
  for (let i = 0; i < S; i++) {
    const meta = (metas as unknown[])[i] as SourceHead['meta'];
    if (typeof meta !== 'object' || meta === null || typeof meta.title !== 'string') store.fail('bad source entry');
    const at = C * i;
    const chars = counts[at];
    const bodyStart = counts[at + 1];
    const tokens = counts[at + 2];
    const sentences = counts[at + 3];
    if (chars < 0 || bodyStart < 0 || bodyStart > chars || tokens < 0 || sentences < 0) store.fail(bodyStart > chars ? 'inconsistent sources' : 'bad source entry');
    const tables = new Array<number>(T);
    const tableFrom = row.slice();
    for (let k = 0; k < T; k++) {
      const r = counts[at + 4 + k];
      if (r < 0) store.fail('bad source entry');
      tables[k] = r;
      row[k] += r;
    }
    const x = SOURCE_NUMBERS * i;
    const c: CachedSource = { file: files[i], size: numbers[x], mtimeMs: numbers[x + 1], ctimeMs: numbers[x + 2], ino: numbers[x + 3], hash: hashes[i], meta, bodyStart, chars, tokens, sentences, tables };
    sources[i] = { c, n: i, tokenFrom: token, tokenTo: (token += tokens), sentenceFrom: sentence, sentenceTo: (sentence += sentences), tableFrom, tableTo: row.slice() };
  }
  if (token !== header.tokens || sentence !== header.sentences || header.tables.some((t, k) => t.rows !== row[k])) store.fail('inconsistent sources');
  const sections = new Sections(store, header, sources);
  const contents: CacheContents = {
    header,
    sources,
    vocabulary,
    get vocab() {
      return vocabulary.all();
    },
    sections,
  };
  if (!lazy) {
    sections.all();
    vocabulary.verify();
  }
  return contents;
}

/** The contents of the sections read into `body`, every part checked for structure (not for the checksum). */
export function contentsOf(header: CacheHeader, body: ArrayBufferLike): CacheContents {
  return contentsFrom(header, new BodyStore(body, sectionSpans(header)), false);
}

/**
 * The contents of an open cache file whose sections are read when first needed, each block
 * checked against its sum as it is read (the file stays open: `sections.close()`). The sources'
 * records and the vocabulary are read and checked here.
 */
export function lazyContents(c: OpenCache): CacheContents {
  return contentsFrom(c.header, new FileStore(c.file, c.fd, c.bodyFrom, sectionSpans(c.header), c.header.blockSums), true);
}

/** Every large array of a cache's contents (each part checked; all read when read lazily). */
export function arraysOf(c: CacheContents) {
  const s = c.sections;
  const o = s.offsets();
  return { ids: s.ids(), starts: o.starts, lengths: o.lengths, long: o.long, sentences: s.sentences(), tables: c.header.tables.map((t) => s.rows(t.name)), postings: { start: s.postingStart(), positions: s.allPositions() }, stems: s.stems() };
}

/** Whether a file's tables are the running code's (same names, same numbers per row, same order). */
function sameTables(stored: readonly { name: string; fields: number }[], tables: readonly SourceTable[]): boolean {
  return stored.length === tables.length && stored.every((t, k) => t && t.name === tables[k].name && t.fields === tables[k].fields);
}
