// The corpus index: every source's words as integer ids in one typed array, with a postings list
// per word (compressed-sparse-row layout). Finding a quote starts from its rarest word's postings,
// so the cost depends on how often that word occurs, not on the size of the corpus.
import type { PreparedSource } from './source';

export interface Occurrence {
  source: number;
  /** Token indices in the source, half-open. */
  from: number;
  to: number;
}

export class CorpusIndex {
  readonly sources: readonly PreparedSource[];
  readonly vocab = new Map<string, number>();
  /** Word id of every token of every source, concatenated. */
  readonly ids: Int32Array;
  /** Where each source's tokens begin in `ids` (length sources + 1). */
  readonly sourceStart: Int32Array;
  private readonly postStart: Int32Array;
  private readonly postings: Int32Array;

  constructor(sources: readonly PreparedSource[]) {
    this.sources = sources;
    let total = 0;
    for (const s of sources) total += s.tokens.length;
    this.ids = new Int32Array(total);
    this.sourceStart = new Int32Array(sources.length + 1);
    let p = 0;
    for (let i = 0; i < sources.length; i++) {
      this.sourceStart[i] = p;
      for (const t of sources[i].tokens) {
        let id = this.vocab.get(t.norm);
        if (id === undefined) {
          id = this.vocab.size;
          this.vocab.set(t.norm, id);
        }
        this.ids[p++] = id;
      }
    }
    this.sourceStart[sources.length] = p;
    const counts = new Int32Array(this.vocab.size + 1);
    for (let i = 0; i < total; i++) counts[this.ids[i] + 1]++;
    for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
    this.postStart = counts;
    this.postings = new Int32Array(total);
    const fill = counts.slice(0, this.vocab.size);
    for (let i = 0; i < total; i++) this.postings[fill[this.ids[i]]++] = i;
  }

  get tokenCount(): number {
    return this.ids.length;
  }

  idOf(word: string): number {
    return this.vocab.get(word) ?? -1;
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
