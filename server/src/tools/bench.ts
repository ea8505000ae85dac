// npm run bench -- --corpus <dir> [--sizes 1000,5000,all] [--seed N] [--edits N]
//                  [--baseline-quotes 24,12,6] [--no-server]
// Measures Corroborate at newsroom scale, for the whole corpus and for seeded random subsets:
// cold indexing from the files and warm start from the persisted index (each in a new process,
// as an editor or a CI job starts one), the index's size on disk, full
// checks of generated 1k/3k/10k-word drafts, per-keystroke latency through the real language
// server over stdio (dist/server.js), the server's memory, and a Fuse.js baseline over every
// source sentence (time per quotation and accuracy on the drafts, whose expectations are known).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { judgeQuote, quoteWords } from '../core/checks/quotes';
import { createCheckerFromIndex, DEFAULT_CONFIG, type Finding, type SourceInput } from '../core/index';
import type { CorpusIndex } from '../core/corpus/index';
import { listSourceFiles } from '../node/corpusFiles';
import { loadIndex } from '../node/indexCache';
import { bestCut, classify, runBaseline, sourceSentences } from './bench/baseline';
import { DraftGenerator, type Draft, type Expected, type LabelledQuote } from './bench/drafts';
import { startServer } from './bench/lspClient';
import { seeded } from './bench/random';
import { editingSession } from './bench/session';
import { fmtBytes, fmtMs, maxOf, minOf, percentile, table } from './bench/stats';

interface Args {
  corpus: string;
  sizes: string[];
  seed: number;
  edits: number;
  baselineQuotes: number[];
  server: boolean;
}

const USAGE = 'usage: npm run bench -- --corpus <dir> [--sizes 1000,5000,all] [--seed N] [--edits N] [--baseline-quotes 24,12,6] [--no-server]';

function parseArgs(argv: string[]): Args {
  const args: Args = { corpus: '', sizes: ['1000', '5000', 'all'], seed: 1, edits: 300, baselineQuotes: [24, 12, 6], server: true };
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
    else throw new Error(`unknown argument '${a}'`);
  }
  if (!args.corpus) throw new Error('--corpus is required');
  return args;
}

const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

interface SizeResult {
  label: string;
  sources: number;
  tokens: number;
  textBytes: number;
  coldMs: number;
  warmMs: number;
  coldRuns: number[];
  warmRuns: number[];
  cacheBytes: number;
  firstCheckMs: number;
  full: { words: number; quotes: number; coldMs: number; warmMs: number; stages: Record<string, number> }[];
  /** Every new 10k-word draft's full check (the row above shows their median). */
  tenK: number[];
  ours: { correct: number; total: number; sampleCorrect: number; perQuoteMs: number };
  baseline?: { sentences: number; buildMs: number; sample: number; perQuoteMs: number; correct: number; cut: number };
  server?: {
    coldOpenMs: number;
    warmOpenMs: number;
    /** The server's own account of indexing (its log line): cold, then from its persisted index. */
    coldIndexMs: number;
    warmIndexMs: number;
    progress: number;
    edits: number;
    p50: number;
    p95: number;
    max: number;
    byKind: Record<string, { n: number; p50: number; p95: number }>;
    rss: number;
    peakCold: number;
    peakWarm: number;
    /** The same kind of session with the date and attribution checks off. */
    quotesOnly: { edits: number; p50: number; p95: number; max: number };
  };
}

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
  const checker = createCheckerFromIndex(index);
  global.gc?.();
  t = performance.now();
  checker.check({ text: warmup.text, languageId: 'markdown' }, DEFAULT_CONFIG);
  const firstCheckMs = performance.now() - t;
  const full: SizeResult['full'] = [];
  let correct = 0;
  let total = 0;
  const tenK: { ms: number; row: SizeResult['full'][number] }[] = [];
  for (const d of [...drafts, ...more]) {
    global.gc?.();
    // Stage by stage, to show where the time goes (reading the draft, then each check).
    const stages: Record<string, number> = {};
    const steps = checker.checkInSteps({ text: d.text, languageId: 'markdown' }, DEFAULT_CONFIG);
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
      checker.check({ text: d.text, languageId: 'markdown' }, DEFAULT_CONFIG);
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
    const serverJs = path.join(__dirname, 'server.js');
    const storagePath = path.join(work, `storage-${label}`);
    fs.rmSync(storagePath, { recursive: true, force: true });
    const d3k = drafts[1];
    const uri = pathToFileURL(path.join(work, `draft-${label}.md`)).toString();
    log(`${label}: language server, cold start (indexing, writing the index)`);
    const s1 = await startServer({ serverJs, storagePath, corpusPaths: paths });
    const coldOpenMs = await s1.open(uri, d3k.text);
    const progress = s1.progress.length;
    const indexedIn = (logs: string[]) => Number(/indexed \d+ sources .* in (\d+) ms/.exec(logs.join('\n'))?.[1] ?? NaN);
    const coldIndexMs = indexedIn(s1.logs);
    const peakCold = s1.memory()?.peak ?? NaN;
    await s1.stop();
    log(`${label}: language server, warm start and an editing session of ${args.edits} edits`);
    const s2 = await startServer({ serverJs, storagePath, corpusPaths: paths });
    const warmOpenMs = await s2.open(uri, d3k.text);
    const warmIndexMs = indexedIn(s2.logs);
    const session = await editingSession(s2, uri, gen, seeded(args.seed + 29), args.edits);
    const mem = s2.memory();
    await s2.configure({ checkDates: false, checkAttribution: false });
    const quotesSession = await editingSession(s2, uri, gen, seeded(args.seed + 31), Math.ceil(args.edits / 2));
    await s2.stop();
    const ql = quotesSession.latencies;
    const lat = session.latencies;
    const byKind: Record<string, { n: number; p50: number; p95: number }> = {};
    for (const [k, v] of Object.entries(session.byKind)) byKind[k] = { n: v.length, p50: percentile(v, 0.5), p95: percentile(v, 0.95) };
    server = {
      coldOpenMs,
      warmOpenMs,
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
    full,
    ours,
    baseline,
    server,
    tenK: tenK.map((x) => x.ms),
  };
}

function report(results: SizeResult[]): string {
  const lines: string[] = [];
  const head = ['', ...results.map((r) => (r.label === 'all' ? `${r.sources} (all)` : r.label))];
  const row = (name: string, f: (r: SizeResult) => string) => [name, ...results.map(f)];
  const rows: string[][] = [
    row('sources', (r) => r.sources.toLocaleString('en')),
    row('words (tokens)', (r) => r.tokens.toLocaleString('en')),
    row('text', (r) => fmtBytes(r.textBytes)),
    row('cold index (files → index + cache, new process), median of 3', (r) => fmtMs(r.coldMs)),
    row('  min / max', (r) => `${fmtMs(minOf(r.coldRuns))} / ${fmtMs(maxOf(r.coldRuns))}`),
    row('warm start (persisted index, new process), median of 3', (r) => fmtMs(r.warmMs)),
    row('  min / max', (r) => `${fmtMs(minOf(r.warmRuns))} / ${fmtMs(maxOf(r.warmRuns))}`),
    row('index size on disk', (r) => fmtBytes(r.cacheBytes)),
    row('first check after loading (1k words)', (r) => fmtMs(r.firstCheckMs)),
  ];
  for (let i = 0; i < (results[0]?.full.length ?? 0); i++) {
    rows.push(row(`full check, ${results[0].full[i].words.toLocaleString('en')} words, ${results[0].full[i].quotes} quotes: new / again`, (r) => `${fmtMs(r.full[i].coldMs)} / ${fmtMs(r.full[i].warmMs)}`));
    for (const stage of Object.keys(results[0].full[i].stages)) {
      rows.push(row(`  of which ${stage}`, (r) => fmtMs(r.full[i].stages[stage] ?? NaN)));
    }
  }
  rows.push(row('new 10k-word drafts checked: min / median / max', (r) => r.tenK.length ? `${fmtMs(minOf(r.tenK))} / ${fmtMs(percentile(r.tenK, 0.5))} / ${fmtMs(maxOf(r.tenK))}` : '-'));
  rows.push(row('quote accuracy, all drafts (ours)', (r) => `${r.ours.correct}/${r.ours.total}`));
  rows.push(row('baseline sample: quotations', (r) => String(r.baseline?.sample ?? '-')));
  rows.push(row('  ours: time per quotation', (r) => fmtMs(r.ours.perQuoteMs)));
  rows.push(row('  ours: correct', (r) => `${r.ours.sampleCorrect}/${r.baseline?.sample ?? 0}`));
  rows.push(row('  Fuse.js: sentences indexed', (r) => r.baseline?.sentences.toLocaleString('en') ?? '-'));
  rows.push(row('  Fuse.js: build', (r) => (r.baseline ? fmtMs(r.baseline.buildMs) : '-')));
  rows.push(row('  Fuse.js: time per quotation', (r) => (r.baseline ? fmtMs(r.baseline.perQuoteMs) : '-')));
  rows.push(row('  Fuse.js: correct (best cut-off)', (r) => (r.baseline ? `${r.baseline.correct}/${r.baseline.sample} (≤${r.baseline.cut})` : '-')));
  rows.push(row('  ours vs Fuse.js, per quotation', (r) => (r.baseline ? `${Math.round(r.baseline.perQuoteMs / Math.max(r.ours.perQuoteMs, 1e-3)).toLocaleString('en')}× faster` : '-')));
  rows.push(
    row('  ours vs Fuse.js, per 3k-word check', (r) =>
      r.baseline ? `${Math.round((r.baseline.perQuoteMs * r.full[1].quotes) / r.full[1].coldMs).toLocaleString('en')}× faster` : '-',
    ),
  );
  if (results.some((r) => r.server)) {
    rows.push(row('server: indexing, cold / from its persisted index', (r) => (r.server ? `${fmtMs(r.server.coldIndexMs)} / ${fmtMs(r.server.warmIndexMs)}` : '-')));
    rows.push(row('server: open 3k draft, cold (index + first check)', (r) => (r.server ? fmtMs(r.server.coldOpenMs) : '-')));
    rows.push(row('server: progress notifications while indexing', (r) => (r.server ? String(r.server.progress) : '-')));
    rows.push(row('server: open 3k draft, warm', (r) => (r.server ? fmtMs(r.server.warmOpenMs) : '-')));
    rows.push(row('keystroke latency p50 / p95 / max', (r) => (r.server ? `${fmtMs(r.server.p50)} / ${fmtMs(r.server.p95)} / ${fmtMs(r.server.max)}` : '-')));
    const kinds = [...new Set(results.flatMap((r) => Object.keys(r.server?.byKind ?? {})))];
    for (const k of kinds) {
      rows.push(row(`  ${k} edits: n, p50 / p95`, (r) => (r.server?.byKind[k] ? `${r.server.byKind[k].n}: ${fmtMs(r.server.byKind[k].p50)} / ${fmtMs(r.server.byKind[k].p95)}` : '-')));
    }
    rows.push(row('keystroke latency, dates and attribution off: p50 / p95 / max', (r) => (r.server ? `${fmtMs(r.server.quotesOnly.p50)} / ${fmtMs(r.server.quotesOnly.p95)} / ${fmtMs(r.server.quotesOnly.max)}` : '-')));
    rows.push(row('server RSS after session / peak (warm start)', (r) => (r.server ? `${fmtBytes(r.server.rss)} / ${fmtBytes(r.server.peakWarm)}` : '-')));
    rows.push(row('server peak RSS, cold start (indexing)', (r) => (r.server ? fmtBytes(r.server.peakCold) : '-')));
  }
  lines.push(table([head, ...rows]));
  return lines.join('\n');
}

function targets(r: SizeResult): string {
  const out: string[] = [];
  const check = (name: string, value: number, limit: number, unit: string, higherIsBetter = false) => {
    const ok = higherIsBetter ? value >= limit : value <= limit;
    const by = higherIsBetter ? `${(value / limit).toFixed(2)}× the target` : ok ? `${((1 - value / limit) * 100).toFixed(0)}% under` : `${(value / limit).toFixed(2)}× the limit`;
    out.push(`  ${ok ? 'met   ' : 'MISSED'} ${name}: ${unit === 'ms' ? fmtMs(value) : unit === 'B' ? fmtBytes(value) : `${Math.round(value).toLocaleString('en')}${unit}`} (target ${higherIsBetter ? '≥' : '≤'} ${unit === 'ms' ? fmtMs(limit) : unit === 'B' ? fmtBytes(limit) : `${limit}${unit}`}; ${by})`);
  };
  check('cold index', r.coldMs, 10_000, 'ms');
  check('warm start', r.warmMs, 1_000, 'ms');
  check(`full check, 10k words (median of ${r.tenK.length} new drafts)`, percentile(r.tenK, 0.5), 300, 'ms');
  if (r.server) {
    check('keystroke p50', r.server.p50, 15, 'ms');
    check('keystroke p95', r.server.p95, 40, 'ms');
    check('server peak RSS', Math.max(r.server.peakCold, r.server.peakWarm), 400 * 1024 * 1024, 'B');
  }
  if (r.baseline) {
    check('ours vs Fuse.js per quotation', r.baseline.perQuoteMs / Math.max(r.ours.perQuoteMs, 1e-3), 100, '×', true);
    const noWorse = r.ours.sampleCorrect >= r.baseline.correct;
    out.push(`  ${noWorse ? 'met   ' : 'MISSED'} accuracy no worse than Fuse.js: ${r.ours.sampleCorrect}/${r.baseline.sample} vs ${r.baseline.correct}/${r.baseline.sample}`);
  }
  return out.join('\n');
}

/** What a new process measured: the time to load the index (from the files or the persisted index). */
interface ChildRun {
  ms: number;
  cache: string;
  cacheBytes: number;
}

/** Loads the index in a new Node process (this script with `--load-child`); checks how the cache was used. */
function loadInChild(listFile: string, cacheDir: string, expect: 'absent' | 'hit'): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--load-child', listFile, cacheDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    // 'close', not 'exit': the child's output is then read to its end.
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`index loading in a new process exited with ${code}`));
      const run = JSON.parse(out) as ChildRun;
      if (run.cache !== expect) return reject(new Error(`expected the cache to be ${expect}, got ${run.cache}`));
      resolve(run);
    });
  });
}

/** `--load-child <paths.json> <cacheDir>`: load once, print the time as JSON. */
async function loadChild(listFile: string, cacheDir: string): Promise<number> {
  const paths = JSON.parse(fs.readFileSync(listFile, 'utf8')) as string[];
  const t0 = performance.now();
  const loaded = await loadIndex(paths, { cacheDir, tool: 'bench' });
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, cache: loaded.stats.cache, cacheBytes: loaded.stats.cacheBytes ?? 0 } satisfies ChildRun));
  return 0;
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
  const listing = listSourceFiles([corpusDir]);
  if (listing.files.length === 0) {
    process.stderr.write(`bench: no source files in ${corpusDir}\n`);
    return 2;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-bench-'));
  const results: SizeResult[] = [];
  try {
    for (const s of args.sizes) {
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
      `corpus: ${corpusDir} (${listing.files.length.toLocaleString('en')} files); seed ${args.seed}; drafts generated from the corpus (quotes: ~50% verbatim, ~30% altered, ~20% unsupported; ~1 date per 100 words)`,
      '',
      report(results),
      '',
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
