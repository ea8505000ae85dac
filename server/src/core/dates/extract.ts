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
  | 'numeric'
  /** "the 1930s", "the ’90s" (year: the decade's first) */
  | 'decade'
  /** "the 18th century", "19th-century" (year: the century's first as writers count, 1700) */
  | 'century';

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

export function wordBefore(text: string, at: number): { word: string; start: number } | undefined {
  const m = /([\p{L}]+)[ \t\r\n]+$/u.exec(text.slice(Math.max(0, at - 30), at));
  if (!m) return undefined;
  return { word: m[1], start: at - m[0].length };
}

/** Adds the preposition before a bare weekday, month or year to the span ("on Monday", "in 2013"). */
function withPreposition(text: string, e: DateExpression): DateExpression {
  if (e.form === 'date' || e.form === 'numeric' || e.form === 'relative' || e.shift) return e;
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

// Decades ("the 1930s", "the ’90s") and centuries ("the 18th century", "19th-century", "the
// twentieth century"): stated periods coarser than a year. A decade written with two digits
// belongs to the last century unless it is one of this century's first two ("the ’00s", "the ’10s").
const DECADE = /(?<![\p{L}\p{N}$£€¥#.,/:-])(?:(1[89]\d0|20\d0)|['’](\d0))s(?![\p{L}\p{N}])/gu;
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11,
  twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18,
  nineteenth: 19, twentieth: 20, 'twenty-first': 21, 'twenty first': 21,
};
const CENTURY = /\b(?:(\d{1,2})(?:st|nd|rd|th)|(twenty[- ]first|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth))[- ]century\b/gi;

function erasIn(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  DECADE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = DECADE.exec(text)) !== null && m.index < to) {
    const start = m.index;
    const end = start + m[0].length;
    let year: number;
    if (m[1]) year = Number(m[1]);
    else {
      const d = Number(m[2]);
      year = d <= 10 ? 2000 + d : 1900 + d;
    }
    out.push({ start, end, coreStart: start, coreEnd: end, form: 'decade', year });
  }
  CENTURY.lastIndex = from;
  while ((m = CENTURY.exec(text)) !== null && m.index < to) {
    const n = m[1] ? Number(m[1]) : ORDINAL_WORDS[m[2].toLowerCase().replace(/\s+/, ' ')];
    if (!n || n < 1 || n > 21) continue;
    const start = m.index;
    const end = start + m[0].length;
    out.push({ start, end, coreStart: start, coreEnd: end, form: 'century', year: (n - 1) * 100 });
  }
  return out;
}

// Ranges of years ("the 2012-13 season", "from 2010–2013"): both years, each checked. A short end
// that could be a month ("2010-11": November 2010) counts only before a word that makes the
// pair a span of years ("seasons", "school year", "fiscal").
const YEAR_RANGE = /(?<![\p{L}\p{N}$£€¥#.,/:-])(1[89]\d\d|20\d\d)[-–](\d\d|1[89]\d\d|20\d\d)(?![\p{N}%]|[-–.,/:]\d)/gu;
const SPAN_OF_YEARS = /^\s*(?:seasons?|school|academic|fiscal|financial|budget|tax|crop|marketing|winter|season)\b/i;

function yearRanges(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  YEAR_RANGE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = YEAR_RANGE.exec(text)) !== null && m.index < to) {
    const first = Number(m[1]);
    const short = m[2].length === 2;
    const last = short ? Math.floor(first / 100) * 100 + Number(m[2]) : Number(m[2]);
    if (last <= first || last - first > 50) continue;
    const end = m.index + m[0].length;
    if (short && Number(m[2]) <= 12 && !SPAN_OF_YEARS.test(text.slice(end, end + 20))) continue;
    const secondStart = m.index + m[1].length + 1;
    out.push({ start: m.index, end: m.index + m[1].length, coreStart: m.index, coreEnd: m.index + m[1].length, form: 'year', year: first, range: 'start' });
    out.push({ start: secondStart, end, coreStart: secondStart, coreEnd: end, form: 'year', year: last, range: 'end' });
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

// Dates counted from the one before them: "the following year", "the previous day", "a week
// later", "three years earlier", "the year before", "later that month", "that same year",
// "December of that year". Their reading needs the date the text gave before (checks/dates).
const COUNT = '(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,3})';
const ANAPHORA = new RegExp(
  [
    String.raw`\bthe\s+(following|next|previous|preceding)\s+(day|week|month|year)\b`,
    String.raw`\bthe\s+(day|week|month|year)\s+(before|after)\b`,
    String.raw`\b${COUNT}\s+(days?|weeks?|months?|years?)\s+(later|earlier)\b`,
    String.raw`\b(?:(?:later|earlier)\s+)?that\s+(?:same\s+)?(day|week|month|year)\b`,
    String.raw`\b(${MONTH_WORD})\s+(?:of\s+)?that\s+(?:same\s+)?year\b`,
  ].join('|'),
  'gi',
);
const ANAPHORA_WORD = /\b(?:following|next|previous|preceding|before|after|later|earlier|that)\b/i;

function anaphoric(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  ANAPHORA.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = ANAPHORA.exec(text)) !== null && m.index < to) {
    const start = m.index;
    const end = start + m[0].length;
    const e: DateExpression = { start, end, coreStart: start, coreEnd: end, form: 'relative' };
    if (m[2]) e.anaphora = { unit: UNIT[m[2].toLowerCase()], offset: /^(?:previous|preceding)$/i.test(m[1]) ? -1 : 1 };
    else if (m[3]) e.anaphora = { unit: UNIT[m[3].toLowerCase()], offset: /^before$/i.test(m[4]) ? -1 : 1 };
    else if (m[6]) {
      const n = countWord(m[5]);
      if (n === undefined) continue;
      e.anaphora = { unit: UNIT[m[6].toLowerCase()], offset: /^earlier$/i.test(m[7]) ? -n : n };
    } else if (m[8]) e.anaphora = { unit: UNIT[m[8].toLowerCase()], offset: 0 };
    else if (m[9]) {
      const month = monthNumber(m[9]);
      if (!month || !/^\p{Lu}/u.test(m[9])) continue;
      e.form = 'month';
      e.month = month;
      e.anaphora = { unit: 'year', offset: 0 };
    }
    if (!e.anaphora) continue;
    out.push(e);
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
/** What a decade or a century needs: four digits (read above), a two-digit decade or the word. */
const ERA_WORD = /['’]\d0s|century/i;
/** Whether `text` may hold a date with a month and a day (what a dateline needs): chrono's or an impossible date's pre-condition. */
export function mayHoldMonthDay(text: string): boolean {
  return hasCapitalisedMonth(text) || DIGIT_DATE.test(text);
}

/** Whether `text[from, to)` may hold a date expression at all. */
export function mayHoldDate(text: string, from = 0, to = text.length): boolean {
  const segment = text.slice(from, to).replace(/[\r\n\t]/g, ' ');
  return (
    hasCapitalisedMonth(segment) ||
    WEEKDAY_NAME.test(segment) ||
    DIGIT_DATE.test(segment) ||
    RELATIVE_WORD.test(segment) ||
    ANAPHORA_WORD.test(segment) ||
    YEAR_DIGITS.test(segment) ||
    ERA_WORD.test(segment)
  );
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
  if (useEras) take(erasIn(text, from, to));
  if (useYears) take(bareYears(text, from, to));
  return found
    .map((e) => withPreposition(text, e))
    .sort((a, b) => a.start - b.start);
}
