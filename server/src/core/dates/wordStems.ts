// The stems of an index's words (dates/eventWords.ts `stem`), worked out once per word and shared
// by the checks that compare words by stem (dates' event words, numbers' things counted): a warm
// check of a 10,000-word draft against a large archive stemmed the same words twice.
import type { CorpusIndex } from '../corpus/index';
import { stem } from './eventWords';

const stemsOf = new WeakMap<CorpusIndex, (string | undefined)[]>();

/** The stem of word `id` of `index`. */
export function wordStem(index: CorpusIndex, id: number): string {
  let stems = stemsOf.get(index);
  if (!stems) stemsOf.set(index, (stems = new Array(index.vocab.size)));
  let s = stems[id];
  if (s === undefined) stems[id] = s = stem(index.word(id));
  return s;
}
