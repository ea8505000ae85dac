// npm run beats -- <archive folder> [--folders N] [--size K] [--seed S] [--claims]
// The beat-folder measurement: a desk's folder holds many stories of one beat (weekly market
// reports, every council meeting, each match of a season) that share their formulas and differ in
// their dates and figures. A draft about another story of the beat must not be told that those
// sources contradict it.
//
// Made from any archive, no labels needed: a seeded choice of N articles, each checked as a draft
// against a folder of the K other articles whose titles share the most of its rarer title words
// (the first line when a source has no title of its own), the article itself absent. Every finding
// that claims a source says otherwise (altered, misattributed, date or number mismatch) is then a
// claim against another story: nearly always a false alarm (two reports of one event can differ;
// `--claims` lists each with its source to read). Prints per kind and status how many findings
// there were.
import * as path from 'path';
import { claimsOrigin, createChecker, DEFAULT_CONFIG, sourceLanguage, type SourceInput } from '../core/index';
import { readCorpus } from '../node/corpusFiles';
import { seeded } from './bench/random';

const USAGE = 'usage: npm run beats -- <archive folder> [--folders N] [--size K] [--seed S] [--claims]\n';

function titleOf(s: SourceInput): string {
  if (s.meta?.title) return s.meta.title;
  const body = s.text.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body.split('\n').find((l) => l.trim())?.trim() ?? s.fallbackTitle;
}

function titleWords(title: string): string[] {
  return [...new Set(title.toLowerCase().match(/\p{L}[\p{L}'’.-]*\p{L}/gu) ?? [])].filter((w) => w.length >= 3);
}

export interface BeatClaim {
  /** The article checked as a draft, and the source the claim names first. */
  draft: string;
  source?: string;
  /** Kind and status ("date mismatch"), the finding's text and message. */
  key: string;
  text: string;
  message: string;
}

export interface BeatRun {
  /** Folders made (at most the number asked for: an article whose title shares too little with others makes none). */
  folders: number;
  /** Findings by kind and status ("number unsupported" → how many). */
  counts: Map<string, number>;
  claims: BeatClaim[];
}

/**
 * Makes up to `folders` beat folders of `size` sources from `inputs` (seeded) and checks each
 * folder's article against it. A title word counts toward a beat when it is in at least two
 * titles and at most 1% of them (or twice `size`, in a small archive): "says" and "new" make no beat.
 */
export function runBeats(inputs: readonly SourceInput[], opts: { folders: number; size: number; seed: number }): BeatRun {
  const { folders, size, seed } = opts;
  const words = inputs.map((s) => titleWords(titleOf(s)));
  const df = new Map<string, number>();
  for (const ws of words) for (const w of ws) df.set(w, (df.get(w) ?? 0) + 1);
  const byWord = new Map<string, number[]>();
  words.forEach((ws, i) => ws.forEach((w) => byWord.get(w)?.push(i) ?? byWord.set(w, [i])));
  const idf = (w: string) => Math.log(inputs.length / df.get(w)!);
  const rare = (w: string) => df.get(w)! >= 2 && df.get(w)! <= Math.max(2 * size, inputs.length / 100);

  const next = seeded(seed).next;
  const order = inputs.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const counts = new Map<string, number>();
  const claims: BeatClaim[] = [];
  let made = 0;
  for (const d of order) {
    if (made >= folders) break;
    const score = new Map<number, number>();
    for (const w of words[d]) {
      if (!rare(w)) continue;
      for (const o of byWord.get(w)!) if (o !== d) score.set(o, (score.get(o) ?? 0) + idf(w));
    }
    // The same text stored twice is the draft's own source, not another story of its beat.
    const own = inputs[d].text.replace(/\s+/g, ' ').trim();
    const ranked = [...score.entries()]
      .filter(([o]) => inputs[o].text.replace(/\s+/g, ' ').trim() !== own)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, size);
    // A beat: the folder's every article shares at least two rarer title words with the draft.
    if (ranked.length < size || ranked.some(([o]) => words[o].filter((w) => rare(w) && words[d].includes(w)).length < 2)) continue;
    made++;
    const checker = createChecker(ranked.map(([o]) => inputs[o]));
    const draft = inputs[d];
    for (const f of checker.check({ text: draft.text, languageId: sourceLanguage(draft.id) }, DEFAULT_CONFIG).findings) {
      const key = `${f.kind} ${f.status}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (claimsOrigin(f.kind, f.status)) claims.push({ draft: draft.id, source: f.sources[0]?.sourceId, key, text: f.text, message: f.message });
    }
  }
  return { folders: made, counts, claims };
}

function main(argv: string[]): number {
  let dir: string | undefined;
  let folders = 100;
  let size = 10;
  let seed = 1;
  const showClaims = argv.includes('--claims');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--folders') folders = Number(argv[++i]);
    else if (a === '--size') size = Number(argv[++i]);
    else if (a === '--seed') seed = Number(argv[++i]);
    else if (a === '--claims') continue;
    else if (a.startsWith('--') || dir !== undefined) {
      process.stderr.write(USAGE);
      return 2;
    } else dir = path.resolve(a);
  }
  if (!dir || !(folders > 0) || !(size > 0) || !Number.isFinite(seed)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const read = readCorpus([dir], { maxFiles: Infinity, maxBytes: Infinity });
  for (const m of read.missing) process.stderr.write(`beats: folder not found: ${m}\n`);
  if (read.missing.length || read.inputs.length <= size) {
    process.stderr.write(`beats: need more than ${size} sources\n`);
    return 2;
  }
  const started = process.hrtime.bigint();
  const run = runBeats(read.inputs, { folders, size, seed });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`beat folders: ${run.folders} of ${size} sources each (seed ${seed}), from ${read.inputs.length} sources of ${dir}\n\n`);
  for (const [key, n] of [...run.counts.entries()].sort()) {
    const [kind, status] = key.split(' ');
    process.stdout.write(`  ${key.padEnd(28)} ${String(n).padStart(6)}${claimsOrigin(kind, status) ? '   (claims against another story)' : ''}\n`);
  }
  process.stdout.write(`\nclaims against another story: ${run.claims.length} in ${run.folders} drafts, ${seconds.toFixed(1)} s\n`);
  if (showClaims) {
    for (const c of run.claims) {
      process.stdout.write(`  ${path.relative(dir, c.draft)}: ${c.key} “${c.text.slice(0, 60)}”: ${c.message.slice(0, 200)}${c.source ? ` [${path.relative(dir, c.source)}]` : ''}\n`);
    }
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
