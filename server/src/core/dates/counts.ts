// How many of a corpus's source dates state each year, month and day, and how many are worded
// alike ("Monday", "last year"): counted from the stored rows, the chance level of a pairing
// (CorpusDates.likeRows, dates/sources.ts).
import { dayNumber } from './calendar';
import type { DateExpression } from './extract';
import { decodeDate, DATE_FIELDS } from './stored';

/** How an expression is worded, as far as its reading depends on an anchor: "weekday 1", "year -1", "month 3". */
export function dateKind(e: DateExpression): string {
  if (e.relative) return `${e.relative.unit} ${e.relative.offset}`;
  if (e.year === undefined && e.month !== undefined) return e.day !== undefined ? `date ${e.month} ${e.day}` : `month ${e.month}`;
  if (e.weekday !== undefined) return `weekday ${e.weekday}${e.shift ? ` ${e.shift}` : ''}`;
  return e.form;
}

export type DateCounts = { year: Map<number, number>; month: Map<number, number>; day: Map<number, number>; kind: Map<string, number> };

export function countDates(rows: Int32Array): DateCounts {
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
  return { year, month, day, kind };
}
