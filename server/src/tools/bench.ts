// npm run bench -- --corpus <dir> [--sizes 1000,5000,all] [--seed N] [--edits N]
//                  [--baseline-quotes 24,12,6] [--no-server] [--cli-runs N] [--cli-only]
//        npm run bench -- --corpus <dir> --database [URL] [--synthetic N] [--lookups N]
// Measures Corroborate at newsroom scale, for the whole corpus and for seeded random subsets:
// cold indexing from the files and warm start from the persisted index (each in a new process,
// as an editor or a CI job starts one), the index's size on disk, full
// checks of generated 1k/3k/10k-word drafts, per-keystroke latency through the real language
// server over stdio (dist/server.js), the server's memory, and a Fuse.js baseline over every
// source sentence (time per quotation and accuracy on the drafts, whose expectations are known),
// and, for the whole corpus, a warm whole-process `corroborate check` of the 1k-word draft beside
// `rg -F -f` of its quotations over the raw files (bench/cliVsGrep.ts; `--cli-only`: that alone).
// `--database`: the PostgreSQL archive instead (bench/archive.ts): import, size, `archive find`.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { judgeQuote, quoteWords } from '../core/checks/quotes';
import { createCheckerFromIndex, DEFAULT_CONFIG, type Finding, type SourceInput } from '../core/index';
import type { CorpusIndex } from '../core/corpus/index';
import { bundledCorpusDir, listSourceFiles } from '../node/corpusFiles';
import { loadIndex } from '../node/indexCache';
import { bestCut, classify, runBaseline, sourceSentences } from './bench/baseline';
import { DraftGenerator, type Draft, type Expected, type LabelledQuote } from './bench/drafts';
import { startServer } from './bench/lspClient';
import { seeded } from './bench/random';
import { editingSession } from './bench/session';
import { fmtBytes, fmtMs, maxOf, percentile } from './bench/stats';
import { report, targets, type SizeResult } from './bench/report';
import { loadChild, loadInChild } from './bench/child';
import { cliVsGrep, cliVsGrepReport, type CliVsGrep } from './bench/cliVsGrep';
import { archiveBench } from './bench/archive';

interface Args {
  corpus: string;
  sizes: string[];
  seed: number;
  edits: number;
  baselineQuotes: number[];
  server: boolean;
  cliRuns: number;
  cliOnly: boolean;
  /** Check switches turned off for every check the bench times (`--off checkNumbers`: to compare with a build before that check). */
  off: string[];
  /** `--database [URL]`: the archive bench (URL undefined: a throwaway cluster). */
  database?: { url?: string };
  synthetic: number;
  lookups: number;
  checkAtScale: boolean;
}

const USAGE =
  'usage: npm run bench -- --corpus <dir> [--sizes 1000,5000,all] [--seed N] [--edits N] [--baseline-quotes 24,12,6] [--no-server] [--cli-runs N] [--cli-only] [--off SWITCH]...\n' +
  '       npm run bench -- --corpus <dir> --database [URL] [--synthetic N [--check-at-scale]] [--lookups N] [--seed N]';

function parseArgs(argv: string[]): Args {
  const args: Args = { corpus: '', sizes: ['1000', '5000', 'all'], seed: 1, edits: 300, baselineQuotes: [24, 12, 6], server: true, cliRuns: 5, cliOnly: false, off: [], synthetic: 0, lookups: 300, checkAtScale: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${a} needs a value`);
      return x;
    };
    if (a === '--corpus') args.corpus = v();
    else if (a === '--sizes') args.sizes = v().split(',');
    else if (a === '--seed') args.seed = Number(v());
    else if (a === '--edits') args.edits = Number(v());
    else if (a === '--baseline-quotes') args.baselineQuotes = v().split(',').map(Number);
    else if (a === '--no-server') args.server = false;
    else if (a === '--cli-runs') args.cliRuns = Number(v());
    else if (a === '--cli-only') args.cliOnly = true;
    else if (a === '--database') args.database = { url: argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : undefined };
    else if (a === '--synthetic') args.synthetic = Number(v());
    else if (a === '--lookups') args.lookups = Number(v());
    else if (a === '--check-at-scale') args.checkAtScale = true;
    else if (a === '--off') {
      const key = v();
      if (typeof (DEFAULT_CONFIG as unknown as Record<string, unknown>)[key] !== 'boolean') throw new Error(`--off takes a check's switch (such as checkNumbers), not '${key}'`);
      args.off.push(key);
    }
    else throw new Error(`unknown argument '${a}'`);
  }
  if (!args.corpus) throw new Error('--corpus is required');
  if (!Number.isInteger(args.synthetic) || args.synthetic < 0 || !Number.isInteger(args.lookups) || args.lookups < 1) throw new Error('--synthetic and --lookups take whole numbers');
  if ((args.synthetic || argv.includes('--lookups')) && !args.database) throw new Error('--synthetic and --lookups go with --database');
  if (args.checkAtScale && !args.synthetic) throw new Error('--check-at-scale goes with --synthetic');
  return args;
}

const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

function quoteStatus(findings: readonly Finding[], q: LabelledQuote): string {
  return findings.find((f) => f.kind === 'quote' && f.start === q.start)?.status ?? '(none)';
}

function inputsOf(index: CorpusIndex): SourceInput[] {
  return index.sources.map((s) => ({ id: s.id, text: s.text, fallbackTitle: s.meta.title }));
}

async function measureSize(args: Args, label: string, files: string[], corpusDir: string, work: string, size: number): Promise<SizeResult> {
  const all = label === 'all';
  const paths = all ? [corpusDir] : files;
  const cacheDir = path.join(work, `cache-${label}`);
  fs.rmSync(cacheDir, { recursive: true, force: true });

  // Three cold indexings (each from no cache) and three warm starts, each in a new process as a
  // user's editor or CI job starts one (a process that has indexed before runs warmed-up code): on
  // a shared machine one timing is noise; the median of three is the figure, with the range.
  const listFile = path.join(work, `paths-${label}.json`);
  fs.writeFileSync(listFile, JSON.stringify(paths));
  const coldRuns: number[] = [];
  let cacheBytes = 0;
  for (let k = 0; k < 3; k++) {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    log(`${label}: cold index of ${files.length} files in a new process (${k + 1} of 3)`);
    const run = await loadInChild(listFile, cacheDir, 'absent');
    coldRuns.push(run.ms);
    cacheBytes = run.cacheBytes;
  }
  const warmRuns: number[] = [];
  for (let k = 0; k < 3; k++) {
    log(`${label}: warm start from the persisted index in a new process (${k + 1} of 3)`);
    warmRuns.push((await loadInChild(listFile, cacheDir, 'hit')).ms);
  }
  // The index for the checks below: loaded here, from the cache the runs above wrote.
  const warm = await loadIndex(paths, { cacheDir, tool: 'bench' });
  if (warm.stats.cache !== 'hit') throw new Error(`expected a cache hit, got ${warm.stats.cache}`);
  const coldMs = percentile(coldRuns, 0.5);
  const warmMs = percentile(warmRuns, 0.5);
  const index = warm.index;
  let t = performance.now();
  const textBytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

  // Drafts: one to warm up (corpus-wide lazy state), then 1k, 3k and 10k words, never seen.
  const gen = new DraftGenerator(index, seeded(args.seed));
  const warmup = gen.draft(1000);
  const drafts: Draft[] = [gen.draft(1000), gen.draft(3000), gen.draft(10000)];
  // Two more new 10k-word drafts: one timing on a shared machine is noise; the median of three is not.
  const more: Draft[] = [gen.draft(10000), gen.draft(10000)];
  if (all && args.cliRuns > 0) cliResult = await cliVsGrep({ cliJs: path.join(__dirname, '..', 'bin', 'corroborate.js'), corpus: corpusDir, work, draft: drafts[0], runs: args.cliRuns, log });
  const checker = createCheckerFromIndex(index);
  // What the language server does when idle after loading (corpusManager: Checker.warmUp), so
  // that the checks below time what a reporter's new draft costs in the editor. The CLI does not.
  global.gc?.();
  t = performance.now();
  let warmUpSlices = 0;
  for (const _ of checker.warmUp()) warmUpSlices++;
  const warmUpMs = performance.now() - t;
  log(`${label}: idle warm-up in ${fmtMs(warmUpMs)} (${warmUpSlices} slices)`);
  global.gc?.();
  t = performance.now();
  const config = { ...DEFAULT_CONFIG, ...Object.fromEntries(args.off.map((k) => [k, false])) };
  checker.check({ text: warmup.text, languageId: 'markdown' }, config);
  const firstCheckMs = performance.now() - t;
  const full: SizeResult['full'] = [];
  let correct = 0;
  let total = 0;
  const tenK: { ms: number; row: SizeResult['full'][number] }[] = [];
  for (const d of [...drafts, ...more]) {
    global.gc?.();
    // Stage by stage, to show where the time goes (reading the draft, then each check).
    const stages: Record<string, number> = {};
    const steps = checker.checkInSteps({ text: d.text, languageId: 'markdown' }, config);
    let stage = 'read draft';
    t = performance.now();
    let mark = t;
    let step = steps.next();
    for (;;) {
      const now = performance.now();
      stages[stage] = (stages[stage] ?? 0) + now - mark;
      mark = now;
      if (step.done) break;
      stage = step.value;
      step = steps.next();
    }
    const res = step.value;
    const coldCheck = performance.now() - t;
    const warmTimes: number[] = [];
    for (let k = 0; k < 3; k++) {
      t = performance.now();
      checker.check({ text: d.text, languageId: 'markdown' }, config);
      warmTimes.push(performance.now() - t);
    }
    const result = { words: d.words, quotes: d.quotes.length, coldMs: coldCheck, warmMs: percentile(warmTimes, 0.5), stages };
    if (d.words >= 10000) tenK.push({ ms: coldCheck, row: result });
    if (!more.includes(d)) full.push(result);
    for (const q of d.quotes) {
      total++;
      if (quoteStatus(res.findings, q) === q.expected) correct++;
    }
    log(`${label}: ${d.words}-word draft checked in ${fmtMs(coldCheck)} (again: ${fmtMs(percentile(warmTimes, 0.5))})`);
  }
  // The 10k row: the draft whose time is the median, with its stages.
  const median = [...tenK].sort((a, b) => a.ms - b.ms)[tenK.length >> 1];
  full[2] = { ...median.row, words: full[2].words, quotes: full[2].quotes };

  // The same quotations, one by one: ours (judgement only, nothing cached) and the baseline.
  const rng = seeded(args.seed + 17);
  const pool = drafts.flatMap((d) => d.quotes.map((q) => ({ q, text: d.text })));
  const sampleSize = args.baselineQuotes[Math.min(args.sizes.indexOf(all ? 'all' : String(size)), args.baselineQuotes.length - 1)] ?? 6;
  const sample = rng.shuffle([...pool]).slice(0, Math.min(sampleSize, pool.length));
  let ourMs = 0;
  let sampleCorrect = 0;
  for (const { q, text } of sample) {
    const qw = quoteWords(text, q, index);
    const t1 = performance.now();
    const j = judgeQuote(index, qw, DEFAULT_CONFIG.shortQuoteWords);
    ourMs += performance.now() - t1;
    if (j.status === q.expected) sampleCorrect++;
  }
  const ours = { correct, total, sampleCorrect, perQuoteMs: ourMs / Math.max(1, sample.length) };

  let baseline: SizeResult['baseline'];
  if (sample.length) {
    log(`${label}: Fuse.js baseline: splitting sentences`);
    const sentences = sourceSentences(inputsOf(index));
    log(`${label}: Fuse.js baseline: ${sample.length} quotations over ${sentences.length} sentences`);
    const run = runBaseline(
      sentences,
      sample.map((s) => s.q.text),
    );
    const expected: Expected[] = sample.map((s) => s.q.expected);
    const cut = bestCut(
      run.results.map((r) => r.score),
      expected,
    );
    const perQuoteMs = run.results.reduce((n, r) => n + r.ms, 0) / run.results.length;
    const correctB = run.results.filter((r, i) => classify(r.score, cut.cut) === expected[i]).length;
    baseline = { sentences: run.sentences, buildMs: run.buildMs, sample: sample.length, perQuoteMs, correct: correctB, cut: cut.cut };
  }

  let server: SizeResult['server'];
  if (args.server) {
    // As the VS Code client starts it: through the launcher and its code cache (written by the first session).
    const serverJs = path.join(__dirname, 'serverLaunch.js');
    const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'xdg') };
    const storagePath = path.join(work, `storage-${label}`);
    fs.rmSync(storagePath, { recursive: true, force: true });
    const d3k = drafts[1];
    const uri = pathToFileURL(path.join(work, `draft-${label}.md`)).toString();
    log(`${label}: language server, cold start (indexing, writing the index)`);
    const off = Object.fromEntries(args.off.map((k) => [k, false]));
    const s1 = await startServer({ serverJs, storagePath, corpusPaths: paths, check: off, env });
    const coldOpenMs = await s1.open(uri, d3k.text);
    const progress = s1.progress.length;
    const indexedIn = (logs: string[]) => Number(/indexed \d+ sources .* in (\d+) ms/.exec(logs.join('\n'))?.[1] ?? NaN);
    const coldIndexMs = indexedIn(s1.logs);
    const peakCold = s1.memory()?.peak ?? NaN;
    await s1.stop();
    log(`${label}: language server, warm start and an editing session of ${args.edits} edits`);
    // The draft checked at start, not its findings kept by the last session (timed apart, below).
    const keptDir = path.join(storagePath, 'index', 'results');
    fs.rmSync(keptDir, { recursive: true, force: true });
    const s2 = await startServer({ serverJs, storagePath, corpusPaths: paths, check: off, env });
    const warmOpenMs = await s2.open(uri, d3k.text);
    const warmStartMs = s2.startMs + warmOpenMs;
    const warmIndexMs = indexedIn(s2.logs);
    const session = await editingSession(s2, uri, gen, seeded(args.seed + 29), args.edits);
    const mem = s2.memory();
    await s2.configure({ ...off, checkDates: false, checkAttribution: false });
    const quotesSession = await editingSession(s2, uri, gen, seeded(args.seed + 31), Math.ceil(args.edits / 2));
    await s2.stop();
    // Editors' default settings keep the bundled five sources beside the user's folders: the first
    // such start persists the two together (from the folders' own files), the next is timed.
    log(`${label}: language server with the bundled corpus beside (the default settings), warm start`);
    const beside = [bundledCorpusDir(__dirname), ...paths];
    const s3 = await startServer({ serverJs, storagePath, corpusPaths: beside, check: off, env });
    await s3.open(uri, d3k.text);
    await s3.stop();
    fs.rmSync(keptDir, { recursive: true, force: true });
    const s4 = await startServer({ serverJs, storagePath, corpusPaths: beside, check: off, env });
    const besideStartMs = s4.startMs + (await s4.open(uri, d3k.text));
    await s4.stop();
    // Reopened unchanged: a session that checks the draft and ends keeps its findings; the next shows them.
    log(`${label}: language server, the draft reopened unchanged (findings kept by the last session)`);
    fs.rmSync(keptDir, { recursive: true, force: true });
    const s5 = await startServer({ serverJs, storagePath, corpusPaths: paths, check: off, env });
    await s5.open(uri, d3k.text);
    await s5.stop();
    const s6 = await startServer({ serverJs, storagePath, corpusPaths: paths, check: off, env });
    const reopenedStartMs = s6.startMs + (await s6.open(uri, d3k.text));
    await s6.stop();
    const ql = quotesSession.latencies;
    const lat = session.latencies;
    const byKind: Record<string, { n: number; p50: number; p95: number }> = {};
    for (const [k, v] of Object.entries(session.byKind)) byKind[k] = { n: v.length, p50: percentile(v, 0.5), p95: percentile(v, 0.95) };
    server = {
      coldOpenMs,
      warmOpenMs,
      warmStartMs,
      besideStartMs,
      reopenedStartMs,
      coldIndexMs,
      warmIndexMs,
      progress,
      edits: lat.length,
      p50: percentile(lat, 0.5),
      p95: percentile(lat, 0.95),
      max: maxOf(lat),
      byKind,
      rss: mem?.rss ?? NaN,
      peakCold,
      peakWarm: mem?.peak ?? NaN,
      quotesOnly: { edits: ql.length, p50: percentile(ql, 0.5), p95: percentile(ql, 0.95), max: maxOf(ql) },
    };
  }
  return {
    label,
    sources: index.sources.length,
    tokens: index.tokenCount,
    textBytes,
    coldMs,
    warmMs,
    coldRuns,
    warmRuns,
    cacheBytes,
    firstCheckMs,
    warmUpMs,
    warmUpSlices,
    full,
    ours,
    baseline,
    server,
    tenK: tenK.map((x) => x.ms),
  };
}

let cliResult: CliVsGrep | undefined;

/** `--cli-only`: the whole corpus's index built here (to generate the draft), then the CLI beside grep. */
async function cliOnly(args: Args, corpusDir: string, work: string): Promise<void> {
  log('indexing the corpus to generate the draft');
  const loaded = await loadIndex([corpusDir], { cacheDir: path.join(work, 'cache-all'), tool: 'bench' });
  const gen = new DraftGenerator(loaded.index, seeded(args.seed));
  gen.draft(1000); // the warm-up draft of the full bench: the same 1k-word draft follows
  cliResult = await cliVsGrep({ cliJs: path.join(__dirname, '..', 'bin', 'corroborate.js'), corpus: corpusDir, work, draft: gen.draft(1000), runs: Math.max(1, args.cliRuns), log });
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--load-child') return loadChild(argv[1], argv[2]);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const corpusDir = path.resolve(args.corpus);
  if (args.database) {
    await archiveBench({ corpus: corpusDir, url: args.database.url, synthetic: args.synthetic, seed: args.seed, lookups: args.lookups, checkAtScale: args.checkAtScale });
    return 0;
  }
  const listing = listSourceFiles([corpusDir]);
  if (listing.files.length === 0) {
    process.stderr.write(`bench: no source files in ${corpusDir}\n`);
    return 2;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-bench-'));
  const results: SizeResult[] = [];
  try {
    if (args.cliOnly) await cliOnly(args, corpusDir, work);
    for (const s of args.cliOnly ? [] : args.sizes) {
      const all = s === 'all' || Number(s) >= listing.files.length;
      const n = all ? listing.files.length : Number(s);
      const files = all ? listing.files : seeded(args.seed).shuffle([...listing.files]).slice(0, n).sort();
      results.push(await measureSize(args, all ? 'all' : String(n), files, corpusDir, work, n));
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const cpus = os.cpus();
  process.stdout.write(
    [
      `Corroborate bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${fmtBytes(os.totalmem())} RAM`,
      `corpus: ${corpusDir} (${listing.files.length.toLocaleString('en')} files); seed ${args.seed}; drafts generated from the corpus (quotes: ~50% verbatim, ~30% altered, ~20% unsupported; ~1 date per 100 words)${args.off.length ? `; turned off: ${args.off.join(', ')}` : ''}`,
      '',
      ...(results.length ? [report(results), ''] : []),
      ...(cliResult ? [cliVsGrepReport(cliResult), ''] : []),
      ...results.filter((r) => r.label === 'all').map((r) => `targets (${r.sources.toLocaleString('en')} sources):\n${targets(r)}`),
      '',
    ].join('\n'),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
