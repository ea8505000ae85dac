// Finding date expressions in prose. Month-name dates and weekdays come from chrono-node (an
// ordered list of parsers, the reference being irrelevant here: only what the text states is
// kept, never what chrono infers). Alongside it, small extractors of our own for what chrono does
// not read or reads too eagerly: bare years ("in 2013", "the 2003 invasion"), relative periods
// ("last year", "yesterday", "two weeks ago") and impossible dates ("Sept. 31", which chrono
// rejects). Resolution to calendar days happens later (resolve.ts), against an anchor.
import * as chrono from 'chrono-node';
import type { Precision } from './calendar';
import { isValidDate } from './calendar';
import { countWord, DATE_PREPOSITIONS, MONTH_WORD, monthNumber, WEEKDAY_WORD, weekdayNumber } from './lexicon';

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
  | 'numeric';

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
}

// chrono reads the text as stated; the reference only feeds values we discard.
const PARSE_REFERENCE = { instant: new Date(Date.UTC(2000, 0, 1, 12)), timezone: 0 };

const LEADING_NOISE = /^(?:(?:at\s+)?\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)\s+)?(?:(?:on|in|at|by|since|from|of|the)\s+)*/i;
const RELATIVE_PHRASE = /\b(?:this|last|next|past|coming)\s+(?:week|month|year)/i;
const MONTH_CONTEXT = new Set([...DATE_PREPOSITIONS, 'of', 'between', 'and', 'or', 'to', 'early', 'late', 'mid', 'last', 'next', 'this', 'until', 'in']);

export function wordBefore(text: string, at: number): { word: string; start: number } | undefined {
  const m = /([\p{L}]+)[ \t\r\n]+$/u.exec(text.slice(Math.max(0, at - 30), at));
  if (!m) return undefined;
  return { word: m[1], start: at - m[0].length };
}

/** Adds the preposition before a bare weekday, month or year to the span ("on Monday", "in 2013"). */
function withPreposition(text: string, e: DateExpression): DateExpression {
  if (e.form === 'date' || e.form === 'numeric' || e.form === 'relative' || e.shift) return e;
  const before = wordBefore(text, e.coreStart);
  if (before && DATE_PREPOSITIONS.has(before.word.toLowerCase())) return { ...e, start: before.start };
  return e;
}

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
  const monthWord = new RegExp(`\\b${MONTH_WORD}`, 'i').exec(coreText);
  const weekdayWord = new RegExp(`\\b${WEEKDAY_WORD}(?![\\p{L}])`, 'iu').exec(coreText);
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
    if (year === undefined && !hyphen && !(before && MONTH_CONTEXT.has(before.word.toLowerCase()))) return undefined;
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

// Bare years: a four-digit number from 1800 to 2099 where grammar makes it a year: the object of
// a preposition ("in 2013", "since 1979", "of 1980") or a modifier after a determiner ("the 2003
// invasion"), or before a name ("the seminal 1993 “MTV Unplugged” concert": news copy writes amounts
// with a comma, "2,000 Americans"). Amounts ("2000 troops", "$2014") are not.
const YEAR = /(?<![\p{L}\p{N}$£€¥#.,/:-])(1[89]\d\d|20\d\d)(?![\p{N}%]|s\b|[.,:/-]\d|'s\b)/gu;
const YEAR_CONTEXT = new Set([
  ...DATE_PREPOSITIONS, 'of', 'between', 'and', 'or', 'to', 'circa', 'early', 'late', 'mid', 'the', 'its', 'his', 'her',
  'their', 'our', 'a', 'an', 'year', 'fiscal', 'spring', 'summer', 'autumn', 'fall', 'winter', 'throughout', 'within',
]);

function bareYears(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  YEAR.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = YEAR.exec(text)) !== null && m.index < to) {
    const start = m.index;
    const end = start + m[0].length;
    const before = wordBefore(text, start);
    const hyphen = /mid-$/i.test(text.slice(Math.max(0, start - 4), start));
    const possessive = /['’]s\s+$/.test(text.slice(Math.max(0, start - 4), start));
    const beforeName = /^[ \t]+["“‘']?\p{Lu}/u.test(text.slice(end, end + 4));
    if (!hyphen && !possessive && !beforeName && !(before && YEAR_CONTEXT.has(before.word.toLowerCase()))) continue;
    // "and", "or", "to" join years ("between 1979 and 1980", "from 2010 to 2013"), not amounts.
    if (before && /^(?:and|or|to)$/i.test(before.word) && !/\b(?:1[89]\d\d|20\d\d)s?\s+$/.test(text.slice(Math.max(0, before.start - 8), before.start))) continue;
    out.push({ start, end, coreStart: start, coreEnd: end, form: 'year', year: Number(m[1]) });
  }
  return out;
}

const UNIT: Record<string, Precision> = { day: 'day', days: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month', year: 'year', years: 'year' };
const RELATIVE =
  /\b(?:(yesterday|today|tomorrow|tonight)|this\s+(morning|afternoon|evening)|(?:this\s+past|(last|this|next|coming))\s+(week|month|year)|(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(days?|weeks?|months?|years?)\s+ago)\b/gi;

function relatives(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  RELATIVE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = RELATIVE.exec(text)) !== null && m.index < to) {
    const start = m.index;
    const end = start + m[0].length;
    let relative: DateExpression['relative'];
    // "USA Today", "the Tonight Show": capitalised inside a sentence, a name.
    if ((m[1] || m[2]) && /^\p{Lu}/u.test(m[0]) && /[\p{L}\p{N},;:]\s*$/u.test(text.slice(from, start))) continue;
    // "the kids of today", "the world of tomorrow": nowadays, not a day.
    if (m[1] && /\bof\s+$/i.test(text.slice(Math.max(from, start - 4), start))) continue;
    if (m[1]) {
      const w = m[1].toLowerCase();
      relative = { unit: 'day', offset: w === 'yesterday' ? -1 : w === 'tomorrow' ? 1 : 0 };
    } else if (m[2]) {
      relative = { unit: 'day', offset: 0 };
    } else if (m[4]) {
      const w = (m[3] ?? 'last').toLowerCase(); // "this past week" is last week
      relative = { unit: UNIT[m[4].toLowerCase()], offset: w === 'last' ? -1 : w === 'this' ? 0 : 1 };
    } else if (m[5]) {
      const n = countWord(m[5]);
      if (n === undefined) continue;
      relative = { unit: UNIT[m[6].toLowerCase()], offset: -n };
    }
    if (!relative) continue;
    out.push({ start, end, coreStart: start, coreEnd: end, form: 'relative', relative });
  }
  return out;
}

const IMPOSSIBLE_MD = new RegExp(`\\b(${MONTH_WORD})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'g');
const IMPOSSIBLE_DM = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_WORD})(?:,?\\s+(\\d{4}))?(?![\\p{L}])`, 'gu');
const IMPOSSIBLE_ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

/** Dates that cannot exist: chrono rejects them, but a writer who typed one must be told. */
function impossibleDates(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  const push = (start: number, end: number, form: DateForm, year: number | undefined, month: number, day: number) => {
    if (day < 1 || day > 31 || month < 1 || month > 12 || isValidDate(year, month, day)) return;
    out.push({ start, end, coreStart: start, coreEnd: end, form, year, month, day, impossible: true });
  };
  const scan = (re: RegExp, read: (m: RegExpExecArray) => void) => {
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null && m.index < to) read(m);
  };
  scan(IMPOSSIBLE_MD, (m) => {
    const month = monthNumber(m[1]);
    if (month && /^\p{Lu}/u.test(m[1])) push(m.index, m.index + m[0].length, 'date', m[3] ? Number(m[3]) : undefined, month, Number(m[2]));
  });
  scan(IMPOSSIBLE_DM, (m) => {
    const month = monthNumber(m[2]);
    if (month && /^\p{Lu}/u.test(m[2])) push(m.index, m.index + m[0].length, 'date', m[3] ? Number(m[3]) : undefined, month, Number(m[1]));
  });
  scan(IMPOSSIBLE_ISO, (m) => {
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) push(m.index, m.index + m[0].length, 'numeric', Number(m[1]), month, day);
  });
  return out;
}

/**
 * What each extractor needs in the text, so that text without it is not scanned (most source
 * sentences hold no date): chrono's readings are kept only with a capitalised month word, a weekday
 * name or a date in digits (see fromChrono); impossible dates need a capitalised month word or an
 * ISO date; relative dates one of their words; bare years four digits. Each is a necessary condition of its extractor, never a sufficient one, so skipping an
 * extractor whose condition fails changes nothing (tests compare gated and ungated extraction).
 */
/** Month words as chrono reads them: whole words, any case (the check for a capital is separate). */
const MONTH_WORD_SOURCE = String.raw`(?<![a-z])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])`;
const MONTH_NAME = new RegExp(MONTH_WORD_SOURCE, 'gi');
/** A month word with a capital, as fromChrono keeps them. */
function hasCapitalisedMonth(text: string): boolean {
  MONTH_NAME.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MONTH_NAME.exec(text)) !== null) {
    const c = m[0].charCodeAt(0);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}
const WEEKDAY_NAME = /(?:sun|mon|tues?|wed|thu(?:rs?)?|fri|sat)(?:day|nesday|urday)/i;
/**
 * Dates in digits as chrono reads them: with a slash (9/15, 9/2014), with two separators
 * (15.09.2014, 3-4-87), starting with a year (2014-09-15, "2014 09 15"); a decimal ("2.5 pct") or
 * a bare year is none of these. A reading that starts with digits also keeps a month word in any
 * case ("26-feb-1987", "1987 feb 26", "15:00 on sept. 15"): a month word not far after a digit.
 */
const DIGIT_DATE = new RegExp(String.raw`\d\/\d|\d[.\-]\d{1,2}[.\-/]\d|\d{4}[-./\s]\d|\d[\s\S]{0,24}?` + MONTH_WORD_SOURCE, 'i');
const RELATIVE_WORD = /yesterday|today|tomorrow|tonight|this|last|next|coming|ago/i;
const YEAR_DIGITS = /(?:1[89]|20)\d\d/;
/** Whether `text` may hold a date with a month and a day (what a dateline needs): chrono's or an impossible date's pre-condition. */
export function mayHoldMonthDay(text: string): boolean {
  return hasCapitalisedMonth(text) || DIGIT_DATE.test(text);
}

/** Whether `text[from, to)` may hold a date expression at all. */
export function mayHoldDate(text: string, from = 0, to = text.length): boolean {
  const segment = text.slice(from, to).replace(/[\r\n\t]/g, ' ');
  return hasCapitalisedMonth(segment) || WEEKDAY_NAME.test(segment) || DIGIT_DATE.test(segment) || RELATIVE_WORD.test(segment) || YEAR_DIGITS.test(segment);
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
  if (!useChrono && !useRelative && !useYears) return [];
  const found: DateExpression[] = [];
  const take = (list: DateExpression[]) => {
    for (const e of list) if (!found.some((f) => overlaps(f, e))) found.push(e);
  };
  if (month || digits) take(impossibleDates(text, from, to));
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
      if (e) parsed.push(e);
    }
  };
  if (useChrono) read(segment, from);
  take(parsed);
  if (useRelative) take(relatives(text, from, to));
  if (useYears) take(bareYears(text, from, to));
  return found
    .map((e) => withPreposition(text, e))
    .sort((a, b) => a.start - b.start);
}
