// What a database needs to find sources by their words without holding the index (the archive in
// PostgreSQL, node/archiveDb.ts): each source's distinct words and distinct pairs of adjacent
// words as 32-bit keys, and a phrase's, so that "the sources holding every pair of this phrase"
// is one lookup in an inverted index of keys. Pairs make the lookup selective: a phrase of common
// words ("said it would not") is in few sources as pairs, in most as words.
//
// A key is the FNV-1a hash of the normalised word (text/tokens.ts), or of two words joined by a
// space (which no word holds), over its UTF-16 code units. Two keys may collide: a source is then
// a candidate that does not hold the phrase, and the core's own search over the candidates
// (`findPhraseIn`) drops it. A word or pair never has two keys, so every source holding the
// phrase is among the candidates: the lookup loses nothing.
// A source's words are those the index has (its prose view, from the body on), so the candidates
// are judged by the same words as the embedded index judges them.
import type { SourceInput } from '../types';
import type { Span } from '../text/markdown';
import { tokenize } from '../text/tokens';
import type { CorpusIndex, Occurrence } from './index';
import { sourceHead } from './source';

/** Bumped when what a key is changes (the tokenizer, the hash): keys of another version are not used. */
export const WORD_KEYS_VERSION = 1;

/** A normalised word's key (32-bit FNV-1a over its UTF-16 code units, as a signed integer). */
export function wordKey(norm: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < norm.length; i++) {
    h ^= norm.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function distinctSorted(keys: number[]): Int32Array {
  const a = Int32Array.from(keys).sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i];
  return a.slice(0, n);
}

function keysOf(words: readonly string[], single: boolean): Int32Array {
  const keys: number[] = single ? words.map(wordKey) : [];
  for (let i = 0; i + 1 < words.length; i++) keys.push(wordKey(`${words[i]} ${words[i + 1]}`));
  return distinctSorted(keys);
}

/** The distinct keys of the words, and of the pairs of adjacent words, the index has for a source, ascending. */
export function sourceWordKeys(input: SourceInput): Int32Array {
  const { view } = sourceHead(input);
  return keysOf(
    tokenize(view.masked, view.bodyStart).map((t) => t.norm),
    true,
  );
}

/**
 * The writer's marks in a quotation: an ellipsis (… or ...) leaves words out, words in square
 * brackets stand for the source's own, `[sic]` marks a word as the source's (and is dropped), as
 * the quotation check reads them (checks/quotes/words.ts).
 */
const GAP = /\.\s?\.\s?\.|…|\[[^\]]*\]/g;
const SIC = /\[\s*sic\s*\]/gi;

/** Words a gap of a phrase may stand for, at most. */
export const MAX_GAP = 40;

/** A phrase's parts between its gaps (each its normalised words, in order; empty parts dropped). */
export function phraseParts(text: string): string[][] {
  return text
    .replace(SIC, ' ')
    .split(GAP)
    .map((part) => tokenize(part).map((t) => t.norm))
    .filter((words) => words.length > 0);
}

/**
 * A phrase's parts and the keys a source holding it has: each part's pairs of adjacent words (its
 * word when it is one).
 */
export function phraseWordKeys(text: string): { words: string[]; parts: string[][]; keys: Int32Array } {
  const parts = phraseParts(text);
  const keys: number[] = [];
  for (const p of parts) for (const k of keysOf(p, p.length === 1)) keys.push(k);
  return { words: parts.flat(), parts, keys: distinctSorted(keys) };
}

export interface PhraseOccurrence {
  /** The source's number in the index. */
  source: number;
  /** Raw offsets of the phrase in the source's text, half-open (from its first word to its last). */
  start: number;
  end: number;
  /** The sentence (or sentences) the phrase is in. */
  sentence: Span;
}

/**
 * Every place where a source of `index` has the phrase (phraseParts): each part's words in this
 * order, adjacent (as the quotation check's exact search: typography, case and accents do not
 * count, words do), the parts in order, at most MAX_GAP words between two; by source then position.
 */
export function findPhraseIn(index: CorpusIndex, parts: readonly (readonly string[])[]): PhraseOccurrence[] {
  if (parts.length === 0) return [];
  const found = parts.map((p) => index.findPhrase(p.map((w) => index.idOf(w))));
  // Each later part's occurrences by source (findPhrase gives them in position order).
  const bySource = found.map((list) => {
    const m = new Map<number, Occurrence[]>();
    for (const o of list) {
      const at = m.get(o.source);
      if (at) at.push(o);
      else m.set(o.source, [o]);
    }
    return m;
  });
  const out: PhraseOccurrence[] = [];
  for (const first of found[0]) {
    let last: Occurrence | undefined = first;
    for (let k = 1; k < found.length && last; k++) {
      // The nearest occurrence of the next part after the last one, within the gap.
      const after: Occurrence = last;
      last = (bySource[k].get(first.source) ?? []).find((o) => o.from >= after.to && o.from - after.to <= MAX_GAP);
    }
    if (!last) continue;
    const base = index.sourceStart[first.source];
    const start = index.starts[base + first.from];
    const end = index.endOf(base + last.to - 1);
    out.push({ source: first.source, start, end, sentence: index.sentenceAround(first.source, start, end) });
  }
  return out.sort((a, b) => a.source - b.source || a.start - b.start);
}
