// How a draft date is compared with a source date (checks/dates/judge.ts): which reading of the
// draft's date goes with a source (`readingFor`), whether the two can be compared at all
// (`comparability`), and what a source must state to correct the draft (`states`, `writtenTogether`).
import type { Anchor } from '../../dates/anchor';
import type { DateExpression } from '../../dates/extract';
import type { Pairing, Related } from '../../dates/match';
import { resolveDate, type Resolution } from '../../dates/resolve';
import { dateKind } from '../../dates/sources';
import type { Period } from '../../dates/calendar';
import type { DraftDate } from './judge';

/**
 * Whether an expression itself states the unit a draft date is given in: a source can correct a
 * year only with a year it states ("in 2013", "last year"), not with one implied by "on Monday".
 */
export function states(e: DateExpression, precision: Period['precision']): boolean {
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
export function writtenTogether(r: Considered): boolean {
  if (r.res.rule === 'stated' || r.p.date.resolution.rule === 'stated') return true;
  return Math.abs(r.anchor.day - r.p.date.anchor.day) <= 7;
}

export type Comparability = 'full' | 'support-only' | 'none';

/**
 * Whether two readings can be compared. With a real anchor, always. With a floating one (nothing
 * dated anywhere), a stated date compares only with a stated date, a weekday with a weekday, a
 * year-less date with a year-less date; "yesterday" and "last week" can agree with their like but
 * never contradict anything, since the draft may have been written days after its sources.
 */
export function comparability(d: DraftDate, p: Pairing, anchor: Anchor, reading: Anchor): Comparability {
  // A weekend may agree with a source's day, never be called wrong by one: "over the weekend"
  // is loose about its edges (Friday night, a Monday announcement of what happened).
  const how = comparabilityOf(d, p, anchor, reading);
  return d.expr.form === 'weekend' && how === 'full' ? 'support-only' : how;
}

function comparabilityOf(d: DraftDate, p: Pairing, anchor: Anchor, reading: Anchor): Comparability {
  // Counted from the date before it, the reading is only as good as the guess of which date that
  // is ("two years later" than what?): it may agree with a source, never contradict one.
  if (d.resolution.rule === 'anaphoric') return 'support-only';
  const dStated = d.resolution.rule === 'stated';
  const sStated = p.date.resolution.rule === 'stated';
  // Read from the newest date the sources state (nothing is dated), "last year" may agree with a
  // year a source states, never contradict it: that date is only about when the sources were written.
  if (anchor.origin === 'text-newest' && !dStated && sStated) return 'support-only';
  // A guessed anchor cannot make a date wrong: "last year" in a draft of unknown date, read from
  // the newest source, may agree with a year a source states but never contradicts it.
  const guessed = anchor.origin === 'newest-source' && reading.origin !== 'same-as-source';
  if (guessed && !dStated && sStated) return 'support-only';
  // Read from the same guessed anchor, "today" and "on Friday" agree or not by the guess alone;
  // only the same words ("on Tuesday" in both) can be compared.
  const sourceGuessed = p.date.anchor.origin === 'newest-source' || p.date.anchor.origin === 'same-as-draft';
  if (guessed && !dStated && !sStated && sourceGuessed && dateKind(d.expr) !== dateKind(p.date.expr)) return 'none';
  // When no source of the story gives a date, an undated source's "in December" or "last year" is
  // read as if written on the draft's day: a guess that says nothing of a date the draft states
  // ("in 2013"), which the guess alone would make agree or differ. (Read from the newest date of
  // the story's sources, it is a reading of the story's own dates, and compares.)
  if (dStated && !sStated && p.date.anchor.origin === 'same-as-draft') return 'none';
  // Read as if written when the source was (or in the year it states): no guess is left.
  if (reading.origin === 'same-as-source') return 'full';
  if ((anchor.origin !== 'floating' && anchor.origin !== 'text-newest') || (dStated && sStated)) return 'full';
  if (dStated !== sStated) return 'none';
  const kind = (e: DateExpression) => (e.form === 'weekday' || e.form === 'weekend' ? e.form : e.form === 'date' || e.form === 'month' ? 'yearless' : e.relative?.unit);
  const dk = kind(d.expr);
  const sk = kind(p.date.expr);
  if (dk !== sk) return 'none';
  return dk === 'weekday' || dk === 'yearless' ? 'full' : 'support-only';
}

export interface Considered {
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
export function readingFor(d: DraftDate, anchor: Anchor, p: Pairing): { res: Resolution; anchor: Anchor } {
  const guessed = anchor.origin === 'newest-source' || anchor.origin === 'floating' || anchor.origin === 'text-newest';
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
