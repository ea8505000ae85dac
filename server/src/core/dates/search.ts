// The search for dated source sentences about a draft date's event: those sharing the most of its
// event words, through the word → dated sentences lists (dates/dated.ts), counting in scratch
// arrays kept between calls (nothing is allocated per sentence). A search among some sources (the
// draft's story's) reads, of a word's long list, only the stretches of those sources (dated
// sentences are numbered in corpus order, so each source's are one run), found by binary search.
import type { CorpusIndex } from '../corpus/index';
import type { DatedSentences } from './dated';
import type { Among } from './sources';

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
  /** The last set of sources searched among (by its key): its members and their runs of dated sentences. */
  runs?: Runs;
}

interface Runs {
  key: string;
  /** 1 for each source of the set, by source number. */
  member: Uint8Array;
  from: Int32Array;
  to: Int32Array;
}

/** The first index of ascending `list` in [lo, hi) whose value is ≥ `value`. */
function lowerBound(list: Int32Array, value: number, lo = 0, hi = list.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Each source of `among` (members ascending, the set named by its key) with dated sentences: the run [from, to) of its dated sentences, ascending. */
function runsOf(index: CorpusIndex, ds: DatedSentences, scratch: SearchScratch, among: Among): Runs {
  if (scratch.runs?.key === among.key) return scratch.runs;
  const member = new Uint8Array(index.sources.length);
  const from: number[] = [];
  const to: number[] = [];
  for (const s of among.members()) {
    member[s] = 1;
    const a = lowerBound(ds.source, s);
    const b = lowerBound(ds.source, s + 1, a);
    if (b > a) {
      from.push(a);
      to.push(b);
    }
  }
  scratch.runs = { key: among.key, member, from: Int32Array.from(from), to: Int32Array.from(to) };
  return scratch.runs;
}

/** See CorpusDates.candidates (dates/sources.ts). */
export function searchDated(
  index: CorpusIndex,
  ds: DatedSentences,
  scratch: SearchScratch,
  norms: readonly string[],
  minHits: number,
  limit: number,
  among?: Among,
): Candidate[] {
  const runs = among ? runsOf(index, ds, scratch, among) : undefined;
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
    // A word's list holds each sentence once, and the words are distinct: no sentence is counted
    // twice for a word. Among some sources, a list much longer than their number of runs is read
    // by runs (binary searches), a shorter one whole; both meet the sentences in ascending order.
    if (runs && list.length > 16 * runs.from.length) {
      let n = 0;
      for (let r = 0; r < runs.from.length && n < list.length; r++) {
        n = lowerBound(list, runs.from[r], n);
        const end = runs.to[r];
        for (; n < list.length && list[n] < end; n++) {
          const d = list[n];
          if (hitCount[d]++ === 0) touched[nTouched++] = d;
        }
      }
    } else if (runs) {
      const member = runs.member;
      const source = ds.source;
      for (let n = 0; n < list.length; n++) {
        const d = list[n];
        if (member[source[d]] === 0) continue;
        if (hitCount[d]++ === 0) touched[nTouched++] = d;
      }
    } else {
      for (let n = 0; n < list.length; n++) {
        const d = list[n];
        if (hitCount[d]++ === 0) touched[nTouched++] = d;
      }
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
