// The corpus index: every source's words as integer ids in one typed array, with a postings list
// per word (compressed-sparse-row layout). Finding a quote starts from its rarest word's postings,
// so the cost depends on how often that word occurs, not on the size of the corpus.
//
// Memory: a token is three 32-bit numbers (word id, raw start, raw end), not an object. Sources
// are views over these arrays (sourceView.ts): `tokens` is materialised on demand (a few recent
// ones are kept), sentences too. What checks read from each source once, when it is indexed,
// are generic tables of rows (tables.ts), named and made by the check modules: this layer stores
// them and knows no check. The arrays (`CorpusData`) are what an adapter persists;
// `IndexBuilder` (builder.ts) makes them, reusing sources an adapter already has in compact form.
import type { Span } from '../text/markdown';
import type { Token } from '../text/tokens';
import type { SourceHead, PreparedSource } from './source';
import { rowsOf, type CorpusTable, type SourceTable, type TableData } from './tables';
import { stem, stemTable, type StemTable } from '../text/stems';
import { IndexedSource } from './sourceView';
import { ListVocabulary, type Vocabulary } from './vocabulary';
import { dataFromPrepared, SOURCE_TABLES } from './builder';
import { candidatePassages, Scratch, type SearchWord } from './candidates';

export { CORPUS_TABLES, IndexBuilder, SOURCE_TABLES } from './builder';
export type { SourceTable, TableData } from './tables';

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
  /** Every per-source table (tables.ts) by name. */
  tables: Record<string, TableData>;
  /**
   * Word → token positions, the inverse of `ids` (word w's positions, ascending, are
   * positions[start[w]] up to positions[start[w + 1]]): made from `ids` when absent. A persisted
   * index keeps them, so that loading one does not redo the two passes over every token.
   */
  postings?: { start: Int32Array; positions: Int32Array };
  /** Every word's stem (text/stems.ts): worked out as asked for when absent; a persisted index keeps them. */
  stems?: StemTable;
}

/**
 * The index's large arrays, given by an adapter as they are first used (node/indexCache reads a
 * persisted index so: each part read from the file and verified when first asked for). Each
 * method gives the same array on every call, or throws when the part cannot be used (the
 * adapter's error: it then rebuilds the index, so nothing that failed its checks is ever used).
 */
export interface CorpusParts {
  ids(): Int32Array;
  /** The tokens' offsets: starts, lengths and long tokens (checked together). */
  offsets(): { starts: Int32Array; lengths: Uint8Array; long: Int32Array };
  sentences(): Int32Array;
  /** Table `name`'s rows of every source. */
  rows(name: string): Int32Array;
  /** Where each word's positions begin in the postings (length words + 1). */
  postingStart(): Int32Array;
  /** Word `word`'s token positions (ascending), positions [from, to) of the postings (from postingStart). */
  positions(word: number, from: number, to: number): Int32Array;
  /** Every word's positions (an adapter persisting the index asks for them). */
  allPositions(): Int32Array;
  stems(): StemTable;
  /** Corpus table `name`'s arrays as persisted (corpus/tables.ts; checked by the table when first taken), or undefined when the index has none. */
  corpusTable(name: string): Int32Array[] | undefined;
  /** Refuses the persisted index (a part out of shape): throws, and the adapter rebuilds it. */
  refuse(reason: string): never;
}

/** An index whose large arrays come from `parts` when first used; the rest is plain. */
export interface LazyCorpusData {
  heads: SourceHead[];
  /** The words, read in place (corpus/vocabulary.ts). */
  vocabulary: Vocabulary;
  /** Tokens and sentences in all (the lengths of `ids` and of `sentences` / 2). */
  tokens: number;
  sentenceCount: number;
  sourceStart: Int32Array;
  sentenceStart: Int32Array;
  /** Per table, where each source's rows begin (counted in rows; length sources + 1). */
  tableStart: Record<string, Int32Array>;
  parts: CorpusParts;
}

/** A source's sentences ([start, end) pairs) and its rows of each table, as numbers. */
export interface SourceParts {
  sentences: ArrayLike<number>;
  tables: Record<string, ArrayLike<number>>;
}

/** Token lengths from this on are kept aside (`CorpusData.long`). */
export const LONG = 255;

/** How many materialised token lists the index keeps (most recently used). */
const TOKEN_CACHE = 256;

export class CorpusIndex {
  readonly sources: readonly PreparedSource[];
  readonly vocab: Vocabulary;
  /** Where each source's tokens begin in `ids` (length sources + 1). */
  readonly sourceStart: Int32Array;
  readonly sentenceStart: Int32Array;
  /** The per-source tables by name (corpus/tables.ts), and how they are made. */
  readonly tables: Readonly<Record<string, TableData>>;
  readonly tableSpecs: readonly SourceTable[];
  private readonly heads: SourceHead[];
  /** The large arrays when given lazily (each taken from here when first used), else undefined. */
  private readonly parts?: CorpusParts;
  private readonly tokenTotal: number;
  private idsGot?: Int32Array;
  private startsGot?: Int32Array;
  private lengthsGot?: Uint8Array;
  private longGot?: Int32Array;
  private longLengthGot?: Map<number, number>;
  private sentencesGot?: Int32Array;
  private postStartGot?: Int32Array;
  private postingsGot?: Int32Array;
  private readonly tokenCache = new Map<number, Token[]>();
  private readonly corpusTablesGot = new Map<string, Int32Array[]>();
  /** Words' stems: all of them (given), or those asked for so far. */
  private givenStems?: StemTable;
  private stemsSoFar?: (string | undefined)[];
  /** The candidate search's working arrays (this index's own). */
  private scratch?: Scratch;

  /** From prepared sources (the simple path), from compact data (built or loaded), or with its large arrays given lazily. */
  constructor(input: readonly PreparedSource[] | CorpusData | LazyCorpusData, tables: readonly SourceTable[] = SOURCE_TABLES) {
    const data = Array.isArray(input) ? dataFromPrepared(input as readonly PreparedSource[], tables) : (input as CorpusData | LazyCorpusData);
    this.tableSpecs = tables;
    this.vocab = 'vocabulary' in data ? data.vocabulary : new ListVocabulary(data.vocab);
    this.heads = data.heads;
    this.sourceStart = data.sourceStart;
    this.sentenceStart = data.sentenceStart;
    if ('parts' in data) {
      const parts = data.parts;
      this.parts = parts;
      this.tokenTotal = data.tokens;
      const lazy: Record<string, TableData> = {};
      for (const t of tables) {
        const start = data.tableStart[t.name];
        if (!start) throw new Error(`the index has no table ${t.name}`);
        lazy[t.name] = {
          start,
          get rows() {
            return parts.rows(t.name);
          },
        };
      }
      this.tables = lazy;
    } else {
      for (const t of tables) if (!data.tables[t.name]) throw new Error(`the index has no table ${t.name}`);
      this.idsGot = data.ids;
      this.startsGot = data.starts;
      this.lengthsGot = data.lengths;
      this.longGot = data.long;
      this.sentencesGot = data.sentences;
      this.tables = data.tables;
      this.tokenTotal = data.ids.length;
      if (data.stems && data.stems.ofWord.length === this.vocab.size) this.givenStems = data.stems;
      const given = data.postings;
      if (given && given.start.length === this.vocab.size + 1 && given.positions.length === this.tokenTotal) {
        this.postStartGot = given.start;
        this.postingsGot = given.positions;
      } else {
        const total = this.tokenTotal;
        const counts = new Int32Array(this.vocab.size + 1);
        for (let i = 0; i < total; i++) counts[this.ids[i] + 1]++;
        for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
        const postings = new Int32Array(total);
        const fill = counts.slice(0, this.vocab.size);
        for (let i = 0; i < total; i++) postings[fill[this.ids[i]]++] = i;
        this.postStartGot = counts;
        this.postingsGot = postings;
      }
    }
    this.sources = Array.isArray(input)
      ? (input as readonly PreparedSource[])
      : data.heads.map((h, i) => new IndexedSource(this, i, h));
  }

  /** Word id of every token of every source, concatenated. */
  get ids(): Int32Array {
    return (this.idsGot ??= this.parts!.ids());
  }

  /** Raw offsets of every token (global token position → offset in its source's text); lengths (see endOf). */
  get starts(): Int32Array {
    return this.startsGot ?? this.offsets().starts;
  }

  get lengths(): Uint8Array {
    return this.lengthsGot ?? this.offsets().lengths;
  }

  private offsets(): { starts: Int32Array; lengths: Uint8Array; long: Int32Array } {
    const o = this.parts!.offsets();
    this.startsGot = o.starts;
    this.lengthsGot = o.lengths;
    this.longGot = o.long;
    return o;
  }

  private get long(): Int32Array {
    return this.longGot ?? this.offsets().long;
  }

  private get longLength(): Map<number, number> {
    if (!this.longLengthGot) {
      const long = this.long;
      const m = new Map<number, number>();
      for (let k = 0; k < long.length; k += 2) m.set(long[k], long[k + 1]);
      this.longLengthGot = m;
    }
    return this.longLengthGot;
  }

  /** Sentences ([start, end) pairs); where each source's begin is `sentenceStart`. */
  get sentenceBounds(): Int32Array {
    return (this.sentencesGot ??= this.parts!.sentences());
  }

  private get postStart(): Int32Array {
    return (this.postStartGot ??= this.parts!.postingStart());
  }

  private get stemTableGiven(): StemTable | undefined {
    if (!this.givenStems && this.parts) this.givenStems = this.parts.stems();
    return this.givenStems;
  }

  /** Where global token `t` ends in its source's text. */
  endOf(t: number): number {
    const l = this.lengths[t];
    return this.starts[t] + (l < LONG ? l : this.longLength.get(t)!);
  }

  get tokenCount(): number {
    return this.tokenTotal;
  }

  /** The word's id, or -1 when the corpus does not have it. */
  idOf(word: string): number {
    const id = this.vocab.get(word);
    return id === undefined || this.frequency(id) === 0 ? -1 : id;
  }

  word(id: number): string {
    return this.vocab.word(id);
  }

  /** How many times the word occurs in the corpus. */
  frequency(id: number): number {
    return id < 0 ? 0 : this.postStart[id + 1] - this.postStart[id];
  }

  /** The stem of word `id` (text/stems.ts). */
  stemOf(id: number): string {
    const given = this.stemTableGiven;
    if (given) return given.strings[given.ofWord[id]];
    const known = (this.stemsSoFar ??= new Array(this.vocab.size));
    return (known[id] ??= stem(this.vocab.word(id)));
  }

  /** Every word's stem (what a persisted index keeps). */
  stems(): StemTable {
    return this.stemTableGiven ?? stemTable(this.vocab.all(), this.stemsSoFar);
  }

  /**
   * A corpus table's arrays as persisted with the index, checked by the table when first taken
   * (`whole`: all of it now; a persisted index out of shape is refused: see CorpusParts.refuse);
   * undefined for an index made in memory, whose checks build what they need.
   */
  corpusTable(t: CorpusTable, whole = false): Int32Array[] | undefined {
    if (!this.parts) return undefined;
    let got = this.corpusTablesGot.get(t.name);
    if (!got || whole) {
      got = this.parts.corpusTable(t.name);
      if (!got) return undefined;
      if (!t.valid(got, this, whole)) this.parts.refuse(`inconsistent ${t.name}`);
      this.corpusTablesGot.set(t.name, got);
    }
    return got;
  }

  /** Refuses a persisted index found out of shape after loading (CorpusParts.refuse); an index made in memory is never refused. */
  refuse(reason: string): never {
    if (this.parts) this.parts.refuse(reason);
    throw new Error(`index out of shape: ${reason}`);
  }

  /** Global token positions of a word. */
  positions(id: number): Int32Array {
    if (id < 0) return new Int32Array(0);
    const start = this.postStart;
    if (this.postingsGot) return this.postingsGot.subarray(start[id], start[id + 1]);
    return this.parts!.positions(id, start[id], start[id + 1]);
  }

  /** Whether source `source` has the word `id` (a binary search in the word's postings). */
  sourceHas(source: number, id: number): boolean {
    if (id < 0) return false;
    const pos = this.positions(id);
    const from = this.sourceStart[source];
    let lo = 0;
    for (let hi = pos.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (pos[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < pos.length && pos[lo] < this.sourceStart[source + 1];
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
      out.push({ norm: this.vocab.word(this.ids[p]), start: this.starts[p], end: this.endOf(p) });
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

  /** Source `source`'s rows of a table (shared, not copied). */
  rows(table: SourceTable, source: number): Int32Array {
    return rowsOf(this.table(table), table.fields, source);
  }

  /** A table of every source. */
  table(table: SourceTable): TableData {
    const t = this.tables[table.name];
    if (!t) throw new Error(`the index has no table ${table.name}`);
    return t;
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

  /** The compact arrays (shared, not copied): what adapters persist. Parts given lazily are all taken first. */
  data(): CorpusData {
    if (this.parts && !this.postingsGot) this.postingsGot = this.parts.allPositions();
    return {
      heads: this.heads,
      vocab: this.vocab.all(),
      ids: this.ids,
      starts: this.starts,
      lengths: this.lengths,
      long: this.long,
      sourceStart: this.sourceStart,
      sentences: this.sentenceBounds,
      sentenceStart: this.sentenceStart,
      tables: this.parts ? Object.fromEntries(Object.entries(this.tables).map(([name, t]) => [name, { rows: t.rows, start: t.start }])) : this.tables,
      postings: { start: this.postStart, positions: this.postingsGot! },
      stems: this.stemTableGiven,
    };
  }

  /** Candidate passages for words that are not in the corpus in this order (corpus/candidates.ts), best first, at most `limit`. */
  candidatePassages(words: readonly SearchWord[], limit: number): Occurrence[] {
    return candidatePassages(this, (this.scratch ??= new Scratch()), words, limit);
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

