// The search for dated source sentences about a draft date's event: those sharing the most of its
// event words, through the word → dated sentences lists (dates/dated.ts), counting in scratch
// arrays kept between calls (nothing is allocated per sentence).
import type { CorpusIndex } from '../corpus/index';
import type { DatedSentences } from './dated';

export interface Candidate {
  /** A dated sentence (number among the corpus's dated sentences). */
  dated: number;
  source: number;
  /** Distinct draft words the sentence contains. */
  hits: number;
}

/** Scratch arrays of a search, owned by the caller: `hitCount` per dated sentence (all zero between searches). */
export interface SearchScratch {
  hitCount: Int32Array;
  touched: Int32Array;
}

/** See CorpusDates.candidates (dates/sources.ts). */
export function searchDated(
  index: CorpusIndex,
  ds: DatedSentences,
  scratch: SearchScratch,
  norms: readonly string[],
  minHits: number,
  limit: number,
  keep?: (source: number) => boolean,
): Candidate[] {
  const maxFrequency = Math.max(200, Math.floor(index.tokenCount * 0.01));
  const hitCount = scratch.hitCount;
  // Sentences in the order first met, with their counts in `hitCount`.
  let touched = scratch.touched;
  let nTouched = 0;
  let word = 0;
  for (const norm of new Set(norms)) {
    word++;
    const id = index.idOf(norm);
    if (id < 0 || index.frequency(id) > maxFrequency) continue;
    const list = ds.sentencesWith(id);
    if (nTouched + list.length > touched.length) {
      const grown = new Int32Array(Math.max(touched.length * 2, nTouched + list.length));
      grown.set(touched.subarray(0, nTouched));
      touched = scratch.touched = grown;
    }
    // A word's list holds each sentence once, and the words are distinct: no sentence is counted twice for a word.
    for (let n = 0; n < list.length; n++) {
      const d = list[n];
      if (keep && !keep(ds.source[d])) continue;
      if (hitCount[d]++ === 0) touched[nTouched++] = d;
    }
  }
  // Best first, ties in the order met (a stable sort by count), without sorting: how many have
  // each count, the lowest count that makes the list, then one pass in order.
  const byHits = new Int32Array(word + 2);
  for (let n = 0; n < nTouched; n++) {
    const h = hitCount[touched[n]];
    if (h >= minHits) byHits[h]++;
  }
  let lowest = word + 1;
  let taken = 0;
  while (lowest > minHits && taken < limit) taken += byHits[--lowest];
  if (taken < limit) lowest = Math.max(minHits, Math.min(lowest, word + 1));
  const room = new Int32Array(word + 2);
  let total = 0;
  for (let h = word + 1; h >= lowest; h--) {
    room[h] = Math.min(byHits[h], limit - total);
    total += room[h];
  }
  const start = new Int32Array(word + 3);
  for (let h = word + 1; h >= lowest; h--) start[h - 1] = start[h] + room[h];
  const out: Candidate[] = new Array(total);
  const fill = start.slice();
  for (let n = 0; n < nTouched; n++) {
    const d = touched[n];
    const h = hitCount[d];
    if (h >= lowest && h >= minHits && fill[h] < start[h] + room[h]) out[fill[h]++] = { dated: d, source: ds.source[d], hits: h };
    // Leave the scratch array clean for the next call.
    hitCount[d] = 0;
  }
  return out;
}
