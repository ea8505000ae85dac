// The sources' dates, read lazily: only the sentences that share words with a draft date's event
// are parsed, and each once per corpus (cached beside the index, which is immutable).
import type { CorpusIndex } from '../corpus/index';
import type { PreparedSource } from '../corpus/source';
import type { Span } from '../text/markdown';
import { datelineDay, findDateline, isoDay, type Anchor } from './anchor';
import { eventWords, type EventWord } from './eventWords';
import { extractDates, type DateExpression } from './extract';
import { resolveDate, type Resolution } from './resolve';
import { tenseAround, type Tense } from './tense';

export interface SourceDate {
  /** Index of the source in the corpus index. */
  source: number;
  anchor: Anchor;
  expr: DateExpression;
  /** The source's text of the expression, white space folded. */
  wording: string;
  tense: Tense;
  resolution: Resolution;
  sentence: Span;
  words: EventWord[];
}

export interface Candidate {
  source: number;
  sentence: number;
  /** Distinct draft words the sentence contains. */
  hits: number;
}

export class CorpusDates {
  private newestDay: number | undefined | null = null;
  /** Per source: its anchor when that does not depend on the draft's. */
  private readonly ownAnchors: (Anchor | undefined)[];
  private readonly datelines = new Map<number, ReturnType<typeof findDateline>>();
  /**
   * Sentence numbers: per source, the number of its first sentence (-1 until mapped) and its
   * sentences' bounds (see `mapSource`); per word, the sentences it occurs in (`wordSentences`).
   */
  private readonly sentenceBase: Int32Array;
  private readonly sentenceBounds: (Int32Array | undefined)[];
  private readonly sentencesOfWord = new Map<number, Int32Array>();
  private sentenceTotal = 0;
  /** By sentence number: its source; scratch pairs (the last word counted, distinct words counted). */
  private ownerSource = new Int32Array(1024);
  private scratch = new Int32Array(2048).map((_, i) => (i % 2 ? 0 : -1));
  private touched = new Int32Array(1024);
  /** Dates by sentence number (source's own anchor), and by sentence and draft anchor. */
  private readonly dates = new Map<number, SourceDate[]>();
  private readonly datesForDraft = new Map<string, SourceDate[]>();

  constructor(readonly index: CorpusIndex) {
    this.ownAnchors = new Array(index.sources.length);
    this.sentenceBounds = new Array(index.sources.length);
    this.sentenceBase = new Int32Array(index.sources.length).fill(-1);
  }

  /**
   * The newest date any source gives for itself (day number): from metadata, or when no source
   * has a date in its metadata, from datelines (read once, on first need).
   */
  get newest(): number | undefined {
    if (this.newestDay !== null) return this.newestDay;
    let newest: number | undefined;
    const consider = (d: number | undefined) => {
      if (d !== undefined && (newest === undefined || d > newest)) newest = d;
    };
    for (const s of this.index.sources) consider(isoDay(s.meta.date));
    if (newest === undefined) {
      this.index.sources.forEach((_s, i) => {
        const d = this.dateline(i);
        if (d?.year !== undefined) consider(datelineDay(d, undefined));
      });
    }
    this.newestDay = newest;
    return newest;
  }

  private dateline(i: number) {
    if (!this.datelines.has(i)) {
      const s = this.index.sources[i];
      this.datelines.set(i, findDateline(s.text, s.bodyStart));
    }
    return this.datelines.get(i);
  }

  /**
   * What source `i`'s relative dates count from: its date, its dateline, else the newest source
   * date, else (nothing in the corpus is dated) the draft's anchor.
   */
  anchor(i: number, draft: Anchor): Anchor {
    const own = this.ownAnchors[i];
    if (own) return own;
    const s = this.index.sources[i];
    const day = isoDay(s.meta.date);
    let anchor: Anchor | undefined;
    if (day !== undefined) anchor = { day, origin: 'meta' };
    else {
      const dl = this.dateline(i);
      const near = dl && dl.year === undefined ? (this.newest ?? draft.day) : undefined;
      const lineDay = dl && datelineDay(dl, near);
      if (lineDay !== undefined) {
        anchor = { day: lineDay, origin: 'dateline' };
        // A year-less dateline read near the draft's day depends on the draft.
        if (dl!.year === undefined && this.newest === undefined) return anchor;
      } else if (this.newest !== undefined) anchor = { day: this.newest, origin: 'newest-source' };
      else return { day: draft.day, origin: draft.origin === 'floating' ? 'floating' : 'same-as-draft' };
    }
    this.ownAnchors[i] = anchor;
    return anchor;
  }

  /**
   * Numbers the sentences of source `i` (unique in the corpus, given on first need) and keeps their
   * bounds in token numbers: sentence k holds the source's tokens [b[2k], b[2k+1]) (a token belongs
   * to the sentence its start lies in). Returns the number of the source's first sentence.
   */
  private mapSource(i: number): number {
    let base = this.sentenceBase[i];
    if (base >= 0) return base;
    const index = this.index;
    const sentences = index.sources[i].sentences;
    const count = sentences.length;
    base = this.sentenceBase[i] = this.sentenceTotal;
    this.sentenceTotal += count;
    if (this.sentenceTotal > this.ownerSource.length) {
      const size = Math.max(this.sentenceTotal, this.ownerSource.length * 2);
      const owner = new Int32Array(size);
      owner.set(this.ownerSource);
      this.ownerSource = owner;
      const scratch = new Int32Array(2 * size);
      for (let g = 0; g < size; g++) scratch[2 * g] = -1;
      scratch.set(this.scratch);
      this.scratch = scratch;
    }
    this.ownerSource.fill(i, base, base + count);
    const from = index.sourceStart[i];
    const to = index.sourceStart[i + 1];
    const starts = index.starts;
    const b = new Int32Array(count * 2);
    let p = from;
    for (let k = 0; k < count; k++) {
      const { start, end } = sentences[k];
      while (p < to && starts[p] < start) p++;
      b[2 * k] = p - from;
      while (p < to && starts[p] < end) p++;
      b[2 * k + 1] = p - from;
    }
    this.sentenceBounds[i] = b;
    return base;
  }

  /**
   * The sentence numbers of a word's occurrences (those outside sentences left out), in corpus
   * order: computed once per word, then read in sequence by every search that uses the word.
   */
  private wordSentences(id: number): Int32Array {
    let list = this.sentencesOfWord.get(id);
    if (list) return list;
    const index = this.index;
    const positions = index.positions(id);
    const sourceStart = index.sourceStart;
    const out = new Int32Array(positions.length);
    let n = 0;
    let source = -1;
    let sourceEnd = -1;
    let first = 0;
    let b: Int32Array = out;
    let base = 0;
    let count = 0;
    let k = 0;
    for (let m = 0; m < positions.length; m++) {
      const p = positions[m];
      if (p >= sourceEnd) {
        source = index.sourceOf(p);
        first = sourceStart[source];
        sourceEnd = sourceStart[source + 1];
        base = this.mapSource(source);
        b = this.sentenceBounds[source]!;
        count = b.length >> 1;
        k = 0;
      }
      const j = p - first;
      while (k < count && b[2 * k + 1] <= j) k++;
      if (k < count && b[2 * k] <= j) out[n++] = base + k;
    }
    list = n === out.length ? out : out.slice(0, n);
    this.sentencesOfWord.set(id, list);
    return list;
  }

  /**
   * Source sentences sharing at least `minHits` of `norms`, best first (ties: in the order first
   * met, word by word and position by position). Words more frequent than `maxFrequency` do not
   * select (they are everywhere) but still count in scoring later. Counting uses scratch arrays
   * kept between calls: nothing is allocated per sentence.
   */
  candidates(norms: readonly string[], minHits: number, limit = 60): Candidate[] {
    const index = this.index;
    const maxFrequency = Math.max(200, Math.floor(index.tokenCount * 0.01));
    // Sentences in the order first met, with their counts in `scratch`.
    let touched = this.touched;
    let nTouched = 0;
    let word = 0;
    for (const norm of new Set(norms)) {
      const w = word++;
      const id = index.idOf(norm);
      if (id < 0 || index.frequency(id) > maxFrequency) continue;
      const sentences = this.wordSentences(id);
      const scratch = this.scratch;
      if (nTouched + sentences.length > touched.length) {
        const grown = new Int32Array(Math.max(touched.length * 2, nTouched + sentences.length));
        grown.set(touched.subarray(0, nTouched));
        touched = this.touched = grown;
      }
      for (let n = 0; n < sentences.length; n++) {
        const g = sentences[n] << 1;
        if (scratch[g] === w) continue;
        if (scratch[g + 1] === 0) touched[nTouched++] = g >> 1;
        scratch[g] = w;
        scratch[g + 1]++;
      }
    }
    // Best first, ties in the order met (a stable sort by count), without sorting: how many have
    // each count, the lowest count that makes the list, then one pass in order.
    const scratch = this.scratch;
    const byHits = new Int32Array(word + 2);
    for (let n = 0; n < nTouched; n++) {
      const h = scratch[2 * touched[n] + 1];
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
      const g = touched[n];
      const h = scratch[2 * g + 1];
      if (h >= lowest && h >= minHits && fill[h] < start[h] + room[h]) {
        const source = this.ownerSource[g];
        out[fill[h]++] = { source, sentence: g - this.sentenceBase[source], hits: h };
      }
      // Leave the scratch arrays clean for the next call.
      scratch[2 * g] = -1;
      scratch[2 * g + 1] = 0;
    }
    return out;
  }

  /** The dates in sentence `k` of source `i`, resolved against the source's anchor. */
  datesIn(i: number, k: number, draft: Anchor): SourceDate[] {
    const anchor = this.anchor(i, draft);
    const g = this.mapSource(i) + k;
    // Most anchors are the source's own: the dates are then kept by sentence number alone.
    const own = this.ownAnchors[i] === anchor;
    const key = own ? g : `${g}:${anchor.day}:${anchor.origin}`;
    let list = own ? this.dates.get(g) : this.datesForDraft.get(key as string);
    if (list) return list;
    list = this.read(i, k, anchor);
    if (own) this.dates.set(g, list);
    else {
      if (this.datesForDraft.size >= 50_000) this.datesForDraft.clear();
      this.datesForDraft.set(key as string, list);
    }
    return list;
  }

  private read(i: number, k: number, anchor: Anchor): SourceDate[] {
    const src: PreparedSource = this.index.sources[i];
    const sentence = src.sentences[k];
    const dl = this.dateline(i);
    const exprs = extractDates(src.text, sentence.start, sentence.end).filter((e) => !dl || e.coreEnd <= dl.start || e.coreStart >= dl.end);
    if (!exprs.length) return NO_DATES;
    const words = eventWords(src.text, sentence.start, sentence.end, exprs);
    const list: SourceDate[] = [];
    exprs.forEach((expr, j) => {
      const tense = tenseAround(src.text, sentence.start, sentence.end, expr.coreStart, expr.coreEnd, exprs);
      const resolution = resolveDate(expr, anchor.day, tense);
      if (resolution && !resolution.inconsistent) list.push({
          source: i,
          anchor,
          expr,
          wording: src.text.slice(expr.start, expr.end).replace(/\s+/g, ' '),
          tense,
          resolution,
          sentence,
          words: words[j],
        });
    });
    return list.length ? list : NO_DATES;
  }
}

/** Shared by every sentence without dates (most of them). */
const NO_DATES: SourceDate[] = [];

const cache = new WeakMap<CorpusIndex, CorpusDates>();

/** The date view of a corpus index, built once per index. */
export function corpusDates(index: CorpusIndex): CorpusDates {
  let c = cache.get(index);
  if (!c) cache.set(index, (c = new CorpusDates(index)));
  return c;
}
