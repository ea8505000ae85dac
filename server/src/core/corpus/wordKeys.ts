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
import type { CorpusIndex } from './index';
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

/** A phrase's words (normalised, in order) and the keys a source holding it has: its word when it is one, else its pairs. */
export function phraseWordKeys(text: string): { words: string[]; keys: Int32Array } {
  const words = tokenize(text).map((t) => t.norm);
  return { words, keys: keysOf(words, words.length === 1) };
}

export interface PhraseOccurrence {
  /** The source's number in the index. */
  source: number;
  /** Raw offsets of the phrase in the source's text, half-open. */
  start: number;
  end: number;
  /** The sentence (or sentences) the phrase is in. */
  sentence: Span;
}

/**
 * Every place where a source of `index` has the phrase's words in this order, adjacent (as the
 * quotation check's exact search: typography, case and accents do not count, words do), by source
 * then position.
 */
export function findPhraseIn(index: CorpusIndex, words: readonly string[]): PhraseOccurrence[] {
  if (words.length === 0) return [];
  const ids = words.map((w) => index.idOf(w));
  return index
    .findPhrase(ids)
    .map((o) => {
      const base = index.sourceStart[o.source];
      const start = index.starts[base + o.from];
      const end = index.endOf(base + o.to - 1);
      return { source: o.source, start, end, sentence: index.sentenceAround(o.source, start, end) };
    })
    .sort((a, b) => a.source - b.source || a.start - b.start);
}
