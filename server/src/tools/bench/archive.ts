// `npm run bench -- --corpus DIR --database [URL] [--synthetic N [--check-at-scale]]`: the PostgreSQL archive at scale
// (issue 16). Imports the corpus (and, with --synthetic, N more articles recombined from its
// paragraphs: bench/synthetic.ts) into a database: a throwaway cluster started here (durable: it
// syncs as a production server does), or an empty database at URL. Prints the import rate, the
// database's size, `archive find` lookups (p50/p95, in one connected process, as a server would
// ask), and `check --database` with peak RSS: cold and warm on the real corpus alone, or without a
// cache at the synthetic archive's size (`--check-at-scale`).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Client } from 'pg';
import { tokenize } from '../../core/text/tokens';
import { connect, findInArchive } from '../../node/archiveDb';
import { startPostgres, type TestPostgres } from '../../../../test/postgres';
import { seeded } from './random';
import { paragraphsOf, writeSyntheticArchive } from './synthetic';
import { maxOf, percentile } from './stats';

export interface ArchiveBenchArgs {
  corpus: string;
  /** A database URL, or undefined: a throwaway cluster. */
  url?: string;
  synthetic: number;
  seed: number;
  lookups: number;
  /** Also run `check --database` at the synthetic archive's size (it reads every source into memory). */
  checkAtScale: boolean;
}

const BIN = path.join(__dirname, '..', 'bin', 'corroborate.js');
const out = (m: string) => process.stdout.write(`${m}\n`);
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

function timed(args: string[]): { s: number; rssMiB: number; code: number | null; stdout: string; stderr: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const lines = r.stderr.trim().split('\n');
  return { s, rssMiB: Number(lines.pop()) / 1024, code: r.status, stdout: r.stdout.trim(), stderr: lines.join('\n') };
}

/** Runs an import; the number of sources it listed. */
function importRun(label: string, url: string, paths: string[]): number {
  const r = timed(['archive', 'import', '--database', url, ...paths]);
  if (r.code !== 0) throw new Error(`${label} failed (${r.code}): ${r.stderr}`);
  const articles = Number(/^(\d+) sources:/m.exec(r.stdout)?.[1] ?? NaN);
  out(`${label}: ${articles.toLocaleString('en')} articles in ${r.s.toFixed(1)} s = ${Math.round(articles / r.s).toLocaleString('en')} articles/s (whole process), peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  out(`  ${r.stdout}`);
  return articles;
}

async function sizes(client: Client): Promise<void> {
  const r = await client.query<{ db: string; heap: string; toast: string; words: string; total: string; n: string }>(
    `SELECT pg_database_size(current_database())::text AS db,
            pg_relation_size('corroborate_sources')::text AS heap,
            pg_total_relation_size('corroborate_sources')::text AS total,
            pg_relation_size('corroborate_sources_words')::text AS words,
            (SELECT count(*) FROM corroborate_sources)::text AS n,
            coalesce((SELECT pg_total_relation_size(reltoastrelid) FROM pg_class WHERE relname = 'corroborate_sources'), 0)::text AS toast`,
  );
  const m = (v: string) => `${(Number(v) / (1 << 20)).toFixed(0)} MiB`;
  const x = r.rows[0];
  out(`database: ${Number(x.n).toLocaleString('en')} sources, ${m(x.db)} in all (sources table ${m(x.total)}: rows ${m(x.heap)}, texts out of line ${m(x.toast)}, word-key index ${m(x.words)})`);
}

/** Phrases as a draft quotes them: runs of 4–12 words of real paragraphs, and the same runs with two words swapped (mostly in no source). */
function samplePhrases(paragraphs: string[], n: number, seed: number): { found: string[]; altered: string[] } {
  const rnd = seeded(seed);
  const found: string[] = [];
  const altered: string[] = [];
  while (found.length < n) {
    const p = rnd.pick(paragraphs);
    const t = tokenize(p);
    if (t.length < 14) continue;
    const len = rnd.int(4, 12);
    const from = rnd.int(0, t.length - len);
    const run = t.slice(from, from + len);
    found.push(p.slice(run[0].start, run[run.length - 1].end));
    const words = run.map((w) => p.slice(w.start, w.end));
    const k = rnd.int(0, words.length - 2);
    [words[k], words[k + 1]] = [words[k + 1], words[k]];
    altered.push(words.join(' '));
  }
  return { found, altered };
}

async function lookups(client: Client, label: string, phrases: { found: string[]; altered: string[] }): Promise<void> {
  for (const p of phrases.found.slice(0, 20)) await findInArchive(client, p); // warm the connection and the JIT
  for (const [kind, list] of [['quoted runs', phrases.found], ['two words swapped', phrases.altered]] as const) {
    const ms: number[] = [];
    const candidates: number[] = [];
    let hits = 0;
    let capped = 0;
    for (const p of list) {
      const t0 = process.hrtime.bigint();
      const f = await findInArchive(client, p);
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      candidates.push(f.candidates);
      if (f.hits.length) hits++;
      if (f.capped) capped++;
    }
    out(
      `archive find, ${label}, ${kind} (${list.length}): p50 ${percentile(ms, 0.5).toFixed(1)} ms, p95 ${percentile(ms, 0.95).toFixed(1)} ms, max ${maxOf(ms).toFixed(0)} ms; ` +
        `candidates p50 ${percentile(candidates, 0.5)}, p95 ${percentile(candidates, 0.95)}; found ${hits}; over the limit ${capped}`,
    );
  }
}

export async function archiveBench(args: ArchiveBenchArgs): Promise<void> {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-archive-bench-'));
  let pg: TestPostgres | undefined;
  let client: Client | undefined;
  try {
    if (!args.url) pg = startPostgres({ durable: true });
    const url = args.url ?? pg!.url;
    client = await connect(url);
    const there = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_sources')::text AS t");
    if (there.rows[0].t) throw new Error('the database already holds an archive: the bench needs an empty one (or none: a throwaway cluster)');
    out(`# archive bench: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.versions.node}, ${pg ? 'a throwaway PostgreSQL cluster (durable)' : 'the given database'}`);
    const paragraphs = paragraphsOf(args.corpus);
    const real = importRun('import (the corpus)', url, [args.corpus]);
    const again = timed(['archive', 'import', '--database', url, args.corpus]);
    out(`import again, unchanged: ${again.s.toFixed(1)} s (${again.stdout})`);
    await sizes(client);
    const phrases = samplePhrases(paragraphs, args.lookups, args.seed);
    await lookups(client, `${real.toLocaleString('en')} sources`, phrases);
    const draft = path.join(tmp, 'draft.md');
    fs.writeFileSync(draft, phrases.found.slice(0, 10).map((p, k) => `Officials said on day ${k + 1}: "${p}," according to the statement.\n`).join('\n'));
    if (!args.synthetic) {
      const cache = path.join(tmp, 'cache');
      for (const [label, extra] of [
        ['no cache', ['--no-cache']],
        ['cold cache', ['--cache-dir', cache]],
        ['warm cache', ['--cache-dir', cache]],
        ['warm cache', ['--cache-dir', cache]],
      ] as const) {
        const r = timed(['check', ...extra, '--database', url, draft]);
        out(`check --database (${label}): ${r.s.toFixed(1)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB, exit ${r.code}`);
      }
      return;
    }
    log(`writing ${args.synthetic.toLocaleString('en')} synthetic articles`);
    const t0 = Date.now();
    const syn = writeSyntheticArchive(args.corpus, path.join(tmp, 'synthetic'), args.synthetic, args.seed);
    out(`synthetic archive: ${syn.articles.toLocaleString('en')} articles from ${syn.paragraphs.toLocaleString('en')} paragraphs, ${(syn.bytes / 2 ** 20).toFixed(0)} MiB of JSON Lines in ${syn.files.length} files (${((Date.now() - t0) / 1000).toFixed(0)} s to write)`);
    importRun('import (synthetic, on top)', url, syn.files);
    await client.query('ANALYZE corroborate_sources');
    await sizes(client);
    await lookups(client, `${(real + syn.articles).toLocaleString('en')} sources`, phrases);
    if (!args.checkAtScale) {
      out('check --database at this size: not run (it reads the whole archive into memory: --check-at-scale runs it)');
      return;
    }
    const r = timed(['check', '--no-cache', '--database', url, draft]);
    out(`check --database (no cache) at ${(real + syn.articles).toLocaleString('en')} sources: ${r.s.toFixed(1)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB, exit ${r.code}${r.code === 2 ? ` (${r.stderr.split('\n').slice(-2).join(' ')})` : ''}`);
  } finally {
    await client?.end().catch(() => undefined);
    pg?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
