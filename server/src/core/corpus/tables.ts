// Per-source tables: rows of integers a check computes once per source, when the source is
// indexed, and reads back at check time (the dates of a source's sentences, its quotations). The
// storage layer (corpus/index.ts, the adapters' persisted index) keeps them as named tables
// without knowing what the numbers mean: each table says how to compute, encode and validate its
// rows. Check modules declare their tables (checks/contract.ts); the registry lists them all.
import type { ProseView, Span } from '../text/markdown';
import type { PreparedSource } from './source';
import type { CorpusIndex } from './index';

export interface SourceTable {
  /** Unique name: the key in `CorpusData.tables` and the section of the persisted index. */
  readonly name: string;
  /** Numbers per row. */
  readonly fields: number;
  /** A source's rows, when it is indexed: from its prose view and its sentences. */
  compute(view: ProseView, sentences: readonly Span[]): ArrayLike<number>;
  /** The same rows from a source prepared as plain objects (the simple path, `prepareSource`). */
  encode(source: PreparedSource): ArrayLike<number>;
  /**
   * Whether rows read from a persisted index can belong to a source of `chars` characters and
   * `sentences` sentences (every code in range, every offset inside the text). A persisted index
   * that fails this is rebuilt, never used.
   */
  valid(rows: Int32Array, chars: number, sentences: number): boolean;
}

/** One table of every source: rows concatenated, and where each source's rows begin (counted in rows; length sources + 1). */
export interface TableData {
  rows: Int32Array;
  start: Int32Array;
}

/** A table's rows of source `k` (shared, not copied). */
export function rowsOf(t: TableData, fields: number, k: number): Int32Array {
  return t.rows.subarray(t.start[k] * fields, t.start[k + 1] * fields);
}

/**
 * A table of the whole corpus, worked out from the index rather than from one source (the dates
 * check's dated sentences and their word lists): persisted with the index, so that a check
 * started on a persisted index never builds it. The storage layer keeps its arrays by name
 * without knowing what they mean.
 */
export interface CorpusTable {
  /** Unique name: the persisted index's sections of it. */
  readonly name: string;
  /** Its arrays, from an index (when the index is persisted). */
  build(index: CorpusIndex): Int32Array[];
  /**
   * Whether arrays read from a persisted index fit `index` (lengths, every number in range, in
   * order): a persisted index that fails this is rebuilt, never used. `whole`: everything now (an
   * index read whole is checked as it loads); else what the table's reader does not check itself
   * when it first reads a part (a lazily read index).
   */
  valid(arrays: readonly Int32Array[], index: CorpusIndex, whole: boolean): boolean;
}
