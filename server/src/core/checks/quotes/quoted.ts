// A source's own quotations as the bounds of an origin. A draft's quotation reproduces what a
// speaker said; in a source that quotes, the speaker's words are inside its quotation marks and
// the reporter's are outside. So:
// - a passage that runs across the marks of a quotation the source gives a speaker ("The harbour
//   office said "the tender papers …"") joins the two: it never decides a verdict, and the
//   quotation is aligned again with the narration unable to match (`alignInSource`);
// - the narration that interrupts one statement within a sentence ("We will fight," he said,
//   "until the end.") is not part of it: a draft may join the parts, as reporters do, and the
//   alignment, the comparison and the fix pass over it;
// - a fix restores the words of the source's quotation only, never its narration (`quotedRuns`),
//   and never drops words the source quotes beside the passage (`droppedQuotedRun`).
import type { CorpusIndex } from '../../corpus/index';
import { fitAlign, type Alignment, type QuoteWord } from '../../match/align';
import { decodeQuotes, QUOTATIONS_TABLE } from '../../quotes/table';
import { sourceSpeakers } from '../../speakers/index';
import { SPEECH_VERBS } from '../../speakers/lexicon';
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

/** The source's quotations (depth 0; the paragraphs of one multi-paragraph quotation as one) that
 * overlap tokens [from, to) of a source. */
interface Quotations {
  /** Token ranges of the source (whole, not clipped), in order. */
  ranges: [number, number][];
  /** Offsets of each one's opening and closing marks (close -1: never closed). */
  marks: [number, number][];
  /** Each one's number (its first paragraph's) in the source's list of quotations. */
  numbers: number[];
  /** For each token of [from, to): the number of the quotation it lies in, or -1 (narration). */
  inside: Int32Array;
  /** For each token of [from, to): 1 when it is narration between two consecutive quotations of one
   * sentence that attributes them (an interrupted statement). */
  joins: Uint8Array;
}

function quotationsOver(index: CorpusIndex, source: number, from: number, to: number): Quotations | undefined {
  const spans: { start: number; end: number; open: number; close: number; group: number; n: number; tokens: [number, number] }[] = [];
  const all = decodeQuotes(index.rows(QUOTATIONS_TABLE, source))
    .map((q, n) => ({ ...q, n }))
    .filter((q) => q.depth === 0)
    .sort((x, y) => x.start - y.start);
  for (const q of all) {
    const tokens = tokensInside(index, source, firstTokenFrom(index, source, q.start), firstTokenFrom(index, source, q.end), q);
    const last = spans[spans.length - 1];
    // A paragraph that continues the quotation before it is part of it.
    if (last && last.group === q.group) {
      Object.assign(last, { end: q.end, close: q.close });
      if (tokens[1] > tokens[0]) last.tokens = last.tokens[1] > last.tokens[0] ? [last.tokens[0], tokens[1]] : tokens;
      continue;
    }
    spans.push({ start: q.start, end: q.end, open: q.open, close: q.close, group: q.group, n: q.n, tokens });
  }
  const over = spans.filter((q) => q.tokens[1] > q.tokens[0] && q.tokens[1] > from && q.tokens[0] < to);
  if (!over.length) return undefined;
  const inside = new Int32Array(to - from).fill(-1);
  const joins = new Uint8Array(to - from);
  over.forEach((q, k) => {
    for (let t = Math.max(q.tokens[0], from); t < Math.min(q.tokens[1], to); t++) inside[t - from] = k;
    const next = over[k + 1];
    if (next && index.sentenceAround(source, q.start, q.end).end >= next.end && attributes(index, source, q.tokens[1], next.tokens[0])) {
      for (let t = Math.max(q.tokens[1], from); t < Math.min(next.tokens[0], to); t++) joins[t - from] = 1;
    }
  });
  return { ranges: over.map((q) => q.tokens), marks: over.map((q) => [q.open, q.close]), numbers: over.map((q) => q.n), inside, joins };
}

/** Whether source tokens [from, to) attribute the words around them (a reporting verb: "Berg
 * said on Monday"; "according to Berg"), as the narration interrupting one statement does;
 * narration woven between two quoted fragments ("happened "erroneously," and included content
 * that "would not …"") does not. */
function attributes(index: CorpusIndex, source: number, from: number, to: number): boolean {
  const base = index.sourceStart[source];
  for (let t = from; t < to; t++) {
    const word = index.word(index.ids[base + t]);
    if (SPEECH_VERBS.has(word) || (word === 'according' && t + 1 < to && index.word(index.ids[base + t + 1]) === 'to')) return true;
  }
  return false;
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
  const from = a.from < keep.length ? at(a.from) : (keep[keep.length - 1] ?? -1) + 1;
  const to = a.to > a.from ? at(a.to - 1) + 1 : from;
  return { cost: a.cost, from, to, ops };
}

/**
 * Whether an aligned passage runs across a source quotation's marks: its matched words are partly
 * narration (outside marks and transcript turns) and partly inside the quotations, and the
 * passage holds one mark of a quotation that the source gives a speaker (somebody's words, not a
 * title) but not the other (it starts in narration and ends inside, or the reverse). A passage
 * holding a quotation whole, both marks (scare quotes inside quoted narration), does not.
 */
function crossesMarks(index: CorpusIndex, q: readonly QuoteWord[], quotations: Quotations, o: Origin): boolean {
  const base = index.sourceStart[o.source];
  const from = o.from - o.alignment!.from;
  let quoted = 0;
  const outside: number[] = [];
  for (const op of o.alignment!.ops) {
    if (op.op !== 'match' || q[op.q].free) continue;
    if (quotations.inside[op.s] < 0) outside.push(from + op.s);
    else quoted++;
  }
  if (!quoted || !outside.length || o.to <= o.from) return false;
  // Words outside marks that a transcript's label or a credit gives to a speaker are spoken too.
  const speakers = sourceSpeakers(index.sources[o.source]);
  const spokenOutside = (t: number) => speakers.turns.some((turn) => index.starts[base + t] >= turn.start && index.endOf(base + t) <= turn.end);
  if (outside.every(spokenOutside)) return false;
  const start = index.starts[base + o.from];
  const end = index.endOf(base + o.to - 1);
  const within = (mark: number) => mark >= start && mark < end;
  const spoken = (k: number) => speakers.byQuote[quotations.numbers[k]] !== undefined;
  return quotations.marks.some(([open, close], k) => within(open) !== (close >= 0 && within(close)) && spoken(k));
}

/**
 * The quote aligned with tokens [from, to) of a source. The narration interrupting a statement
 * is passed over (it is not the speaker's). When the alignment runs across a quotation's marks
 * (`crossesMarks`), joining the reporter's words to the speaker's, the quote is aligned again with
 * the narration unable to match (it may still be passed over or replaced, at its cost), and the
 * crossing alignment is kept as `across` (to show as the closest passage, never as an origin).
 * The rest of the window stays as it is: another passage there may be the origin. A passage
 * wholly in narration (a statement printed without marks), one holding a quotation whole, or in a
 * source that quotes nobody is as aligned.
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
  if (!quotations || !crossesMarks(index, q, quotations, origin)) return { origin };
  // Only the crossing passage's narration: another passage of the window may be an origin.
  const masked = Int32Array.from(ids, (id, k) => {
    const w = keep ? keep[k] : k;
    return quotations.inside[w] >= 0 || from + w < origin.from || from + w >= origin.to ? id : -1;
  });
  const b = alignKept(q, masked, keep);
  return { origin: { source, from: from + b.from, to: from + b.to, alignment: b }, across: origin };
}

/**
 * The quotation's words that a fix from this origin would drop although the speaker said them: a
 * run of two or more of the quotation's words that the alignment leaves out or replaces at its
 * start or its end and that stands word for word in another quotation of the passage's sentence
 * (two fragments the draft joined across narration that does not attribute them: the alignment
 * keeps one and drops the other). Its quotation-word range, half-open, or undefined.
 */
export function droppedQuotedRun(index: CorpusIndex, q: readonly QuoteWord[], o: Origin): { from: number; to: number } | undefined {
  const ops = o.alignment?.ops;
  if (!ops) return undefined;
  // The quotation's words before its first match and after its last (left out or replaced).
  const lead: number[] = [];
  for (const op of ops) {
    if (op.op !== 'del' && op.op !== 'sub') break;
    lead.push(op.q);
  }
  const trail: number[] = [];
  for (let k = ops.length - 1; k >= 0; k--) {
    const op = ops[k];
    if (op.op !== 'del' && op.op !== 'sub') break;
    trail.unshift(op.q);
  }
  const dropped = [lead, trail].filter((run) => run.length >= 2 && run.every((w) => q[w].id >= 0));
  const base = index.sourceStart[o.source];
  const count = index.sourceStart[o.source + 1] - base;
  if (!dropped.length || o.to <= o.from || o.from >= count) return undefined;
  const sentence = index.sentenceAround(o.source, index.starts[base + o.from], index.endOf(base + Math.min(o.to, count) - 1));
  const from = firstTokenFrom(index, o.source, sentence.start);
  const to = firstTokenFrom(index, o.source, sentence.end);
  const quotations = quotationsOver(index, o.source, from, to);
  if (!quotations) return undefined;
  const ids = index.ids;
  const run = dropped.find((words) => {
    for (let t = from; t + words.length <= to; t++) {
      if (t + words.length > o.from && t < o.to) continue;
      let k = 0;
      while (k < words.length && ids[base + t + k] === q[words[k]].id && quotations.inside[t + k - from] >= 0) k++;
      if (k === words.length) return true;
    }
    return false;
  });
  return run && { from: run[0], to: run[run.length - 1] + 1 };
}
