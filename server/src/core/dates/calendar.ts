// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian, no time zone).
// A resolved date is a Period: a half-open range of days with the precision it was stated at.
// Date objects appear only inside this file, always built from explicit components (never the clock).

export type Precision = 'day' | 'week' | 'month' | 'year' | 'decade' | 'century';

export interface Period {
  precision: Precision;
  /** First day (day number), inclusive. */
  start: number;
  /** Day after the last day, exclusive. */
  end: number;
}

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

const MS_PER_DAY = 86_400_000;

export function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function toYmd(day: number): Ymd {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function daysInMonth(year: number, month: number): number {
  return dayNumber(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - dayNumber(year, month, 1);
}

export function isValidDate(year: number | undefined, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year ?? 2000, month); // without a year, 29 February is possible
}

/** Monday of the ISO week containing `day`. */
export function weekStart(day: number): number {
  return day - ((weekdayOf(day) + 6) % 7);
}

export function isoWeek(day: number): { year: number; week: number } {
  const thursday = weekStart(day) + 3;
  const year = toYmd(thursday).year;
  const week = Math.floor((thursday - dayNumber(year, 1, 1)) / 7) + 1;
  return { year, week };
}

export function dayPeriod(day: number): Period {
  return { precision: 'day', start: day, end: day + 1 };
}

export function weekPeriod(day: number): Period {
  const s = weekStart(day);
  return { precision: 'week', start: s, end: s + 7 };
}

export function monthPeriod(year: number, month: number): Period {
  const start = dayNumber(year, month, 1);
  return { precision: 'month', start, end: start + daysInMonth(year, month) };
}

export function yearPeriod(year: number): Period {
  return { precision: 'year', start: dayNumber(year, 1, 1), end: dayNumber(year + 1, 1, 1) };
}

/** The decade that starts with `year` (1930 → the 1930s). */
export function decadePeriod(year: number): Period {
  const first = year - (((year % 10) + 10) % 10);
  return { precision: 'decade', start: dayNumber(first, 1, 1), end: dayNumber(first + 10, 1, 1) };
}

/** The hundred years that start with `year` as writers count them (1700 → the 18th century: 1700–1799). */
export function centuryPeriod(year: number): Period {
  const first = year - (((year % 100) + 100) % 100);
  return { precision: 'century', start: dayNumber(first, 1, 1), end: dayNumber(first + 100, 1, 1) };
}

/** The period of the given precision that contains `day`. */
export function periodAt(precision: Precision, day: number): Period {
  const { year, month } = toYmd(day);
  switch (precision) {
    case 'day':
      return dayPeriod(day);
    case 'week':
      return weekPeriod(day);
    case 'month':
      return monthPeriod(year, month);
    case 'year':
      return yearPeriod(year);
    case 'decade':
      return decadePeriod(year);
    case 'century':
      return centuryPeriod(year);
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO form: 2014-09-15, 2014-W38, 2014-09, 2014; decades and centuries as ISO 8601-2 writes them: 193X, 17XX. */
export function periodValue(p: Period): string {
  const { year, month, day } = toYmd(p.start);
  switch (p.precision) {
    case 'day':
      return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
    case 'week': {
      const w = isoWeek(p.start);
      return `${pad(w.year, 4)}-W${pad(w.week)}`;
    }
    case 'month':
      return `${pad(year, 4)}-${pad(month)}`;
    case 'year':
      return pad(year, 4);
    case 'decade':
      return `${pad(year, 4).slice(0, 3)}X`;
    case 'century':
      return `${pad(year, 4).slice(0, 2)}XX`;
  }
}

/** Reads an ISO value (2014-09-15, 2014-W38, 2014-09, 2014, 193X, 17XX) back into a period. */
export function parseValue(value: string): Period | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return isValidDate(y, mo, d) ? dayPeriod(dayNumber(y, mo, d)) : undefined;
  }
  m = /^(\d{4})-W(\d{2})$/.exec(value);
  if (m) {
    const jan4 = dayNumber(Number(m[1]), 1, 4);
    return weekPeriod(weekStart(jan4) + (Number(m[2]) - 1) * 7);
  }
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})$/.exec(value);
  if (m) return yearPeriod(Number(m[1]));
  m = /^(\d{3})X$/.exec(value);
  if (m) return decadePeriod(Number(m[1]) * 10);
  m = /^(\d{2})XX$/.exec(value);
  if (m) return centuryPeriod(Number(m[1]) * 100);
  return undefined;
}

const RANK: Record<Precision, number> = { day: 0, week: 1, month: 2, year: 3, decade: 4, century: 5 };

/** Finer precisions first. */
export function precisionRank(p: Precision): number {
  return RANK[p];
}

/** True when `a` is stated more finely than (or as finely as) `b`. */
export function finerOrEqual(a: Precision, b: Precision): boolean {
  return RANK[a] <= RANK[b];
}

export function coarser(a: Precision, b: Precision): Precision {
  return RANK[a] >= RANK[b] ? a : b;
}
