// From a date expression to calendar periods, against an anchor day (the date the text was written).
//   weekday        past → the last such day on or before the anchor; future → on or after it;
//                  tense unknown → the nearer of the two; last/next Monday → strictly before/after.
//   year-less date past → the last occurrence on or before the anchor; future → on or after;
//                  unknown → the nearest occurrence.
//   relative       counted from the anchor (yesterday, last week, two years ago).
// When the tense was only guessed (weak), the other reading is kept as an alternative, so a
// comparison never calls a date wrong because of a guessed direction.
import {
  centuryPeriod,
  dayNumber,
  decadePeriod,
  dayPeriod,
  finerOrEqual,
  isValidDate,
  monthPeriod,
  toYmd,
  weekdayOf,
  weekPeriod,
  yearPeriod,
  type Period,
} from './calendar';
import type { DateExpression } from './extract';
import type { Direction, Tense } from './tense';

export interface Resolution {
  /** The reading the tense points to. */
  period: Period;
  /** Other readings the text allows (tense only guessed). */
  alternatives: Period[];
  /** How the reading was chosen (for hovers). */
  rule: 'stated' | 'past' | 'future' | 'nearest' | 'relative' | 'shifted' | 'anaphoric';
  /** For 'anaphoric': the reading of the date it counts from. */
  referent?: Period;
  /** The expression contradicts itself. */
  inconsistent?: { reason: 'weekday'; stated: number; actual: number } | { reason: 'impossible' };
}

function weekdayReading(anchor: number, weekday: number, direction: Direction | 'strictPast' | 'strictFuture'): number {
  const back = (weekdayOf(anchor) - weekday + 7) % 7;
  const ahead = (weekday - weekdayOf(anchor) + 7) % 7;
  switch (direction) {
    case 'past':
      return anchor - back;
    case 'future':
      return anchor + ahead;
    case 'strictPast':
      return anchor - (back || 7);
    case 'strictFuture':
      return anchor + (ahead || 7);
    case 'unknown':
      return back <= ahead ? anchor - back : anchor + ahead;
  }
}

/** The day or month in the year before, of, or after the anchor's that fits the direction. */
function yearlessReading(anchor: number, make: (year: number) => Period | undefined, direction: Direction): Period | undefined {
  const year = toYmd(anchor).year;
  const options = [year - 1, year, year + 1].map(make).filter((p): p is Period => !!p);
  if (direction === 'past') return options.filter((p) => p.start <= anchor).pop();
  if (direction === 'future') return options.find((p) => p.end > anchor);
  let best: Period | undefined;
  let bestDist = Infinity;
  for (const p of options) {
    const dist = anchor < p.start ? p.start - anchor : anchor >= p.end ? anchor - p.end + 1 : 0;
    if (dist < bestDist) {
      best = p;
      bestDist = dist;
    }
  }
  return best;
}

function addMonths(day: number, months: number): Period {
  const { year, month } = toYmd(day);
  const index = year * 12 + (month - 1) + months;
  return monthPeriod(Math.floor(index / 12), (index % 12) + 1);
}

function relativePeriod(anchor: number, rel: NonNullable<DateExpression['relative']>): Period {
  switch (rel.unit) {
    case 'day':
      return dayPeriod(anchor + rel.offset);
    case 'week':
      return weekPeriod(anchor + 7 * rel.offset);
    case 'month':
      return addMonths(anchor, rel.offset);
    case 'year':
      return yearPeriod(toYmd(anchor).year + rel.offset);
    case 'decade':
      return decadePeriod(toYmd(anchor).year + 10 * rel.offset);
    case 'century':
      return centuryPeriod(toYmd(anchor).year + 100 * rel.offset);
  }
}

const anchorYear = (anchor: number) => toYmd(anchor).year;

const opposite = (d: Direction): Direction => (d === 'past' ? 'future' : d === 'future' ? 'past' : 'unknown');

function distinct(main: Period, others: (Period | undefined)[]): Period[] {
  const out: Period[] = [];
  for (const p of others) if (p && p.start !== main.start && !out.some((o) => o.start === p.start)) out.push(p);
  return out;
}

/**
 * Resolves `e` against `anchor` (a day number; undefined when nothing dates the text). Returns
 * undefined when the expression needs an anchor and has none, or states no usable date.
 */
export function resolveDate(e: DateExpression, anchor: number | undefined, tense: Tense, referent?: Period): Resolution | undefined {
  if (e.anaphora) return referent ? fromReferent(e, e.anaphora, referent) : undefined;
  if (e.impossible) {
    // No such day: the month stands in for it, so sources about the event can still be paired.
    const year = e.year ?? (anchor !== undefined ? toYmd(anchor).year : 2000);
    return { period: monthPeriod(year, e.month ?? 1), alternatives: [], rule: 'stated', inconsistent: { reason: 'impossible' } };
  }
  const direction = tense.direction;
  if (e.form === 'year' && e.year !== undefined) return { period: yearPeriod(e.year), alternatives: [], rule: 'stated' };
  if (e.form === 'decade' && e.year !== undefined) return { period: decadePeriod(e.year), alternatives: [], rule: 'stated' };
  if (e.form === 'century' && e.year !== undefined) return { period: centuryPeriod(e.year), alternatives: [], rule: 'stated' };
  if (e.form === 'weekend') return anchor === undefined ? undefined : weekendReading(anchor, e.shift, tense);
  if (e.relative) {
    if (anchor === undefined) return undefined;
    return { period: relativePeriod(anchor, e.relative), alternatives: [], rule: 'relative' };
  }
  if (e.month !== undefined && e.day !== undefined) {
    const month = e.month;
    const day = e.day;
    if (e.year !== undefined) {
      if (!isValidDate(e.year, month, day)) return undefined;
      return withWeekday(e, { period: dayPeriod(dayNumber(e.year, month, day)), alternatives: [], rule: 'stated' });
    }
    if (anchor === undefined) return undefined;
    const make = (y: number) => (isValidDate(y, month, day) ? dayPeriod(dayNumber(y, month, day)) : undefined);
    const main = yearlessReading(anchor, make, direction);
    if (!main) return undefined;
    const others = tense.strong ? [] : [yearlessReading(anchor, make, opposite(direction)), yearlessReading(anchor, make, 'past'), yearlessReading(anchor, make, 'future')];
    let res: Resolution = { period: main, alternatives: distinct(main, others), rule: direction === 'unknown' ? 'nearest' : direction };
    // A stated weekday picks between the readings a guessed tense leaves open, and overrules the
    // tense when it fits a reading nearer the anchor ("was rumored to be tendering Thursday, April 9").
    if (e.weekday !== undefined && weekdayOf(main.start) !== e.weekday) {
      const all = [anchorYear(anchor) - 1, anchorYear(anchor), anchorYear(anchor) + 1].map(make).filter((p): p is Period => !!p);
      const fitting = all
        .filter((p) => weekdayOf(p.start) === e.weekday)
        .filter((p) => res.alternatives.some((a) => a.start === p.start) || Math.abs(p.start - anchor) < Math.abs(main.start - anchor))
        .sort((a, b) => Math.abs(a.start - anchor) - Math.abs(b.start - anchor))[0];
      if (fitting) res = { period: fitting, alternatives: distinct(fitting, [main, ...res.alternatives]), rule: res.rule };
    }
    return withWeekday(e, res);
  }
  if (e.month !== undefined) {
    const month = e.month;
    if (e.year !== undefined) return { period: monthPeriod(e.year, month), alternatives: [], rule: 'stated' };
    if (anchor === undefined) return undefined;
    const make = (y: number) => monthPeriod(y, month);
    const main = yearlessReading(anchor, make, direction);
    if (!main) return undefined;
    const others = tense.strong ? [] : [yearlessReading(anchor, make, 'past'), yearlessReading(anchor, make, 'future')];
    return { period: main, alternatives: distinct(main, others), rule: direction === 'unknown' ? 'nearest' : direction };
  }
  if (e.weekday !== undefined) {
    if (anchor === undefined) return undefined;
    if (e.shift === 'last' || e.shift === 'next') {
      const day = weekdayReading(anchor, e.weekday, e.shift === 'last' ? 'strictPast' : 'strictFuture');
      return { period: dayPeriod(day), alternatives: [], rule: 'shifted' };
    }
    const dir: Direction = e.shift === 'this' && direction === 'unknown' ? 'future' : direction;
    const main = dayPeriod(weekdayReading(anchor, e.weekday, dir));
    const others = tense.strong
      ? []
      : [dayPeriod(weekdayReading(anchor, e.weekday, 'past')), dayPeriod(weekdayReading(anchor, e.weekday, 'future'))];
    return { period: main, alternatives: distinct(main, others), rule: dir === 'unknown' ? 'nearest' : dir };
  }
  return undefined;
}

/**
 * "The following year" after "in 2011": 2012. The date counted from must be stated at least as
 * finely as the unit counted in ("the next day" after "in 2011" says nothing).
 */
function fromReferent(e: DateExpression, a: NonNullable<DateExpression['anaphora']>, referent: Period): Resolution | undefined {
  if (!finerOrEqual(referent.precision, a.unit)) return undefined;
  const base = relativePeriod(referent.start, { unit: a.unit, offset: a.offset });
  const period = e.month !== undefined ? monthPeriod(toYmd(base.start).year, e.month) : base;
  return { period, alternatives: [], rule: 'anaphoric', referent };
}

function withWeekday(e: DateExpression, res: Resolution): Resolution {
  if (e.weekday === undefined) return res;
  const actual = weekdayOf(res.period.start);
  if (actual === e.weekday) return res;
  return { ...res, inconsistent: { reason: 'weekday', stated: e.weekday, actual } };
}

/** The weekend (Saturday and Sunday) that starts on day `saturday`: a period of week precision. */
export function weekendPeriod(saturday: number): Period {
  return { precision: 'week', start: saturday, end: saturday + 2 };
}

/**
 * "Last weekend": the last one over before the anchor; "next weekend": the first one starting
 * after it; "this weekend", "over the weekend": the one the tense points to (past: the last one
 * begun by the anchor; future: the first not over), the other kept when the tense is only guessed.
 */
function weekendReading(anchor: number, shift: DateExpression['shift'], tense: Tense): Resolution {
  const saturdayBack = anchor - ((weekdayOf(anchor) - 6 + 7) % 7); // on or before the anchor
  const past = saturdayBack; // begun by the anchor
  const future = saturdayBack + 2 > anchor ? saturdayBack : saturdayBack + 7; // not over at the anchor
  if (shift === 'last') {
    // Over before the anchor: on the weekend itself, the one before.
    const s = saturdayBack + 2 <= anchor ? saturdayBack : saturdayBack - 7;
    return { period: weekendPeriod(s), alternatives: [], rule: 'shifted' };
  }
  if (shift === 'next') return { period: weekendPeriod(saturdayBack + 7), alternatives: [], rule: 'shifted' };
  const direction = tense.direction;
  const nearest = anchor - past <= future - anchor ? past : future;
  const main = direction === 'past' ? past : direction === 'future' ? future : nearest;
  const others = tense.strong ? [] : [past, future].filter((s) => s !== main).map(weekendPeriod);
  return { period: weekendPeriod(main), alternatives: others, rule: direction === 'unknown' ? 'nearest' : direction };
}

