// The date check's judgement of one draft date against the source dates paired with it.
import { dayPeriod, daysInMonth, periodAt, periodValue, precisionRank as rankOf, toYmd, weekStart, type Period } from '../../dates/calendar';
import { datelineDay, findDateline, FLOATING_DAY, isoDay, type Anchor } from '../../dates/anchor';
import { isEventWord, mentionsNames, stem, type EventWord } from '../../dates/eventWords';
import type { DateExpression } from '../../dates/extract';
import { MONTH_NAMES } from '../../dates/lexicon';
import { relate, storyEvidence, storyWords, type Pairing, type Related } from '../../dates/match';
import { eventPhrase, nearestWithWeekday, renderLike, weekdayName } from '../../dates/render';
import type { Resolution } from '../../dates/resolve';
import type { CorpusDates } from '../../dates/sources';
import type { Tense } from '../../dates/tense';
import { DATE_MSG, dateSourceLabel, describeDate, shortDate } from '../../messages';
import { tokenize } from '../../text/tokens';
import { occasion } from '../../numbers/compare';
import { readFigures, type Figure } from '../../numbers/read';
import type { Finding, Fix, SourceMatch } from '../../types';
import type { DraftContext } from '../context';
import { comparability, readingFor, states, writtenTogether, type Considered } from './compare';

/** A source date counts as about the same event from this share of the draft's event words on (inconsistent dates' repairs). */
export const PAIR_SCORE = 0.3;
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
export const SUPPORT_MARGIN = 0;
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
/** Another source's account of the event is about as close as the closest from this share of its evidence on. */
const RIVAL_SHARE = 0.8;
/** Sources shown at most when they date the event differently. */
const MAX_DIFFERING = 4;
/** Agreement this close to chance still keeps a conflicting source from calling the date wrong. */
export const WEAK_SUPPORT_MARGIN = -2;

function valueOf(p: Period): string {
  return periodValue(p);
}

function describe(p: Period): string {
  // A weekend (dates/resolve.ts): its Saturday.
  if (p.precision === 'week' && p.end - p.start === 2) return `the weekend of ${shortDate(periodValue(dayPeriod(p.start))) ?? periodValue(p)}`;
  return describeDate(periodValue(p), p.precision === 'week' ? periodValue(dayPeriod(weekStart(p.start))) : undefined);
}

/** The draft's anchor: its own date, its dateline, the newest source date, else a floating day. */
export function draftAnchor(ctx: DraftContext, cd: CorpusDates): { anchor: Anchor; dateline?: { start: number; end: number } } {
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
  // Nothing is dated: the newest date the sources state, if any (a guess that only agrees).
  const stated = story ? cd.newestStated(ctx.related) : cd.newestStated();
  if (stated !== undefined) return { anchor: withNewest({ day: stated, origin: 'text-newest' }), dateline: dl };
  return { anchor: withNewest({ day: FLOATING_DAY, origin: 'floating' }), dateline: dl };
}

/** A reading is shown as a calendar value only when its anchor is a real date or it needs none. */
function shownValue(p: Period, r: Resolution, anchor: Anchor): string | undefined {
  return anchor.origin === 'floating' && r.rule !== 'stated' ? undefined : valueOf(p);
}

export interface DraftDate {
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
  /** The figures of the draft's sentence (numbers/read.ts), outside quotations, read when first asked for. */
  figures: () => readonly Figure[];
  /** The first name of the draft's sentence (dates/eventWords.ts firstName). */
  names: readonly string[];
}

export const pairingKey = (p: Pairing) => `${p.date.source}:${p.date.sentence.start}:${p.date.expr.start}`;

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

/** How far a pairing's evidence lies above the chance level `chance` (nats). */
function margin(r: Considered, chance: number): number {
  return r.p.evidence - chance;
}

export function judge(ctx: DraftContext, text: string, d: DraftDate, anchor: Anchor): Finding {
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
  const words = storyWords(ctx.index, [...new Set(d.words.map((w) => w.norm))]);
  const story = (r: Considered) => {
    let v = stories.get(r.p.date.source);
    if (v === undefined) stories.set(r.p.date.source, (v = storyEvidence(ctx.index, words, r.p.date.source)));
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
  // In such a corpus only a source about the draft's story as a whole (corpus/relevance, over
  // every paragraph of the draft), when that test can tell, may call its date wrong: a sentence's
  // few shared words ("the book came out in 1993") are no evidence that an unrelated story tells
  // of the same event.
  const ofTheStory = (r: Considered) => significant <= 0 || !ctx.related.known || ctx.related.has(r.p.date.source);
  // Whether a source sentence tells the draft sentence's occasion, by their figures (numbers/compare.ts):
  // a sentence whose every comparable figure differs is another week's report worded alike.
  const occasions = new Map<string, ReturnType<typeof occasion>>();
  const occasionOf = (r: Considered) => {
    const figures = d.figures();
    if (!figures.length) return 'unknown';
    const key = pairingKey(r.p);
    let o = occasions.get(key);
    if (o === undefined) {
      const sentence = r.p.date.sentence;
      occasions.set(key, (o = occasion(figures, readFigures(ctx.index.sources[r.p.date.source].text, sentence.start, sentence.end))));
    }
    return o;
  };
  // A source that may tell when the event was: it names the sentence's subject (dates/eventWords.ts
  // mentionsNames) and, in a large corpus, is of the story and far above chance.
  const credible = (r: Considered) => mentionsNames(ctx.index, d.names, r.p.date.source) && ofTheStory(r) && (!crowded(r) || margin(r, inStory(r) ? d.story!.searched : d.searched) >= MISMATCH_MARGIN) && aboutStory(r);
  // Sources that would call the date wrong: a clear share of its words, credible, a date of their
  // own that can correct the draft's, and of the draft sentence's occasion as far as its figures tell.
  const callsWrong = (r: Considered) =>
    r.rel.relation === 'conflicts' &&
    r.p.score >= MISMATCH_SCORE &&
    r.p.shared >= MISMATCH_SHARED &&
    credible(r) &&
    states(r.p.date.expr, r.rel.draft.precision) &&
    writtenTogether(r) &&
    occasionOf(r) !== 'other';
  const conflicting = considered.filter(callsWrong).sort(byEvidence);
  // Such a source outweighs one that agrees much less closely (below SUPPORT_SHARE of its
  // evidence): the closest account of the event decides, even when a guessed anchor keeps it
  // from calling the date wrong.
  let closest = 0;
  // Not so a source that conflicts only as read from the newest date the sources state (a poor guess).
  for (const r of read) if (r.how !== 'none' && !(r.how === 'support-only' && r.anchor.origin === 'text-newest') && callsWrong(r)) closest = Math.max(closest, r.p.evidence);
  // A relative date of a draft without a date of its own, read as if written when the source was
  // or on the newest source's day ("today" on that day), agrees with the same words there by
  // construction: only the event's words are evidence, and in an archive those must come from a
  // source of the story. (Read from a floating day, a relative date agrees only with its like,
  // compare.ts, and the chance level already counts every source date worded like it.)
  const fromSourceDay = (r: Considered) =>
    r.res.rule === 'stated' || (r.anchor.origin !== 'same-as-source' && r.anchor.origin !== 'newest-source') || ofTheStory(r);
  const supporting = considered
    .filter((r) => r.rel.relation === 'supports' && margin(r, chanceOf(r)) >= supportMargin(r) && r.p.evidence >= SUPPORT_SHARE * closest && aboutStory(r) && fromSourceDay(r))
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
  // Nor when accounts about as close, in other sources, date the event differently among
  // themselves: the sources tell a recurring event (each week's report, each meeting) or disagree,
  // and the draft may date any occasion of it. One story's sources repeating one date strengthen
  // the conflict; sources giving several weaken it to nothing. A sentence the draft's figures show
  // to be of its occasion outweighs those they do not; when they show none to be, one they show
  // to be of another occasion still shows that the event recurs.
  const topOccasion = top && occasionOf(top);
  const differing = top
    ? considered.filter(
        (r) =>
          r.p.date.source !== top.p.date.source &&
          r.rel.relation !== 'supports' &&
          r.p.score >= PAIR_SCORE &&
          r.p.shared >= Math.min(2, d.wordCount) &&
          r.p.evidence >= RIVAL_SHARE * top.p.evidence &&
          credible(r) &&
          (r.rel.source.end <= top.rel.source.start || r.rel.source.start >= top.rel.source.end) &&
          (topOccasion !== 'same' || occasionOf(r) === 'same'),
      )
    : [];
  if (top && !quieted && differing.length) {
    const told = [top, ...differing.sort(byEvidence)].slice(0, MAX_DIFFERING);
    return {
      ...base,
      status: 'unsupported',
      severity: ctx.config.dateUnsupportedSeverity,
      message: DATE_MSG.sourcesDiffer(told.map((r) => `${label(r.p)}: ${sourceSays(r.p, r.rel.source)}`)),
      sources: told.map((r) => sourceMatch(ctx, r.p, r.rel.source)),
      fixes: [],
      value: shownValue(resolution.period, resolution, anchor),
      notes: notes(d, anchor, resolution.period, resolution),
    };
  }
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

/**
 * Whether the search is among the story's sources only (corpus/relevance), not every source: when
 * some but not all are the story's. When none is (the story's sources are absent, or the corpus
 * too small for the test), every source is searched, each judged by storyEvidence.
 */
export function storyOnly(ctx: DraftContext): boolean {
  return ctx.related.size > 0 && ctx.related.size < ctx.index.sources.length;
}
