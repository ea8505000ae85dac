// A source's own quotations as the bounds of an origin. A draft's quotation reproduces what a
// speaker said; in a source that quotes, the speaker's words are inside its quotation marks and
// the reporter's are outside. So:
// - a passage that runs across the marks ("The harbour office said "the tender papers …"") joins
//   the two: neither its judgement nor its fix may rest on the words outside, and the quotation is
//   aligned again with the narration unable to match;
// - the narration that interrupts one statement within a sentence ("We will fight," he said,
//   "until the end.") is not part of it: a draft may join the parts, as reporters do, and the
//   alignment, the comparison and the fix pass over it;
// - a fix restores the words of the source's quotation only, never its narration.
import type { CorpusIndex } from '../../corpus/index';
import { fitAlign, type Alignment, type QuoteWord } from '../../match/align';
import { decodeQuotes, QUOTATIONS_TABLE } from '../../quotes/table';
import type { Origin } from './words';

/** Token runs of a source, half-open, in order. */
export type Runs = [number, number][];

/** The tokens of [from, to) of a source that lie inside character span `within`, half-open. */
function tokensInside(index: CorpusIndex, source: number, from: number, to: number, within: { start: number; end: number }): [number, number] {
  const base = index.sourceStart[source];
  to = Math.min(to, index.sourceStart[source + 1] - base);
  while (from < to && index.starts[base + from] < within.start) from++;
  while (to > from && index.endOf(base + to - 1) > within.end) to--;
  return [from, to];
}

/** The first token of a source that starts at or after character `at` (binary search). */
function firstTokenFrom(index: CorpusIndex, source: number, at: number): number {
  const base = index.sourceStart[source];
  let lo = 0;
  let hi = index.sourceStart[source + 1] - base;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.starts[base + mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The source's quotations (depth 0) that overlap tokens [from, to) of a source. */
interface Quotations {
  /** Token ranges of the source (whole, not clipped), in order. */
  ranges: [number, number][];
  /** For each token of [from, to): the number of the quotation it lies in, or -1 (narration). */
  inside: Int32Array;
  /** For each token of [from, to): 1 when it is narration between two consecutive quotations of one
   * sentence (an interrupted statement). */
  joins: Uint8Array;
}

function quotationsOver(index: CorpusIndex, source: number, from: number, to: number): Quotations | undefined {
  const spans: { start: number; end: number; tokens: [number, number] }[] = [];
  for (const q of decodeQuotes(index.rows(QUOTATIONS_TABLE, source))) {
    if (q.depth !== 0) continue;
    const tokens = tokensInside(index, source, firstTokenFrom(index, source, q.start), firstTokenFrom(index, source, q.end), q);
    if (tokens[1] <= tokens[0] || tokens[1] <= from || tokens[0] >= to) continue;
    spans.push({ start: q.start, end: q.end, tokens });
  }
  if (!spans.length) return undefined;
  spans.sort((x, y) => x.start - y.start);
  const inside = new Int32Array(to - from).fill(-1);
  const joins = new Uint8Array(to - from);
  spans.forEach((q, k) => {
    for (let t = Math.max(q.tokens[0], from); t < Math.min(q.tokens[1], to); t++) inside[t - from] = k;
    const next = spans[k + 1];
    if (next && index.sentenceAround(source, q.start, q.end).end >= next.end) {
      for (let t = Math.max(q.tokens[1], from); t < Math.min(next.tokens[0], to); t++) joins[t - from] = 1;
    }
  });
  return { ranges: spans.map((q) => q.tokens), inside, joins };
}

/** The runs of a passage's tokens without the narration that interrupts a statement: what the
 * passage's words are, to show and compare. */
export function speakerRuns(index: CorpusIndex, o: Origin): Runs {
  const quotations = o.to > o.from ? quotationsOver(index, o.source, o.from, o.to) : undefined;
  if (!quotations) return [[o.from, o.to]];
  return runsWhere(o.from, o.to, (t) => !quotations.joins[t - o.from]);
}

/**
 * The runs of an origin passage that lie inside the source's own quotations: the parts of one
 * interrupted statement when the passage spans them, otherwise the quotation it overlaps most;
 * undefined when the passage is narration. A suggested wording is these words only: never the
 * narration ("said Johnson"), never across the marks.
 */
export function quotedRuns(index: CorpusIndex, o: Origin): Runs | undefined {
  const count = index.sourceStart[o.source + 1] - index.sourceStart[o.source];
  const to = Math.min(o.to, count);
  if (to <= o.from) return undefined;
  const quotations = quotationsOver(index, o.source, o.from, to);
  if (!quotations) return undefined;
  const met = new Map<number, number>();
  for (const k of quotations.inside) if (k >= 0) met.set(k, (met.get(k) ?? 0) + 1);
  const order = [...met.keys()].sort((x, y) => x - y);
  // One statement: consecutive quotations, each joined to the next by an interruption.
  const joined = order.every((k, i) => i === 0 || (k === order[i - 1] + 1 && quotations.joins[quotations.ranges[k][0] - 1 - o.from] === 1));
  const keep = joined ? new Set(order) : new Set([[...met].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0][0]]);
  const runs = runsWhere(o.from, to, (t) => keep.has(quotations.inside[t - o.from]));
  return runs.length ? runs : undefined;
}

/** Maximal runs of tokens in [from, to) for which `keep` holds. */
function runsWhere(from: number, to: number, keep: (t: number) => boolean): Runs {
  const runs: Runs = [];
  for (let t = from; t < to; t++) {
    if (!keep(t)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === t) last[1] = t + 1;
    else runs.push([t, t + 1]);
  }
  return runs;
}

/** Aligns the quote with the window's tokens at positions `keep` (window-relative), with
 * `ids` given for them; the alignment's positions are mapped back to the window. */
function alignKept(q: readonly QuoteWord[], ids: Int32Array, keep: Int32Array | undefined): Alignment {
  const a = fitAlign(q, ids);
  if (!keep) return a;
  const at = (s: number) => keep[s];
  const ops = a.ops.map((op) => (op.op === 'del' ? op : { ...op, s: at(op.s) }));
  const from = a.to > a.from ? at(a.from) : a.from < keep.length ? at(a.from) : (keep[keep.length - 1] ?? -1) + 1;
  const to = a.to > a.from ? at(a.to - 1) + 1 : from;
  return { cost: a.cost, from, to, ops };
}

/**
 * The quote aligned with tokens [from, to) of a source. The narration interrupting a statement
 * is passed over (it is not the speaker's). When the alignment's matched words are partly in the
 * source's narration and partly inside one of its quotations that the passage cuts (the quotation
 * runs on past the passage), the passage runs across the marks, joining the reporter's words to
 * the speaker's: the quote is aligned again with the narration unable to match (it may still be
 * passed over or replaced, at its cost), and the crossing alignment is kept as `across` (to show
 * as the closest passage, never as an origin). A passage that holds a quotation whole (a title or
 * scare quotes inside quoted narration), one wholly in narration (a statement printed without
 * marks) or in a source that quotes nobody is as aligned.
 */
export function alignInSource(index: CorpusIndex, q: readonly QuoteWord[], source: number, from: number, to: number): { origin: Origin; across?: Origin } {
  const base = index.sourceStart[source];
  const window = index.ids.subarray(base + from, base + to);
  const quotations = quotationsOver(index, source, from, to);
  let keep: Int32Array | undefined;
  let ids: Int32Array = window;
  if (quotations && quotations.joins.includes(1)) {
    const kept: number[] = [];
    quotations.joins.forEach((j, k) => {
      if (!j) kept.push(k);
    });
    keep = Int32Array.from(kept);
    ids = Int32Array.from(kept, (k) => window[k]);
  }
  const a = alignKept(q, ids, keep);
  const origin: Origin = { source, from: from + a.from, to: from + a.to, alignment: a };
  if (a.cost === 0 || !quotations) return { origin };
  let cut = 0;
  let narrated = 0;
  for (const op of a.ops) {
    if (op.op !== 'match' || q[op.q].free) continue;
    const k = quotations.inside[op.s];
    if (k < 0) narrated++;
    else if (quotations.ranges[k][0] < origin.from || quotations.ranges[k][1] > origin.to) cut++;
  }
  if (!cut || !narrated) return { origin };
  const masked = Int32Array.from(ids, (id, k) => (quotations.inside[keep ? keep[k] : k] >= 0 ? id : -1));
  const b = alignKept(q, masked, keep);
  return { origin: { source, from: from + b.from, to: from + b.to, alignment: b }, across: origin };
}
