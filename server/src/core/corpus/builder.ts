// Builds the compact index (corpus/index.ts) one source at a time: from texts, from sources an
// adapter has in compact form (a persisted index, a worker's share of the files), or from sources
// prepared as plain objects (the simple path).
import type { SourceInput } from '../types';
import type { Span } from '../text/markdown';
import { normalizeWord, WORD_SOURCE } from '../text/tokens';
import { CORPUS_TABLES as CORPUS_REGISTERED, SOURCE_TABLES as REGISTERED } from '../checks/registry';
import { CorpusIndex, LONG, longPairs, type CorpusData, type SourceParts } from './index';
import { sourceHead, sourceSentences, type PreparedSource, type SourceHead } from './source';
import { rowsOf, type CorpusTable, type SourceTable } from './tables';

/** Every table the registered checks declare (a builder or index may be given others). */
export const SOURCE_TABLES: readonly SourceTable[] = REGISTERED;
/** The corpus-wide tables a persisted index keeps (corpus/tables.ts). */
export const CORPUS_TABLES: readonly CorpusTable[] = CORPUS_REGISTERED;

export function dataFromPrepared(sources: readonly PreparedSource[], tables: readonly SourceTable[] = SOURCE_TABLES): CorpusData {
  const b = new IndexBuilder({ vocab: [], tables });
  for (const s of sources) {
    const head: SourceHead = { id: s.id, text: s.text, meta: s.meta, bodyStart: s.bodyStart };
    const rows: Record<string, ArrayLike<number>> = {};
    for (const t of tables) rows[t.name] = t.encode(s);
    b.addTokens(
      head,
      s.tokens.map((t) => t.norm),
      s.tokens.map((t) => t.start),
      s.tokens.map((t) => t.end),
      { sentences: spanPairs(s.sentences), tables: rows },
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
  /** Per table: its rows, and where each source's begin (counted in rows). */
  private readonly tableRows: Grow<Int32Array>[];
  private readonly tableStart: number[][];
  private readonly word = new RegExp(WORD_SOURCE, 'gu');
  private readonly tables: readonly SourceTable[];

  constructor(seed?: { vocab: readonly string[]; expectedTokens?: number; tables?: readonly SourceTable[] }) {
    this.tables = seed?.tables ?? SOURCE_TABLES;
    this.tableRows = this.tables.map(() => new Grow<Int32Array>(1024));
    this.tableStart = this.tables.map(() => [0]);
    this.words = seed ? [...seed.vocab] : [];
    this.words.forEach((w, i) => this.vocab.set(w, i));
    const capacity = seed?.expectedTokens ?? 1 << 16;
    this.ids = new Grow(capacity);
    this.starts = new Grow(capacity);
    this.lengths = new Grow(capacity, (length) => new Uint8Array(length));
  }

  /** Ends a source: its head, sentences ([start, end) pairs) and rows of each table. */
  private close(head: SourceHead, parts: SourceParts): void {
    this.heads.push(head);
    this.sourceStart.push(this.ids.n);
    this.sentences.append(parts.sentences);
    this.sentenceStart.push(this.sentences.n >> 1);
    this.tables.forEach((t, k) => {
      const rows = parts.tables[t.name];
      if (!rows || rows.length % t.fields) throw new Error(`rows of table ${t.name} missing or cut`);
      this.tableRows[k].append(rows);
      this.tableStart[k].push(this.tableRows[k].n / t.fields);
    });
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
    const tables: Record<string, ArrayLike<number>> = {};
    for (const t of this.tables) tables[t.name] = t.compute(view, sentences);
    this.close(head, { sentences: spanPairs(sentences), tables });
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
    const tables: Record<string, ArrayLike<number>> = {};
    for (const t of this.tables) tables[t.name] = rowsOf(part.tables[t.name], t.fields, k);
    this.close(part.heads[k], { sentences: part.sentences.subarray(2 * part.sentenceStart[k], 2 * part.sentenceStart[k + 1]), tables });
  }

  /** Adds a source from its normalised words and their offsets, sentences and table rows. */
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
      tables: Object.fromEntries(this.tables.map((t, k) => [t.name, { rows: this.tableRows[k].done(), start: Int32Array.from(this.tableStart[k]) }])),
    };
  }

  finish(): CorpusIndex {
    return new CorpusIndex(this.data(), this.tables);
  }
}
