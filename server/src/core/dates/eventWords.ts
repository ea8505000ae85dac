// The words that say which event a date belongs to: the content words of its sentence, the dates
// themselves and function words left out. When a sentence holds several dates, each word goes to
// the nearest one ("with memories of the 2003 invasion …, Iraq on Monday won a declaration").
import { tokenize, type Token } from '../text/tokens';
import { MONTH_NAMES, WEEKDAY_NAMES } from './lexicon';

const STOP = new Set(
  (
    'a an the and or but nor so yet of in on at by for to from with without into onto over under about above below ' +
    'after before during since until till than then as if when while where which who whom whose what that this these ' +
    'those there here it its he him his she her hers they them their theirs we us our you your i me my mine be is are ' +
    'was were been being am has have had having do does did done will would shall should can could may might must not ' +
    'no also just only very more most some any all each both other such same own said says say saying told tell ' +
    'according added adding week weeks month months year years day days today yesterday tomorrow tonight last next ' +
    'ago earlier later early late mid morning afternoon evening night past coming s t mr mrs ms jan feb mar apr jun ' +
    'jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun'
  ).split(' '),
);
for (const n of [...MONTH_NAMES, ...WEEKDAY_NAMES]) STOP.add(n.toLowerCase());

import { stem } from '../text/stems';
import type { CorpusIndex } from '../corpus/index';
import { isNumberWord } from '../numbers/lexicon';

export { stem };

/**
 * Whether a word can tell an event: not a function word, a date word or a single letter or digit,
 * nor a number that reads as a year (a date the extractors left alone). Other numbers tell the
 * event well ("21 cases", "$2.9 billion"): their rarity weighs them.
 */
export function isEventWord(norm: string): boolean {
  if (/^\p{N}/u.test(norm)) return norm.length >= 2 && !/^(?:1[89]|20)\d\d$/.test(norm);
  return !STOP.has(norm) && norm.length >= 2;
}

/** Which of `dates` a word at [start, end) goes to: the nearest (the first on ties), or -1 inside one. */
export function nearestDate(dates: readonly Span[], start: number, end: number): number {
  let best = 0;
  let bestDist = Infinity;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    if (start >= d.start && end <= d.end) return -1;
    const dist = end <= d.start ? d.start - end : start >= d.end ? start - d.end : 0;
    if (dist < bestDist) {
      best = i;
      bestDist = dist;
    }
  }
  return best;
}

export interface EventWord {
  /** Normalised form (as in the corpus index). */
  norm: string;
  stem: string;
  /** Words between it and its date. */
  distance: number;
  /** Its place among the sentence's words. */
  position?: number;
  /** Written with a capital: adjacent capitalised words are one name ("Bill Clinton", "Fox News"). */
  capital?: boolean;
  /**
   * Set on words the sentence does not have as such: a compound's last part ("strikes" of
   * "airstrikes"), or two words joined ("ceasefire" of "cease-fire"): how many of the sentence's
   * words it stands for.
   */
  standsFor?: number;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Content words of the sentence [sentStart, sentEnd) of `text` that belong to each date span in
 * `dates` (same order), by nearness.
 */
export function eventWords(text: string, sentStart: number, sentEnd: number, dates: readonly Span[]): EventWord[][] {
  return dates.length ? eventWordsOf(tokenize(text, sentStart, sentEnd), dates) : dates.map(() => []);
}

/** The same, from the sentence's tokens (a source's come from the corpus index). */
export function eventWordsOf(tokens: readonly Token[], dates: readonly Span[]): EventWord[][] {
  const out: EventWord[][] = dates.map(() => []);
  if (!dates.length) return out;
  // Token index of each date (its first word), to count distances in words.
  const at = dates.map((d) => {
    const k = tokens.findIndex((t) => t.end > d.start);
    return k < 0 ? tokens.length : k;
  });
  tokens.forEach((t, k) => {
    const best = nearestDate(dates, t.start, t.end);
    if (best < 0 || !isEventWord(t.norm)) return;
    out[best].push({ norm: t.norm, stem: stem(t.norm), distance: Math.abs(k - at[best]), position: k });
  });
  // The two ends of a range ("from September 15 to 17", "between 1979 and 1980") date one event:
  // each gets the other's words too.
  for (let d = 0; d + 1 < dates.length; d++) {
    if (!joinedAsRange(tokens, dates[d], dates[d + 1])) continue;
    const [a, b] = [out[d], out[d + 1]];
    const merged = [...a, ...b].sort((x, y) => (x.position ?? 0) - (y.position ?? 0));
    out[d] = merged.map((w) => ({ ...w, distance: Math.min(w.distance, Math.abs((w.position ?? 0) - at[d])) }));
    out[d + 1] = merged.map((w) => ({ ...w, distance: Math.min(w.distance, Math.abs((w.position ?? 0) - at[d + 1])) }));
  }
  return out;
}

const RANGE_WORDS: ReadonlySet<string> = new Set(['to', 'through', 'thru', 'until', 'till', 'and']);

/** Whether nothing but a range's join ("to", "through", "and", a dash) stands between two dates. */
function joinedAsRange(tokens: readonly Token[], a: Span, b: Span): boolean {
  return rangeJoin(tokens, a, b, (t) => t.norm);
}

/** The same over any tokens, with `norm` giving each one's word. */
export function rangeJoin<T extends Span>(tokens: Iterable<T>, a: Span, b: Span, norm: (t: T) => string): boolean {
  if (b.start < a.end) return false;
  let words = 0;
  for (const t of tokens) {
    if (t.start < a.end || t.end > b.start) continue;
    if (!RANGE_WORDS.has(norm(t))) return false;
    words++;
  }
  return words <= 1;
}

/**
 * The date's event words with the other spellings of its compounds, as far as the corpus writes
 * them (`known`: the corpus has the word): two adjacent event words joined ("air strikes" →
 * "airstrikes", "cease-fire" → "ceasefire"), and a word's last part when both parts are words of
 * the corpus ("airstrikes" → "strikes", "schoolgirl" → "girl").
 */
export function withCompounds(tokens: readonly Token[], words: readonly EventWord[], known: (norm: string) => boolean): EventWord[] {
  const out = [...words];
  const byNorm = new Map(words.map((w) => [w.norm, w]));
  const letters = /^\p{L}+$/u;
  for (let k = 0; k + 1 < tokens.length; k++) {
    const a = byNorm.get(tokens[k].norm);
    const b = byNorm.get(tokens[k + 1].norm);
    if (!a || !b || !letters.test(a.norm) || !letters.test(b.norm)) continue;
    // Only words next to each other, or joined by a hyphen.
    const gap = tokens[k + 1].start - tokens[k].end;
    if (gap > 1) continue;
    const joined = a.norm + b.norm;
    if (known(joined)) out.push({ norm: joined, stem: stem(joined), distance: Math.min(a.distance, b.distance), position: a.position, capital: a.capital, standsFor: 2 });
  }
  for (const w of words) {
    if (w.norm.length < 7 || !letters.test(w.norm)) continue;
    for (let cut = 3; cut <= w.norm.length - 4; cut++) {
      const head = w.norm.slice(0, cut);
      const tail = w.norm.slice(cut);
      if (isEventWord(tail) && known(head) && known(tail)) {
        out.push({ norm: tail, stem: stem(tail), distance: w.distance, position: w.position, capital: w.capital, standsFor: 1 });
        break;
      }
    }
  }
  return out;
}

/**
 * The sentence's first name: its first run of adjacent words written with a capital that can
 * tell an event (no function or date words: "On Monday, British Land Co said" → British Land Co),
 * most often who acts. Normalised forms; empty when it has none.
 */
export function firstName(text: string, tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    // A possessive is its word's ("Saturday's journal": a date word, no name); a figure is none ("Thirty-three percent").
    const base = t.norm.replace(/['’]s$/, '');
    const named = /^\p{Lu}/u.test(text.slice(t.start, t.start + 1)) && isEventWord(base) && !base.split('-').every(isNumberWord);
    if (named) out.push(t.norm);
    else if (out.length) break;
  }
  return out;
}

/**
 * Whether a source can tell of the draft sentence's subject: it has the rarest word of the
 * sentence's first name (a word the corpus lacks is the rarest, and no source has it), or the
 * sentence has no name. Tesco's bond issue says nothing of British Land's, however alike the
 * reports are worded.
 */
export function mentionsNames(index: CorpusIndex, names: readonly string[], source: number): boolean {
  let rarest = -1;
  for (const n of names) {
    const id = index.idOf(n);
    if (id < 0) return false;
    if (rarest < 0 || index.frequency(id) < index.frequency(rarest)) rarest = id;
  }
  return rarest < 0 || index.sourceHas(source, rarest);
}
