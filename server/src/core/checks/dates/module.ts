// The date check: every date in the draft agrees with the sources, or the writer is told what they say.
//   verified      a source date about the same event lies within the draft's date;
//   mismatch      sources about the same event give another date (warning);
//   unsupported   no source dates the event (information);
//   inconsistent  the date contradicts itself: a weekday off its date, a day that does not exist (error).
// Pipeline: extract (dates/extract) → resolve against the anchor (dates/anchor, tense, resolve) →
// pair with source dates of the same event (dates/match) → judge → finding with fixes (dates/render).
import type { Anchor } from '../../dates/anchor';
import { eventWordsOf, firstName, withCompounds, type EventWord } from '../../dates/eventWords';
import { extractDates, wordBefore } from '../../dates/extract';
import { DATE_PREPOSITIONS } from '../../dates/lexicon';
import { pairSources, type Pairing } from '../../dates/match';
import { resolveDate } from '../../dates/resolve';
import type { Period } from '../../dates/calendar';
import { corpusDates, type Among, type CorpusDates } from '../../dates/sources';
import { DATELINES_TABLE, DATES_TABLE } from '../../dates/stored';
import { DATED_TABLE } from '../../dates/dated';
import { DATE_COUNTS_TABLE } from '../../dates/counts';
import { tenseAround } from '../../dates/tense';
import { readFigures, type Figure } from '../../numbers/read';
import { longDate, shortDate } from '../../messages';
import { sentenceSpans } from '../../text/sentences';
import { insideSome } from '../../text/spans';
import { tokenize } from '../../text/tokens';
import type { Span } from '../../text/markdown';
import type { Finding } from '../../types';
import type { Check, DraftContext } from '../context';
import { defineCheck, flag, severity, type CheckModule } from '../contract';
import { PAIR_SCORE, SUPPORT_MARGIN, WEAK_SUPPORT_MARGIN, draftAnchor, judge, pairingKey, storyOnly, type DraftDate } from './judge';

/** What the date check needs of a draft, worked out once per check of it. */
interface DraftDates {
  anchor: Anchor;
  dateline?: { start: number; end: number };
  /** The draft's sentences (masked text), as the whole text splits them. */
  sentences: Span[];
  /** For each sentence, the number of the block it is checked with (see `prepare`). */
  blockOf: Int32Array;
  blockNumber: Map<Span, number>;
  /** What findings of a block depend on beyond its own text (see `prepare`). */
  key: string;
  /** Blocks that a sentence leaves or enters: their findings depend on where they are. */
  crossed: Set<number>;
}

const prepared = new WeakMap<DraftContext, DraftDates>();

/**
 * Sentences are split over the whole text, and each goes with the block its start lies in (or the
 * next one). A sentence within its block depends on nothing else; one that is not (it runs on
 * across a line into the next block, or starts in list or quote marks) depends on the text around
 * it, as does a block whose first date could take a preposition from before the block ("on" at
 * the end of the paragraph above): such texts go into the key every block shares, as a sorted set
 * of texts without offsets, so that an edit elsewhere leaves it unchanged. So do the anchor and
 * the dateline, whose dates are not checked.
 */
function prepare(ctx: DraftContext): DraftDates {
  let d = prepared.get(ctx);
  if (d) return d;
  const cd = corpusDates(ctx.index);
  const { anchor, dateline } = draftAnchor(ctx, cd);
  const masked = ctx.view.masked;
  const blocks = ctx.view.blocks;
  const sentences = sentenceSpans(masked).filter((s) => s.end > ctx.view.bodyStart);
  const blockOf = new Int32Array(sentences.length);
  const context = new Set<string>();
  const crossed = new Set<number>();
  let b = 0;
  sentences.forEach((s, i) => {
    while (b < blocks.length - 1 && blocks[b].end <= s.start) b++;
    blockOf[i] = b;
    const blk = blocks[b];
    if (blk && !(blk.start <= s.start && s.end <= blk.end)) {
      context.add(`s${masked.slice(s.start, s.end)}\u0001${ctx.text.slice(s.start, s.end)}`);
      for (let k = b; k < blocks.length && blocks[k].start < s.end; k++) crossed.add(k);
    }
  });
  for (const blk of blocks) {
    const before = wordBefore(masked, blk.start);
    if (before && DATE_PREPOSITIONS.has(before.word.toLowerCase())) context.add(`p${masked.slice(before.start, blk.start)}\u0001${masked.slice(blk.start, blk.start + 40)}`);
  }
  // A quotation continued from the paragraph before decides which of a block's dates are quoted.
  const groups = new Map<number, number>();
  for (const q of ctx.quotes) groups.set(q.group, (groups.get(q.group) ?? 0) + 1);
  for (const q of ctx.quotes) if (q.close < 0 || (groups.get(q.group) ?? 0) > 1) context.add(`q${masked.slice(q.start, q.end)}`);
  let datelineKey = '';
  if (dateline) {
    const blk = blocks.find((x) => x.start <= dateline.start && dateline.start < x.end);
    const from = blk ? blk.start : 0;
    datelineKey = `${dateline.start - from}:${dateline.end - from}:${masked.slice(from, dateline.end)}`;
  }
  // The story's sources decide what is searched and what undated sources count from.
  const key = [`${anchor.day}:${anchor.origin}:${anchor.storyNewest ?? ''}`, ctx.related.key, datelineKey, ...[...context].sort()].join('\u0000');
  d = { anchor, dateline, sentences, blockOf, blockNumber: new Map(blocks.map((x, i) => [x, i])), key, crossed };
  prepared.set(ctx, d);
  return d;
}

/**
 * Pairings depend only on their inputs and the corpus: kept per corpus for the last few thousand
 * searches, so that re-checking a paragraph after a keystroke pairs again only the dates of the
 * sentence that changed. The words' places are counted within their sentence (no draft offsets).
 */
const MAX_PAIRINGS_KEPT = 4_000;
const pairingsKept = new WeakMap<CorpusDates, Map<string, Pairing[]>>();

function pairingsOf(cd: CorpusDates, words: readonly EventWord[], anchor: Anchor, dateWords: readonly string[], minEvidence: number, among?: Among): Pairing[] {
  let kept = pairingsKept.get(cd);
  if (!kept) pairingsKept.set(cd, (kept = new Map()));
  const key = [
    words.map((w) => `${w.norm}\u0002${w.stem}\u0002${w.distance}\u0002${w.position ?? ''}\u0002${w.capital ? 1 : 0}\u0002${w.standsFor ?? ''}`).join('\u0001'),
    `${anchor.day}:${anchor.origin}:${anchor.storyNewest ?? ''}`,
    dateWords.join('\u0001'),
    minEvidence,
    among?.key ?? '',
  ].join('\u0000');
  let found = kept.get(key);
  if (!found) {
    found = closestPairings(pairSources(cd, words, anchor, dateWords, PAIR_SCORE, minEvidence, among));
    if (kept.size >= MAX_PAIRINGS_KEPT) kept.clear();
    kept.set(key, found);
  }
  return found;
}

/** Pairings judged per date, at most: the closest by evidence, and the closest by share. */
const MAX_PAIRINGS = 24;

function closestPairings(all: Pairing[]): Pairing[] {
  if (all.length <= MAX_PAIRINGS) return all;
  const byEvidence = [...all].sort((a, b) => b.evidence - a.evidence).slice(0, MAX_PAIRINGS);
  const kept = new Set([...byEvidence, ...all.slice(0, MAX_PAIRINGS / 2)]);
  return all.filter((p) => kept.has(p));
}

/** Whether [start, end) lies inside one of the draft's quotations. */
function quoted(ctx: DraftContext, start: number, end: number): boolean {
  return insideSome(ctx.quotes, start, end);
}


/** The reading of the draft's last date so far in a block: what "the following year" counts from. */
interface Referent {
  period?: Period;
}

/** The findings of the dates in one sentence of the draft. */
function checkSentence(ctx: DraftContext, d: DraftDates, s: Span, out: Finding[], previous: Referent): void {
  const cd = corpusDates(ctx.index);
  const { anchor, dateline } = d;
  const masked = ctx.view.masked;
  // A date inside a quotation is the speaker's words, checked with the quotation, not the writer's claim.
  const exprs = extractDates(masked, s.start, s.end).filter(
    (e) => (!dateline || e.coreEnd <= dateline.start || e.coreStart >= dateline.end) && !quoted(ctx, e.coreStart, e.coreEnd),
  );
  if (!exprs.length) return;
  const tokens = tokenize(masked, s.start, s.end);
  const words = eventWordsOf(tokens, exprs);
  // The words outside every date expression, once per sentence: what tenseAround reads when told
  // to skip the sentence's date expressions (the same words, without a pass over all of them per date).
  const outside = tokensOutside(tokens, exprs);
  // The sentence's figures (outside quotations), read when a conflict asks whether a source
  // sentence tells the same occasion: most dates never conflict.
  let read: Figure[] | undefined;
  const figures = () => (read ??= readFigures(masked, s.start, s.end).filter((f) => !quoted(ctx, f.hedgeStart, f.end)));
  const names = firstName(masked, tokens);
  for (const list of words) for (const w of list) if (w.position !== undefined) w.capital = /^\p{Lu}/u.test(masked.slice(tokens[w.position].start, tokens[w.position].start + 1));
  exprs.forEach((expr, i) => {
    const tense = tenseAround(masked, s.start, s.end, expr.coreStart, expr.coreEnd, [], outside);
    let resolution = resolveDate(expr, anchor.day, tense, previous.period);
    if (!resolution) return;
    // Only a date whose reading needs no guess of an anchor is counted from.
    if (!resolution.inconsistent && (resolution.rule === 'stated' || resolution.rule === 'anaphoric' || anchor.origin === 'draft' || anchor.origin === 'dateline')) previous.period = resolution.period;
    // Without any date to go by, the year of "Monday, Sept. 14" is unknown: so is its weekday.
    if (resolution.inconsistent?.reason === 'weekday' && (anchor.origin === 'floating' || anchor.origin === 'text-newest') && expr.year === undefined) {
      resolution = { ...resolution, inconsistent: undefined };
    }
    const text = ctx.text.slice(expr.start, expr.end);
    const wordCount = new Set(words[i].map((w) => w.stem)).size;
    const kindOf = resolution.rule === 'stated' ? undefined : expr;
    const chance = Math.log(Math.max(1, cd.likeRows(resolution.period, kindOf)));
    const searched = Math.log(Math.max(1, cd.datedCount));
    const eventWords = withCompounds(tokens, words[i], (norm) => cd.datedFrequency(norm) > 0);
    // "The following year" is no wording a source would share.
    const dateWords = expr.anaphora ? [] : tokenize(masked, expr.coreStart, expr.coreEnd).map((t) => t.norm);
    const floor = resolution.rule === 'stated' ? WEAK_SUPPORT_MARGIN : SUPPORT_MARGIN;
    // Pairings that could matter: a clear share (a conflict needs one), or evidence near chance
    // (above it for dates whose weak support counts for nothing: see judge). Searched twice when
    // some sources are the story's (corpus/relevance): among those, with chance levels of their
    // own, so that an archive's thousands of sentences cannot crowd them out; and among all.
    let story: DraftDate['story'];
    let pairings = pairingsOf(cd, eventWords, anchor, dateWords, chance + floor);
    if (storyOnly(ctx)) {
      story = {
        chance: Math.log(Math.max(1, cd.likeRows(resolution.period, kindOf, ctx.related))),
        searched: Math.log(Math.max(1, cd.datedCountAmong(ctx.related))),
      };
      const own = pairingsOf(cd, eventWords, anchor, dateWords, story.chance + floor, ctx.related);
      const seen = new Set(own.map(pairingKey));
      pairings = [...own, ...pairings.filter((p) => !seen.has(pairingKey(p)))];
    }
    out.push(judge(ctx, text, { expr, tense, resolution, pairings, wordCount, words: eventWords, chance, searched, story, figures, names }, anchor));
  });
}

/** The tokens not inside any of the spans (a token inside a span: start and end within it). */
function tokensOutside<T extends { start: number; end: number }>(tokens: readonly T[], spans: readonly { start: number; end: number }[]): T[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  // Furthest end among the spans starting at or before each one.
  const reach = new Int32Array(sorted.length);
  sorted.forEach((x, k) => (reach[k] = Math.max(x.end, k ? reach[k - 1] : -1)));
  return tokens.filter((t) => {
    let lo = 0;
    for (let hi = sorted.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].start <= t.start) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 || reach[lo - 1] < t.end;
  });
}

/**
 * Block by block (checks/blocks.ts): a keystroke re-checks the dates of the edited paragraph only;
 * the key holds the anchor, the dateline and the text around sentences that leave their block.
 */
const check: Check = {
  name: 'dates',
  run(ctx: DraftContext): Finding[] {
    const d = prepare(ctx);
    const out: Finding[] = [];
    let previous: Referent = {};
    d.sentences.forEach((s, i) => {
      if (i && d.blockOf[i] !== d.blockOf[i - 1]) previous = {};
      checkSentence(ctx, d, s, out, previous);
    });
    return out;
  },
  blockKey(ctx: DraftContext): string {
    return prepare(ctx).key;
  },
  blockReusable(ctx: DraftContext, block: Span): boolean {
    const d = prepare(ctx);
    return !d.crossed.has(d.blockNumber.get(block) ?? -1);
  },
  runBlock(ctx: DraftContext, block: Span): Finding[] {
    const d = prepare(ctx);
    const b = d.blockNumber.get(block) ?? ctx.view.blocks.findIndex((x) => x.start === block.start && x.end === block.end);
    const out: Finding[] = [];
    // blockOf never decreases: the block's sentences are one run, found by binary search.
    let lo = 0;
    for (let hi = d.sentences.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (d.blockOf[mid] < b) lo = mid + 1;
      else hi = mid;
    }
    const previous: Referent = {};
    for (let i = lo; i < d.sentences.length && d.blockOf[i] === b; i++) checkSentence(ctx, d, d.sentences[i], out, previous);
    return out;
  },
};

const STATUSES = ['verified', 'mismatch', 'unsupported', 'inconsistent'] as const;
const SETTINGS = {
  /** Severity of a date the sources give differently. */
  dateMismatchSeverity: severity('warning'),
  /** Severity of a date no source reports. */
  dateUnsupportedSeverity: severity('information'),
  /** Severity of a date that contradicts itself. */
  dateInconsistentSeverity: severity('error'),
  /** Check dates at all. */
  checkDates: flag(true),
} as const;

/** Dates: does each date of the draft agree with what the sources say about the same thing? */
export const dateCheck: CheckModule<'date', (typeof STATUSES)[number], typeof SETTINGS> = defineCheck({
  kind: 'date',
  name: 'dates',
  statuses: STATUSES,
  titles: {
    verified: 'Date agrees with the sources',
    mismatch: 'The sources give another date',
    unsupported: 'No source reports this date',
    inconsistent: 'The date contradicts itself',
  },
  settings: SETTINGS,
  enabledBy: 'checkDates',
  tables: [DATES_TABLE, DATELINES_TABLE],
  corpusTables: [DATED_TABLE, DATE_COUNTS_TABLE],
  eval: { quoted: false, claims: ['mismatch'], unfixed: ['mismatch', 'inconsistent'] },
  presentation: {
    heading: 'Dates',
    icon: 'calendar',
    statusNames: { mismatch: 'other date', inconsistent: 'contradicts itself' },
    titleSays: ['unsupported'],
    rules: {
      mismatch: {
        name: 'DateMismatch',
        short: 'A date the sources give differently',
        full: 'Sources that report the same event give another date.',
        help: 'Check the date against the sources shown as related locations.',
        severity: 'dateMismatchSeverity',
      },
      unsupported: {
        name: 'UnsupportedDate',
        short: 'A date no source reports',
        full: 'No source reports the event of this sentence on this date.',
        help: 'Add the source that reports the date, or accept the date in the accepted-findings file.',
        severity: 'dateUnsupportedSeverity',
      },
      inconsistent: {
        name: 'InconsistentDate',
        short: 'A date that contradicts itself',
        full: 'A weekday that does not fall on the stated date, or a date that does not exist.',
        help: 'Correct the weekday or the date.',
        severity: 'dateInconsistentSeverity',
      },
    },
    // The source's own date where it is not the one the draft should have.
    sourceValue: (value, draftValue) => (value !== draftValue ? { label: 'This source', text: /^\d{4}-\d{2}-\d{2}$/.test(value) ? longDate(value) : (shortDate(value) ?? value) } : undefined),
  },
  // Ahead of need: the source dates' event stems, which pairing reads (dates/dated.ts).
  create: (index) => ({ ...check, warmUp: () => corpusDates(index).prepareStems() }),
});
