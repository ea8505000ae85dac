// A shared archive of sources in PostgreSQL (issue 16, first step): `corroborate archive import`
// loads sources of every format into one table, incrementally by content hash; `check --database`
// reads them into the same in-memory index as local corpora. SQL is built only with parameters.
//
// The archive's index is persisted in the cache folder like a folder's (archiveIndex.ts). What is
// not done yet (see ARCHITECTURE.md): candidate retrieval in SQL and the checks' source tables in
// the database, so checking still holds the archive's index in memory.
import * as crypto from 'crypto';
import type { Client } from 'pg';
import { CorpusIndex, IndexBuilder } from '../core/corpus/index';
import type { SourceInput, SourceMeta } from '../core/types';
import { fingerprintOf, loadArchiveIndex, mergeWithArchive, type ArchiveLoaded, type ArchiveLoadOptions } from './archiveIndex';
import { DEFAULT_CORPUS_LIMITS, hashedContent, listSourceFiles, readSourceFile, type CorpusLimits, type FormatOptions, type Refused } from './corpusFiles';

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
  unchanged: number;
  skipped: number;
  warnings: string[];
  missing: string[];
  refused: Refused[];
  ms: number;
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

/**
 * Imports the sources under `paths`: a source whose content hash is the stored one is not written
 * (a re-import of an unchanged archive writes nothing); others are written in batches, each
 * committed on its own, so a run that was killed is resumed by running it again.
 */
export async function importArchive(
  client: Client,
  paths: readonly string[],
  opts: { limits?: CorpusLimits; formats?: FormatOptions; onProgress?: (p: ImportProgress) => void; now?: () => number } = {},
): Promise<ImportResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  for (const sql of SCHEMA) await client.query(sql);
  const listed = listSourceFiles(paths, opts.limits ?? DEFAULT_CORPUS_LIMITS);
  const result: ImportResult = { listed: listed.files.length, written: 0, unchanged: 0, skipped: 0, warnings: [...listed.warnings], missing: listed.missing, refused: listed.refused, ms: 0 };
  const run = await client.query<{ n: number }>('INSERT INTO corroborate_imports (started_at, paths, listed) VALUES (to_timestamp($1 / 1000.0), $2, $3) RETURNING n', [started, paths, listed.files.length]);
  const runId = run.rows[0].n;
  for (let from = 0; from < listed.files.length; from += BATCH) {
    const ids = listed.files.slice(from, from + BATCH);
    const stored = await client.query<{ id: string; hash: string }>('SELECT id, hash FROM corroborate_sources WHERE id = ANY($1::text[])', [ids]);
    const known = new Map(stored.rows.map((r) => [r.id, r.hash]));
    const rows: { id: string; hash: string; meta: string; fallback: string; text: string }[] = [];
    for (const id of ids) {
      const r = readSourceFile(id, opts.formats);
      if (!('input' in r)) {
        result.skipped++;
        result.warnings.push(`${id}: skipped: ${r.reason}`);
        continue;
      }
      const hash = sha256(hashedContent(r.input));
      if (known.get(id) === hash) {
        result.unchanged++;
        continue;
      }
      rows.push({ id, hash, meta: JSON.stringify(r.input.meta ?? {}), fallback: r.input.fallbackTitle, text: r.input.text });
    }
    if (rows.length) {
      await client.query(
        `INSERT INTO corroborate_sources (id, hash, meta, fallback_title, text)
         SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[])
         ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash, meta = EXCLUDED.meta, fallback_title = EXCLUDED.fallback_title,
           text = EXCLUDED.text, imported_at = now()
         WHERE corroborate_sources.hash <> EXCLUDED.hash`,
        [rows.map((r) => r.id), rows.map((r) => r.hash), rows.map((r) => r.meta), rows.map((r) => r.fallback), rows.map((r) => r.text)],
      );
      result.written += rows.length;
    }
    opts.onProgress?.({ done: Math.min(from + BATCH, listed.files.length), total: listed.files.length, written: result.written });
  }
  result.ms = now() - started;
  await client.query('UPDATE corroborate_imports SET finished_at = to_timestamp($1 / 1000.0), written = $2, unchanged = $3, skipped = $4 WHERE n = $5', [now(), result.written, result.unchanged, result.skipped, runId]);
  return result;
}

export interface ArchiveStatus {
  sources: number;
  bytes: number;
  lastImport?: { started: string; finished: string | null; listed: number; written: number; unchanged: number; skipped: number };
}

export async function archiveStatus(client: Client): Promise<ArchiveStatus> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_sources')::text AS t");
  if (!exists.rows[0].t) return { sources: 0, bytes: 0 };
  const counts = await client.query<{ sources: string; bytes: string }>("SELECT count(*)::text AS sources, pg_total_relation_size('corroborate_sources')::text AS bytes FROM corroborate_sources");
  const last = await client.query<{ started: Date; finished: Date | null; listed: number; written: number; unchanged: number; skipped: number }>(
    'SELECT started_at AS started, finished_at AS finished, listed, written, unchanged, skipped FROM corroborate_imports ORDER BY n DESC LIMIT 1',
  );
  const status: ArchiveStatus = { sources: Number(counts.rows[0].sources), bytes: Number(counts.rows[0].bytes) };
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
