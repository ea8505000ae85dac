// Pieces of reading figures (read.ts): digits that are not figures (dates, years, times, list
// numbers, compounds), how far a figure's digits show it was rounded, and numbers in words.
import { MONTHS, SCALES, TENS, TIME_WORDS, UNITS } from './lexicon';
import type { FigureKind } from './read';

export function lower(s: string): string {
  return s.toLowerCase();
}

/** Whether the digits at [s, e) sit inside a word or a compound of digits (dates, times, scores, names). */
export function glued(text: string, s: number, e: number): boolean {
  const before = text.slice(Math.max(0, s - 2), s);
  const after = text.slice(e, e + 2);
  if (/[\p{L}\p{N}_]$/u.test(before) || /[\p{L}_]-$|\d[-–/:.]$|[/:#]$/u.test(before)) return true;
  if (/^[\p{N}\p{L}]|^[-–/:]\d|^\.\d/u.test(after)) return true; // "25p", "10am", "3-2"
  if (/^[-–/](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(text.slice(e, e + 4))) return true; // 3-MAR-1987
  if (before.endsWith('(') && /^\)\s?\d/.test(text.slice(e, e + 3))) return true; // a telephone number's area code
  if (/^s\b/.test(text.slice(e, e + 2)) && /^\d{2,4}$/.test(text.slice(s, e))) return true; // the 1990s, the 80s
  return false;
}

/** The word before offset `at`, skipping white space and dots ("Sept. 14"). */
export function wordBefore(text: string, at: number): string {
  const m = /([A-Za-z]+)\.?\s*$/.exec(text.slice(Math.max(0, at - 20), at));
  return m ? lower(m[1]) : '';
}
export function wordAfter(text: string, at: number): string {
  const m = /^\s*(?:of\s+)?([A-Za-z]+(?:'[a-z]+)?)/.exec(text.slice(at, at + 24));
  return m ? lower(m[1]) : '';
}

/** Digits that are a date, a year, a time of day, or a list item's number. */
export function notAFigure(text: string, s: number, e: number, plain: boolean, from: number): boolean {
  const digits = text.slice(s, e);
  if (plain && /^\d{4}$/.test(digits) && +digits >= 1000 && +digits <= 2999) return true; // a year
  if (plain && +digits <= 31 && /^\d{1,2}$/.test(digits)) {
    if (MONTHS.has(wordBefore(text, s)) || MONTHS.has(wordAfter(text, e))) return true;
  }
  const after = lower(text.slice(e, e + 10));
  if (/^\s?(?:a\.?m\b|p\.?m\b|o'clock|gmt\b|utc\b|est\b|edt\b|bst\b|cet\b|et\b|hrs\b|h\d\d)/.test(after)) return true;
  for (const w of TIME_WORDS) if (after.startsWith(w + ' ') && w.length > 4) return true;
  // List numbering: the first thing on its line, followed by "." or ")".
  let k = s - 1;
  while (k >= from && (text[k] === ' ' || text[k] === '\t')) k--;
  if ((k < from || text[k] === '\n' || text[k] === '\r') && /^[.)]\s/.test(text.slice(e, e + 2))) return true;
  // "No. 10", "number 7": a name, not a quantity.
  if (/(?:\bno\.?|\bnos\.?|\bnumber|\bnum\.)\s*$/i.test(text.slice(Math.max(0, s - 8), s))) return true;
  return false;
}

/** Half the unit of the last significant digit (digits of the number's text, integer part trailing zeros). */
export function roundingOf(num: string, decimals: number, scale: number, value: number, kind: FigureKind): number {
  if (decimals > 0) return 0.5 * 10 ** -decimals * scale;
  const int = num.replace(/,/g, '');
  const zeros = /0*$/.exec(int)![0].length;
  if (zeros === 0 && scale === 1) return kind === 'share' ? 0.005 : 0.5;
  const unit = 0.5 * 10 ** zeros * scale;
  if (kind === 'share') return Math.min(unit, 0.1 * value);
  if (value <= 100) return 0.5;
  return Math.min(unit, 0.05 * value);
}

/** A number written in words starting at word token `i` ("twenty-four", "two hundred and fifty", "a million"). */
export function wordNumber(text: string, toks: RegExpMatchArray[], i: number): { value: number; last: number } | undefined {
  let total = 0;
  let current = 0;
  let any = false;
  let last = -1;
  let prevUnit = false;
  for (let j = i; j < toks.length; j++) {
    if (j > i) {
      const gap = text.slice(toks[j - 1].index! + toks[j - 1][0].length, toks[j].index);
      if (!/^(?:\s+|-)$/.test(gap)) break;
    }
    const w = lower(toks[j][0]);
    if (j === i && (w === 'a' || w === 'an')) {
      const next = toks[j + 1] && lower(toks[j + 1][0]);
      if (!next || !(next === 'hundred' || next === 'thousand' || next === 'million' || next === 'billion' || next === 'trillion' || next === 'dozen')) return undefined;
      current = 1;
      continue;
    }
    if (UNITS[w] !== undefined || TENS[w] !== undefined) {
      const v = UNITS[w] ?? TENS[w];
      if (prevUnit && !(TENS[lower(toks[j - 1][0])] !== undefined && UNITS[w] !== undefined && v < 10)) break;
      current += v;
      any = true;
      prevUnit = true;
      last = j;
      continue;
    }
    prevUnit = false;
    if (w === 'hundred' && (any || current === 1)) {
      current = (current || 1) * 100;
      any = true;
      last = j;
    } else if ((w === 'thousand' || w === 'million' || w === 'billion' || w === 'trillion') && (any || current === 1)) {
      total += (current || 1) * SCALES[w];
      current = 0;
      any = true;
      last = j;
    } else if (w === 'dozen' && (any || current === 1)) {
      current = (current || 1) * 12;
      any = true;
      last = j;
    } else if (w === 'and' && any && toks[j + 1] && (UNITS[lower(toks[j + 1][0])] !== undefined || TENS[lower(toks[j + 1][0])] !== undefined) && /hundred|thousand/i.test(toks[j - 1][0])) {
      continue;
    } else break;
  }
  if (!any || last < 0) return undefined;
  const value = total + current;
  // "one" alone is mostly a pronoun ("one of the", "no one"); "zero" rarely a figure.
  if (last === i && (lower(toks[i][0]) === 'one' || value === 0)) return undefined;
  return { value, last };
}
