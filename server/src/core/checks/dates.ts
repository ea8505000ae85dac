// The date check: every date in the draft agrees with the sources, or the writer is told what they say.
//   verified      a source date about the same event lies within the draft's date;
//   mismatch      sources about the same event give another date (warning);
//   unsupported   no source dates the event (information);
//   inconsistent  the date contradicts itself: a weekday off its date, a day that does not exist (error).
// Pipeline: extract (dates/extract) → resolve against the anchor (dates/anchor, tense, resolve) →
// pair with source dates of the same event (dates/match) → judge → finding with fixes (dates/render).
import { dayPeriod, daysInMonth, periodAt, periodValue, precisionRank as rankOf, toYmd, weekStart, type Period } from '../dates/calendar';
import { datelineDay, findDateline, FLOATING_DAY, isoDay, type Anchor } from '../dates/anchor';
import { eventWordsOf, isEventWord, stem, withCompounds, type EventWord } from '../dates/eventWords';
import { extractDates, wordBefore, type DateExpression } from '../dates/extract';
import { DATE_PREPOSITIONS, MONTH_NAMES } from '../dates/lexicon';
import { pairSources, relate, storyEvidence, type Pairing, type Related } from '../dates/match';
import { eventPhrase, nearestWithWeekday, renderLike, weekdayName } from '../dates/render';
import { resolveDate, type Resolution } from '../dates/resolve';
import { corpusDates, dateKind, type CorpusDates } from '../dates/sources';
import { tenseAround, type Tense } from '../dates/tense';
import { DATE_MSG, dateSourceLabel, describeDate, shortDate } from '../messages';
import { sentenceSpans } from '../text/sentences';
import { tokenize } from '../text/tokens';
import { insideSome } from '../text/spans';
import type { Span } from '../text/markdown';
import type { Finding, Fix, SourceMatch } from '../types';
import type { Check, DraftContext } from './context';

/** A source date counts as about the same event from this share of the draft's event words on (inconsistent dates' repairs). */
const PAIR_SCORE = 0.3;
/** Calling a date wrong needs a clear share of the draft's words and at least this many shared words… */
const MISMATCH_SCORE = 0.5;
const MISMATCH_SHARED = 3;
/**
 * … and evidence (Pairing.evidence, nats) this far above the chance level, the log of the number
 * of dated sentences searched: fewer than e^-MISMATCH_MARGIN pairings this good would come from
 * unrelated stories. A corpus of ten thousand dated sentences asks for more than one of a hundred.
 */
const MISMATCH_MARGIN = 1;
/**
 * A source date that agrees verifies when its evidence exceeds the chance level of agreeing: the
 * log of the number of source dates that could agree (those stating a date within the draft's,
 * and those worded like it: every "Monday"). Within a small corpus about the story one rare shared
 * word is enough; in an archive the same date somewhere in an unrelated story is not.
 */
const SUPPORT_MARGIN = 0;
/** In a corpus large enough to hold unrelated stories (see STORY_SLACK), this much more. */
const ARCHIVE_SUPPORT_MARGIN = 1;
/**
 * A source date is about the draft's event only if its source is about the draft's story about as
 * much as the source most about it (storyEvidence): at least this share of the best one's.
 */
const STORY_SHARE = 0.4;
const STORY_SLACK = 3;
/** A source that agrees verifies only with this share of the evidence of the closest account of the event. */
const SUPPORT_SHARE = 0.5;
/** Agreement this close to chance still keeps a conflicting source from calling the date wrong. */
const WEAK_SUPPORT_MARGIN = -2;

function valueOf(p: Period): string {
  return periodValue(p);
}

function describe(p: Period): string {
  return describeDate(periodValue(p), p.precision === 'week' ? periodValue(dayPeriod(weekStart(p.start))) : undefined);
}

/** The draft's anchor: its own date, its dateline, the newest source date, else a floating day. */
function draftAnchor(ctx: DraftContext, cd: CorpusDates): { anchor: Anchor; dateline?: { start: number; end: number } } {
  // Among the story's sources only (an archive around them), their newest date, not the archive's.
  const story = storyOnly(ctx);
  const newest = story ? cd.newestAmong(ctx.related) : cd.newest;
  const withNewest = (a: Anchor): Anchor => (story ? { ...a, storyNewest: newest } : a);
  const own = isoDay(ctx.draftDate);
  const dl = findDateline(ctx.view.masked, ctx.view.bodyStart);
  if (own !== undefined) return { anchor: withNewest({ day: own, origin: 'draft' }), dateline: dl };
  const day = dl && datelineDay(dl, newest);
  if (day !== undefined) return { anchor: withNewest({ day, origin: 'dateline' }), dateline: dl };
  if (newest !== undefined) return { anchor: withNewest({ day: newest, origin: 'newest-source' }), dateline: dl };
  return { anchor: withNewest({ day: FLOATING_DAY, origin: 'floating' }), dateline: dl };
}

/** A reading is shown as a calendar value only when its anchor is a real date or it needs none. */
function shownValue(p: Period, r: Resolution, anchor: Anchor): string | undefined {
  return anchor.origin === 'floating' && r.rule !== 'stated' ? undefined : valueOf(p);
}

interface DraftDate {
  expr: DateExpression;
  tense: Tense;
  resolution: Resolution;
  pairings: Pairing[];
  /** Distinct event words around the draft's date. */
  wordCount: number;
  /** Its event words, compounds' other spellings included. */
  words: EventWord[];
  /** Chance levels (nats): the log of how many source dates could agree with it, and of how many dated sentences were searched. */
  chance: number;
  searched: number;
  /** The same among the story's sources, when some but not all sources are (see storyOnly). */
  story?: { chance: number; searched: number };
}

const pairingKey = (p: Pairing) => `${p.date.source}:${p.date.sentence.start}:${p.date.expr.start}`;

function sourceMatch(ctx: DraftContext, p: Pairing, reading: Period): SourceMatch {
  const src = ctx.index.sources[p.date.source];
  const e = p.date.expr;
  return {
    sourceId: src.id,
    start: e.start,
    end: e.end,
    contextStart: p.date.sentence.start,
    contextEnd: p.date.sentence.end,
    wording: p.date.wording,
    value: shownValue(reading, p.date.resolution, p.date.anchor),
  };
}

/** The source's words for the event a mismatch compared the draft's date with. */
function comparedEvent(ctx: DraftContext, d: DraftDate, p: Pairing): string | undefined {
  const src = ctx.index.sources[p.date.source];
  const text = src.text;
  if (!text) return undefined;
  const stems = new Set(d.words.map((w) => w.stem));
  const tokens = tokenize(text, p.date.sentence.start, p.date.sentence.end);
  return eventPhrase(text, tokens, p.date.expr, (norm) => isEventWord(norm) && stems.has(stem(norm)));
}

/** What a source's date says, in words: the calendar date, or its own wording when it floats. */
function sourceSays(p: Pairing, reading: Period): string {
  const floating = p.date.anchor.origin === 'floating' && p.date.resolution.rule !== 'stated';
  if (floating) return `“${p.date.wording}”`;
  // A relative date shows its words too: "2013 (“last year”)".
  return p.date.resolution.rule === 'stated' ? describe(reading) : `${describe(reading)} (“${p.date.wording}”)`;
}

function notes(d: DraftDate, anchor: Anchor, reading: Period, r: Resolution = d.resolution, sourceLabel?: string): string[] {
  const out: string[] = [];
  if (r.rule === 'anaphoric' && r.referent) return [DATE_MSG.noteResolved(describe(reading)), DATE_MSG.noteReferent(describe(r.referent))];
  const needsAnchor = r.rule !== 'stated';
  if (needsAnchor && anchor.origin === 'floating') out.push(DATE_MSG.noteFloating);
  else {
    out.push(DATE_MSG.noteResolved(describe(reading)));
    if (reading.start !== r.period.start) out.push(DATE_MSG.noteReadingFromSources(describe(reading)));
    if (needsAnchor && anchor.origin === 'same-as-source' && sourceLabel) out.push(DATE_MSG.noteAnchorOfSource(sourceLabel, describe(dayPeriod(anchor.day))));
    else if (needsAnchor) out.push(DATE_MSG.noteAnchor(anchor.origin, describe(dayPeriod(anchor.day))));
  }
  if (r.rule === 'past' && d.tense.cue) out.push(DATE_MSG.notePast(d.tense.cue));
  else if (r.rule === 'future' && d.tense.cue) out.push(DATE_MSG.noteFuture(d.tense.cue));
  else if (r.rule === 'nearest') out.push(DATE_MSG.noteNearest);
  return out;
}

/**
 * Whether an expression itself states the unit a draft date is given in: a source can correct a
 * year only with a year it states ("in 2013", "last year"), not with one implied by "on Monday".
 */
function states(e: DateExpression, precision: Period['precision']): boolean {
  const unit = e.relative?.unit;
  switch (precision) {
    case 'year':
      return e.year !== undefined || unit === 'year';
    case 'month':
      return e.month !== undefined || unit === 'month';
    case 'week':
      return unit === 'week' || unit === 'day' || e.day !== undefined || e.weekday !== undefined;
    case 'day':
      return unit === 'day' || e.day !== undefined || e.weekday !== undefined;
    case 'decade':
    case 'century':
      // A year states its decade and century ("in 1942": the 1940s).
      return e.year !== undefined || unit === 'year';
  }
}

/**
 * Two dates that both count from their texts' dates ("on Monday" and "on Tuesday") can only
 * contradict each other if the texts were written within a week of each other: otherwise the
 * shared words are a coincidence of wording (every wire story "rose in January").
 */
function writtenTogether(r: Considered): boolean {
  if (r.res.rule === 'stated' || r.p.date.resolution.rule === 'stated') return true;
  return Math.abs(r.anchor.day - r.p.date.anchor.day) <= 7;
}

type Comparability = 'full' | 'support-only' | 'none';

/**
 * Whether two readings can be compared. With a real anchor, always. With a floating one (nothing
 * dated anywhere), a stated date compares only with a stated date, a weekday with a weekday, a
 * year-less date with a year-less date; "yesterday" and "last week" can agree with their like but
 * never contradict anything, since the draft may have been written days after its sources.
 */
function comparability(d: DraftDate, p: Pairing, anchor: Anchor, reading: Anchor): Comparability {
  // Counted from the date before it, the reading is only as good as the guess of which date that
  // is ("two years later" than what?): it may agree with a source, never contradict one.
  if (d.resolution.rule === 'anaphoric') return 'support-only';
  const dStated = d.resolution.rule === 'stated';
  const sStated = p.date.resolution.rule === 'stated';
  // A guessed anchor cannot make a date wrong: "last year" in a draft of unknown date, read from
  // the newest source, may agree with a year a source states but never contradicts it.
  const guessed = anchor.origin === 'newest-source' && reading.origin !== 'same-as-source';
  if (guessed && !dStated && sStated) return 'support-only';
  // Read from the same guessed anchor, "today" and "on Friday" agree or not by the guess alone;
  // only the same words ("on Tuesday" in both) can be compared.
  const sourceGuessed = p.date.anchor.origin === 'newest-source' || p.date.anchor.origin === 'same-as-draft';
  if (guessed && !dStated && !sStated && sourceGuessed && dateKind(d.expr) !== dateKind(p.date.expr)) return 'none';
  // Read as if written when the source was (or in the year it states): no guess is left.
  if (reading.origin === 'same-as-source') return 'full';
  if (anchor.origin !== 'floating' || (dStated && sStated)) return 'full';
  if (dStated !== sStated) return 'none';
  const kind = (e: DateExpression) => (e.form === 'weekday' ? 'weekday' : e.form === 'date' || e.form === 'month' ? 'yearless' : e.relative?.unit);
  const dk = kind(d.expr);
  const sk = kind(p.date.expr);
  if (dk !== sk) return 'none';
  return dk === 'weekday' || dk === 'yearless' ? 'full' : 'support-only';
}

interface Considered {
  p: Pairing;
  /** The draft date as read for this source (see `readingFor`). */
  res: Resolution;
  anchor: Anchor;
  rel: Related;
  how: Comparability;
}

/**
 * A draft without a date of its own has only a guessed anchor; compared with a dated source, its
 * relative dates are read as if written when that source was ("on Tuesday" in both means the same
 * Tuesday), so a guess never makes a date wrong.
 */
function readingFor(d: DraftDate, anchor: Anchor, p: Pairing): { res: Resolution; anchor: Anchor } {
  const guessed = anchor.origin === 'newest-source' || anchor.origin === 'floating';
  if (!guessed || d.resolution.rule === 'stated') return { res: d.resolution, anchor };
  // "In March" in a draft of unknown date is March of whatever year the source states.
  const srcYear = p.date.expr.year;
  if (d.expr.year === undefined && d.expr.month !== undefined && srcYear !== undefined && !d.expr.relative) {
    const res = resolveDate({ ...d.expr, year: srcYear }, anchor.day, d.tense);
    if (res && !res.inconsistent) return { res: { ...res, rule: d.resolution.rule }, anchor: { day: p.date.anchor.day, origin: 'same-as-source' } };
  }
  const sourceDated = p.date.anchor.origin === 'meta' || p.date.anchor.origin === 'dateline';
  if (!sourceDated || p.date.anchor.day === anchor.day) return { res: d.resolution, anchor };
  const res = resolveDate(d.expr, p.date.anchor.day, d.tense);
  return res && !res.inconsistent ? { res, anchor: { day: p.date.anchor.day, origin: 'same-as-source' } } : { res: d.resolution, anchor };
}

/** How far a pairing's evidence lies above the chance level `chance` (nats). */
function margin(r: Considered, chance: number): number {
  return r.p.evidence - chance;
}

function judge(ctx: DraftContext, text: string, d: DraftDate, anchor: Anchor): Finding {
  const { expr, resolution } = d;
  const base = { kind: 'date' as const, start: expr.start, end: expr.end, text };
  const read: Considered[] = d.pairings.map((p) => {
    const r = readingFor(d, anchor, p);
    return { p, ...r, rel: relate(r.res, p.date.resolution), how: comparability(d, p, anchor, r.anchor) };
  });
  // A range's start is compared with a range's start, its end with an end (or a single date).
  const sameEnd = (r: Considered) => !expr.range || !r.p.date.expr.range || expr.range === r.p.date.expr.range;
  const considered = read.filter((r) => sameEnd(r) && (r.how === 'full' || (r.how === 'support-only' && r.rel.relation === 'supports')));
  const related = considered.filter((r) => r.p.score >= PAIR_SCORE && r.p.shared >= Math.min(2, d.wordCount));
  const label = (p: Pairing) => dateSourceLabel(ctx.index.sources[p.date.source].meta);

  if (resolution.inconsistent) return inconsistent(ctx, text, d, anchor, related, base);

  const byEvidence = (a: Considered, b: Considered) => b.p.evidence - a.p.evidence || b.p.score - a.p.score;
  // How much each source is about the draft's story, and the most any is.
  const stories = new Map<number, number>();
  const norms = [...new Set(d.words.map((w) => w.norm))];
  const story = (r: Considered) => {
    let v = stories.get(r.p.date.source);
    if (v === undefined) stories.set(r.p.date.source, (v = storyEvidence(ctx.index, norms, r.p.date.source)));
    return v;
  };
  // Over every pairing, comparable or not: the sources most about the story set the bar.
  let bestStory = 0;
  for (const p of d.pairings) bestStory = Math.max(bestStory, story({ p } as Considered));
  // In a corpus of more than e^STORY_SLACK sources, unrelated stories can share a sentence's
  // words and date by chance: a source counts only if it is about the story as a whole, with
  // story evidence that fewer than e^STORY_SLACK unrelated sources would reach (above the log of
  // the number of sources less the slack) and close to the source most about it.
  const significant = Math.log(ctx.index.sources.length) - STORY_SLACK;
  // A source of the story (corpus/relevance) is judged among the story's sources: chance levels
  // of those, and no test of its own that it is about the story.
  const inStory = (r: Considered) => d.story !== undefined && ctx.related.has(r.p.date.source);
  const chanceOf = (r: Considered) => (inStory(r) ? d.story!.chance : d.chance);
  const crowded = (r: Considered) => (inStory(r) ? Math.log(ctx.related.size) - STORY_SLACK > 0 : significant > 0);
  // Where unrelated stories abound, agreement must be unlikely among them too.
  const supportMargin = (r: Considered) => (crowded(r) ? SUPPORT_MARGIN + ARCHIVE_SUPPORT_MARGIN : SUPPORT_MARGIN);
  const aboutStory = (r: Considered) => inStory(r) || significant <= 0 || story(r) >= Math.max(significant, STORY_SHARE * bestStory);
  // Sources that would call the date wrong: a clear share of its words, evidence above chance in
  // a large corpus, about the story, and a date of their own that can correct the draft's.
  const callsWrong = (r: Considered) =>
    r.rel.relation === 'conflicts' &&
    r.p.score >= MISMATCH_SCORE &&
    r.p.shared >= MISMATCH_SHARED &&
    (!crowded(r) || margin(r, inStory(r) ? d.story!.searched : d.searched) >= MISMATCH_MARGIN) &&
    aboutStory(r) &&
    states(r.p.date.expr, r.rel.draft.precision) &&
    writtenTogether(r);
  const conflicting = considered.filter(callsWrong).sort(byEvidence);
  // Such a source outweighs one that agrees much less closely (below SUPPORT_SHARE of its
  // evidence): the closest account of the event decides, even when a guessed anchor keeps it
  // from calling the date wrong.
  let closest = 0;
  for (const r of read) if (r.how !== 'none' && callsWrong(r)) closest = Math.max(closest, r.p.evidence);
  const supporting = considered
    .filter((r) => r.rel.relation === 'supports' && margin(r, chanceOf(r)) >= supportMargin(r) && r.p.evidence >= SUPPORT_SHARE * closest && aboutStory(r))
    .sort(byEvidence);
  const verified = (list: Considered[]): Finding => {
    const top = list[0];
    const sources = list.filter((r) => r.p.evidence >= 0.6 * top.p.evidence).map((r) => sourceMatch(ctx, r.p, r.rel.source));
    return {
      ...base,
      status: 'verified',
      severity: 'none',
      message: DATE_MSG.verified(new Set(sources.map((s) => s.sourceId)).size),
      sources,
      fixes: [],
      value: shownValue(top.rel.draft, top.res, top.anchor),
      notes: notes(d, top.anchor, top.rel.draft, top.res, label(top.p)),
    };
  };
  if (supporting.length) return verified(supporting);
  // A conflict speaks only when nothing else about the event is as close: a source that agrees or
  // overlaps with evidence near the chance level (the event told in other words) keeps it quiet.
  // Not so for weekdays and relative dates: every week repeats them, in a large corpus about anything.
  const weakSupportCounts = resolution.rule === 'stated';
  const top = conflicting[0];
  const quieted =
    top &&
    considered.some(
      (r) =>
        r.rel.relation !== 'conflicts' &&
        aboutStory(r) &&
        (r.p.evidence >= top.p.evidence || (weakSupportCounts && r.rel.relation === 'supports' && margin(r, chanceOf(r)) >= WEAK_SUPPORT_MARGIN)),
    );
  if (top && !quieted) {
    // The expected date at the draft's precision when the source is finer.
    const src = top.rel.source;
    const expected = precisionRank(src) <= precisionRank(top.rel.draft) ? periodAt(top.rel.draft.precision, src.start) : src;
    const fixes: Fix[] = [];
    const seen = new Set<string>();
    for (const r of conflicting) {
      const s = r.rel.source;
      if (precisionRank(s) > precisionRank(r.rel.draft)) continue;
      const target = periodAt(r.rel.draft.precision, s.start);
      const inferredYear = expr.year === undefined ? toYmd(r.rel.draft.start).year : undefined;
      const newText = renderLike(text, expr, target, r.anchor.day, inferredYear);
      if (!newText || newText === text || seen.has(newText)) continue;
      seen.add(newText);
      fixes.push({ title: DATE_MSG.useDateOf(newText, label(r.p)), edits: [{ start: expr.start, end: expr.end, newText }] });
    }
    return {
      ...base,
      status: 'mismatch',
      severity: ctx.config.dateMismatchSeverity,
      message: DATE_MSG.mismatch(label(top.p), sourceSays(top.p, expected), comparedEvent(ctx, d, top.p)),
      sources: conflicting.map((r) => sourceMatch(ctx, r.p, r.rel.source)),
      fixes,
      value: shownValue(top.rel.draft, top.res, top.anchor),
      expected: shownValue(expected, top.p.date.resolution, top.p.date.anchor),
      notes: notes(d, top.anchor, top.rel.draft, top.res, label(top.p)),
    };
  }
  const coarser = considered.filter((r) => r.rel.relation === 'compatible' && margin(r, chanceOf(r)) >= supportMargin(r) && aboutStory(r)).sort(byEvidence)[0];
  return {
    ...base,
    status: 'unsupported',
    severity: ctx.config.dateUnsupportedSeverity,
    message: coarser ? DATE_MSG.unsupportedCoarser(sourceSays(coarser.p, coarser.rel.source)) : DATE_MSG.unsupported,
    sources: coarser ? [sourceMatch(ctx, coarser.p, coarser.rel.source)] : [],
    fixes: [],
    value: shownValue(resolution.period, resolution, anchor),
    notes: notes(d, anchor, resolution.period, resolution),
  };
}

function precisionRank(p: Period): number {
  return rankOf(p.precision);
}

function inconsistent(
  ctx: DraftContext,
  text: string,
  d: DraftDate,
  anchor: Anchor,
  related: { p: Pairing; rel: Related }[],
  base: { kind: 'date'; start: number; end: number; text: string },
): Finding {
  const { expr, resolution } = d;
  const why = resolution.inconsistent!;
  const period = resolution.period;
  let message: string;
  if (why.reason === 'weekday') {
    message = DATE_MSG.weekdayMismatch(shortDate(valueOf(period))!, weekdayName(why.actual), weekdayName(why.stated));
  } else {
    const { year, month } = toYmd(period.start);
    const name = expr.year !== undefined || month === 2 ? `${MONTH_NAMES[month - 1]}${expr.year !== undefined ? ` ${year}` : ''}` : MONTH_NAMES[month - 1];
    message = DATE_MSG.impossible(name, daysInMonth(expr.year ?? 2001, month));
  }
  const fixes: Fix[] = [];
  const sources: SourceMatch[] = [];
  const seen = new Set<string>();
  const add = (title: (t: string) => string, target: Period) => {
    const newText = renderLike(text, expr, target, anchor.day);
    if (!newText || newText === text || seen.has(newText)) return;
    seen.add(newText);
    fixes.push({ title: title(newText), edits: [{ start: expr.start, end: expr.end, newText }] });
  };
  // The sources' date first, when they date the event to the day.
  for (const r of related) {
    const s = r.p.date.resolution.period;
    if (s.precision !== 'day' || r.p.shared < 2) continue;
    sources.push(sourceMatch(ctx, r.p, s));
    add((t) => DATE_MSG.useDateOf(t, dateSourceLabel(ctx.index.sources[r.p.date.source].meta)), s);
  }
  if (why.reason === 'weekday') {
    // Keep the date and fix the weekday, or keep the weekday and move to its nearest date.
    add(DATE_MSG.changeTo, period);
    add(DATE_MSG.changeTo, dayPeriod(nearestWithWeekday(period.start, why.stated)));
  }
  return {
    ...base,
    status: 'inconsistent',
    severity: ctx.config.dateInconsistentSeverity,
    message,
    sources,
    fixes,
    value: why.reason === 'weekday' ? valueOf(period) : undefined,
    notes: why.reason === 'weekday' ? notes(d, anchor, period) : [],
  };
}

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

/**
 * Whether the search is among the story's sources only (corpus/relevance), not every source: when
 * some but not all are the story's. When none is (the story's sources are absent, or the corpus
 * too small for the test), every source is searched, each judged by storyEvidence.
 */
function storyOnly(ctx: DraftContext): boolean {
  return ctx.related.size > 0 && ctx.related.size < ctx.index.sources.length;
}

/** The findings of the dates in one sentence of the draft. */
/** The reading of the draft's last date so far in a block: what "the following year" counts from. */
interface Referent {
  period?: Period;
}

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
  for (const list of words) for (const w of list) if (w.position !== undefined) w.capital = /^\p{Lu}/u.test(masked.slice(tokens[w.position].start, tokens[w.position].start + 1));
  exprs.forEach((expr, i) => {
    const tense = tenseAround(masked, s.start, s.end, expr.coreStart, expr.coreEnd, [], outside);
    let resolution = resolveDate(expr, anchor.day, tense, previous.period);
    if (!resolution) return;
    // Only a date whose reading needs no guess of an anchor is counted from.
    if (!resolution.inconsistent && (resolution.rule === 'stated' || resolution.rule === 'anaphoric' || anchor.origin === 'draft' || anchor.origin === 'dateline')) previous.period = resolution.period;
    // Without any date to go by, the year of "Monday, Sept. 14" is unknown: so is its weekday.
    if (resolution.inconsistent?.reason === 'weekday' && anchor.origin === 'floating' && expr.year === undefined) {
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
    let pairings = closestPairings(pairSources(cd, eventWords, anchor, dateWords, PAIR_SCORE, chance + floor));
    if (storyOnly(ctx)) {
      story = {
        chance: Math.log(Math.max(1, cd.likeRows(resolution.period, kindOf, ctx.related))),
        searched: Math.log(Math.max(1, cd.datedCountAmong(ctx.related))),
      };
      const own = closestPairings(pairSources(cd, eventWords, anchor, dateWords, PAIR_SCORE, story.chance + floor, (src) => ctx.related.has(src)));
      const seen = new Set(own.map(pairingKey));
      pairings = [...own, ...pairings.filter((p) => !seen.has(pairingKey(p)))];
    }
    out.push(judge(ctx, text, { expr, tense, resolution, pairings, wordCount, words: eventWords, chance, searched, story }, anchor));
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
export const dateCheck: Check = {
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
