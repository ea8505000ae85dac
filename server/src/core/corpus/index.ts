// The corpus index: every source's words as integer ids in one typed array, with a postings list
// per word (compressed-sparse-row layout). Finding a quote starts from its rarest word's postings,
// so the cost depends on how often that word occurs, not on the size of the corpus.
//
// Memory: a token is three 32-bit numbers (word id, raw start, raw end), not an object. Sources
// are views over these arrays: `tokens` is materialised on demand (a few recent ones are kept),
// sentences and quotations are computed the first time a check asks for them. The arrays
// (`CorpusData`) are what an adapter persists; `IndexBuilder` makes them, reusing sources an
// adapter already has in compact form.
import type { SourceInput } from '../types';
import type { Quote } from '../quotes/extract';
import type { Span } from '../text/markdown';
import { normalizeWord, WORD_SOURCE, type Token } from '../text/tokens';
import { decodeDate, DATE_FIELDS, encodeDates, sourceDateFacts, type StoredDate } from '../dates/stored';
import type { Dateline } from '../dates/anchor';
import { sourceHead, sourceQuotes, sourceSentences, type PreparedSource, type SourceHead } from './source';

export interface Occurrence {
  source: number;
  /** Token indices in the source, half-open. */
  from: number;
  to: number;
}

/** The whole index as plain arrays: what the adapters persist and load. */
export interface CorpusData {
  heads: SourceHead[];
  /** Word id → normalised word. */
  vocab: string[];
  /** Word id of every token of every source, concatenated. */
  ids: Int32Array;
  /** Raw offsets of every token in its source's text, half-open. */
  starts: Int32Array;
  /** Every token's length in characters, up to LONG (longer ones: LONG, and the length in `long`). */
  lengths: Uint8Array;
  /** Tokens of LONG characters or more: global position and length, pairs in position order. */
  long: Int32Array;
  /** Where each source's tokens begin (length sources + 1). */
  sourceStart: Int32Array;
  /** Every source's sentences as [start, end) character offsets, pairs concatenated. */
  sentences: Int32Array;
  /** Where each source's sentences begin, counted in sentences (length sources + 1). */
  sentenceStart: Int32Array;
  /** Every source's dates, DATE_FIELDS numbers each (dates/stored.ts), concatenated. */
  dates: Int32Array;
  /** Where each source's dates begin, counted in dates (length sources + 1). */
  dateStart: Int32Array;
  /** Every source's quotations, QUOTE_FIELDS numbers each (see encodeQuotes), concatenated. */
  quotes: Int32Array;
  /** Where each source's quotations begin, counted in quotations (length sources + 1). */
  quoteStart: Int32Array;
}

/** A source's sentences ([start, end) pairs), date rows and quotation rows, as numbers. */
export interface SourceParts {
  sentences: ArrayLike<number>;
  dates: ArrayLike<number>;
  quotes: ArrayLike<number>;
}

/** Numbers per quotation: start, end, open, close, depth, parent, group. */
export const QUOTE_FIELDS = 7;

export function encodeQuotes(quotes: readonly Quote[]): Int32Array {
  const out = new Int32Array(quotes.length * QUOTE_FIELDS);
  quotes.forEach((q, k) => out.set([q.start, q.end, q.open, q.close, q.depth, q.parent, q.group], k * QUOTE_FIELDS));
  return out;
}

export function decodeQuotes(rows: Int32Array): Quote[] {
  const out: Quote[] = [];
  for (let r = 0; r < rows.length; r += QUOTE_FIELDS) {
    out.push({ start: rows[r], end: rows[r + 1], open: rows[r + 2], close: rows[r + 3], depth: rows[r + 4], parent: rows[r + 5], group: rows[r + 6] });
  }
  return out;
}

/** Token lengths from this on are kept aside (`CorpusData.long`). */
export const LONG = 255;

/** How many materialised token lists the index keeps (most recently used). */
const TOKEN_CACHE = 256;

/** A source as the index holds it: the head, and the rest computed from the index when asked. */
class IndexedSource implements PreparedSource {
  readonly id: string;
  readonly meta: SourceHead['meta'];
  readonly bodyStart: number;
  readonly dateline?: Dateline;

  constructor(
    private readonly index: CorpusIndex,
    private readonly n: number,
    private readonly head: SourceHead,
  ) {
    this.id = head.id;
    this.meta = head.meta;
    this.bodyStart = head.bodyStart;
    if (head.dateline) this.dateline = head.dateline;
  }

  /** The head's text (an adapter may decode it only when first asked for). */
  get text(): string {
    return this.head.text;
  }

  get tokens(): Token[] {
    return this.index.tokensOf(this.n);
  }

  get sentences(): Span[] {
    return this.index.sentencesOf(this.n);
  }

  get dates(): StoredDate[] {
    const rows = this.index.dateRows(this.n);
    const out: StoredDate[] = [];
    for (let k = 0; k < rows.length / DATE_FIELDS; k++) out.push(decodeDate(rows, k, this.text));
    return out;
  }

  get quotes(): Quote[] {
    return this.index.quotesOf(this.n);
  }
}

export class CorpusIndex {
  readonly sources: readonly PreparedSource[];
  readonly vocab = new Map<string, number>();
  /** Word id of every token of every source, concatenated. */
  readonly ids: Int32Array;
  /** Where each source's tokens begin in `ids` (length sources + 1). */
  readonly sourceStart: Int32Array;
  /** Raw offsets of every token (global token position → offset in its source's text); lengths (see endOf). */
  readonly starts: Int32Array;
  readonly lengths: Uint8Array;
  private readonly long: Int32Array;
  private readonly longLength = new Map<number, number>();
  /** Sentences ([start, end) pairs) and where each source's begin; dates (rows) likewise. */
  readonly sentenceBounds: Int32Array;
  readonly sentenceStart: Int32Array;
  readonly dateData: Int32Array;
  readonly dateStart: Int32Array;
  readonly quoteData: Int32Array;
  readonly quoteStart: Int32Array;
  private readonly words: string[];
  private readonly heads: SourceHead[];
  private readonly postStart: Int32Array;
  private readonly postings: Int32Array;
  private readonly tokenCache = new Map<number, Token[]>();

  /** From prepared sources (the simple path) or from compact data (built or loaded). */
  constructor(input: readonly PreparedSource[] | CorpusData) {
    const data = Array.isArray(input) ? dataFromPrepared(input as readonly PreparedSource[]) : (input as CorpusData);
    this.words = data.vocab;
    this.words.forEach((w, i) => this.vocab.set(w, i));
    this.heads = data.heads;
    this.ids = data.ids;
    this.starts = data.starts;
    this.lengths = data.lengths;
    this.long = data.long;
    for (let k = 0; k < data.long.length; k += 2) this.longLength.set(data.long[k], data.long[k + 1]);
    this.sourceStart = data.sourceStart;
    this.sentenceBounds = data.sentences;
    this.sentenceStart = data.sentenceStart;
    this.dateData = data.dates;
    this.dateStart = data.dateStart;
    this.quoteData = data.quotes;
    this.quoteStart = data.quoteStart;
    this.sources = Array.isArray(input)
      ? (input as readonly PreparedSource[])
      : data.heads.map((h, i) => new IndexedSource(this, i, h));
    const total = this.ids.length;
    const counts = new Int32Array(this.words.length + 1);
    for (let i = 0; i < total; i++) counts[this.ids[i] + 1]++;
    for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
    this.postStart = counts;
    this.postings = new Int32Array(total);
    const fill = counts.slice(0, this.words.length);
    for (let i = 0; i < total; i++) this.postings[fill[this.ids[i]]++] = i;
  }

  /** Where global token `t` ends in its source's text. */
  endOf(t: number): number {
    const l = this.lengths[t];
    return this.starts[t] + (l < LONG ? l : this.longLength.get(t)!);
  }

  get tokenCount(): number {
    return this.ids.length;
  }

  /** The word's id, or -1 when the corpus does not have it. */
  idOf(word: string): number {
    const id = this.vocab.get(word);
    return id === undefined || this.frequency(id) === 0 ? -1 : id;
  }

  word(id: number): string {
    return this.words[id];
  }

  /** How many times the word occurs in the corpus. */
  frequency(id: number): number {
    return id < 0 ? 0 : this.postStart[id + 1] - this.postStart[id];
  }

  /** Global token positions of a word. */
  positions(id: number): Int32Array {
    return id < 0 ? new Int32Array(0) : this.postings.subarray(this.postStart[id], this.postStart[id + 1]);
  }

  /** The source a global token position belongs to. */
  sourceOf(pos: number): number {
    let lo = 0;
    let hi = this.sources.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.sourceStart[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** A source's tokens as objects (the compact arrays materialised; recent ones are kept). */
  tokensOf(source: number): Token[] {
    const cached = this.tokenCache.get(source);
    if (cached) {
      this.tokenCache.delete(source);
      this.tokenCache.set(source, cached);
      return cached;
    }
    const out: Token[] = [];
    for (let p = this.sourceStart[source]; p < this.sourceStart[source + 1]; p++) {
      out.push({ norm: this.words[this.ids[p]], start: this.starts[p], end: this.endOf(p) });
    }
    this.tokenCache.set(source, out);
    if (this.tokenCache.size > TOKEN_CACHE) this.tokenCache.delete(this.tokenCache.keys().next().value!);
    return out;
  }

  /** A source's sentences as spans (made from the compact bounds on each call). */
  sentencesOf(source: number): Span[] {
    const out: Span[] = [];
    const b = this.sentenceBounds;
    for (let g = this.sentenceStart[source]; g < this.sentenceStart[source + 1]; g++) out.push({ start: b[2 * g], end: b[2 * g + 1] });
    return out;
  }

  /**
   * The sentence of a source containing [start, end), widened to every sentence the range touches
   * (as text/sentences.ts sentenceAround does with span lists), by binary search in the bounds.
   */
  sentenceAround(source: number, start: number, end: number): Span {
    const b = this.sentenceBounds;
    const first = this.sentenceStart[source];
    const after = this.sentenceStart[source + 1];
    // lo: the first sentence ending after `start`; hi: the last one starting before `end`.
    let l = first;
    let h = after;
    while (l < h) {
      const m = (l + h) >> 1;
      if (b[2 * m + 1] > start) h = m;
      else l = m + 1;
    }
    const lo = l;
    l = first;
    h = after;
    while (l < h) {
      const m = (l + h) >> 1;
      if (b[2 * m] < end) l = m + 1;
      else h = m;
    }
    const hi = l - 1;
    if (lo >= after || hi < first || hi < lo) return { start, end };
    return { start: Math.min(b[2 * lo], start), end: Math.max(b[2 * hi + 1], end) };
  }

  /** A source's quotations (decoded from the compact rows on each call). */
  quotesOf(source: number): Quote[] {
    return decodeQuotes(this.quoteData.subarray(this.quoteStart[source] * QUOTE_FIELDS, this.quoteStart[source + 1] * QUOTE_FIELDS));
  }

  /** A source's date rows (dates/stored.ts), shared, not copied. */
  dateRows(source: number): Int32Array {
    return this.dateData.subarray(this.dateStart[source] * DATE_FIELDS, this.dateStart[source + 1] * DATE_FIELDS);
  }

  /**
   * For each token of a source, the number of the sentence (in `sources[i].sentences`) it starts
   * in, or -1: from the compact offsets, without materialising the tokens.
   */
  sentenceOfTokens(source: number): Int32Array {
    const from = this.sourceStart[source];
    const out = new Int32Array(this.sourceStart[source + 1] - from).fill(-1);
    const b = this.sentenceBounds;
    const first = this.sentenceStart[source];
    const count = this.sentenceStart[source + 1] - first;
    let k = 0;
    for (let j = 0; j < out.length; j++) {
      const start = this.starts[from + j];
      while (k < count && b[2 * (first + k) + 1] <= start) k++;
      if (k < count && b[2 * (first + k)] <= start) out[j] = k;
    }
    return out;
  }

  /** The compact arrays (shared, not copied): what adapters persist. */
  data(): CorpusData {
    return {
      heads: this.heads,
      vocab: this.words,
      ids: this.ids,
      starts: this.starts,
      lengths: this.lengths,
      long: this.long,
      sourceStart: this.sourceStart,
      sentences: this.sentenceBounds,
      sentenceStart: this.sentenceStart,
      dates: this.dateData,
      dateStart: this.dateStart,
      quotes: this.quoteData,
      quoteStart: this.quoteStart,
    };
  }

  /** Every place where the words `ids` occur in this order, adjacent. */
  findPhrase(ids: readonly number[]): Occurrence[] {
    if (ids.length === 0 || ids.some((id) => id < 0)) return [];
    let pivot = 0;
    for (let k = 1; k < ids.length; k++) if (this.frequency(ids[k]) < this.frequency(ids[pivot])) pivot = k;
    const out: Occurrence[] = [];
    for (const p of this.positions(ids[pivot])) {
      const first = p - pivot;
      if (first < 0 || first + ids.length > this.ids.length) continue;
      let ok = true;
      for (let k = 0; k < ids.length; k++) {
        if (this.ids[first + k] !== ids[k]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const s = this.sourceOf(first);
      if (first + ids.length > this.sourceStart[s + 1]) continue; // crosses into the next source
      out.push({ source: s, from: first - this.sourceStart[s], to: first - this.sourceStart[s] + ids.length });
    }
    return out;
  }
}

function dataFromPrepared(sources: readonly PreparedSource[]): CorpusData {
  const b = new IndexBuilder();
  for (const s of sources) {
    const head: SourceHead = { id: s.id, text: s.text, meta: s.meta, bodyStart: s.bodyStart };
    if (s.dateline) head.dateline = s.dateline;
    b.addTokens(
      head,
      s.tokens.map((t) => t.norm),
      s.tokens.map((t) => t.start),
      s.tokens.map((t) => t.end),
      { sentences: spanPairs(s.sentences), dates: encodeDates(s.text, s.dates), quotes: encodeQuotes(s.quotes) },
    );
  }
  return b.data();
}

function spanPairs(spans: readonly Span[]): Int32Array {
  const out = new Int32Array(spans.length * 2);
  spans.forEach((x, k) => {
    out[2 * k] = x.start;
    out[2 * k + 1] = x.end;
  });
  return out;
}

/**
 * The long-token pairs (position, length; in position order) of positions [from, to) of `long`,
 * moved to start at `at`: found by binary search, so taking every source's pairs stays linear.
 */
export function longPairs(long: ArrayLike<number>, from: number, to: number, at: number): number[] {
  let lo = 0;
  let hi = long.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (long[2 * mid] < from) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let k = 2 * lo; k < long.length && long[k] < to; k += 2) out.push(long[k] - from + at, long[k + 1]);
  return out;
}

/** A typed array (32-bit or bytes) that grows. */
class Grow<T extends Int32Array | Uint8Array> {
  a: T;
  n = 0;
  constructor(
    capacity: number,
    private readonly make: (length: number) => T = (length) => new Int32Array(length) as T,
  ) {
    this.a = make(Math.max(16, capacity));
  }
  reserve(extra: number): void {
    if (this.n + extra <= this.a.length) return;
    const next = this.make(Math.max(this.a.length * 2, this.n + extra));
    next.set(this.a.subarray(0, this.n));
    this.a = next;
  }
  append(values: ArrayLike<number>): void {
    this.reserve(values.length);
    if (ArrayBuffer.isView(values)) this.a.set(values, this.n);
    else for (let i = 0; i < values.length; i++) this.a[this.n + i] = values[i];
    this.n += values.length;
  }
  push(v: number): void {
    if (this.n === this.a.length) this.reserve(1);
    this.a[this.n++] = v;
  }
  /** The values; a view of the array when at most a quarter of it is unused, else a copy of the used part. */
  done(): T {
    return (this.a.length - this.n <= this.a.length >> 2 ? this.a.subarray(0, this.n) : this.a.slice(0, this.n)) as T;
  }
}

/**
 * Builds the compact index one source at a time, so an adapter can read files, report progress
 * and reuse sources it has from a persisted index (`addIndexed`, ids in the seed vocabulary).
 * Tokens are exactly those of `tokenize(view.masked, view.bodyStart)`.
 */
export class IndexBuilder {
  private readonly heads: SourceHead[] = [];
  private readonly words: string[];
  private readonly vocab = new Map<string, number>();
  /** Raw word form → word id (normalising is the costly part of tokenising). */
  private readonly rawIds = new Map<string, number>();
  private readonly ids: Grow<Int32Array>;
  private readonly starts: Grow<Int32Array>;
  private readonly lengths: Grow<Uint8Array>;
  private readonly long = new Grow<Int32Array>(16);
  private readonly sourceStart: number[] = [0];
  private readonly sentences = new Grow<Int32Array>(1024);
  private readonly sentenceStart: number[] = [0];
  private readonly dates = new Grow<Int32Array>(1024);
  private readonly dateStart: number[] = [0];
  private readonly quotes = new Grow<Int32Array>(1024);
  private readonly quoteStart: number[] = [0];
  private readonly word = new RegExp(WORD_SOURCE, 'gu');

  constructor(seed?: { vocab: readonly string[]; expectedTokens?: number }) {
    this.words = seed ? [...seed.vocab] : [];
    this.words.forEach((w, i) => this.vocab.set(w, i));
    const capacity = seed?.expectedTokens ?? 1 << 16;
    this.ids = new Grow(capacity);
    this.starts = new Grow(capacity);
    this.lengths = new Grow(capacity, (length) => new Uint8Array(length));
  }

  /** Ends a source: its head, sentences ([start, end) pairs) and date rows. */
  private close(head: SourceHead, parts: SourceParts): void {
    this.heads.push(head);
    this.sourceStart.push(this.ids.n);
    this.sentences.append(parts.sentences);
    this.sentenceStart.push(this.sentences.n >> 1);
    this.dates.append(parts.dates);
    this.dateStart.push(this.dates.n / DATE_FIELDS);
    this.quotes.append(parts.quotes);
    this.quoteStart.push(this.quotes.n / QUOTE_FIELDS);
  }

  get sourceCount(): number {
    return this.heads.length;
  }

  private idFor(norm: string): number {
    let id = this.vocab.get(norm);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(norm);
      this.vocab.set(norm, id);
    }
    return id;
  }

  /** Prepares a source from its text. */
  add(input: SourceInput): void {
    const { head, view } = sourceHead(input);
    const text = view.masked;
    const re = this.word;
    re.lastIndex = view.bodyStart;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const raw = m[0];
      let id = this.rawIds.get(raw);
      if (id === undefined) {
        id = this.idFor(normalizeWord(raw));
        this.rawIds.set(raw, id);
      }
      this.ids.push(id);
      this.starts.push(m.index);
      this.pushLength(raw.length);
    }
    const sentences = sourceSentences(view);
    const facts = sourceDateFacts(view.masked, view.bodyStart, sentences);
    if (facts.dateline) head.dateline = facts.dateline;
    this.close(head, { sentences: spanPairs(sentences), dates: facts.rows, quotes: encodeQuotes(sourceQuotes(view)) });
  }

  private pushLength(length: number): void {
    if (length >= LONG) this.long.append([this.lengths.n, length]);
    this.lengths.push(Math.min(length, LONG));
  }

  /**
   * Adds a source already in compact form; `ids` are ids of the seed vocabulary, `long` its long
   * tokens (position in the source, length).
   */
  addIndexed(head: SourceHead, ids: ArrayLike<number>, starts: ArrayLike<number>, lengths: Uint8Array, long: ArrayLike<number>, parts: SourceParts): void {
    const n = ids.length;
    const vocabSize = this.words.length;
    for (let i = 0; i < n; i++) {
      if (!(ids[i] >= 0 && ids[i] < vocabSize)) throw new Error(`word id ${ids[i]} outside the vocabulary`);
    }
    this.long.append(longPairs(long, 0, ids.length, this.ids.n));
    this.ids.append(ids);
    this.starts.append(starts);
    this.lengths.append(lengths);
    this.close(head, parts);
  }

  /** The ids this builder gives the words of another vocabulary (adding the new ones). */
  vocabularyOf(words: readonly string[]): Int32Array {
    const out = new Int32Array(words.length);
    words.forEach((w, i) => (out[i] = this.idFor(w)));
    return out;
  }

  /**
   * Adds source `k` of an index built elsewhere (a worker's share of the files), its word ids
   * renumbered by `remap` (from `vocabularyOf(part.vocab)`).
   */
  addFrom(part: CorpusData, k: number, remap: Int32Array): void {
    const from = part.sourceStart[k];
    const to = part.sourceStart[k + 1];
    this.ids.reserve(to - from);
    for (let t = from; t < to; t++) this.ids.a[this.ids.n++] = remap[part.ids[t]];
    this.long.append(longPairs(part.long, from, to, this.starts.n));
    this.starts.append(part.starts.subarray(from, to));
    this.lengths.append(part.lengths.subarray(from, to));
    this.close(part.heads[k], {
      sentences: part.sentences.subarray(2 * part.sentenceStart[k], 2 * part.sentenceStart[k + 1]),
      dates: part.dates.subarray(part.dateStart[k] * DATE_FIELDS, part.dateStart[k + 1] * DATE_FIELDS),
      quotes: part.quotes.subarray(part.quoteStart[k] * QUOTE_FIELDS, part.quoteStart[k + 1] * QUOTE_FIELDS),
    });
  }

  /** Adds a source from its normalised words and their offsets, sentences and date rows. */
  addTokens(head: SourceHead, norms: readonly string[], starts: ArrayLike<number>, ends: ArrayLike<number>, parts: SourceParts): void {
    for (let i = 0; i < norms.length; i++) {
      this.ids.push(this.idFor(norms[i]));
      this.starts.push(starts[i]);
      this.pushLength(ends[i] - starts[i]);
    }
    this.close(head, parts);
  }

  data(): CorpusData {
    return {
      heads: this.heads,
      vocab: this.words,
      ids: this.ids.done(),
      starts: this.starts.done(),
      lengths: this.lengths.done(),
      long: this.long.done(),
      sourceStart: Int32Array.from(this.sourceStart),
      sentences: this.sentences.done(),
      sentenceStart: Int32Array.from(this.sentenceStart),
      dates: this.dates.done(),
      dateStart: Int32Array.from(this.dateStart),
      quotes: this.quotes.done(),
      quoteStart: Int32Array.from(this.quoteStart),
    };
  }

  finish(): CorpusIndex {
    return new CorpusIndex(this.data());
  }
}
