// A source's dates, read once when the source is indexed and kept as numbers: every date
// expression of every sentence with the tense around it, one row of DATE_FIELDS integers each. The
// index persists the rows with its other arrays, so checking never parses a source's text for
// dates; what depends on the draft (the anchor when a source has none, the resolution against it,
// the event words) is worked out from the rows when a check needs them (dates/sources.ts).
import type { Precision } from './calendar';
import { findDateline, type Dateline } from './anchor';
import { extractDates, type DateExpression, type DateForm } from './extract';
import { tenseAround, type Direction, type Tense } from './tense';
import type { Span } from '../text/markdown';
import { tokenize } from '../text/tokens';
import type { SourceTable } from '../corpus/tables';

/** Numbers per row. */
export const DATE_FIELDS = 16;

const F = {
  sentence: 0,
  start: 1,
  end: 2,
  coreStart: 3,
  coreEnd: 4,
  form: 5,
  year: 6,
  month: 7,
  day: 8,
  weekday: 9,
  shift: 10,
  unit: 11,
  offset: 12,
  flags: 13,
  cueStart: 14,
  cueEnd: 15,
} as const;

const NONE = -0x80000000;
const FORMS: readonly DateForm[] = ['weekday', 'date', 'month', 'year', 'relative', 'numeric', 'decade', 'century', 'weekend'];
const SHIFTS: readonly NonNullable<DateExpression['shift']>[] = ['last', 'next', 'this'];
const UNITS: readonly Precision[] = ['day', 'week', 'month', 'year', 'decade', 'century'];
const DIRECTIONS: readonly Direction[] = ['past', 'future', 'unknown'];
const IMPOSSIBLE = 1;
const STRONG = 2;
/** Bits 4 and 5: the start or the end of a range (bits 2–3 hold the tense's direction). */
const RANGE_START = 16;
const RANGE_END = 32;

/** A source date as stored: the sentence it is in (index in the source's sentences), the expression and its tense. */
export interface StoredDate {
  sentence: number;
  expr: DateExpression;
  tense: Tense;
}

/** Only these readings depend on the tense (see resolveDate): yearless dates and months, bare weekdays and weekends. */
function needsTense(e: DateExpression): boolean {
  if (e.form === 'weekend') return e.shift !== 'last' && e.shift !== 'next';
  if (e.impossible || e.relative || e.form === 'year' || e.year !== undefined) return false;
  if (e.month !== undefined) return true;
  return e.weekday !== undefined && e.shift !== 'last' && e.shift !== 'next';
}

const NO_TENSE: Tense = { direction: 'unknown', strong: false };

/**
 * The dates of a source's sentences (`sentences`, in order) in `text` (its prose view), without
 * the dateline's. A date whose reading does not depend on the tense gets none (NO_TENSE).
 */
export function readSourceDates(text: string, sentences: readonly Span[], dateline: Dateline | undefined): StoredDate[] {
  const out: StoredDate[] = [];
  sentences.forEach((s, k) => {
    // A date counted from the one before it ("the following year") is not kept: a source's date
    // is compared only as the source states it.
    const exprs = extractDates(text, s.start, s.end).filter((e) => !e.anaphora && (!dateline || e.coreEnd <= dateline.start || e.coreStart >= dateline.end));
    if (!exprs.length) return;
    let tokens: ReturnType<typeof tokenize> | undefined;
    for (const expr of exprs) {
      if (!needsTense(expr)) {
        out.push({ sentence: k, expr, tense: { ...NO_TENSE } });
        continue;
      }
      tokens ??= tokenize(text, s.start, s.end);
      out.push({ sentence: k, expr, tense: tenseAround(text, s.start, s.end, expr.coreStart, expr.coreEnd, exprs, tokens) });
    }
  });
  return out;
}

const opt = (v: number | undefined) => (v === undefined ? NONE : v);

export function encodeDates(text: string, dates: readonly StoredDate[]): Int32Array {
  const rows = new Int32Array(dates.length * DATE_FIELDS);
  dates.forEach((d, n) => {
    const r = n * DATE_FIELDS;
    const e = d.expr;
    rows[r + F.sentence] = d.sentence;
    rows[r + F.start] = e.start;
    rows[r + F.end] = e.end;
    rows[r + F.coreStart] = e.coreStart;
    rows[r + F.coreEnd] = e.coreEnd;
    rows[r + F.form] = FORMS.indexOf(e.form);
    rows[r + F.year] = opt(e.year);
    rows[r + F.month] = opt(e.month);
    rows[r + F.day] = opt(e.day);
    rows[r + F.weekday] = opt(e.weekday);
    rows[r + F.shift] = e.shift ? SHIFTS.indexOf(e.shift) : NONE;
    rows[r + F.unit] = e.relative ? UNITS.indexOf(e.relative.unit) : NONE;
    rows[r + F.offset] = e.relative ? e.relative.offset : NONE;
    rows[r + F.flags] =
      (e.impossible ? IMPOSSIBLE : 0) |
      (d.tense.strong ? STRONG : 0) |
      (DIRECTIONS.indexOf(d.tense.direction) << 2) |
      (e.range === 'start' ? RANGE_START : e.range === 'end' ? RANGE_END : 0);
    // The cue is a word of the text: kept as its offsets.
    const cueStart = d.tense.cue !== undefined && d.tense.cueStart !== undefined ? d.tense.cueStart : -1;
    rows[r + F.cueStart] = cueStart;
    rows[r + F.cueEnd] = cueStart < 0 ? -1 : cueStart + d.tense.cue!.length;
  });
  return rows;
}

/**
 * The date in row `n` of `rows`, read back. `text` (the source's text) gives the tense's cue word;
 * without it the cue is left out (its offset is kept).
 */
export function decodeDate(rows: Int32Array, n: number, text?: string): StoredDate {
  const r = n * DATE_FIELDS;
  const expr: DateExpression = {
    start: rows[r + F.start],
    end: rows[r + F.end],
    coreStart: rows[r + F.coreStart],
    coreEnd: rows[r + F.coreEnd],
    form: FORMS[rows[r + F.form]],
  };
  const num = (f: number) => (rows[r + f] === NONE ? undefined : rows[r + f]);
  const year = num(F.year);
  const month = num(F.month);
  const day = num(F.day);
  const weekday = num(F.weekday);
  if (year !== undefined) expr.year = year;
  if (month !== undefined) expr.month = month;
  if (day !== undefined) expr.day = day;
  if (weekday !== undefined) expr.weekday = weekday;
  if (rows[r + F.shift] !== NONE) expr.shift = SHIFTS[rows[r + F.shift]];
  if (rows[r + F.unit] !== NONE) expr.relative = { unit: UNITS[rows[r + F.unit]], offset: rows[r + F.offset] };
  const flags = rows[r + F.flags];
  if (flags & IMPOSSIBLE) expr.impossible = true;
  if (flags & RANGE_START) expr.range = 'start';
  else if (flags & RANGE_END) expr.range = 'end';
  const tense: Tense = { direction: DIRECTIONS[(flags >> 2) & 3], strong: (flags & STRONG) !== 0 };
  if (rows[r + F.cueStart] >= 0) {
    const from = rows[r + F.cueStart];
    const to = rows[r + F.cueEnd];
    if (text !== undefined) tense.cue = text.slice(from, to);
    tense.cueStart = from;
  }
  return { sentence: rows[r + F.sentence], expr, tense };
}

/** The sentence (index in its source) of row `n`. */
export function dateSentence(rows: Int32Array, n: number): number {
  return rows[n * DATE_FIELDS + F.sentence];
}

/**
 * Whether rows read from a persisted index can be used for a source of `textLength` characters
 * and `sentenceCount` sentences: every code in range, every offset inside the text, sentences in
 * order. A cache that fails this is rebuilt.
 */
export function validDateRows(rows: Int32Array, textLength: number, sentenceCount: number): boolean {
  if (rows.length % DATE_FIELDS) return false;
  let last = 0;
  for (let r = 0; r < rows.length; r += DATE_FIELDS) {
    const s = rows[r + F.sentence];
    if (s < last || s >= sentenceCount) return false;
    last = s;
    const start = rows[r + F.start];
    const end = rows[r + F.end];
    const coreStart = rows[r + F.coreStart];
    const coreEnd = rows[r + F.coreEnd];
    const cueStart = rows[r + F.cueStart];
    const cueEnd = rows[r + F.cueEnd];
    if (!(start >= 0 && start <= coreStart && coreStart < coreEnd && coreEnd <= end && end <= textLength)) return false;
    if (!(cueStart === -1 ? cueEnd === -1 : cueStart >= 0 && cueStart < cueEnd && cueEnd <= textLength)) return false;
    if (!(rows[r + F.form] >= 0 && rows[r + F.form] < FORMS.length)) return false;
    const shift = rows[r + F.shift];
    const unit = rows[r + F.unit];
    if (!(shift === NONE || (shift >= 0 && shift < SHIFTS.length)) || !(unit === NONE || (unit >= 0 && unit < UNITS.length))) return false;
    const flags = rows[r + F.flags];
    if (((flags >> 2) & 3) >= DIRECTIONS.length || flags >> 6 !== 0 || (flags & (RANGE_START | RANGE_END)) === (RANGE_START | RANGE_END)) return false;
  }
  return true;
}

/** The dates of a source's sentences, as a table of the index (corpus/tables.ts). */
export const DATES_TABLE: SourceTable = {
  name: 'dates',
  fields: DATE_FIELDS,
  compute: (view, sentences) => encodeDates(view.masked, readSourceDates(view.masked, sentences, findDateline(view.masked, view.bodyStart))),
  encode: (s) => encodeDates(s.text, s.dates),
  valid: validDateRows,
};

/** Numbers of a dateline's row: start, end, month, day, year (NONE: none). */
const DATELINE_FIELDS = 5;

export function encodeDateline(dl: Dateline | undefined): Int32Array {
  return dl ? Int32Array.of(dl.start, dl.end, dl.month, dl.day, opt(dl.year)) : new Int32Array(0);
}

export function decodeDateline(rows: Int32Array): Dateline | undefined {
  if (rows.length < DATELINE_FIELDS) return undefined;
  const dl: Dateline = { start: rows[0], end: rows[1], month: rows[2], day: rows[3] };
  if (rows[4] !== NONE) dl.year = rows[4];
  return dl;
}

/** A source's dateline (none or one row), as a table of the index. */
export const DATELINES_TABLE: SourceTable = {
  name: 'datelines',
  fields: DATELINE_FIELDS,
  compute: (view) => encodeDateline(findDateline(view.masked, view.bodyStart)),
  encode: (s) => encodeDateline(s.dateline),
  valid: (rows, chars) => rows.length === 0 || (rows.length === DATELINE_FIELDS && rows[0] >= 0 && rows[1] <= chars),
};
