// A source's quotations as a table of the index (corpus/tables.ts): read once, when the source is
// indexed; the quote and attribution checks read them back.
import type { SourceTable } from '../corpus/tables';
import { extractQuotes, type Quote } from './extract';

/** Numbers per quotation: start, end, open, close, depth, parent, group. */
export const QUOTE_FIELDS = 7;

export function encodeQuotes(quotes: readonly Quote[]): Int32Array {
  const out = new Int32Array(quotes.length * QUOTE_FIELDS);
  quotes.forEach((q, k) => out.set([q.start, q.end, q.open, q.close, q.depth, q.parent, q.group], k * QUOTE_FIELDS));
  return out;
}

export function decodeQuotes(rows: Int32Array): Quote[] {
  const out: Quote[] = [];
  for (let r = 0; r < rows.length; r += QUOTE_FIELDS) {
    out.push({ start: rows[r], end: rows[r + 1], open: rows[r + 2], close: rows[r + 3], depth: rows[r + 4], parent: rows[r + 5], group: rows[r + 6] });
  }
  return out;
}

/** Every offset inside the text, depths and parents in range. */
export function validQuoteRows(rows: Int32Array, chars: number): boolean {
  if (rows.length % QUOTE_FIELDS) return false;
  const count = rows.length / QUOTE_FIELDS;
  const inText = (x: number) => x >= 0 && x <= chars;
  for (let r = 0; r < rows.length; r += QUOTE_FIELDS) {
    const [start, end, open, close, depth, parent] = [rows[r], rows[r + 1], rows[r + 2], rows[r + 3], rows[r + 4], rows[r + 5]];
    if (!(inText(start) && inText(end) && start <= end && inText(open) && (close === -1 || inText(close)) && depth >= 0 && parent >= -1 && parent < count)) return false;
  }
  return true;
}

export const QUOTATIONS_TABLE: SourceTable = {
  name: 'quotes',
  fields: QUOTE_FIELDS,
  compute: (view) => encodeQuotes(extractQuotes(view.masked, view.blocks).quotes),
  encode: (s) => encodeQuotes(s.quotes),
  valid: (rows, chars) => validQuoteRows(rows, chars),
};
