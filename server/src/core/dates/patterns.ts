// The extractors of our own, each a pattern over the text with the grammar that makes a match a
// date: bare years, decades and centuries, ranges of years, relative dates ("last year", "two
// weeks ago"), dates counted from the one before ("the following year") and impossible dates
// ("Sept. 31"). Also what each needs in the text (the gates of readDates, extract.ts).
import type { Precision } from './calendar';
import { isValidDate } from './calendar';
import type { DateExpression, DateForm } from './extract';
import { countWord, DATE_PREPOSITIONS, MONTH_WORD, monthNumber } from './lexicon';

/**
 * The matches of the global pattern `re` that start in [from, to). The pattern runs over the text
 * up to `to` plus a margin for the match itself and its lookaheads, never to the end of the
 * document: a segment without a match would otherwise cost a scan of everything after it, once
 * per segment (quadratic in a draft's length). Offsets stay those of `text`. No pattern here
 * matches more than MATCH_MARGIN characters.
 */
const MATCH_MARGIN = 200;
export function* matchesIn(re: RegExp, text: string, from: number, to: number): Generator<RegExpExecArray> {
  const scope = text.length > to + MATCH_MARGIN ? text.slice(0, to + MATCH_MARGIN) : text;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(scope)) !== null && m.index < to) yield m;
}

/** The word just before `at` (within 30 characters), and where it starts. */
export function wordBefore(text: string, at: number): { word: string; start: number } | undefined {
  const m = /([\p{L}]+)[ \t\r\n]+$/u.exec(text.slice(Math.max(0, at - 30), at));
  if (!m) return undefined;
  return { word: m[1], start: at - m[0].length };
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

export function bareYears(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  for (const m of matchesIn(YEAR, text, from, to)) {
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

export function erasIn(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  for (const m of matchesIn(DECADE, text, from, to)) {
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
  for (const m of matchesIn(CENTURY, text, from, to)) {
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

export function yearRanges(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  for (const m of matchesIn(YEAR_RANGE, text, from, to)) {
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
  /\b(?:(yesterday|today|tomorrow|tonight|last\s+night)|this\s+(morning|afternoon|evening)|(?:this\s+past|(last|this|next|coming))\s+(week|month|year)|(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(days?|weeks?|months?|years?)\s+ago)\b/gi;

export function relatives(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  for (const m of matchesIn(RELATIVE, text, from, to)) {
    const start = m.index;
    const end = start + m[0].length;
    let relative: DateExpression['relative'];
    // "USA Today", "the Tonight Show": capitalised inside a sentence, a name.
    if ((m[1] || m[2]) && /^\p{Lu}/u.test(m[0]) && /[\p{L}\p{N},;:]\s*$/u.test(text.slice(from, start))) continue;
    // "the kids of today", "the world of tomorrow": nowadays, not a day.
    if (m[1] && /\bof\s+$/i.test(text.slice(Math.max(from, start - 4), start))) continue;
    if (m[1]) {
      const w = m[1].toLowerCase();
      // "Last night" is the evening before the text was written ("the last night of the tour" is none).
      if (/^last/.test(w) && /\b(?:the|that|this|his|her|its|their|our|my|your|a|every|one)\s+$/i.test(text.slice(Math.max(from, start - 8), start))) continue;
      relative = { unit: 'day', offset: w === 'yesterday' || /^last/.test(w) ? -1 : w === 'tomorrow' ? 1 : 0 };
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

// Weekends: "over the weekend", "this weekend", "last weekend", "this past weekend", "next
// weekend". A weekend is its Saturday and Sunday, counted from the anchor like a weekday (resolve.ts):
// `shift` last/next, or none ("this weekend", "over the weekend": the tense decides). Not "the
// weekend of June 5" (the date says which) nor "weekend" as a modifier ("weekend traffic").
const WEEKEND = /\b(?:(?:(this\s+past|last|this|next|coming|past)|(over|during|on|at|for|through|throughout)\s+the)\s+weekend)(?![\p{L}\p{N}-]|\s+of\b|['’]s)/giu;

export function weekends(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  for (const m of matchesIn(WEEKEND, text, from, to)) {
    const start = m.index;
    const end = start + m[0].length;
    // "the last weekend of June", "his last weekend": an ordinal, not a date.
    if (m[1] && /^last$/i.test(m[1]) && /\b(?:the|that|his|her|its|their|our|my|your|a|one)\s+$/i.test(text.slice(Math.max(from, start - 8), start))) continue;
    const w = m[1]?.toLowerCase().replace(/\s+/g, ' ');
    const shift: DateExpression['shift'] = w === undefined || w === 'this' ? undefined : w === 'next' || w === 'coming' ? 'next' : 'last';
    // The preposition goes with the finding; the core is "the weekend".
    const coreStart = m[2] ? start + m[0].search(/the\s/i) : start;
    const e: DateExpression = { start, end, coreStart, coreEnd: end, form: 'weekend' };
    if (shift) e.shift = shift;
    out.push(e);
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
export const ANAPHORA_WORD = /\b(?:following|next|previous|preceding|before|after|later|earlier|that)\b/i;

export function anaphoric(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  for (const m of matchesIn(ANAPHORA, text, from, to)) {
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
export function impossibleDates(text: string, from: number, to: number): DateExpression[] {
  const out: DateExpression[] = [];
  const push = (start: number, end: number, form: DateForm, year: number | undefined, month: number, day: number) => {
    if (day < 1 || day > 31 || month < 1 || month > 12 || isValidDate(year, month, day)) return;
    out.push({ start, end, coreStart: start, coreEnd: end, form, year, month, day, impossible: true });
  };
  const scan = (re: RegExp, read: (m: RegExpExecArray) => void) => {
    for (const m of matchesIn(re, text, from, to)) read(m);
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
export function hasCapitalisedMonth(text: string): boolean {
  MONTH_NAME.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MONTH_NAME.exec(text)) !== null) {
    const c = m[0].charCodeAt(0);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}
export const WEEKDAY_NAME = /(?:sun|mon|tues?|wed|thu(?:rs?)?|fri|sat)(?:day|nesday|urday)/i;
/**
 * Dates in digits as chrono reads them: with a slash (9/15, 9/2014), with two separators
 * (15.09.2014, 3-4-87), starting with a year (2014-09-15, "2014 09 15"); a decimal ("2.5 pct") or
 * a bare year is none of these. A reading that starts with digits also keeps a month word in any
 * case ("26-feb-1987", "1987 feb 26", "15:00 on sept. 15"): a month word not far after a digit.
 */
export const DIGIT_DATE = new RegExp(String.raw`\d\/\d|\d[.\-]\d{1,2}[.\-/]\d|\d{4}[-./\s]\d|\d[\s\S]{0,24}?` + MONTH_WORD_SOURCE, 'i');
export const RELATIVE_WORD = /yesterday|today|tomorrow|tonight|this|last|next|coming|ago|weekend/i;
export const YEAR_DIGITS = /(?:1[89]|20)\d\d/;
/** What a decade or a century needs: four digits (read above), a two-digit decade or the word. */
export const ERA_WORD = /['’]\d0s|century/i;
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
