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
import { proseView } from '../text/markdown';
import { normalizeWord, WORD_SOURCE, type Token } from '../text/tokens';
import { sourceHead, sourceLanguage, sourceQuotes, sourceSentences, type PreparedSource, type SourceHead } from './source';

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
  ends: Int32Array;
  /** Where each source's tokens begin (length sources + 1). */
  sourceStart: Int32Array;
}

/** How many materialised token lists the index keeps (most recently used). */
const TOKEN_CACHE = 256;

/** A source as the index holds it: the head, and the rest computed from the index when asked. */
class IndexedSource implements PreparedSource {
  readonly id: string;
  readonly text: string;
  readonly meta: SourceHead['meta'];
  readonly bodyStart: number;
  private sentenceSpans?: Span[];
  private quoteSpans?: Quote[];

  constructor(
    private readonly index: CorpusIndex,
    private readonly n: number,
    head: SourceHead,
  ) {
    this.id = head.id;
    this.text = head.text;
    this.meta = head.meta;
    this.bodyStart = head.bodyStart;
  }

  get tokens(): Token[] {
    return this.index.tokensOf(this.n);
  }

  get sentences(): Span[] {
    this.sentenceSpans ??= sourceSentences(proseView(this.text, sourceLanguage(this.id)));
    return this.sentenceSpans;
  }

  get quotes(): Quote[] {
    this.quoteSpans ??= sourceQuotes(proseView(this.text, sourceLanguage(this.id)));
    return this.quoteSpans;
  }
}

export class CorpusIndex {
  readonly sources: readonly PreparedSource[];
  readonly vocab = new Map<string, number>();
  /** Word id of every token of every source, concatenated. */
  readonly ids: Int32Array;
  /** Where each source's tokens begin in `ids` (length sources + 1). */
  readonly sourceStart: Int32Array;
  /** Raw offsets of every token (global token position → offset in its source's text). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
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
    this.ends = data.ends;
    this.sourceStart = data.sourceStart;
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
      out.push({ norm: this.words[this.ids[p]], start: this.starts[p], end: this.ends[p] });
    }
    this.tokenCache.set(source, out);
    if (this.tokenCache.size > TOKEN_CACHE) this.tokenCache.delete(this.tokenCache.keys().next().value!);
    return out;
  }

  /**
   * For each token of a source, the number of the sentence (in `sources[i].sentences`) it starts
   * in, or -1: from the compact offsets, without materialising the tokens.
   */
  sentenceOfTokens(source: number): Int32Array {
    const from = this.sourceStart[source];
    const out = new Int32Array(this.sourceStart[source + 1] - from).fill(-1);
    const sentences = this.sources[source].sentences;
    let k = 0;
    for (let j = 0; j < out.length; j++) {
      const start = this.starts[from + j];
      while (k < sentences.length && sentences[k].end <= start) k++;
      if (k < sentences.length && sentences[k].start <= start) out[j] = k;
    }
    return out;
  }

  /** The compact arrays (shared, not copied): what adapters persist. */
  data(): CorpusData {
    return { heads: this.heads, vocab: this.words, ids: this.ids, starts: this.starts, ends: this.ends, sourceStart: this.sourceStart };
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
    b.addTokens(
      { id: s.id, text: s.text, meta: s.meta, bodyStart: s.bodyStart },
      s.tokens.map((t) => t.norm),
      s.tokens.map((t) => t.start),
      s.tokens.map((t) => t.end),
    );
  }
  return b.data();
}

/** A typed array that grows. */
class Grow {
  a: Int32Array;
  n = 0;
  constructor(capacity: number) {
    this.a = new Int32Array(Math.max(16, capacity));
  }
  reserve(extra: number): void {
    if (this.n + extra <= this.a.length) return;
    const next = new Int32Array(Math.max(this.a.length * 2, this.n + extra));
    next.set(this.a.subarray(0, this.n));
    this.a = next;
  }
  append(values: ArrayLike<number>): void {
    this.reserve(values.length);
    if (values instanceof Int32Array) this.a.set(values, this.n);
    else for (let i = 0; i < values.length; i++) this.a[this.n + i] = values[i];
    this.n += values.length;
  }
  push(v: number): void {
    if (this.n === this.a.length) this.reserve(1);
    this.a[this.n++] = v;
  }
  /** The values; the array itself when it is (nearly) full, else a copy of the used part. */
  done(): Int32Array {
    return this.a.length - this.n <= this.a.length >> 6 ? this.a.subarray(0, this.n) : this.a.slice(0, this.n);
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
  private readonly ids: Grow;
  private readonly starts: Grow;
  private readonly ends: Grow;
  private readonly sourceStart: number[] = [0];
  private readonly word = new RegExp(WORD_SOURCE, 'gu');

  constructor(seed?: { vocab: readonly string[]; expectedTokens?: number }) {
    this.words = seed ? [...seed.vocab] : [];
    this.words.forEach((w, i) => this.vocab.set(w, i));
    const capacity = seed?.expectedTokens ?? 1 << 16;
    this.ids = new Grow(capacity);
    this.starts = new Grow(capacity);
    this.ends = new Grow(capacity);
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
      this.ends.push(m.index + raw.length);
    }
    this.heads.push(head);
    this.sourceStart.push(this.ids.n);
  }

  /** Adds a source already in compact form; `ids` are ids of the seed vocabulary. */
  addIndexed(head: SourceHead, ids: ArrayLike<number>, starts: ArrayLike<number>, ends: ArrayLike<number>): void {
    const n = ids.length;
    const vocabSize = this.words.length;
    for (let i = 0; i < n; i++) {
      if (!(ids[i] >= 0 && ids[i] < vocabSize)) throw new Error(`word id ${ids[i]} outside the vocabulary`);
    }
    this.ids.append(ids);
    this.starts.append(starts);
    this.ends.append(ends);
    this.heads.push(head);
    this.sourceStart.push(this.ids.n);
  }

  /** Adds a source from its normalised words and their offsets. */
  addTokens(head: SourceHead, norms: readonly string[], starts: ArrayLike<number>, ends: ArrayLike<number>): void {
    for (let i = 0; i < norms.length; i++) {
      this.ids.push(this.idFor(norms[i]));
      this.starts.push(starts[i]);
      this.ends.push(ends[i]);
    }
    this.heads.push(head);
    this.sourceStart.push(this.ids.n);
  }

  data(): CorpusData {
    return {
      heads: this.heads,
      vocab: this.words,
      ids: this.ids.done(),
      starts: this.starts.done(),
      ends: this.ends.done(),
      sourceStart: Int32Array.from(this.sourceStart),
    };
  }

  finish(): CorpusIndex {
    return new CorpusIndex(this.data());
  }
}
