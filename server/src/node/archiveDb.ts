// A shared archive of sources in PostgreSQL (issue 16): `corroborate archive import` loads sources
// of every format into one table, incrementally by content hash, with each source's word keys
// (core/corpus/wordKeys.ts) in an inverted index; `archive find` retrieves a phrase's candidate
// sources by those keys in SQL and lets the core search them; `check --database` reads the
// sources into the same in-memory index as local corpora. SQL is built only with parameters.
//
// The archive's index is persisted in the cache folder like a folder's (archiveIndex.ts). What is
// not done yet (see ARCHITECTURE.md): the check's own retrieval in SQL and the checks' source
// tables in the database, so checking still holds the archive's index in memory.
import * as crypto from 'crypto';
import type { Client } from 'pg';
import { CorpusIndex, IndexBuilder } from '../core/corpus/index';
import { findPhraseIn, phraseWordKeys, sourceWordKeys, WORD_KEYS_VERSION } from '../core/corpus/wordKeys';
import type { SourceInput, SourceMeta } from '../core/types';
import { LineIndex, type Range } from '../positions';
import { fingerprintOf, loadArchiveIndex, mergeWithArchive, type ArchiveLoaded, type ArchiveLoadOptions } from './archiveIndex';
import { DEFAULT_CORPUS_LIMITS, hashedContent, listSourceFiles, readSourceFile, type CorpusLimits, type FormatOptions, type Refused } from './corpusFiles';

/** Statements whose time grows with the archive (an index made anew, statistics): no read timeout. */
const LONG = 24 * 3600_000;
const long = (text: string) => ({ text, query_timeout: LONG });

/** The inverted index of word keys (made again at the end of a bulk import: see importArchive). */
const WORDS_INDEX = 'CREATE INDEX IF NOT EXISTS corroborate_sources_words ON corroborate_sources USING gin (words)';

/**
 * An import that adds more than this many sources, and more than the archive holds, drops the
 * word-key index and makes it again at the end, in one sorted pass: several times cheaper than
 * keeping it row by row (measured: see ARCHITECTURE.md). Meanwhile lookups read every row.
 */
const BULK = 10_000;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS corroborate_sources (
     id text PRIMARY KEY,
     hash text NOT NULL,
     meta jsonb NOT NULL,
     fallback_title text NOT NULL,
     text text NOT NULL,
     imported_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE TABLE IF NOT EXISTS corroborate_imports (
     n serial PRIMARY KEY,
     started_at timestamptz NOT NULL,
     finished_at timestamptz,
     paths text[] NOT NULL,
     listed integer NOT NULL DEFAULT 0,
     written integer NOT NULL DEFAULT 0,
     unchanged integer NOT NULL DEFAULT 0,
     skipped integer NOT NULL DEFAULT 0)`,
  // The archive's generation: bumped by every statement that writes sources (whoever runs it), so a
  // checker's persisted index knows the archive changed without reading the rows (archiveIndex.ts).
  `CREATE TABLE IF NOT EXISTS corroborate_state (
     one boolean PRIMARY KEY DEFAULT true CHECK (one),
     generation bigint NOT NULL DEFAULT 0)`,
  `INSERT INTO corroborate_state (one) VALUES (true) ON CONFLICT DO NOTHING`,
  `CREATE OR REPLACE FUNCTION corroborate_bump() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN UPDATE corroborate_state SET generation = generation + 1; RETURN NULL; END $$`,
  `CREATE OR REPLACE TRIGGER corroborate_sources_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON corroborate_sources
     FOR EACH STATEMENT EXECUTE FUNCTION corroborate_bump()`,
  // Word keys (core/corpus/wordKeys.ts): each source's distinct words and pairs of adjacent words
  // as 32-bit keys, in an inverted index (GIN), so that the sources holding a phrase are found
  // without reading the texts. A row
  // without keys (written by a writer that gave none, or of another keys version) is always a
  // candidate, found through its own small index, until an import gives it keys.
  `ALTER TABLE corroborate_sources ADD COLUMN IF NOT EXISTS words int4[]`,
  `ALTER TABLE corroborate_sources ADD COLUMN IF NOT EXISTS words_md5 text`,
  // Hashes do not compress: stored without trying. No statistics of their elements (sampling the
  // arrays took seconds per import); lookups use the index with the default estimate.
  `ALTER TABLE corroborate_sources ALTER COLUMN words SET STORAGE EXTERNAL, ALTER COLUMN words SET STATISTICS 0`,
  `ALTER TABLE corroborate_state ADD COLUMN IF NOT EXISTS words_version integer NOT NULL DEFAULT 0`,
  WORDS_INDEX,
  `CREATE INDEX IF NOT EXISTS corroborate_sources_unindexed ON corroborate_sources (id) WHERE words IS NULL`,
  // Keys name the text they were made from (its MD5): keys that are not of the row's text (a writer
  // that changed the text and knows no keys) are dropped, so a row never keeps stale ones.
  `CREATE OR REPLACE FUNCTION corroborate_stale_words() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.words IS NOT NULL AND NEW.words_md5 IS DISTINCT FROM md5(NEW.text) THEN NEW.words := NULL; END IF;
     RETURN NEW;
   END $$`,
  `CREATE OR REPLACE TRIGGER corroborate_sources_stale_words BEFORE INSERT OR UPDATE ON corroborate_sources
     FOR EACH ROW EXECUTE FUNCTION corroborate_stale_words()`,
];

/** Sources written per statement (each its own transaction: an import killed midway keeps what it wrote). */
const BATCH = 500;

export interface ImportProgress {
  done: number;
  total: number;
  written: number;
}

export interface ImportResult {
  listed: number;
  written: number;
  /** A bulk import: the time it took to make the word-key index anew at the end. */
  indexMs?: number;
  /** Unchanged sources written again to give them word keys (they had none). */
  keyed: number;
  unchanged: number;
  skipped: number;
  warnings: string[];
  missing: string[];
  refused: Refused[];
  ms: number;
}

/**
 * An import is asked for by someone loading an archive on purpose: the limits that keep an editor
 * from reading a mistaken folder (corpusFiles.ts) are raised to what a wire service's archive holds.
 */
const IMPORT_LIMITS: CorpusLimits = { ...DEFAULT_CORPUS_LIMITS, maxFiles: 20_000_000, maxBytes: 2 ** 40 };

/**
 * The archive's word keys are of this version of Corroborate: keys of an older version are dropped
 * (each source is then a candidate until this import keys it again); keys of a newer one are kept
 * and this import refuses to run, since it would mix two kinds of keys.
 */
async function adoptKeysVersion(client: Client): Promise<void> {
  const state = await client.query<{ v: number }>('SELECT words_version AS v FROM corroborate_state');
  const v = state.rows[0]?.v ?? 0;
  if (v === WORD_KEYS_VERSION) return;
  if (v > WORD_KEYS_VERSION) throw new Error(`the archive's word keys are of a newer version of Corroborate (${v}; this one makes ${WORD_KEYS_VERSION}): import with that version`);
  await client.query('BEGIN');
  try {
    await client.query(long('UPDATE corroborate_sources SET words = NULL WHERE words IS NOT NULL'));
    await client.query('UPDATE corroborate_state SET words_version = $1', [WORD_KEYS_VERSION]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** A connection, with a message that says what failed (never the password: URLs carry none). */
export async function connect(url: string): Promise<Client> {
  // pg is loaded when a database is used (it is not needed at the start of every run).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const client = new (require('pg') as typeof import('pg')).Client({ connectionString: url, connectionTimeoutMillis: 10_000, query_timeout: 120_000 });
  client.on('error', () => undefined); // a dropped connection fails the next query instead
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new Error(`cannot connect to the database (${(e as Error).message})`);
  }
  return client;
}

function sha256(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

interface Row {
  id: string;
  hash: string;
  meta: string;
  fallback: string;
  text: string;
  words: string;
  md5: string;
}

/** One batch read and keyed: the rows to write, and how many of them only lacked keys. */
interface Prepared {
  rows: Row[];
  keyed: number;
  unchanged: number;
  skipped: string[];
}

async function prepareBatch(reader: Client, ids: string[], formats: FormatOptions | undefined): Promise<Prepared> {
  const stored = await reader.query<{ id: string; hash: string; keyed: boolean }>('SELECT id, hash, words IS NOT NULL AS keyed FROM corroborate_sources WHERE id = ANY($1::text[])', [ids]);
  const known = new Map(stored.rows.map((r) => [r.id, r]));
  const out: Prepared = { rows: [], keyed: 0, unchanged: 0, skipped: [] };
  for (const id of ids) {
    const r = readSourceFile(id, formats);
    if (!('input' in r)) {
      out.skipped.push(`${id}: skipped: ${r.reason}`);
      continue;
    }
    const hash = sha256(hashedContent(r.input));
    const had = known.get(id);
    if (had?.hash === hash && had.keyed) {
      out.unchanged++;
      continue;
    }
    // An unchanged source without keys is written again whole: its keys are made from the text
    // written with them, whatever another writer left in the row.
    if (had?.hash === hash) out.keyed++;
    const words = `{${sourceWordKeys(r.input).join(',')}}`;
    const md5 = crypto.createHash('md5').update(r.input.text).digest('hex');
    out.rows.push({ id, hash, meta: JSON.stringify(r.input.meta ?? {}), fallback: r.input.fallbackTitle, text: r.input.text, words, md5 });
  }
  return out;
}

async function writeBatch(client: Client, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  await client.query(
    `INSERT INTO corroborate_sources (id, hash, meta, fallback_title, text, words, words_md5)
     SELECT id, hash, meta, fallback_title, text, words::int4[], words_md5
     FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(id, hash, meta, fallback_title, text, words, words_md5)
     ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash, meta = EXCLUDED.meta, fallback_title = EXCLUDED.fallback_title,
       text = EXCLUDED.text, words = EXCLUDED.words, words_md5 = EXCLUDED.words_md5, imported_at = now()
     WHERE corroborate_sources.hash <> EXCLUDED.hash OR corroborate_sources.words IS NULL`,
    [rows.map((r) => r.id), rows.map((r) => r.hash), rows.map((r) => r.meta), rows.map((r) => r.fallback), rows.map((r) => r.text), rows.map((r) => r.words), rows.map((r) => r.md5)],
  );
}

/**
 * Imports the sources under `paths`: a source whose content hash is the stored one is not written
 * (a re-import of an unchanged archive writes nothing); others are written in batches, each
 * committed on its own, so a run that was killed is resumed by running it again.
 *
 * With a second connection (`reader`), the next batch is read from disk and keyed while the
 * database writes this one. Commits do not wait for the disk (synchronous_commit off): a crash
 * of the database loses at most its last moments of batches, which the next import writes again.
 */
export async function importArchive(
  client: Client,
  paths: readonly string[],
  opts: { limits?: CorpusLimits; formats?: FormatOptions; onProgress?: (p: ImportProgress) => void; now?: () => number; reader?: Client; bulk?: number } = {},
): Promise<ImportResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  for (const sql of SCHEMA) await client.query(long(sql));
  await adoptKeysVersion(client);
  await client.query('SET synchronous_commit = off');
  const reader = opts.reader ?? client;
  const listed = listSourceFiles(paths, opts.limits ?? IMPORT_LIMITS);
  const result: ImportResult = { listed: listed.files.length, written: 0, keyed: 0, unchanged: 0, skipped: 0, warnings: [...listed.warnings], missing: listed.missing, refused: listed.refused, ms: 0 };
  const run = await client.query<{ n: number }>('INSERT INTO corroborate_imports (started_at, paths, listed) VALUES (to_timestamp($1 / 1000.0), $2, $3) RETURNING n', [started, paths, listed.files.length]);
  const runId = run.rows[0].n;
  const held = await client.query<{ n: string }>(long('SELECT count(*)::text AS n FROM corroborate_sources'));
  const bulk = listed.files.length > (opts.bulk ?? BULK) && listed.files.length > Number(held.rows[0].n);
  if (bulk) await client.query('DROP INDEX IF EXISTS corroborate_sources_words');
  const batchAt = (from: number) => listed.files.slice(from, from + BATCH);
  let next: Promise<Prepared> | undefined = listed.files.length ? prepareBatch(reader, batchAt(0), opts.formats) : undefined;
  for (let from = 0; next; from += BATCH) {
    const batch: Prepared = await next;
    const written = writeBatch(client, batch.rows);
    // Read and key the next batch meanwhile (on the writer's connection it waits for the write).
    next = from + BATCH < listed.files.length ? prepareBatch(reader, batchAt(from + BATCH), opts.formats) : undefined;
    // A failed read must not leave the write unawaited (nor the reverse).
    await Promise.all([written, next?.catch(() => undefined)]);
    result.written += batch.rows.length - batch.keyed;
    result.keyed += batch.keyed;
    result.unchanged += batch.unchanged;
    result.skipped += batch.skipped.length;
    for (const w of batch.skipped) result.warnings.push(w);
    opts.onProgress?.({ done: Math.min(from + BATCH, listed.files.length), total: listed.files.length, written: result.written });
  }
  if (bulk) {
    const t = now();
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query(long(WORDS_INDEX));
    result.indexMs = now() - t;
  } else {
    // Entries inserted since the last vacuum sit in the index's pending list, which every lookup
    // reads whole: move them into the index proper now.
    await client.query(long("SELECT gin_clean_pending_list('corroborate_sources_words'::regclass)"));
  }
  // The planner's figures for the table, so that lookups use the index from the first one.
  await client.query(long('ANALYZE corroborate_sources'));
  result.ms = now() - started;
  await client.query('UPDATE corroborate_imports SET finished_at = to_timestamp($1 / 1000.0), written = $2, unchanged = $3, skipped = $4 WHERE n = $5', [now(), result.written, result.unchanged, result.skipped, runId]);
  return result;
}

/** Whether `table` has `column` (an archive made by an older version may lack it). */
async function hasColumn(client: Client, table: string, column: string): Promise<boolean> {
  const r = await client.query('SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = $2', [table, column]);
  return r.rows.length > 0;
}

export interface ArchiveStatus {
  sources: number;
  /** Sources without word keys (written by a writer that gave none, or keyed by another version). */
  unkeyed: number;
  /** Whether the word-key index is there (an import that makes it anew and was stopped leaves none). */
  keyIndex: boolean;
  bytes: number;
  lastImport?: { started: string; finished: string | null; listed: number; written: number; unchanged: number; skipped: number };
}

export async function archiveStatus(client: Client): Promise<ArchiveStatus> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_sources')::text AS t");
  if (!exists.rows[0].t) return { sources: 0, unkeyed: 0, keyIndex: false, bytes: 0 };
  const index = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_sources_words')::text AS t");
  // An archive imported before keys existed has no keys column: all its sources are unkeyed.
  const unkeyed = (await hasColumn(client, 'corroborate_sources', 'words')) ? 'count(*) FILTER (WHERE words IS NULL)' : 'count(*)';
  const counts = await client.query<{ sources: string; unkeyed: string; bytes: string }>(
    `SELECT count(*)::text AS sources, ${unkeyed}::text AS unkeyed, pg_total_relation_size('corroborate_sources')::text AS bytes FROM corroborate_sources`,
  );
  const last = await client.query<{ started: Date; finished: Date | null; listed: number; written: number; unchanged: number; skipped: number }>(
    'SELECT started_at AS started, finished_at AS finished, listed, written, unchanged, skipped FROM corroborate_imports ORDER BY n DESC LIMIT 1',
  );
  const status: ArchiveStatus = { sources: Number(counts.rows[0].sources), unkeyed: Number(counts.rows[0].unkeyed), keyIndex: !!index.rows[0].t, bytes: Number(counts.rows[0].bytes) };
  const l = last.rows[0];
  if (l) status.lastImport = { started: l.started.toISOString(), finished: l.finished ? l.finished.toISOString() : null, listed: l.listed, written: l.written, unchanged: l.unchanged, skipped: l.skipped };
  return status;
}

/** Every source of the archive, as the core takes them. */
export async function archiveInputs(client: Client): Promise<SourceInput[]> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_sources')::text AS t");
  if (!exists.rows[0].t) return [];
  const rows = await client.query<{ id: string; meta: SourceMeta; fallback_title: string; text: string }>('SELECT id, meta, fallback_title, text FROM corroborate_sources ORDER BY id');
  return rows.rows.map((r) => ({ id: r.id, text: r.text, meta: r.meta, fallbackTitle: r.fallback_title }));
}

/** The index with the archive's sources added (a source also in the local corpora counts once, as the local one). */
export function withSources(index: CorpusIndex, inputs: readonly SourceInput[]): CorpusIndex {
  const builder = new IndexBuilder();
  for (const input of inputs) builder.add(input);
  return mergeWithArchive(index, builder.finish());
}

export interface DatabaseOptions {
  /** Where the archive's persisted index lives (the cache folder); undefined: none, every row read. */
  cacheDir?: string;
  cacheMaxBytes?: number;
  tool?: string;
  onProgress?: ArchiveLoadOptions['onProgress'];
}

/**
 * `check --database URL` and the setting corroborate.corpus.database: the index with the archive's
 * sources added (persisted in the cache folder: see archiveIndex.ts), or an error message when the
 * database cannot be read.
 */
export async function indexWithDatabase(index: CorpusIndex, url: string, opts: DatabaseOptions = {}): Promise<{ index: CorpusIndex; loaded: ArchiveLoaded } | { error: string }> {
  let client;
  try {
    client = await connect(url);
  } catch (e) {
    return { error: (e as Error).message };
  }
  try {
    const loaded = await loadArchiveIndex(client, url, opts);
    return { index: mergeWithArchive(index, loaded.index), loaded };
  } catch (e) {
    return { error: `the database failed: ${(e as Error).message}` };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The archive's fingerprint ('' when it has no sources table); throws when the database cannot be read. */
export async function archiveFingerprint(url: string): Promise<string> {
  const client = await connect(url);
  try {
    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_sources')::text AS t");
    return exists.rows[0].t ? await fingerprintOf(client) : '';
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ArchiveHit {
  id: string;
  /** As the index names the source: its stated title, else its headline, else its file name. */
  meta: SourceMeta & { title: string };
  /** The phrase's raw offsets in the source's text, half-open; as an LSP range; and where it starts for a reader (1-based line and column, in UTF-16 units). */
  start: number;
  end: number;
  range: Range;
  line: number;
  column: number;
  /** The sentence the phrase is in, as the source has it (white space runs as one space). */
  sentence: string;
}

export interface ArchiveFound {
  /** The phrase's words (normalised). */
  words: string[];
  /** Sources whose word keys hold every pair of the phrase's words (or that have no keys yet), searched by the core. */
  candidates: number;
  /** More candidates than `limit`: only `limit` of them were searched (the phrase's pairs are all common). */
  capped: boolean;
  hits: ArchiveHit[];
}

const versionMessage = (v: number) =>
  `the archive has no word keys of this version of Corroborate (${v}, this one reads ${WORD_KEYS_VERSION}): run \`corroborate archive import\` with this version`;

/** Connections whose archive's keys were found to be of this version (asked once per connection). */
const keysChecked = new WeakSet<Client>();

/**
 * Whether the archive has a sources table (false: nothing to find), its keys of this version
 * (throws when they are of another: an import with this version makes them).
 */
async function keysReadable(client: Client): Promise<boolean> {
  if (keysChecked.has(client)) return true;
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_sources')::text AS t");
  if (!exists.rows[0].t) return false;
  // An archive imported before keys existed has no version column (a statement naming it fails to parse).
  const v = (await hasColumn(client, 'corroborate_state', 'words_version')) ? ((await client.query<{ v: number }>('SELECT words_version AS v FROM corroborate_state')).rows[0]?.v ?? 0) : 0;
  if (v !== WORD_KEYS_VERSION) throw new Error(versionMessage(v));
  keysChecked.add(client);
  return true;
}

/** Candidates searched at most per lookup (each one's text is read and tokenised). */
export const FIND_LIMIT = 2_000;

/**
 * Where the archive has a phrase, word for word (`corroborate archive find`): the database finds
 * the sources whose word keys hold all of the phrase's keys (its GIN index; rows without keys
 * are candidates too), and the core's phrase search over those sources alone decides, as the
 * embedded index would (core/corpus/wordKeys.ts). Nothing but the candidates is read.
 */
export async function findInArchive(client: Client, phrase: string, opts: { limit?: number } = {}): Promise<ArchiveFound> {
  const limit = opts.limit ?? FIND_LIMIT;
  const { words, parts, keys } = phraseWordKeys(phrase);
  if (words.length === 0) return { words, candidates: 0, capped: false, hits: [] };
  if (!(await keysReadable(client))) return { words, candidates: 0, capped: false, hits: [] };
  // The keys' version comes first, in the same statement (and snapshot) as the candidates: an
  // import by another version since this connection first looked is never read as this one's.
  const got = await client.query<{ id: string | null; meta: SourceMeta; fallback_title: string; text: string; v: number | null }>(
    `SELECT NULL AS id, NULL::jsonb AS meta, NULL AS fallback_title, NULL AS text, words_version AS v FROM corroborate_state
     UNION ALL
     (SELECT id, meta, fallback_title, text, NULL FROM corroborate_sources WHERE words @> $1::int4[] OR words IS NULL LIMIT $2)`,
    [Array.from(keys), limit + 1],
  );
  const v = got.rows.find((r) => r.id === null)?.v ?? 0;
  if (v !== WORD_KEYS_VERSION) {
    keysChecked.delete(client);
    throw new Error(versionMessage(v));
  }
  const candidates = got.rows.filter((r): r is typeof r & { id: string } => r.id !== null);
  const capped = candidates.length > limit;
  const inputs: SourceInput[] = candidates
    .slice(0, limit)
    .map((r) => ({ id: r.id, text: r.text, meta: r.meta, fallbackTitle: r.fallback_title }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Words and sentences only: the checks' tables are not needed to find a phrase.
  const builder = new IndexBuilder({ vocab: [], tables: [] });
  for (const input of inputs) builder.add(input);
  const index = builder.finish();
  const hits = findPhraseIn(index, parts).map((o): ArchiveHit => {
    const src = index.sources[o.source];
    const range = new LineIndex(src.text).range(o.start, o.end);
    return {
      id: src.id,
      meta: src.meta,
      start: o.start,
      end: o.end,
      range,
      line: range.start.line + 1,
      column: range.start.character + 1,
      sentence: src.text.slice(o.sentence.start, o.sentence.end).replace(/\s+/g, ' ').trim(),
    };
  });
  return { words, candidates: Math.min(candidates.length, limit), capped, hits };
}
