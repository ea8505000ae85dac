// How much a passage's agreement with a quotation says that the passage is its origin, in bits:
// the surprise, under a model of the corpus's own language, of the quote's words meeting the
// passage's words by chance, minus what the differences cost. An origin must be evidence, not
// coincidence: "I am not going to get" is in many stories and a model of the corpus predicts each
// of its words from the ones before, so sharing it says little; "American airstrikes began
// August 8" is predicted by nothing and says a lot.
//
// The model is a trigram model with leave-one-out counts: the probability of a word after its
// two (or one) predecessors is estimated from the other places of the corpus, without the passage
// being judged (a phrase that exists only there would otherwise predict itself with certainty).
// Counts back off smoothly (Dirichlet smoothing toward the shorter context), so rare contexts
// lean on the unigram rate. Counts of common phrases are estimated from a sample of the rarest
// word's postings, so no phrase costs more than SAMPLE lookups.
import type { CorpusIndex } from '../corpus/index';
import type { AlignOp, QuoteWord } from './align';

/** Postings read at most to count one phrase (beyond that, an evenly spaced sample is scaled). */
const SAMPLE = 4096;
/** Weight of the shorter context's estimate (pseudo-counts). */
const SMOOTHING = 2;
/** What a quote word that the passage does not have costs the origin hypothesis: an altered
 * quotation keeps most of its words, so each change is evidence against the passage (log2 10). */
const CHANGE_COST = Math.log2(10);
/** Counts kept per corpus before the store starts afresh. */
const MAX_COUNTS = 200_000;

/** Phrase counts of one corpus, kept while the corpus lives (owned by its checker). */
export class PhraseStats {
  private readonly counts = new Map<string, number>();

  constructor(private readonly index: CorpusIndex) {}

  /** How often the phrase of word ids occurs in the corpus (estimated above SAMPLE postings). */
  count(ids: readonly number[]): number {
    const index = this.index;
    if (ids.some((id) => id < 0)) return 0;
    if (ids.length === 1) return index.frequency(ids[0]);
    const key = ids.join(',');
    const known = this.counts.get(key);
    if (known !== undefined) return known;
    let pivot = 0;
    for (let k = 1; k < ids.length; k++) if (index.frequency(ids[k]) < index.frequency(ids[pivot])) pivot = k;
    const positions = index.positions(ids[pivot]);
    const step = positions.length > SAMPLE ? positions.length / SAMPLE : 1;
    const all = index.ids;
    let hits = 0;
    let read = 0;
    for (let x = 0; x < positions.length; x += step) {
      const first = positions[Math.floor(x)] - pivot;
      read++;
      if (first < 0 || first + ids.length > all.length) continue;
      let k = 0;
      while (k < ids.length && all[first + k] === ids[k]) k++;
      if (k === ids.length) hits++;
    }
    const n = step === 1 ? hits : Math.round((hits * positions.length) / read);
    if (this.counts.size >= MAX_COUNTS) this.counts.clear();
    this.counts.set(key, n);
    return n;
  }

  /** P(word | context) from the corpus without the `copies` of the passage being judged. */
  private probability(context: readonly number[], word: number, copies: number): number {
    const index = this.index;
    const unigram = (Math.max(0, index.frequency(word) - copies) + 0.5) / Math.max(1, index.tokenCount);
    let p = unigram;
    // From the shortest context to the longest, each estimate smoothed toward the shorter one.
    for (let k = context.length - 1; k >= 0; k--) {
      const ctx = context.slice(k);
      const ctxCount = Math.max(0, this.count(ctx) - copies);
      const both = Math.max(0, this.count([...ctx, word]) - copies);
      p = (Math.min(both, ctxCount) + SMOOTHING * p) / (ctxCount + SMOOTHING);
    }
    // A context only ever makes a word less surprising: an unseen continuation of a frequent
    // context ("I" + "inherited") is no more telling than the word itself.
    return Math.max(p, unigram);
  }

  /**
   * The evidence (bits) that a passage aligned with the quote as `ops` is its origin rather than
   * a chance meeting: the surprise of each matched word given the two matched words before it,
   * minus CHANGE_COST for each of the quote's own words the passage lacks or replaces and each
   * word of the passage the quote leaves out (without an ellipsis),
   * minus the freedom of where each later run of matches could have landed. `copies`: how many
   * copies of the passage the corpus holds (the same story stored twice, a wire story reprinted);
   * they are left out of the counts with the passage itself.
   */
  evidence(q: readonly QuoteWord[], ops: readonly AlignOp[], copies = 1): number {
    let bits = 0;
    let prevQ = -2;
    let prevS = -2;
    let runs = 0;
    let lastQ = -1;
    const matchedIds: number[] = [];
    for (const o of ops) {
      if (o.op === 'match') {
        lastQ = o.q;
        const w = q[o.q];
        if (w.free) continue;
        const contiguous = o.q === prevQ + 1 && o.s === prevS + 1;
        if (!contiguous) {
          if (runs > 0) bits -= Math.log2(2 + Math.abs(o.s - prevS - 1) + Math.abs(o.q - prevQ - 1));
          runs++;
        }
        // The words matched before it predict it, next to it or not: a passage that breaks a
        // stock phrase with a word of its own is no more telling than the stock phrase.
        bits -= Math.log2(this.probability(matchedIds.slice(-2), w.id, copies));
        matchedIds.push(w.id);
        prevQ = o.q;
        prevS = o.s;
      } else if (o.op === 'sub' || o.op === 'del') {
        lastQ = o.q;
        if (!q[o.q].free) bits -= CHANGE_COST;
      } else if (matchedIds.length > 0 && !(lastQ >= 0 && (q[lastQ].gapAfter || q[lastQ].free))) {
        // A source word the quotation leaves out with no ellipsis is a change too.
        bits -= CHANGE_COST;
      }
    }
    return bits;
  }
}

/** The alignment of a quote with a passage that has its words exactly (every word a match). */
export function exactOps(length: number): AlignOp[] {
  const ops: AlignOp[] = [];
  for (let i = 0; i < length; i++) ops.push({ op: 'match', q: i, s: i });
  return ops;
}
