// The persisted index of a PostgreSQL archive (issue 16): a warm `check --database` and a
// language server started again take the archive's index from the cache folder instead of
// reading every row and preparing every source again.
//
// Two files per database (its URL without a password) in the cache folder, both kept under the
// folder's size cap with the folder corpora's files:
// - `corpus-TOOL-db-KEY.idx`: the index's arrays in the persisted index's own format
//   (indexCache/format.ts, written by its writer), one entry per source with the row's content
//   hash as its stamp;
// - `corpus-TOOL-db-KEY.texts.idx`: the sources' texts (UTF-8, concatenated) and a header: per
//   content hash where its text is, its length and a SHA-1; the archive's fingerprint at writing;
//   the checksum of the .idx file it goes with.
// A load asks the database for the archive's fingerprint (row count, latest import, a generation
// counter that a trigger bumps on every write): when it is the one the texts file was written
// for and both files are intact, the cached arrays are the index (a hit, no row read). Otherwise
// the rows' ids and hashes are listed, sources whose id and hash are cached are reused as they
// are, only the others are read and prepared, and both files are written again.
//
// Texts are read from the texts file when first needed, by content hash and checked by length
// and SHA-1 (a text that does not fit gives '' rather than a text the offsets do not fit; the
// index is then about to be rebuilt, as for a file changed on disk).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Client } from 'pg';
import { CorpusIndex, IndexBuilder, longPairs, type CorpusData } from '../core/corpus/index';
import type { SourceHead } from '../core/corpus/source';
import type { SourceInput, SourceMeta } from '../core/types';
import { codeFingerprint, DEFAULT_CACHE_MAX_BYTES, maintainCache, sectionSpans, sectionsSum, type CacheOutcome, type IndexProgress } from './indexCache';
import { writeWhole } from './folders';
// The persisted index's reader and writer (not part of the loader's public API, which lists files).
import { arraysOf, contentsOf, openCache, readBody, sectionNumbers, type CacheContents } from './indexCache/format';
import { indexIdentity, writeCache, type Entry } from './indexCache/write';
import { compactVocabulary } from './indexCache/merge';

const TEXTS_MAGIC = 'CRBTXT01';
const TEXTS_FORMAT = 1;
/** Rows read per query when sources must be prepared. */
const FETCH = 500;

export interface ArchiveLoadOptions {
  cacheDir?: string;
  tool?: string;
  cacheMaxBytes?: number;
  /** What the cached arrays depend on; default: a hash of the running code. */
  fingerprint?: string;
  onProgress?(p: IndexProgress): void;
}

export interface ArchiveLoaded {
  index: CorpusIndex;
  warnings: string[];
  /** The archive's fingerprint when read (see fingerprintOf). */
  archive: string;
  /**
   * What the index is, when it is the cache file's as read (a hit) or as just written: its
   * sources' ids and content hashes (indexCache/write.ts, indexIdentity), under which a check's
   * findings are kept (node/resultCache.ts). Undefined without a cache, or when it could not be written.
   */
  identity?: string;
  stats: { cache: CacheOutcome; reused: number; prepared: number; removed: number; cacheFile?: string; ms: { database: number; total: number } };
}

/** The URL without its password (for cache names and messages). */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1@');
  }
}

export function archiveCacheFiles(cacheDir: string, url: string, tool: string): { idx: string; texts: string } {
  const key = crypto.createHash('sha1').update(withoutPassword(url)).digest('hex').slice(0, 16);
  const base = path.join(cacheDir, `corpus-${tool}-db-${key}`);
  return { idx: `${base}.idx`, texts: `${base}.texts.idx` };
}

/** The archive's fingerprint: it changes whenever a row is written (see archiveDb.ts SCHEMA). */
export async function fingerprintOf(client: Client): Promise<string> {
  const state = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_state')::text AS t");
  const generation = state.rows[0].t ? (await client.query<{ g: string }>('SELECT generation::text AS g FROM corroborate_state')).rows[0]?.g : undefined;
  const r = await client.query<{ n: string; last: string | null }>('SELECT count(*)::text AS n, max(imported_at)::text AS last FROM corroborate_sources');
  return `${r.rows[0].n}/${r.rows[0].last ?? ''}/${generation ?? '-'}`;
}

interface TextEntry {
  at: number;
  bytes: number;
  chars: number;
  sha1: string;
}

interface TextsHeader {
  format: number;
  /** The archive's fingerprint when written. */
  archive: string;
  /** The checksum of the .idx file written with it. */
  idx: string;
  texts: Record<string, TextEntry>;
}

/** Texts files read or written, by path: a head's text is found by its hash in the file's current table. */
const textTables = new Map<string, { header: TextsHeader; ino: number; size: number }>();

function sha1(s: string | Uint8Array): string {
  return crypto.createHash('sha1').update(s).digest('hex');
}

function readExactly(fd: number, into: Uint8Array, position: number): void {
  let done = 0;
  while (done < into.length) {
    const n = fs.readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error('truncated');
    done += n;
  }
}

/** The header of a texts file, or undefined (with the reason in `warnings`) when it cannot be used. */
function readTextsHeader(file: string, warnings: string[]): TextsHeader | undefined {
  if (!fs.existsSync(file)) return undefined;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size < TEXTS_MAGIC.length + 16) throw new Error('truncated');
    const trailer = Buffer.alloc(16);
    readExactly(fd, trailer, st.size - 16);
    const head = Buffer.alloc(TEXTS_MAGIC.length);
    readExactly(fd, head, 0);
    if (head.toString('latin1') !== TEXTS_MAGIC || trailer.toString('latin1', 8) !== TEXTS_MAGIC) throw new Error('not a Corroborate texts file');
    const at = trailer.readUInt32LE(0) * 2 ** 32 + trailer.readUInt32LE(4);
    if (!(at >= TEXTS_MAGIC.length && at < st.size - 16)) throw new Error('bad header position');
    const bytes = Buffer.alloc(st.size - 16 - at);
    readExactly(fd, bytes, at);
    const header = JSON.parse(bytes.toString('utf8')) as TextsHeader;
    if (header.format !== TEXTS_FORMAT || typeof header.archive !== 'string' || typeof header.idx !== 'string' || !header.texts || typeof header.texts !== 'object') throw new Error('bad header');
    for (const e of Object.values(header.texts)) {
      if (!(Number.isSafeInteger(e.at) && Number.isSafeInteger(e.bytes) && e.at >= TEXTS_MAGIC.length && e.bytes >= 0 && e.at + e.bytes <= at)) throw new Error('bad entry');
    }
    textTables.set(file, { header, ino: st.ino, size: st.size });
    return header;
  } catch (e) {
    warnings.push(`${file}: archive texts not used (${(e as Error).message}); reading them from the database`);
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads one text (by its content hash) from a texts file as it is now; '' when it is not there or does not fit. */
function readText(file: string, hash: string, chars: number): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    let table = textTables.get(file);
    if (!table || table.ino !== st.ino || table.size !== st.size) {
      fs.closeSync(fd);
      fd = undefined;
      if (!readTextsHeader(file, [])) return '';
      table = textTables.get(file)!;
      fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    }
    const e = table.header.texts[hash];
    if (!e || e.chars !== chars) return '';
    const bytes = Buffer.alloc(e.bytes);
    readExactly(fd, bytes, e.at);
    if (sha1(bytes) !== e.sha1) return '';
    const text = bytes.toString('utf8');
    return text.length === chars ? text : '';
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The texts read last, to a bound (most are never read: only the passages of findings). */
const TEXT_CACHE_CHARS = 8 << 20;
const textCache = new Map<string, string>();
let textCacheChars = 0;

/** Forgets the texts read (tests: the next read goes to the texts file). */
export function forgetArchiveTexts(): void {
  textCache.clear();
  textCacheChars = 0;
}

function lazyText(head: SourceHead, file: string, hash: string, chars: number): void {
  Object.defineProperty(head, 'text', {
    enumerable: true,
    configurable: true,
    get: () => {
      const known = textCache.get(hash);
      if (known !== undefined && known.length === chars) {
        textCache.delete(hash);
        textCache.set(hash, known);
        return known;
      }
      const text = readText(file, hash, chars);
      if (text) {
        textCache.set(hash, text);
        textCacheChars += text.length;
        while (textCacheChars > TEXT_CACHE_CHARS && textCache.size > 1) {
          const [oldest, t] = textCache.entries().next().value!;
          textCache.delete(oldest);
          textCacheChars -= t.length;
        }
      }
      return text;
    },
  });
}

/** The cached index, if intact and written by this code. */
function readIndexFile(file: string, fingerprint: string, warnings: string[]): CacheContents | undefined {
  if (!fs.existsSync(file)) return undefined;
  let fd: number | undefined;
  try {
    const c = openCache(file, fingerprint);
    fd = c.fd;
    const body = new ArrayBuffer(c.bodyTo - c.bodyFrom);
    readBody(c, body);
    if (sectionsSum(body, sectionSpans(c.header)) !== c.header.checksum) throw new Error('checksum mismatch');
    return contentsOf(c.header, body);
  } catch (e) {
    warnings.push(`${file}: index cache not used (${(e as Error).message}); rebuilding`);
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The index data of the cached arrays as they are (nothing copied). */
function cachedData(contents: CacheContents, heads: SourceHead[]): CorpusData {
  const sources = contents.sources;
  const cached = arraysOf(contents);
  return {
    heads,
    vocab: contents.vocab,
    ids: cached.ids,
    starts: cached.starts,
    lengths: cached.lengths,
    long: cached.long,
    sourceStart: Int32Array.from([...sources.map((x) => x.tokenFrom), cached.ids.length]),
    sentences: cached.sentences,
    sentenceStart: Int32Array.from([...sources.map((x) => x.sentenceFrom), cached.sentences.length / 2]),
    tables: Object.fromEntries(contents.header.tables.map((t, k) => [t.name, { rows: cached.tables[k], start: Int32Array.from([...sources.map((x) => x.tableFrom[k]), t.rows]) }])),
    postings: cached.postings,
    stems: cached.stems,
  };
}

/** Writes the texts file (to a temporary file renamed over the old one): `texts` in order, by hash. */
function writeTexts(file: string, header: Omit<TextsHeader, 'texts'>, texts: Iterable<{ hash: string; text: string }>): void {
  writeWhole(file, (write, at) => {
    write(Buffer.from(TEXTS_MAGIC, 'latin1'));
    const table: Record<string, TextEntry> = {};
    for (const { hash, text } of texts) {
      if (table[hash]) continue;
      const bytes = Buffer.from(text, 'utf8');
      table[hash] = { at: at(), bytes: bytes.length, chars: text.length, sha1: sha1(bytes) };
      write(bytes);
    }
    const headerAt = at();
    write(Buffer.from(JSON.stringify({ ...header, texts: table }), 'utf8'));
    const trailer = Buffer.alloc(16);
    trailer.writeUInt32LE(Math.floor(headerAt / 2 ** 32), 0);
    trailer.writeUInt32LE(headerAt % 2 ** 32, 4);
    trailer.write(TEXTS_MAGIC, 8, 'latin1');
    write(trailer);
  });
}

/** Every source of the archive prepared into one index, without a cache (the simple path). */
async function buildAll(client: Client, onProgress?: (p: IndexProgress) => void): Promise<{ data: CorpusData; hashes: string[]; texts: string[] }> {
  const listed = await client.query<{ id: string; hash: string }>('SELECT id, hash FROM corroborate_sources ORDER BY id');
  const builder = new IndexBuilder();
  const hashes: string[] = [];
  const texts: string[] = [];
  const rows = listed.rows;
  for (let from = 0; from < rows.length; from += FETCH) {
    for (const input of await fetchInputs(client, rows.slice(from, from + FETCH).map((r) => r.id))) {
      builder.add(input.input);
      hashes.push(input.hash);
      texts.push(input.input.text);
    }
    onProgress?.({ phase: 'indexing', done: Math.min(from + FETCH, rows.length), total: rows.length });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { data: builder.data(), hashes, texts };
}

/** The rows of `ids`, in the order of `ids`, as the core takes them. */
async function fetchInputs(client: Client, ids: string[]): Promise<{ input: SourceInput; hash: string }[]> {
  if (!ids.length) return [];
  const r = await client.query<{ id: string; hash: string; meta: SourceMeta; fallback_title: string; text: string }>(
    'SELECT id, hash, meta, fallback_title, text FROM corroborate_sources WHERE id = ANY($1::text[])',
    [ids],
  );
  const byId = new Map(r.rows.map((x) => [x.id, x]));
  const out: { input: SourceInput; hash: string }[] = [];
  for (const id of ids) {
    const x = byId.get(id);
    if (x) out.push({ hash: x.hash, input: { id: x.id, text: x.text, meta: x.meta, fallbackTitle: x.fallback_title } });
  }
  return out;
}

/**
 * The archive's index: from the cache folder when the archive is unchanged, else rebuilt reusing
 * every cached source whose row is unchanged. Reads in one read-only snapshot, so rows written
 * meanwhile are either all seen or not at all. Throws when the database fails.
 */
export async function loadArchiveIndex(client: Client, url: string, opts: ArchiveLoadOptions = {}): Promise<ArchiveLoaded> {
  const started = Date.now();
  const warnings: string[] = [];
  const tool = opts.tool ?? 'index';
  const fingerprint = opts.fingerprint ?? codeFingerprint();
  const stats: ArchiveLoaded['stats'] = { cache: opts.cacheDir === undefined ? 'disabled' : 'absent', reused: 0, prepared: 0, removed: 0, ms: { database: 0, total: 0 } };
  let dbMs = 0;
  const db = async <T>(f: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    try {
      return await f();
    } finally {
      dbMs += Date.now() - t0;
    }
  };
  const exists = await db(() => client.query<{ t: string | null }>("SELECT to_regclass('corroborate_sources')::text AS t"));
  if (!exists.rows[0].t) {
    stats.ms = { database: dbMs, total: Date.now() - started };
    return { index: new IndexBuilder().finish(), warnings, archive: '', stats };
  }
  await db(() => client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'));
  try {
    const archive = await db(() => fingerprintOf(client));
    if (opts.cacheDir === undefined) {
      const built = await buildAll(client, opts.onProgress);
      stats.prepared = built.data.heads.length;
      stats.ms = { database: dbMs, total: Date.now() - started };
      return { index: new CorpusIndex(built.data), warnings, archive, stats };
    }
    const files = archiveCacheFiles(opts.cacheDir, url, tool);
    stats.cacheFile = files.idx;
    const texts = readTextsHeader(files.texts, warnings);
    const cached = readIndexFile(files.idx, fingerprint, warnings);
    if (warnings.length) stats.cache = 'rejected';
    const hasText = (c: { hash: string; chars: number }) => texts?.texts[c.hash]?.chars === c.chars;
    if (cached && texts && texts.archive === archive && texts.idx === cached.header.checksum && cached.sources.every((s) => hasText(s.c))) {
      // Unchanged: the cached arrays are the index.
      const heads = cached.sources.map((s) => {
        const head = { id: s.c.file, meta: s.c.meta, bodyStart: s.c.bodyStart } as SourceHead;
        lazyText(head, files.texts, s.c.hash, s.c.chars);
        return head;
      });
      stats.cache = 'hit';
      stats.reused = heads.length;
      tend(opts, files, warnings);
      stats.ms = { database: dbMs, total: Date.now() - started };
      const n = sectionNumbers(cached.header.tables.length);
      const identity = indexIdentity(cached.sections.sectionBytes(n.files), cached.sections.sectionBytes(n.hashes));
      return { index: new CorpusIndex(cachedData(cached, heads)), warnings, archive, identity, stats };
    }
    // Changed (or nothing cached): reuse what is, prepare the rest.
    const listed = (await db(() => client.query<{ id: string; hash: string }>('SELECT id, hash FROM corroborate_sources ORDER BY id'))).rows;
    const byId = new Map((cached?.sources ?? []).map((s) => [s.c.file, s]));
    const arrays = cached && arraysOf(cached);
    const builder = new IndexBuilder({ vocab: cached?.vocab ?? [], expectedTokens: (cached?.header.tokens ?? 0) + 1024 });
    const entries: Entry[] = [];
    /** Per source in order: its hash, and its text when read now (else it is in the old texts file). */
    const order: { hash: string; text?: string }[] = [];
    const listedIds = new Set<string>();
    for (let from = 0; from < listed.length; from += FETCH) {
      const chunk = listed.slice(from, from + FETCH);
      const reusable = (r: { id: string; hash: string }) => {
        const c = byId.get(r.id);
        return c && c.c.hash === r.hash && hasText(c.c) ? c : undefined;
      };
      const fetched = new Map((await db(() => fetchInputs(client, chunk.filter((r) => !reusable(r)).map((r) => r.id)))).map((x) => [x.input.id, x]));
      for (const r of chunk) {
        listedIds.add(r.id);
        const c = reusable(r);
        if (c) {
          const head = { id: r.id, meta: c.c.meta, bodyStart: c.c.bodyStart } as SourceHead;
          const a = arrays!;
          builder.addIndexed(head, a.ids.subarray(c.tokenFrom, c.tokenTo), a.starts.subarray(c.tokenFrom, c.tokenTo), a.lengths.subarray(c.tokenFrom, c.tokenTo), longPairs(a.long, c.tokenFrom, c.tokenTo, 0), {
            sentences: a.sentences.subarray(2 * c.sentenceFrom, 2 * c.sentenceTo),
            tables: Object.fromEntries(cached!.header.tables.map((t, k) => [t.name, a.tables[k].subarray(c.tableFrom[k] * t.fields, c.tableTo[k] * t.fields)])),
          });
          entries.push({ file: r.id, size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, hash: c.c.hash, chars: c.c.chars });
          order.push({ hash: c.c.hash });
          stats.reused++;
          continue;
        }
        const got = fetched.get(r.id);
        if (!got) continue; // removed since the listing (cannot happen within the snapshot)
        builder.add(got.input);
        entries.push({ file: r.id, size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, hash: got.hash, chars: got.input.text.length });
        order.push({ hash: got.hash, text: got.input.text });
        stats.prepared++;
      }
      opts.onProgress?.({ phase: 'indexing', done: Math.min(from + FETCH, listed.length), total: listed.length });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    for (const id of byId.keys()) if (!listedIds.has(id)) stats.removed++;
    const data = compactVocabulary(builder.data());
    stats.cache = stats.cache === 'rejected' ? 'rejected' : stats.reused ? 'updated' : 'absent';
    let identity: string | undefined;
    try {
      const w = writeCache(files.idx, fingerprint, data, entries);
      const written = openCache(files.idx, fingerprint);
      fs.closeSync(written.fd);
      const oldTexts = texts;
      writeTexts(
        files.texts,
        { format: TEXTS_FORMAT, archive, idx: written.header.checksum },
        (function* () {
          for (const o of order) yield { hash: o.hash, text: o.text ?? readFromHeader(files.texts, oldTexts!, o.hash) };
        })(),
      );
      readTextsHeader(files.texts, warnings);
      identity = w.identity;
      // Now persisted, texts are read from the texts file when needed, as for a cache hit.
      data.heads.forEach((h, i) => lazyText(h, files.texts, entries[i].hash, entries[i].chars));
      tend(opts, files, warnings);
    } catch (e) {
      warnings.push(`${files.idx}: could not write the index cache (${(e as Error).message})`);
      // The heads taken from the cache read their texts from the texts file, which is still the old one.
      data.heads.forEach((h, i) => {
        if (order[i].text === undefined) lazyText(h, files.texts, entries[i].hash, entries[i].chars);
      });
    }
    stats.ms = { database: dbMs, total: Date.now() - started };
    return { index: new CorpusIndex(data), warnings, archive, identity, stats };
  } finally {
    await client.query('COMMIT').catch(() => undefined);
  }
}

/** A text of the old texts file (its header already read), for copying into the new one. */
function readFromHeader(file: string, header: TextsHeader, hash: string): string {
  const e = header.texts[hash];
  if (!e) throw new Error('a cached text is gone');
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(e.bytes);
    readExactly(fd, bytes, e.at);
    if (sha1(bytes) !== e.sha1) throw new Error('a cached text changed');
    return bytes.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

function tend(opts: ArchiveLoadOptions, files: { idx: string; texts: string }, warnings: string[]): void {
  try {
    for (const w of maintainCache(opts.cacheDir!, [files.idx, files.texts], opts.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES)) warnings.push(w);
  } catch (e) {
    warnings.push(`${opts.cacheDir}: could not tend the index cache (${(e as Error).message})`);
  }
}

/**
 * The local index with the archive's added after it (a source also in the local corpora counts
 * once, as the local one): the order and sources of reading both into one builder.
 */
export function mergeWithArchive(local: CorpusIndex, archive: CorpusIndex): CorpusIndex {
  if (local.sources.length === 0) return archive;
  if (archive.sources.length === 0) return local;
  const a = archive.data();
  const l = local.data();
  const builder = new IndexBuilder({ vocab: a.vocab, expectedTokens: a.ids.length + l.ids.length + 1024 });
  const ids = new Set<string>();
  const remap = builder.vocabularyOf(l.vocab);
  l.heads.forEach((h, k) => {
    ids.add(h.id);
    builder.addFrom(l, k, remap);
  });
  const identity = Int32Array.from(a.vocab, (_, i) => i);
  a.heads.forEach((h, k) => {
    if (!ids.has(h.id)) builder.addFrom(a, k, identity);
  });
  return builder.finish();
}
