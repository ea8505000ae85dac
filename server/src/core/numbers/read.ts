// Reading figures in text: digits and number words, scales and units ("$1.2bn" = "1.2 billion
// dollars" = "$1,200 million"), ordinals, fractions, percentages and hedges ("about", "more
// than", "dozens of"). Dates, years, times of day, list numbering, scores and the digits of
// names ("F-16", "G20") are not figures. Pure: a string in, figures with raw offsets out.
import { stem } from '../dates/eventWords';
import { normalizeWord, tokenize } from '../text/tokens';
import {
  CURRENCY_PREFIXES, CURRENCY_SYMBOLS, CURRENCY_WORDS, DENOMINATORS, HEDGES, NOT_NOUNS, ORDINAL_WORDS, SCALES,
  SCALE_ABBREVIATIONS, TENS, TRAILING_HEDGES, UNITS, VAGUE, type Hedge,
} from './lexicon';
import { glued, lower, notAFigure, roundingOf, wordNumber } from './spots';
import { isNumberWord } from './lexicon';

export { isNumberWord };

/** What a figure measures: counts of things, money in a currency, a share (percent or fraction), percentage points, a rank. */
export type FigureKind = 'count' | 'money' | 'share' | 'points' | 'rank';

export interface Figure {
  /** The figure in the text, hedge excluded (its currency, number, scale and unit). */
  start: number;
  end: number;
  /** Where its hedge begins ("more than 300"), else `start`. */
  hedgeStart: number;
  hedge: Hedge;
  /** The value in base units (dollars, people, a share as a proportion 0..1). */
  value: number;
  /** For vague quantities ("dozens of"): the range. */
  range?: [number, number];
  /** How far the draft may have rounded: half the unit of its last significant digit, in base units. */
  tolerance: number;
  kind: FigureKind;
  /** money: the currency ('dollar', …; '' when unknown). */
  currency?: string;
  /** How it is written, for a fix in the same style. */
  style: {
    words: boolean;
    /** The number's own text (digits or words), without currency, scale and unit. */
    numStart: number;
    numEnd: number;
    /** The scale it is written with (1e6 for "1.2 million", "$5m"), else 1. */
    scale: number;
    /** Thousands separators in digits. */
    grouped: boolean;
    decimals: number;
    /** A share written as a percentage (else a fraction in words). */
    percent: boolean;
  };
  /** Stems of the words that say what it counts (the first content words after it). */
  thing: string[];
  /** Stem of the content word before it ("toll of 300"), if any. */
  before?: string;
  /** Which end of a range it is ("18 to 25": 'low', 'high'). */
  rangeEnd?: 'low' | 'high';
  /**
   * A small count in words after "the", "these", "those" or "both" ("the two countries"): it
   * refers to things already named rather than stating how many there are.
   */
  definite?: boolean;
}

// Digits, with currency before and scale and percent after.
const DIGITS =
  /(?:\b(US|USD|A|C|HK|NZ|GBP|EUR)\s?)?([$£€¥])?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(st|nd|rd|th)?(?:(?:\s|-)?(hundred|thousand|million|billion|trillion|bn|mn|mln|tn|trn|m|b|k)(?![\p{L}\p{N}]))?(?:\s?(%|percent(?![\p{L}])|per cent(?![\p{L}])|pct(?![\p{L}])|percentage points?(?![\p{L}])))?/giu;
const WORD_TOKEN = /[A-Za-z]+/g;

const MONEY_AFTER = /^[\s-]*(?:(?:US|U\.S\.|Canadian|Australian|Hong Kong|New Zealand)\s+)?(dollars?|pounds?|euros?|yen|dlrs?|stg|sterling|usd|gbp|eur)\b/i;
const UNIT_AFTER = /^\s?(%|percent\b|per cent\b|pct\b|percentage points?\b)/i;
const SCALE_AFTER = /^[\s-](hundred|thousand|million|billion|trillion)\b/i;


/** Every hedge as one pattern anchored at the figure: the leftmost match is the longest hedge ("just over", not "over"). */
const HEDGE_PATTERN = new RegExp(
  `(?:^|[^\\p{L}])(${[...HEDGES].sort((a, b) => b[0].length - a[0].length).map(([w]) => w.replace(/ /g, '\\s+')).join('|')})\\s+$`,
  'iu',
);
const HEDGE_OF = new Map(HEDGES.map(([w, h]) => [w, h]));

function hedgeBefore(text: string, at: number, from: number): { hedge: Hedge; start: number } | undefined {
  const head = text.slice(Math.max(from, at - 30), at);
  const m = HEDGE_PATTERN.exec(head);
  if (!m) return undefined;
  const hedge = HEDGE_OF.get(m[1].toLowerCase().replace(/\s+/g, ' '));
  return hedge && { hedge, start: at - head.length + m.index + m[0].indexOf(m[1]) };
}

function trailingHedge(text: string, at: number): Hedge | undefined {
  const tail = text.slice(at, at + 12);
  for (const [re, h] of TRAILING_HEDGES) if (re.test(tail)) return h;
  return undefined;
}

/** What the figure counts: stems of up to two content words after it; and the content word before. */
function context(text: string, start: number, end: number, from: number, to: number): { thing: string[]; before?: string } {
  const thing: string[] = [];
  let at = end;
  // "three-year war": the word glued by a hyphen is the first thing word.
  for (const t of tokenize(text, end, Math.min(to, end + 60))) {
    const gap = text.slice(at, t.start);
    if (/[.,;:!?()"“”]/.test(gap) || isNumberWord(t.norm)) break;
    at = t.end;
    if (NOT_NOUNS.has(t.norm) || t.norm.length < 2) {
      if (thing.length) break;
      continue;
    }
    thing.push(stem(t.norm));
    if (thing.length >= 2) break;
  }
  let before: string | undefined;
  const back = tokenize(text, Math.max(from, start - 40), start).reverse();
  at = start;
  for (const t of back.slice(0, 3)) {
    if (/[.;:!?()"“”$£€%]/.test(text.slice(t.end, at)) || isNumberWord(t.norm) || UNIT_WORDS.has(t.norm)) break;
    at = t.start;
    if (NOT_NOUNS.has(t.norm) || HEDGE_WORDS.has(t.norm) || t.norm.length < 2) continue;
    before = stem(t.norm);
    break;
  }
  return { thing, before };
}
/** Words of a figure's unit: the word before a figure is never one of them ("56 percent to 32 percent"). */
const UNIT_WORDS = new Set(['percent', 'pct', 'cent', 'points', 'point', ...Object.keys(CURRENCY_WORDS)]);
const HEDGE_WORDS = new Set(HEDGES.flatMap(([w]) => w.split(' ')));

interface Spot {
  start: number;
  end: number;
  numStart: number;
  numEnd: number;
  value: number;
  kind: FigureKind;
  currency?: string;
  words: boolean;
  scale: number;
  grouped: boolean;
  decimals: number;
  percent: boolean;
  range?: [number, number];
  tolerance?: number;
  hedge?: Hedge;
  definite?: boolean;
}


/** The words a figure in words can begin with: anything else is passed over at once. */
const FIGURE_WORDS = new Set([
  ...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(ORDINAL_WORDS), ...Object.keys(VAGUE), 'a', 'an', 'half', 'tens', 'hundred', 'thousand', 'million', 'billion', 'trillion', 'dozen',
]);

const RELATIVE_DATE = /^[\s-]+(?:years?|months?|weeks?|days?|hours?|decades?)\s+(?:ago|earlier|later|before|after|from now|hence)\b/i;

/** Every figure in `text[from, to)`, in order. */
export function readFigures(text: string, from = 0, to = text.length): Figure[] {
  const spots: Spot[] = [];
  const slice = text.slice(from, to);
  // Digits.
  DIGITS.lastIndex = 0;
  for (let m = DIGITS.exec(slice); m; m = DIGITS.exec(slice)) {
    const [whole, prefix, symbol, num, ordinal, scaleWord, unitWord] = m;
    if (!num) {
      DIGITS.lastIndex = m.index + Math.max(1, whole.length);
      continue;
    }
    const numStart = from + m.index + whole.indexOf(num, prefix ? prefix.length : 0);
    const numEnd = numStart + num.length;
    let start = from + m.index;
    while (/\s/.test(text[start])) start++;
    let end = from + m.index + whole.length;
    while (end > start && /\s/.test(text[end - 1])) end--;
    // A currency code is written in capitals, and only USD, GBP and EUR stand without a sign ("a 10-mln" is no A$10m).
    if (prefix && (prefix !== prefix.toUpperCase() || (!symbol && !/^(?:USD|GBP|EUR)$/.test(prefix)))) {
      const skip = m.index + m[0].indexOf(prefix) + prefix.length;
      DIGITS.lastIndex = skip;
      continue;
    }
    const sc = scaleWord ? lower(scaleWord) : undefined;
    // A lone "m", "b" or "k" after digits is a million only for money ("$5m"; "100m race" is metres).
    const scaleOk = sc !== undefined && (!SCALE_ABBREVIATIONS.has(sc) || sc === 'bn' || sc === 'mn' || sc === 'mln' || !!symbol || !!prefix);
    let scale = scaleOk ? SCALES[sc!] : 1;
    if (!scaleOk && sc !== undefined) end = numEnd + (ordinal?.length ?? 0);
    if (glued(text, symbol || prefix ? start : numStart, end)) continue;
    const plain = !symbol && !prefix && !scaleOk && !unitWord && !ordinal && !num.includes(',') && !num.includes('.');
    if (notAFigure(text, numStart, numEnd, plain, from)) continue;
    const n = Number(num.replace(/,/g, ''));
    if (!Number.isFinite(n)) continue;
    const decimals = /\.(\d+)$/.exec(num)?.[1].length ?? 0;
    let kind: FigureKind = 'count';
    let currency: string | undefined;
    let percent = false;
    if (ordinal) kind = 'rank';
    else if (symbol || (prefix && CURRENCY_PREFIXES[lower(prefix)])) {
      kind = 'money';
      currency = CURRENCY_SYMBOLS[symbol ?? ''] ?? CURRENCY_PREFIXES[lower(prefix ?? '')] ?? '';
    }
    if (!scaleOk) {
      const more = SCALE_AFTER.exec(text.slice(end, end + 12));
      if (more && kind !== 'rank') {
        scale = SCALES[lower(more[1])];
        end += more[0].length;
      }
    }
    let unit = unitWord ? lower(unitWord) : undefined;
    if (!unit && kind !== 'rank') {
      const u = UNIT_AFTER.exec(text.slice(end, end + 22));
      if (u) {
        unit = lower(u[1]);
        end += u[0].length;
      }
    }
    if (unit && kind !== 'rank') {
      kind = /point/.test(unit) ? 'points' : 'share';
      percent = true;
    }
    if (kind === 'count' || kind === 'money') {
      const cw = MONEY_AFTER.exec(text.slice(end, end + 30));
      if (cw && (kind === 'count' || currency === '')) {
        kind = 'money';
        currency = CURRENCY_WORDS[lower(cw[1])] ?? '';
        end += cw[0].length;
      }
    }
    const value = kind === 'share' ? (n * scale) / 100 : n * scale;
    spots.push({ start, end, numStart, numEnd, value, kind, currency, words: false, scale, grouped: num.includes(','), decimals, percent, tolerance: roundingOf(num, decimals, kind === 'share' ? scale / 100 : scale, value, kind) });
  }
  // Words.
  const toks = [...slice.matchAll(WORD_TOKEN)].map((t) => Object.assign(t, { index: t.index! + from })) as RegExpMatchArray[];
  for (let i = 0; i < toks.length; i++) {
    const w = lower(toks[i][0]);
    if (!FIGURE_WORDS.has(w)) continue;
    const at = toks[i].index!;
    if (spots.some((s) => s.start <= at && at < s.end)) continue;
    const next = toks[i + 1] && lower(toks[i + 1][0]);
    const gapNext = toks[i + 1] ? text.slice(at + toks[i][0].length, toks[i + 1].index) : '';
    // Vague quantities: "dozens of", "tens of thousands of".
    if ((w === 'tens' || w === 'hundreds') && next === 'of' && toks[i + 2] && /^(thousands|millions)$/i.test(toks[i + 2][0]) && toks[i + 3] && lower(toks[i + 3][0]) === 'of') {
      const base = lower(toks[i + 2][0]) === 'thousands' ? 1e3 : 1e6;
      const f = w === 'tens' ? 10 : 100;
      const end = toks[i + 2].index! + toks[i + 2][0].length;
      spots.push({ start: at, end, numStart: at, numEnd: end, value: f * base * 2, kind: 'count', words: true, scale: 1, grouped: false, decimals: 0, percent: false, range: [f * base, f * base * 10 * 2], hedge: 'vague' });
      i += 2;
      continue;
    }
    if (VAGUE[w] && next === 'of') {
      const end = at + toks[i][0].length;
      const range = VAGUE[w];
      spots.push({ start: at, end, numStart: at, numEnd: end, value: range[0], kind: 'count', words: true, scale: 1, grouped: false, decimals: 0, percent: false, range, hedge: 'vague' });
      continue;
    }
    // Fractions: "two-thirds", "a quarter of", "half of".
    if ((w === 'half') && (next === 'of' || next === 'the') && !/^(?:first|second|a)$/i.test(toks[i - 1]?.[0] ?? '')) {
      const end = at + 4;
      spots.push({ start: at, end, numStart: at, numEnd: end, value: 0.5, kind: 'share', words: true, scale: 1, grouped: false, decimals: 0, percent: false, tolerance: 0.02 });
      continue;
    }
    if ((UNITS[w] !== undefined || w === 'a' || w === 'one') && next && DENOMINATORS[next] && next !== 'half' && /^(?:\s+|-)$/.test(gapNext)) {
      const plural = /s$/.test(next);
      const numerator = UNITS[w] ?? 1;
      const ofAfter = toks[i + 2] && lower(toks[i + 2][0]) === 'of';
      if ((plural && numerator > 1) || (!plural && numerator === 1 && (ofAfter || gapNext === '-'))) {
        const end = toks[i + 1].index! + toks[i + 1][0].length;
        spots.push({ start: at, end, numStart: at, numEnd: end, value: numerator / DENOMINATORS[next], kind: 'share', words: true, scale: 1, grouped: false, decimals: 0, percent: false, tolerance: 0.02 });
        i++;
        continue;
      }
    }
    // Ordinals in words: "the third", "fourth-largest" (not "a third of": a fraction, above).
    if (ORDINAL_WORDS[w] !== undefined) {
      const prev = lower(toks[i - 1]?.[0] ?? '');
      if (prev === 'the' || /['’]s$/.test(text.slice(Math.max(0, at - 3), at - 1)) || /^-/.test(gapNext)) {
        const end = at + toks[i][0].length;
        spots.push({ start: at, end, numStart: at, numEnd: end, value: ORDINAL_WORDS[w], kind: 'rank', words: true, scale: 1, grouped: false, decimals: 0, percent: false, tolerance: 0.5 });
      }
      continue;
    }
    const n = wordNumber(text, toks, i);
    if (!n) continue;
    // Inside a word compound of letters ("one-off", "twenty-somethings") or a name ("Formula One"): not a figure.
    const numEnd = toks[n.last].index! + toks[n.last][0].length;
    if (/^-(?:off|time|way|sided|stop|on|liners?|thirds?|quarters?|fifths?)\b/i.test(text.slice(numEnd, numEnd + 9)) || /\p{L}-$/u.test(text.slice(Math.max(0, at - 2), at))) {
      i = n.last;
      continue;
    }
    let end = numEnd;
    let kind: FigureKind = 'count';
    let currency: string | undefined;
    let percent = false;
    const u = UNIT_AFTER.exec(text.slice(end, end + 22));
    if (u) {
      kind = /point/.test(lower(u[1])) ? 'points' : 'share';
      percent = true;
      end += u[0].length;
    } else {
      const cw = MONEY_AFTER.exec(text.slice(end, end + 30));
      if (cw) {
        kind = 'money';
        currency = CURRENCY_WORDS[lower(cw[1])] ?? '';
        end += cw[0].length;
      }
    }
    const value = kind === 'share' ? n.value / 100 : n.value;
    const zeros = /0*$/.exec(String(n.value))![0].length;
    const tolerance = kind === 'share' ? 0.005 : n.value <= 100 || zeros === 0 ? 0.5 : Math.min(0.5 * 10 ** zeros, 0.05 * n.value);
    const definite = kind === 'count' && n.value <= 10 && /^(?:the|these|those|both)$/i.test(toks[i - 1]?.[0] ?? '') && /^\s+$/.test(text.slice(toks[i - 1]!.index! + toks[i - 1]![0].length, at));
    spots.push({ start: at, end, numStart: at, numEnd, value, kind, currency, words: true, scale: 1, grouped: false, decimals: 0, percent, tolerance, definite });
    i = n.last;
  }
  spots.sort((a, b) => a.start - b.start);
  const out: Figure[] = [];
  for (const s of spots) {
    if (out.length && out[out.length - 1].end > s.start) continue;
    // "two years ago", "10 days later": a date, the date check's.
    if (RELATIVE_DATE.test(text.slice(s.end, s.end + 30))) continue;
    const before = hedgeBefore(text, s.start, from);
    const trailing = trailingHedge(text, s.end);
    const hedge: Hedge = s.hedge ?? trailing ?? before?.hedge ?? 'exact';
    const { thing, before: prevWord } = context(text, s.start, s.end, from, to);
    out.push({
      start: s.start,
      end: s.end,
      hedgeStart: before && !s.hedge && !trailing ? before.start : s.start,
      hedge,
      value: s.value,
      range: s.range,
      tolerance: s.tolerance ?? 0.5,
      kind: s.kind,
      currency: s.currency,
      style: { words: s.words, numStart: s.numStart, numEnd: s.numEnd, scale: s.scale, grouped: s.grouped, decimals: s.decimals, percent: s.percent },
      thing,
      before: prevWord,
      ...(s.definite ? { definite: true } : {}),
    });
  }
  linkRanges(text, out);
  return out;
}

/**
 * Ranges ("18 to 25 years", "from 50 to 90%", "between 2 and 3 million"): both ends count the
 * same thing, in the same unit; the first end takes the unit and scale of the second when it
 * has none of its own.
 */
function linkRanges(text: string, figures: Figure[]): void {
  for (let k = 0; k + 1 < figures.length; k++) {
    const a = figures[k];
    const b = figures[k + 1];
    if (!/^\s*(?:to|and|or|-|–)\s*$/.test(text.slice(a.end, b.hedgeStart))) continue;
    a.rangeEnd = 'low';
    b.rangeEnd = 'high';
    if (!a.thing.length) a.thing = b.thing;
    if (b.before === undefined) b.before = a.before;
    if (a.kind === 'count' && a.style.scale === 1 && (b.kind === 'share' || b.kind === 'money' || b.style.scale > 1)) {
      const scale = b.kind === 'share' ? 0.01 : b.style.scale;
      a.value *= scale;
      a.tolerance *= scale;
      a.kind = b.kind;
      a.currency = b.currency;
      a.style = { ...a.style, scale: b.kind === 'share' ? 1 : b.style.scale, percent: b.style.percent };
    }
  }
}


export { normalizeWord };
