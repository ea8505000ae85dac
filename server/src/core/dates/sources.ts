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
  private readonly anchors = new Map<string, Anchor>();
  private readonly datelines = new Map<number, ReturnType<typeof findDateline>>();
  private readonly sentenceOfToken = new Map<number, Int32Array>();
  private readonly dates = new Map<string, SourceDate[]>();

  constructor(readonly index: CorpusIndex) {}

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
    const key = `${i}:${draft.day}:${draft.origin}`;
    let anchor = this.anchors.get(key);
    if (anchor) return anchor;
    const s = this.index.sources[i];
    const own = isoDay(s.meta.date);
    if (own !== undefined) anchor = { day: own, origin: 'meta' };
    else {
      const dl = this.dateline(i);
      const day = dl && datelineDay(dl, dl.year !== undefined ? undefined : (this.newest ?? draft.day));
      if (day !== undefined) anchor = { day, origin: 'dateline' };
      else if (this.newest !== undefined) anchor = { day: this.newest, origin: 'newest-source' };
      else anchor = { day: draft.day, origin: draft.origin === 'floating' ? 'floating' : 'same-as-draft' };
    }
    this.anchors.set(key, anchor);
    return anchor;
  }

  private tokenSentences(i: number): Int32Array {
    let map = this.sentenceOfToken.get(i);
    if (!map) {
      const s = this.index.sources[i];
      map = new Int32Array(s.tokens.length).fill(-1);
      let k = 0;
      s.tokens.forEach((t, j) => {
        while (k < s.sentences.length && s.sentences[k].end <= t.start) k++;
        if (k < s.sentences.length && s.sentences[k].start <= t.start) map![j] = k;
      });
      this.sentenceOfToken.set(i, map);
    }
    return map;
  }

  /**
   * Source sentences sharing at least `minHits` of `norms`, best first. Words more frequent than
   * `maxFrequency` do not select (they are everywhere) but still count in scoring later.
   */
  candidates(norms: readonly string[], minHits: number, limit = 60): Candidate[] {
    const maxFrequency = Math.max(200, Math.floor(this.index.tokenCount * 0.01));
    const counts = new Map<number, { source: number; sentence: number; words: Set<string> }>();
    for (const norm of new Set(norms)) {
      const id = this.index.idOf(norm);
      if (id < 0 || this.index.frequency(id) > maxFrequency) continue;
      for (const p of this.index.positions(id)) {
        const source = this.index.sourceOf(p);
        const sentence = this.tokenSentences(source)[p - this.index.sourceStart[source]];
        if (sentence < 0) continue;
        const key = source * 1_000_000 + sentence;
        let c = counts.get(key);
        if (!c) counts.set(key, (c = { source, sentence, words: new Set() }));
        c.words.add(norm);
      }
    }
    return [...counts.values()]
      .filter((c) => c.words.size >= minHits)
      .map((c) => ({ source: c.source, sentence: c.sentence, hits: c.words.size }))
      .sort((a, b) => b.hits - a.hits)
      .slice(0, limit);
  }

  /** The dates in sentence `k` of source `i`, resolved against the source's anchor. */
  datesIn(i: number, k: number, draft: Anchor): SourceDate[] {
    const anchor = this.anchor(i, draft);
    const key = `${i}:${k}:${anchor.day}:${anchor.origin}`;
    let list = this.dates.get(key);
    if (list) return list;
    const src: PreparedSource = this.index.sources[i];
    const sentence = src.sentences[k];
    const dl = this.dateline(i);
    const exprs = extractDates(src.text, sentence.start, sentence.end).filter((e) => !dl || e.coreEnd <= dl.start || e.coreStart >= dl.end);
    const words = eventWords(src.text, sentence.start, sentence.end, exprs);
    list = [];
    exprs.forEach((expr, j) => {
      const tense = tenseAround(src.text, sentence.start, sentence.end, expr.coreStart, expr.coreEnd, exprs);
      const resolution = resolveDate(expr, anchor.day, tense);
      if (resolution && !resolution.inconsistent) list!.push({
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
    this.dates.set(key, list);
    return list;
  }
}

const cache = new WeakMap<CorpusIndex, CorpusDates>();

/** The date view of a corpus index, built once per index. */
export function corpusDates(index: CorpusIndex): CorpusDates {
  let c = cache.get(index);
  if (!c) cache.set(index, (c = new CorpusDates(index)));
  return c;
}
