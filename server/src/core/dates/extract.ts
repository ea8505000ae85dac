// Finding date expressions in prose. Month-name dates and weekdays come from chrono-node (an
// ordered list of parsers, the reference being irrelevant here: only what the text states is
// kept, never what chrono infers). Alongside it, small extractors of our own for what chrono does
// not read or reads too eagerly: bare years ("in 2013", "the 2003 invasion"), relative periods
// ("last year", "yesterday", "two weeks ago") and impossible dates ("Sept. 31", which chrono
// rejects), in patterns.ts. This file reads chrono's results and puts the expressions of all
// extractors together. Resolution to calendar days happens later (resolve.ts), against an anchor.
import * as chrono from 'chrono-node';
import type { Precision } from './calendar';
import { DATE_PREPOSITIONS, MONTH_WORD, WEEKDAY_WORD, weekdayNumber } from './lexicon';
import {
  anaphoric,
  ANAPHORA_WORD,
  bareYears,
  DIGIT_DATE,
  erasIn,
  ERA_WORD,
  hasCapitalisedMonth,
  impossibleDates,
  relatives,
  weekends,
  RELATIVE_WORD,
  WEEKDAY_NAME,
  wordBefore,
  YEAR_DIGITS,
  yearRanges,
} from './patterns';

export { mayHoldDate, mayHoldMonthDay, wordBefore } from './patterns';

export type DateForm =
  /** "on Monday", "last Tuesday" */
  | 'weekday'
  /** "Sept. 15", "15 September 2014", "Monday, Sept. 14" */
  | 'date'
  /** "in June", "June 2014" */
  | 'month'
  /** "in 2013", "2003" */
  | 'year'
  /** "yesterday", "last week", "two years ago" */
  | 'relative'
  /** "2014-09-15", "9/15/2014" */
  | 'numeric'
  /** "the 1930s", "the ’90s" (year: the decade's first) */
  | 'decade'
  /** "the 18th century", "19th-century" (year: the century's first as writers count, 1700) */
  | 'century'
  /** "over the weekend", "last weekend" (shift as for weekdays; its Saturday and Sunday) */
  | 'weekend';

export interface DateExpression {
  /** The span a finding covers: the expression, with its preposition for bare weekdays, months and years. */
  start: number;
  end: number;
  /** The expression without the preposition. */
  coreStart: number;
  coreEnd: number;
  form: DateForm;
  year?: number;
  month?: number;
  day?: number;
  weekday?: number;
  /** last/next/this Monday. */
  shift?: 'last' | 'next' | 'this';
  /** Relative to the anchor: yesterday = day −1, last week = week −1, this year = year 0. */
  relative?: { unit: Precision; offset: number };
  /** The stated day does not exist (31 September, 29 February 2013). */
  impossible?: boolean;
  /**
   * Counted from the date the text gave before it, not from when it was written ("the following
   * year", "two days later", "December of that year": offset 0 in the year before's, with `month`).
   */
  anaphora?: { unit: Precision; offset: number };
  /** Which end of a range it is ("September 15 to 17": 15 the start, 17 the end). */
  range?: 'start' | 'end';
}

// chrono reads the text as stated; the reference only feeds values we discard.
const PARSE_REFERENCE = { instant: new Date(Date.UTC(2000, 0, 1, 12)), timezone: 0 };

const LEADING_NOISE = /^(?:(?:at\s+)?\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)\s+)?(?:(?:on|in|at|by|since|from|of|the)\s+)*/i;
const RELATIVE_PHRASE = /\b(?:this|last|next|past|coming)\s+(?:week|month|year)/i;
const MONTH_CONTEXT = new Set([...DATE_PREPOSITIONS, 'of', 'between', 'and', 'or', 'to', 'early', 'late', 'mid', 'last', 'next', 'this', 'until', 'in']);

/**
 * A month named before a noun after a determiner: "his December death", "the June report", "its
 * March meeting". Not "May" (a name and a verb as often: "the May government", "a May be"), and
 * only before a word in lower case ("the March Madness" is a name).
 */
const MODIFIER_CONTEXT = new Set(['the', 'a', 'his', 'her', 'its', 'their', 'our', 'my', 'your']);
function modifier(text: string, before: { word: string } | undefined, end: number, month: number | undefined): boolean {
  if (!before || !MODIFIER_CONTEXT.has(before.word.toLowerCase()) || month === 5) return false;
  return /^[ \t]+\p{Ll}{3,}/u.test(text.slice(end, end + 20));
}

/** Adds the preposition before a bare weekday, month or year to the span ("on Monday", "in 2013"). */
function withPreposition(text: string, e: DateExpression): DateExpression {
  if (e.form === 'date' || e.form === 'numeric' || e.form === 'relative' || e.form === 'weekend' || e.shift) return e;
  const before = wordBefore(text, e.coreStart);
  // "in the 1930s", "in the 18th century": the article belongs to the period.
  // Not in "the 18th-century naturalist": there the article is the noun's.
  const adjective = e.form === 'century' && /-century$/i.test(text.slice(e.coreStart, e.coreEnd));
  if ((e.form === 'decade' || e.form === 'century') && !adjective && before && /^the$/i.test(before.word)) {
    const prep = wordBefore(text, before.start);
    if (prep && DATE_PREPOSITIONS.has(prep.word.toLowerCase())) return { ...e, start: prep.start };
    return { ...e, start: before.start };
  }
  if (before && DATE_PREPOSITIONS.has(before.word.toLowerCase())) return { ...e, start: before.start };
  return e;
}

/** A weekday name as a word of its own (not global: `exec` keeps no state between texts). */
const WEEKDAY_IN_TEXT = new RegExp(`\\b${WEEKDAY_WORD}(?![\\p{L}])`, 'iu');

function fromChrono(text: string, offset: number, r: chrono.ParsedResult): DateExpression | undefined {
  const tags = r.tags();
  if (tags.has('result/relativeDate')) return undefined;
  for (const t of tags) if (t.startsWith('casualReference/') && !/morning|afternoon|evening|night|noon/.test(t)) return undefined;
  if (RELATIVE_PHRASE.test(r.text)) return undefined;
  const s = r.start;
  const known = (c: chrono.Component) => (s.isCertain(c) ? (s.get(c) ?? undefined) : undefined);
  let month = known('month');
  let day = known('day');
  let year = known('year');
  const weekday = known('weekday');
  if (month === undefined && weekday === undefined) return undefined;
  if (year === undefined && r.end?.isCertain('year')) year = r.end.get('year') ?? undefined;
  // The core: chrono's text without a leading time or preposition.
  const lead = LEADING_NOISE.exec(r.text)?.[0].length ?? 0;
  let coreText = r.text.slice(lead);
  let coreStart = offset + r.index + lead;
  // Keep the date part of "Monday night", "Monday at 3 p.m.".
  const tail = /(?:\s+(?:morning|afternoon|evening|night|at\s+.*|\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?.*|\d{1,2}:\d\d.*))$/i.exec(coreText);
  if (tail && (weekday !== undefined || month !== undefined)) coreText = coreText.slice(0, tail.index);
  coreText = coreText.replace(/[\s,]+$/, '');
  if (!coreText) return undefined;
  const numeric = /^\d/.test(coreText) && !new RegExp(`^\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_WORD}`, 'i').test(coreText);
  if (numeric && /\//.test(coreText) && year === undefined) return undefined; // 9/11: a name more often than a date
  // Two different separators ("10-5/16 pct", rates in sixteenths) write a whole number and a fraction, not a date.
  if (numeric && /^\d{1,4}([-./])\d{1,2}(?!\1)[-./]\d{1,4}$/.test(coreText)) return undefined;
  const monthWord = new RegExp(`\\b${MONTH_WORD}`, 'i').exec(coreText);
  const weekdayWord = WEEKDAY_IN_TEXT.exec(coreText);
  if (month !== undefined && !numeric) {
    // "march", "may": month names are capitalised.
    if (!monthWord || !/^\p{Lu}/u.test(monthWord[0])) return undefined;
  }
  let shift: DateExpression['shift'];
  const shiftWord = /^(last|next|this|coming|past)\s+/i.exec(coreText)?.[1].toLowerCase();
  if (shiftWord) shift = shiftWord === 'coming' ? 'next' : shiftWord === 'past' ? 'last' : (shiftWord as DateExpression['shift']);
  let form: DateForm;
  if (numeric) form = 'numeric';
  else if (month !== undefined && day !== undefined) form = 'date';
  else if (month !== undefined) form = 'month';
  else form = 'weekday';
  if (form === 'weekday') {
    // A bare weekday must be written out ("Sat" and "Sun" are words and names too).
    if (!weekdayWord || !/day$/i.test(weekdayWord[0])) return undefined;
    if (!/^\p{Lu}/u.test(weekdayWord[0])) return undefined;
    if (/^-\p{L}/u.test(text.slice(coreStart + weekdayWord.index + weekdayWord[0].length))) return undefined; // "Saturday-matinee"
    month = day = year = undefined;
  }
  if (form === 'month') {
    day = undefined;
    const before = wordBefore(text, coreStart);
    const hyphen = text.slice(coreStart - 1, coreStart) === '-'; // mid-June
    if (year === undefined && !hyphen && !(before && MONTH_CONTEXT.has(before.word.toLowerCase())) && !modifier(text, before, coreStart + coreText.length, month)) return undefined;
  }
  const statedWeekday = weekdayWord ? weekdayNumber(weekdayWord[0]) : undefined;
  const e: DateExpression = {
    start: coreStart,
    end: coreStart + coreText.length,
    coreStart,
    coreEnd: coreStart + coreText.length,
    form,
    year,
    month,
    day,
    weekday: form === 'weekday' ? weekday : statedWeekday,
    shift: form === 'weekday' ? shift : undefined,
  };
  return e;
}

/** What joins the two ends of a range: "15-17", "15 to 17", "June through August". */
const RANGE_JOIN = /\s*(?:[-–—]|\b(?:to|through|thru|until|till)\b)\s*/gi;

/**
 * A range ("September 15 to 17, 2014", "Sept. 15-16", "June 2010 to August 2012") is two claims,
 * each checked on its own: the start keeps its words before the join, the end gets the words
 * after it, with what the start states filled in (month, year). A single date comes back as it is.
 */
function bothEnds(text: string, e: DateExpression, r: chrono.ParsedResult): DateExpression[] {
  const end = r.end;
  if (!end || (e.form !== 'date' && e.form !== 'month')) return [e];
  const endDay = end.isCertain('day') ? (end.get('day') ?? undefined) : undefined;
  const endMonth = end.isCertain('month') ? (end.get('month') ?? undefined) : e.month;
  if (endMonth === undefined || (e.form === 'date' && endDay === undefined)) return [e];
  const core = text.slice(e.coreStart, e.coreEnd);
  let join: RegExpExecArray | undefined;
  RANGE_JOIN.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = RANGE_JOIN.exec(core)) !== null; ) if (m.index > 0) join = m;
  if (!join) return [e];
  const startEnd = e.coreStart + join.index;
  const endStart = e.coreStart + join.index + join[0].length;
  if (endStart >= e.coreEnd) return [e];
  const endYear = end.isCertain('year') ? (end.get('year') ?? undefined) : e.year;
  const first: DateExpression = { ...e, end: startEnd, coreEnd: startEnd, weekday: undefined, range: 'start' };
  const weekdayWord = WEEKDAY_IN_TEXT.exec(text.slice(endStart, e.coreEnd));
  const second: DateExpression = {
    start: endStart,
    end: e.coreEnd,
    coreStart: endStart,
    coreEnd: e.coreEnd,
    form: endDay !== undefined ? 'date' : 'month',
    year: endYear,
    month: endMonth,
    day: endDay,
    weekday: weekdayWord ? weekdayNumber(weekdayWord[0]) : undefined,
    range: 'end',
  };
  // The first end's weekday, if the text states one before the join.
  const firstWeekday = WEEKDAY_IN_TEXT.exec(text.slice(e.coreStart, startEnd));
  if (firstWeekday) first.weekday = weekdayNumber(firstWeekday[0]);
  return [first, second];
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * Every date expression in `text[from, to)` (usually one sentence of the masked text), in order.
 * Offsets are into `text`.
 */
export function extractDates(text: string, from = 0, to = text.length): DateExpression[] {
  return readDates(text, from, to, true);
}

/** `extractDates`, with each extractor run only where its pre-condition holds (`gated`) or always (tests compare the two). */
export function readDates(text: string, from = 0, to = text.length, gated = false): DateExpression[] {
  const segment = text.slice(from, to).replace(/[\r\n\t]/g, ' ');
  const month = !gated || hasCapitalisedMonth(segment);
  const digits = !gated || DIGIT_DATE.test(segment);
  const useChrono = month || digits || WEEKDAY_NAME.test(segment);
  const useRelative = !gated || RELATIVE_WORD.test(segment);
  const useYears = !gated || YEAR_DIGITS.test(segment);
  const useEras = !gated || useYears || ERA_WORD.test(segment);
  const useAnaphora = !gated || ANAPHORA_WORD.test(segment);
  if (!useChrono && !useRelative && !useYears && !useEras && !useAnaphora) return [];
  const found: DateExpression[] = [];
  const take = (list: DateExpression[]) => {
    for (const e of list) if (!found.some((f) => overlaps(f, e))) found.push(e);
  };
  if (month || digits) take(impossibleDates(text, from, to));
  if (useAnaphora) take(anaphoric(text, from, to));
  if (useYears) take(yearRanges(text, from, to));
  const parsed: DateExpression[] = [];
  const read = (sub: string, offset: number) => {
    for (const r of chrono.casual.parse(sub, PARSE_REFERENCE)) {
      const lineBreak = /[\r\n]/.exec(text.slice(offset + r.index, offset + r.index + r.text.length));
      if (lineBreak) {
        // A headline's "Tuesday" and the date line under it are two dates, not "Tuesday, 2 March".
        const cut = r.index + lineBreak.index;
        const before = chrono.casual.parse(sub.slice(r.index, cut), PARSE_REFERENCE);
        const after = chrono.casual.parse(sub.slice(cut + 1, r.index + r.text.length), PARSE_REFERENCE);
        if (before.length && after.length && !/,\s*$/.test(sub.slice(r.index, cut))) {
          read(sub.slice(r.index, cut), offset + r.index);
          read(sub.slice(cut + 1, r.index + r.text.length), offset + cut + 1);
          continue;
        }
      }
      const e = fromChrono(text, offset, r);
      if (e) for (const x of bothEnds(text, e, r)) parsed.push(x);
    }
  };
  if (useChrono) read(segment, from);
  take(parsed);
  if (useRelative) take(relatives(text, from, to));
  if (useRelative) take(weekends(text, from, to));
  if (useEras) take(erasIn(text, from, to));
  if (useYears) take(bareYears(text, from, to));
  return found
    .map((e) => withPreposition(text, e))
    .sort((a, b) => a.start - b.start);
}
