// Whether two figures can be about the same quantity, and how their values relate. A figure claims
// an interval: its value within the rounding its digits show, widened by its hedge ("about",
// "more than", "dozens of"). A hedge never makes a mismatch while the intervals meet.
import type { Figure } from './read';
import type { DateExpression } from '../dates/extract';

export type Relation = 'supports' | 'compatible' | 'conflicts';

/** How far "about" and "nearly" reach around their value. */
const ABOUT = 0.15;

/** The interval a figure claims, in base units. */
export function interval(f: Figure): [number, number] {
  const v = f.value;
  const t = f.tolerance;
  switch (f.hedge) {
    case 'vague':
      return f.range ?? [v, v];
    case 'about':
      return [v * (1 - ABOUT) - t, v * (1 + ABOUT) + t];
    case 'below-about':
      return [v * (1 - ABOUT) - t, v + t];
    case 'more':
      return [v - t, Infinity];
    case 'less':
      return [0, v + t];
    default:
      return [v - t, v + t];
  }
}

/** Whether two figures measure the same kind of quantity in the same unit. */
export function sameUnit(a: Figure, b: Figure): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'money') return !a.currency || !b.currency || a.currency === b.currency;
  return true;
}

/** Whether a source figure is about what the draft figure counts: a shared thing word, or (neither naming one) the word before. */
export function sameThing(d: Figure, s: Figure): boolean {
  if (d.thing.some((w) => s.thing.includes(w))) return true;
  if (d.before !== undefined && d.before === s.before) return true;
  // Money and shares are their own unit: "$1.2bn in aid" and "aid of $1.2bn".
  if (d.kind === 'money' || d.kind === 'share' || d.kind === 'points') {
    if (d.before !== undefined && s.thing.includes(d.before)) return true;
    if (s.before !== undefined && d.thing.includes(s.before)) return true;
  }
  return false;
}

/**
 * How the source's figure relates to the draft's: it supports the draft when its value lies in
 * what the draft claims (a bound only by a bound the same way, or inside), conflicts when what
 * the two claim cannot both be true, else it is compatible.
 */
export function relate(d: Figure, s: Figure): Relation {
  const [dl, dh] = interval(d);
  const [sl, sh] = interval(s);
  // Intervals that only touch (2 ± 0.5 and 3 ± 0.5) do not meet.
  if (sh <= dl || sl >= dh) return 'conflicts';
  if (s.hedge === 'exact' || s.hedge === 'about' || s.hedge === 'below-about') {
    return s.value >= dl && s.value <= dh ? 'supports' : 'compatible';
  }
  if (s.hedge === d.hedge && Math.abs(s.value - d.value) <= Math.max(d.tolerance, s.tolerance)) return 'supports';
  return sl >= dl && sh <= dh ? 'supports' : 'compatible';
}

/**
 * The figure of a source sentence a draft figure is compared with, and how they relate: among
 * the figures of the same unit that count the same thing, the closest in what they count (shared
 * thing words, the same word before), the one that agrees best. None when several such figures
 * all conflict ("from 200 to 300 people"): which one the draft restates is unclear.
 */
export function pairFigure(d: Figure, figures: readonly Figure[]): { f: Figure; relation: Relation } | undefined {
  const closeness = (f: Figure) =>
    f.thing.filter((w) => d.thing.includes(w)).length + (f.before !== undefined && f.before === d.before ? 1 : 0) + (f.rangeEnd === d.rangeEnd ? 1 : 0);
  let comparable = figures.filter((f) => sameUnit(d, f) && sameThing(d, f));
  if (!comparable.length) return undefined;
  let most = -Infinity;
  for (const f of comparable) most = Math.max(most, closeness(f));
  comparable = comparable.filter((f) => closeness(f) === most);
  const rank = { supports: 2, compatible: 1, conflicts: 0 } as const;
  let best: { f: Figure; relation: Relation } | undefined;
  for (const f of comparable) {
    const relation = relate(d, f);
    if (!best || rank[relation] > rank[best.relation] || (relation === best.relation && Math.abs(f.value - d.value) < Math.abs(best.f.value - d.value))) best = { f, relation };
  }
  if (best!.relation === 'conflicts' && comparable.length > 1) return undefined;
  return best;
}

/**
 * Whether a source sentence tells the occasion of a draft sentence, by the draft sentence's
 * figures (those other than the one judged): the same when one of them agrees with the source
 * sentence's, another when none agrees and one conflicts, else unknown. A slip changes one fact
 * of a sentence; a sentence whose every comparable figure differs is another week's report or
 * another company's results worded alike.
 */
export function occasion(draft: readonly Figure[], source: readonly Figure[]): 'same' | 'other' | 'unknown' {
  let conflicts = false;
  for (const d of draft) {
    const p = pairFigure(d, source);
    if (!p) continue;
    if (p.relation === 'supports') return 'same';
    if (p.relation === 'conflicts') conflicts = true;
  }
  return conflicts ? 'other' : 'unknown';
}

/** The calendar parts a date states in its own words: a month, a day, a year (no relative or anaphoric reading). */
function stated(e: DateExpression): { year?: number; month?: number; day?: number } | undefined {
  if (e.relative || e.anaphora || e.shift || e.impossible) return undefined;
  if (e.form !== 'date' && e.form !== 'month' && e.form !== 'year' && e.form !== 'numeric') return undefined;
  return e.year === undefined && e.month === undefined ? undefined : { year: e.year, month: e.month, day: e.day };
}

/**
 * Whether two sentences' stated dates say they tell different occasions: both state dates in
 * their own words ("in February", "March 7", "1986") and no date of one can be a date of the
 * other (a part both state differs in each pair): "its load factor in February" and "its load
 * factor in March" are two reports. (A bare month after "for" is no date to the extractor.)
 */
export function otherDates(draft: readonly DateExpression[], source: readonly DateExpression[]): boolean {
  const a = draft.map(stated).filter((x) => x !== undefined);
  const b = source.map(stated).filter((x) => x !== undefined);
  if (!a.length || !b.length) return false;
  const differ = (x: number | undefined, y: number | undefined) => x !== undefined && y !== undefined && x !== y;
  return a.every((x) => b.every((y) => differ(x.year, y.year) || differ(x.month, y.month) || differ(x.day, y.day)));
}
