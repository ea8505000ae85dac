// Sentence boundaries for excerpts and context. Line breaks inside a paragraph (hard-wrapped wire
// copy) do not end a sentence; a blank line does. Abbreviations common in news copy do not either.

export interface Span {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'col', 'lt', 'sgt', 'capt', 'gov', 'sen', 'rep', 'st', 'jr', 'sr',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'no', 'vs', 'inc', 'corp', 'co', 'ltd', 'etc', 'approx', 'dept', 'est', 'ft', 'mt', 'pres', 'rev',
]);

/**
 * A sentence is at most this long: longer, it ends at the next white space (at twice this, anywhere).
 * Real text never comes near (the longest of 229,366 sentences of 20,214 news articles has 1,902
 * characters); a page of list items or a line without stops would otherwise be one sentence, and
 * the work per date in it grow with its length.
 */
export const MAX_SENTENCE = 4000;

/** Splits `text` into sentence spans (trimmed of surrounding white space). */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) spans.push({ start: s, end: e });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (i - start >= MAX_SENTENCE && (i - start >= 2 * MAX_SENTENCE || c === ' ' || c === '\n' || c === '\t' || c === '\r')) {
      push(i);
      start = i;
    }
    if (c === '\n') {
      // Blank line (possibly with spaces or \r) ends a paragraph and so a sentence.
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      if (j < text.length && text[j] === '\n') {
        push(i);
        start = j;
        i = j;
      }
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?' && c !== '…') continue;
    // Swallow closing quotes and brackets after the terminator.
    let j = i + 1;
    while (j < text.length && /["'”’»)\]]/.test(text[j])) j++;
    if (j < text.length && !/\s/.test(text[j])) continue;
    // Next non-space character must start a sentence (upper case, digit, opening quote).
    let k = j;
    while (k < text.length && /\s/.test(text[k])) k++;
    if (k < text.length && !/[\p{Lu}\p{N}"“‘'«(\[]/u.test(text[k])) continue;
    if (c === '.') {
      const before = text.slice(Math.max(0, i - 12), i);
      const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
      if (ABBREVIATIONS.has(word.toLowerCase())) continue;
      // Initials and dotted abbreviations (U.S., J.) do not end a sentence before a capital.
      if (/^(?:\p{L}\.)*\p{L}$/u.test(word) && word.length <= 5) continue;
    }
    push(j);
    start = j;
    i = j - 1;
  }
  push(text.length);
  return spans;
}

/** The sentence containing [start, end), widened to cover every sentence the range touches. */
export function sentenceAround(spans: Span[], start: number, end: number): Span {
  let lo = -1;
  let hi = -1;
  for (let i = 0; i < spans.length; i++) {
    if (spans[i].end > start && lo < 0) lo = i;
    if (spans[i].start < end) hi = i;
  }
  if (lo < 0 || hi < 0 || hi < lo) return { start, end };
  return { start: Math.min(spans[lo].start, start), end: Math.max(spans[hi].end, end) };
}
