// Word stems: the coarser normalisation under which "talks"/"talk", "convicted"/"conviction" and
// "Iran's"/"Iran" meet. The index keeps each word's stem (corpus/index.ts `stemOf`), and a
// persisted index keeps them all, so that the checks that compare words by stem (dates' event
// words, numbers' things counted) stem no source word at run time.
import porter2 from 'wink-porter2-stemmer';

/**
 * Longer words are kept as they are: no word of a language is this long (the longest English
 * dictionary word has 45 letters), and the stemmer's patterns take time quadratic in a word's
 * length (a 70,000-letter run, such as an encoded blob in a saved page, took a minute to stem).
 */
export const MAX_STEMMED = 64;

/** The word's Porter2 stem (wink-porter2-stemmer). Words with digits or other scripts, and words longer than MAX_STEMMED, are kept as they are. */
export function stem(norm: string): string {
  if (norm.length > MAX_STEMMED) return norm;
  const w = norm.replace(/'s$/, '');
  return /^[a-z]+$/.test(w) ? porter2(w) : w;
}

/** Every word's stem: `strings[ofWord[w]]` is word w's; `known` gives stems already worked out (undefined where not). */
export interface StemTable {
  ofWord: Int32Array;
  strings: string[];
}

export function stemTable(words: readonly string[], known?: readonly (string | undefined)[]): StemTable {
  const ofWord = new Int32Array(words.length);
  const strings: string[] = [];
  const number = new Map<string, number>();
  for (let w = 0; w < words.length; w++) {
    const s = known?.[w] ?? stem(words[w]);
    let n = number.get(s);
    if (n === undefined) {
      number.set(s, (n = strings.length));
      strings.push(s);
    }
    ofWord[w] = n;
  }
  return { ofWord, strings };
}
