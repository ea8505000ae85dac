// How many of a corpus's source dates state each year, month and day, and how many are worded
// alike ("Monday", "last year"): counted from the stored rows, the chance level of a pairing
// (CorpusDates.likeRows, dates/sources.ts). The whole corpus's counts are a corpus table
// (DATE_COUNTS_TABLE), persisted with the index: counting every row of a large archive was ~40 ms
// of the first check in each new process.
import type { CorpusIndex } from '../corpus/index';
import type { CorpusTable } from '../corpus/tables';
import { dayNumber } from './calendar';
import type { DateExpression } from './extract';
import { decodeDate, DATE_FIELDS, DATES_TABLE } from './stored';

/** How an expression is worded, as far as its reading depends on an anchor: "weekday 1", "year -1", "month 3". */
export function dateKind(e: DateExpression): string {
  if (e.relative) return `${e.relative.unit} ${e.relative.offset}`;
  if (e.year === undefined && e.month !== undefined) return e.day !== undefined ? `date ${e.month} ${e.day}` : `month ${e.month}`;
  if (e.weekday !== undefined) return `weekday ${e.weekday}${e.shift ? ` ${e.shift}` : ''}`;
  return e.form;
}

/** Counts by number (a year, year × 13 + month, a day number), as ascending keys and their counts. */
class Tally {
  constructor(
    readonly keys: Int32Array,
    readonly counts: Int32Array,
  ) {}

  static of(m: Map<number, number>): Tally {
    const keys = Int32Array.from(m.keys()).sort();
    return new Tally(
      keys,
      keys.map((k) => m.get(k)!),
    );
  }

  /** The count of keys `from` up to `to` (half-open). */
  within(from: number, to: number): number {
    let lo = 0;
    for (let hi = this.keys.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    let n = 0;
    for (let j = lo; j < this.keys.length && this.keys[j] < to; j++) n += this.counts[j];
    return n;
  }
}

export class DateCounts {
  private constructor(
    readonly year: Tally,
    readonly month: Tally,
    readonly day: Tally,
    private readonly kinds: Map<string, number>,
  ) {}

  /** Rows that state a year from `from` up to `to` (half-open). */
  years(from: number, to: number): number {
    return this.year.within(from, to);
  }

  /** Rows that state month `month` (1–12) of `year`. */
  inMonth(year: number, month: number): number {
    return this.month.within(year * 13 + month, year * 13 + month + 1);
  }

  /** Rows that state a day from `from` up to `to` (day numbers, half-open). */
  days(from: number, to: number): number {
    return this.day.within(from, to);
  }

  /** Rows worded as `kind` (dateKind). */
  kind(kind: string): number {
    return this.kinds.get(kind) ?? 0;
  }

  /** Counts the rows given (DATE_FIELDS numbers a row). */
  static count(rows: Int32Array): DateCounts {
    const year = new Map<number, number>();
    const month = new Map<number, number>();
    const day = new Map<number, number>();
    const kind = new Map<string, number>();
    const add = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
    for (let n = 0; n < rows.length / DATE_FIELDS; n++) {
      const { expr } = decodeDate(rows, n);
      // A decade or a century is no date within one year.
      if (expr.year === undefined || expr.form === 'decade' || expr.form === 'century') {
        add(kind, dateKind(expr));
        continue;
      }
      add(year, expr.year);
      if (expr.month === undefined) continue;
      add(month, expr.year * 13 + expr.month);
      if (expr.day !== undefined) add(day, dayNumber(expr.year, expr.month, expr.day));
      // A year-less "in March" may be read in any year a source states (checks/dates.ts, readingFor).
      add(kind, dateKind({ ...expr, year: undefined }));
    }
    return new DateCounts(Tally.of(year), Tally.of(month), Tally.of(day), kind);
  }

  /** As a corpus table's arrays: three tallies (keys, counts), then the kinds (their characters, where each ends, counts). */
  toArrays(): Int32Array[] {
    const names = [...this.kinds.keys()].sort();
    const ends = new Int32Array(names.length);
    const chars: number[] = [];
    names.forEach((s, j) => {
      for (let c = 0; c < s.length; c++) chars.push(s.charCodeAt(c));
      ends[j] = chars.length;
    });
    return [
      this.year.keys,
      this.year.counts,
      this.month.keys,
      this.month.counts,
      this.day.keys,
      this.day.counts,
      Int32Array.from(chars),
      ends,
      Int32Array.from(names, (s) => this.kinds.get(s)!),
    ];
  }

  /** From a corpus table's arrays (shape checked by `inShape` first). */
  static fromArrays(a: readonly Int32Array[]): DateCounts {
    const [yk, yc, mk, mc, dk, dc, chars, ends, counts] = a;
    const kinds = new Map<string, number>();
    let from = 0;
    ends.forEach((end, j) => {
      let name = '';
      for (let c = from; c < end; c++) name += String.fromCharCode(chars[c]);
      kinds.set(name, counts[j]);
      from = end;
    });
    return new DateCounts(new Tally(yk, yc), new Tally(mk, mc), new Tally(dk, dc), kinds);
  }

  /** Whether arrays read from a persisted index are counts in shape: keys ascending, each once, counts positive. */
  static inShape(a: readonly Int32Array[]): boolean {
    if (a.length !== 9) return false;
    const [yk, yc, mk, mc, dk, dc, chars, ends, counts] = a;
    const tally = (keys: Int32Array, n: Int32Array) => keys.length === n.length && keys.every((k, j) => j === 0 || k > keys[j - 1]) && n.every((x) => x > 0);
    if (!tally(yk, yc) || !tally(mk, mc) || !tally(dk, dc)) return false;
    if (ends.length !== counts.length || !counts.every((x) => x > 0) || !chars.every((c) => c > 0 && c <= 0xffff)) return false;
    // Each kind's characters end after the last's (no empty name), the last at the end.
    return ends.every((e, j) => e > (j ? ends[j - 1] : 0)) && (ends.length ? ends[ends.length - 1] : 0) === chars.length;
  }
}

/** The whole corpus's date counts as a corpus table: persisted with the index. */
export const DATE_COUNTS_TABLE: CorpusTable = {
  name: 'date-counts',
  build: (index: CorpusIndex) => DateCounts.count(index.table(DATES_TABLE).rows).toArrays(),
  valid: (arrays) => DateCounts.inShape(arrays),
};
