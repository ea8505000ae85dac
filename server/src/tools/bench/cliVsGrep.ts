// A warm whole-process CLI check beside the grep floor (issue 15): `corroborate check` of a
// 1,000-word draft against the corpus, its persisted index on disk and in the page cache, and
// `rg -F -f quotes.txt CORPUS` (or `grep -F -r -f` where ripgrep is missing) over the raw files for
// the same quotations, run in turn in new processes; medians, the ratio, and the CLI's peak RSS.
// The CLI twice a turn: with --recheck (the draft checked, as a new one would be) and without (the
// draft unchanged since: its findings kept from the last check, node/resultCache.ts).
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Draft } from './drafts';
import { fmtBytes, fmtMs, maxOf, minOf, percentile } from './stats';

export interface CliVsGrep {
  runs: number;
  /** The draft checked (`--recheck`: as a draft never checked before would be). */
  cliMs: number[];
  /** The same draft again, unchanged: its findings kept from the last check (node/resultCache.ts). */
  keptMs: number[];
  keptPeak: number;
  grepMs: number[];
  grep: string;
  /** The CLI's peak resident set (median of the runs), bytes. */
  cliPeak: number;
  quotes: number;
  words: number;
  /** `node -e 0` on this machine: Node's own start, part of the CLI's time. */
  nodeMs: number[];
}

interface Run {
  ms: number;
  peak: number;
}

/** Runs a command to its end; wall time, and the peak RSS a Node child reports on fd 3 (`--require` of the probe). */
function timed(cmd: string, args: string[], probe: boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'ignore', probe ? 'pipe' : 'ignore'] });
    let out = '';
    (child.stdio[3] as NodeJS.ReadableStream | null)?.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      // The CLI exits 1 when it finds a problem, grep 1 when nothing matches: both are fine.
      if (code !== 0 && code !== 1) return reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`));
      resolve({ ms, peak: Number(out.trim()) * 1024 });
    });
  });
}

/** The grep floor's command: ripgrep if it is installed, else grep. */
function grepCommand(quotesFile: string, corpus: string): { cmd: string; args: string[]; name: string } {
  if (spawnSync('rg', ['--version'], { stdio: 'ignore' }).status === 0) return { cmd: 'rg', args: ['-F', '-f', quotesFile, corpus], name: 'rg -F -f' };
  return { cmd: 'grep', args: ['-F', '-r', '-f', quotesFile, corpus], name: 'grep -F -r -f (ripgrep not installed)' };
}

/** `cliJs`: the CLI as users start it (bin/corroborate.js: the launcher, with its code cache). */
export async function cliVsGrep(opts: { cliJs: string; corpus: string; work: string; draft: Draft; runs: number; log: (m: string) => void }): Promise<CliVsGrep> {
  const { cliJs, corpus, work, draft, runs, log } = opts;
  const draftFile = path.join(work, 'cli-draft.md');
  const quotesFile = path.join(work, 'cli-quotes.txt');
  const cacheDir = path.join(work, 'cache-cli');
  const probe = path.join(work, 'peak-probe.js');
  fs.writeFileSync(draftFile, draft.text);
  fs.writeFileSync(quotesFile, draft.quotes.map((q) => q.text).join('\n') + '\n');
  fs.writeFileSync(probe, "process.on('exit', () => { if (!require('worker_threads').isMainThread) return; try { require('fs').writeSync(3, String(process.resourceUsage().maxRSS)); } catch {} });\n");
  const kept = ['--require', probe, cliJs, 'check', '--no-config', '--cache-dir', cacheDir, '--corpus', corpus, draftFile];
  const cli = [...kept.slice(0, -1), '--recheck', draftFile];
  const grep = grepCommand(quotesFile, corpus);
  log(`CLI vs ${grep.name}: indexing once for the CLI's persisted index`);
  await timed(process.execPath, cli, true);
  // Once each to warm the page cache, then in turn.
  await timed(grep.cmd, grep.args, false);
  const cliRuns: Run[] = [];
  const keptRuns: Run[] = [];
  const grepMs: number[] = [];
  const nodeMs: number[] = [];
  for (let k = 0; k < runs; k++) {
    log(`CLI vs ${grep.name}: run ${k + 1} of ${runs}`);
    cliRuns.push(await timed(process.execPath, cli, true));
    keptRuns.push(await timed(process.execPath, kept, true));
    grepMs.push((await timed(grep.cmd, grep.args, false)).ms);
    nodeMs.push((await timed(process.execPath, ['-e', '0'], false)).ms);
  }
  return {
    runs,
    cliMs: cliRuns.map((r) => r.ms),
    keptMs: keptRuns.map((r) => r.ms),
    keptPeak: percentile(
      keptRuns.map((r) => r.peak),
      0.5,
    ),
    grepMs,
    grep: grep.name,
    cliPeak: percentile(
      cliRuns.map((r) => r.peak),
      0.5,
    ),
    quotes: draft.quotes.length,
    words: draft.words,
    nodeMs,
  };
}

export function cliVsGrepReport(r: CliVsGrep): string {
  const cli = percentile(r.cliMs, 0.5);
  const grep = percentile(r.grepMs, 0.5);
  const range = (v: number[]) => `${fmtMs(minOf(v))}–${fmtMs(maxOf(v))}`;
  return [
    `warm CLI check vs the grep floor (${r.words}-word draft, ${r.quotes} quotations; medians of ${r.runs} runs in turn, new processes):`,
    `  corroborate check --recheck, persisted index warm: ${fmtMs(cli)} (${range(r.cliMs)}), peak RSS ${fmtBytes(r.cliPeak)}`,
    `  corroborate check, the draft unchanged (its findings kept): ${fmtMs(percentile(r.keptMs, 0.5))} (${range(r.keptMs)}), peak RSS ${fmtBytes(r.keptPeak)}`,
    `  ${r.grep} over the raw files: ${fmtMs(grep)} (${range(r.grepMs)})`,
    `  node -e 0 (Node's own start): ${fmtMs(percentile(r.nodeMs, 0.5))}`,
    `  ratio: ${(cli / grep).toFixed(2)}× checked, ${(percentile(r.keptMs, 0.5) / grep).toFixed(2)}× unchanged (target ≤ 2×; peak RSS target < 120 MiB)`,
  ].join('\n');
}
