// Words for dates: month and weekday names in the forms news copy uses, and small number words.

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Lower-case month word (full, abbreviated, with or without the dot) → month number. */
export function monthNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w === 'sept') return 9;
  if (w.length < 3) return undefined;
  const i = MONTH_NAMES.findIndex((m) => m.toLowerCase() === w || (w.length === 3 && m.toLowerCase().startsWith(w)));
  return i >= 0 ? i + 1 : undefined;
}

/** Weekday word (full or a common abbreviation) → 0 = Sunday … 6 = Saturday. */
export function weekdayNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = WEEKDAY_NAMES.findIndex((d) => d.toLowerCase() === w);
  if (i >= 0) return i;
  const abbr: Record<string, number> = { sun: 0, mon: 1, tue: 2, tues: 2, wed: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6 };
  return abbr[w];
}

export const MONTH_WORD = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
export const WEEKDAY_WORD = String.raw`(?:Sun|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat)(?:day|nesday|urday|\.)?`;

const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, several: NaN, few: NaN,
};

export function countWord(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const n = NUMBER_WORDS[word.toLowerCase()];
  return n === undefined || isNaN(n) ? undefined : n;
}

/** Words that introduce a date as the object of a preposition; the finding's span includes them. */
export const DATE_PREPOSITIONS = new Set(['on', 'in', 'since', 'during', 'until', 'till', 'by', 'before', 'after', 'from', 'through']);
