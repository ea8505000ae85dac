// The words of figures: number words, scales, fractions, ordinals, currencies and hedges (English).

export const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};

export const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/** Scale words and their abbreviations as they follow a number ("1.2bn", "$300m", "5 million"). */
export const SCALES: Record<string, number> = {
  hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12,
  k: 1e3, m: 1e6, mn: 1e6, mln: 1e6, bn: 1e9, b: 1e9, tn: 1e12, trn: 1e12,
};
/** Scale abbreviations that are read only right after digits ("$5m", "1.2 bn"), never as words of their own. */
export const SCALE_ABBREVIATIONS = new Set(['k', 'm', 'mn', 'mln', 'bn', 'b', 'tn', 'trn']);

export const ORDINAL_WORDS: Record<string, number> = {
  third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20,
  thirtieth: 30, fortieth: 40, fiftieth: 50, sixtieth: 60, seventieth: 70, eightieth: 80, ninetieth: 90, hundredth: 100,
};

/** Denominators of fractions in words ("two-thirds", "a quarter", "one in five" is not read). */
export const DENOMINATORS: Record<string, number> = {
  half: 2, halves: 2, third: 3, thirds: 3, quarter: 4, quarters: 4, fourth: 4, fourths: 4, fifth: 5, fifths: 5,
  sixth: 6, sixths: 6, seventh: 7, sevenths: 7, eighth: 8, eighths: 8, ninth: 9, ninths: 9, tenth: 10, tenths: 10,
};

/** Vague quantities: "dozens of", "hundreds of", "tens of thousands of": the range each allows. */
export const VAGUE: Record<string, [number, number]> = {
  dozens: [13, 200],
  scores: [40, 400],
  hundreds: [100, 2000],
  thousands: [1000, 1e6],
  millions: [1e6, 1e9],
  billions: [1e9, 1e12],
};

export const CURRENCY_SYMBOLS: Record<string, string> = { $: 'dollar', '£': 'pound', '€': 'euro', '¥': 'yen' };
/** Currency words after a figure ("5 million dollars"); their singular names the unit. */
export const CURRENCY_WORDS: Record<string, string> = {
  dollar: 'dollar', dollars: 'dollar', pound: 'pound', pounds: 'pound', euro: 'euro', euros: 'euro', yen: 'yen',
  dlrs: 'dollar', dlr: 'dollar', stg: 'pound', sterling: 'pound', usd: 'dollar', gbp: 'pound', eur: 'euro',
};
/** Currency codes before a figure ("US$5", "USD 5", "A$3"). */
export const CURRENCY_PREFIXES: Record<string, string> = { us: 'dollar', usd: 'dollar', gbp: 'pound', eur: 'euro', a: 'dollar', c: 'dollar', hk: 'dollar', nz: 'dollar' };

export const PERCENT_WORDS = new Set(['percent', 'pct', 'per cent', 'percentage points', 'percentage point', 'points']);

export type Hedge = 'exact' | 'about' | 'below-about' | 'more' | 'less' | 'vague';

/** Words before a figure that hedge it, longest first when read (see read.ts). */
export const HEDGES: [string, Hedge][] = [
  ['more than', 'more'], ['greater than', 'more'], ['upwards of', 'more'], ['in excess of', 'more'], ['at least', 'more'], ['over', 'more'],
  ['just over', 'more'], ['well over', 'more'], ['no fewer than', 'more'], ['no less than', 'more'], ['a minimum of', 'more'], ['above', 'more'],
  ['fewer than', 'less'], ['less than', 'less'], ['under', 'less'], ['just under', 'less'], ['up to', 'less'], ['at most', 'less'],
  ['as many as', 'less'], ['as much as', 'less'], ['no more than', 'less'], ['a maximum of', 'less'], ['below', 'less'],
  ['about', 'about'], ['around', 'about'], ['approximately', 'about'], ['roughly', 'about'], ['some', 'about'], ['an estimated', 'about'],
  ['estimated', 'about'], ['circa', 'about'], ['approx', 'about'], ['close to', 'below-about'], ['nearly', 'below-about'],
  ['almost', 'below-about'], ['just shy of', 'below-about'], ['an almost', 'below-about'],
];
/** After a figure: "300 or so", "300-plus", "300 or more". */
export const TRAILING_HEDGES: [RegExp, Hedge][] = [
  [/^\s*or so\b/i, 'about'], [/^-?plus\b/i, 'more'], [/^\s*or more\b/i, 'more'], [/^\s*or fewer\b/i, 'less'], [/^\s*or less\b/i, 'less'], [/^\+/, 'more'],
];

export const MONTHS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

/** Words after a number that make it a time of day, an age of the clock, or part of a date. */
export const TIME_WORDS = new Set(['am', 'pm', 'a.m', 'p.m', "o'clock", 'gmt', 'utc', 'est', 'edt', 'bst', 'cet', 'pst', 'et', 'hrs', 'hours gmt']);

/** Words that are not what a figure counts: function words between a figure and its noun. */
export const NOT_NOUNS = new Set([
  'of', 'the', 'a', 'an', 'and', 'or', 'to', 'in', 'on', 'at', 'for', 'by', 'from', 'with', 'as', 'than', 'that', 'which', 'who',
  'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'will', 'would', 'could', 'more', 'other', 'per', 'each',
  'it', 'its', 'their', 'them', 'they', 'us', 'we', 'you', 'he', 'she', 'him', 'them', 'whom', 'his', 'her', 'this', 'these', 'those', 'such', 'new', 'about', 'some', 'all', 'were', 'said', 'says',
  'last', 'next', 'so', 'only', 'just', 'nearly', 'almost', 'up', 'down', 'total', 'another', 'least',
]);

const NUMBER_WORDS = new Set([
  ...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(SCALES), ...Object.keys(VAGUE), ...Object.keys(DENOMINATORS), ...Object.keys(ORDINAL_WORDS), 'dozen',
]);

/** Whether a normalised word (tokens.ts) can be part of a figure: digits or a number word. */
export function isNumberWord(norm: string): boolean {
  const c = norm.charCodeAt(0);
  if (c >= 48 && c <= 57) return true;
  if (c < 128) return NUMBER_WORDS.has(norm);
  return /^\p{N}/u.test(norm);
}
