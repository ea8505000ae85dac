// The bench's results: what one corpus size measured, and the printed table with its targets.
import { fmtBytes, fmtMs, maxOf, minOf, percentile, table } from './stats';

export interface SizeResult {
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
  /** The language server's idle warm-up after loading (Checker.warmUp), done before the checks below. */
  warmUpMs: number;
  warmUpSlices: number;
  full: { words: number; quotes: number; coldMs: number; warmMs: number; stages: Record<string, number> }[];
  /** Every new 10k-word draft's full check (the row above shows their median). */
  tenK: number[];
  ours: { correct: number; total: number; sampleCorrect: number; perQuoteMs: number };
  baseline?: { sentences: number; buildMs: number; sample: number; perQuoteMs: number; correct: number; cut: number };
  server?: {
    coldOpenMs: number;
    warmOpenMs: number;
    /** From starting the process (warm: persisted index and code cache) to the 3k draft's first diagnostics. */
    warmStartMs: number;
    /** The same with the bundled corpus beside the corpus (editors' default settings). */
    besideStartMs: number;
    /** The same draft reopened unchanged: the findings the last session kept (node/resultCache.ts). */
    reopenedStartMs: number;
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

export function report(results: SizeResult[]): string {
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
    row('idle warm-up after loading (language server; not the CLI)', (r) => fmtMs(r.warmUpMs)),
    row('  slices (the longest pause a request can wait)', (r) => `${r.warmUpSlices}: ~${fmtMs(r.warmUpMs / Math.max(1, r.warmUpSlices))} each`),
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
    rows.push(row('server: start to first diagnostics of the 3k draft, warm', (r) => (r.server ? fmtMs(r.server.warmStartMs) : '-')));
    rows.push(row('  the same, bundled corpus beside (default settings)', (r) => (r.server ? fmtMs(r.server.besideStartMs) : '-')));
    rows.push(row('  the draft reopened unchanged (findings kept)', (r) => (r.server ? fmtMs(r.server.reopenedStartMs) : '-')));
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

export function targets(r: SizeResult): string {
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
    check('server start to first diagnostics of an open 3k draft, warm (issue 15)', r.server.warmStartMs, 300, 'ms');
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
