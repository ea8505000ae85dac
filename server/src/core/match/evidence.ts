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
const SAMPLE = 2048;
/** Weight of the shorter context's estimate (pseudo-counts). */
const SMOOTHING = 2;
/** What a quote word that the passage does not have costs the origin hypothesis: an altered
 * quotation keeps most of its words, so each change is evidence against the passage (log2 10). */
const CHANGE_COST = Math.log2(10);
/** Counts kept per corpus before the store starts afresh. */
const MAX_COUNTS = 200_000;

/** Phrase counts of one corpus, kept while the corpus lives (owned by its checker). */
export class PhraseStats {
  /** Counts of two-word phrases by (first × vocabulary size + second); three-word ones by their
   * first two words' key, then the third word. */
  private readonly pairs = new Map<number, number>();
  private readonly triples = new Map<number, Map<number, number>>();
  private stored = 0;

  constructor(private readonly index: CorpusIndex) {}

  /** How often the phrase of word ids occurs in the corpus (estimated above SAMPLE postings). */
  count(ids: readonly number[]): number {
    if (ids.some((id) => id < 0)) return 0;
    if (ids.length === 1) return this.index.frequency(ids[0]);
    if (ids.length > 3) return this.scan(ids);
    const pairKey = ids[0] * this.index.vocab.size + ids[1];
    if (ids.length === 2) {
      let n = this.pairs.get(pairKey);
      if (n === undefined) this.remember(this.pairs, pairKey, (n = this.scan(ids)));
      return n;
    }
    let third = this.triples.get(pairKey);
    if (!third) this.triples.set(pairKey, (third = new Map()));
    let n = third.get(ids[2]);
    if (n === undefined) this.remember(third, ids[2], (n = this.scan(ids)));
    return n;
  }

  private remember(store: Map<number, number>, key: number, n: number): void {
    if (++this.stored > MAX_COUNTS) {
      this.pairs.clear();
      this.triples.clear();
      this.stored = 0;
    }
    store.set(key, n);
  }

  /** Counts a phrase from its rarest word's postings (an evenly spaced sample of many). */
  private scan(ids: readonly number[]): number {
    const index = this.index;
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
    return step === 1 ? hits : Math.round((hits * positions.length) / read);
  }

  /** P(word | the one or two words before it) from the corpus without the `copies` of the
   * passage being judged; `a` is -1 when there is one word of context, both when there is none. */
  private probability(a: number, b: number, word: number, copies: number): number {
    const index = this.index;
    const unigram = (Math.max(0, index.frequency(word) - copies) + 0.5) / Math.max(1, index.tokenCount);
    let p = unigram;
    // From the shorter context to the longer, each estimate smoothed toward the shorter one.
    if (b >= 0) {
      const ctx = Math.max(0, index.frequency(b) - copies);
      const both = Math.max(0, this.count([b, word]) - copies);
      p = (Math.min(both, ctx) + SMOOTHING * p) / (ctx + SMOOTHING);
      if (a >= 0) {
        const ctx2 = Math.max(0, this.count([a, b]) - copies);
        const all = Math.max(0, this.count([a, b, word]) - copies);
        p = (Math.min(all, ctx2) + SMOOTHING * p) / (ctx2 + SMOOTHING);
      }
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
   * they are left out of the counts with the passage itself. Evidence beyond `cap` is not
   * worked out (the value is then `cap`).
   */
  evidence(q: readonly QuoteWord[], ops: readonly AlignOp[], copies = 1, cap = Infinity): number {
    let bits = 0;
    let prevQ = -2;
    let prevS = -2;
    let runs = 0;
    let lastQ = -1;
    // The costs first, then the matched words (each with the two matched before it) rarest
    // first, up to `cap`: a decision needs no more, and rare words are the cheap ones to count.
    const matched: { a: number; b: number; w: number }[] = [];
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
        const m = matchedIds.length;
        matched.push({ a: m >= 2 ? matchedIds[m - 2] : -1, b: m >= 1 ? matchedIds[m - 1] : -1, w: w.id });
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
    const index = this.index;
    matched.sort((x, y) => index.frequency(x.w) - index.frequency(y.w));
    for (const m of matched) {
      if (bits >= cap) return cap;
      bits -= Math.log2(this.probability(m.a, m.b, m.w, copies));
    }
    return Math.min(bits, cap);
  }
}

/** The alignment of a quote with a passage that has its words exactly (every word a match). */
export function exactOps(length: number): AlignOp[] {
  const ops: AlignOp[] = [];
  for (let i = 0; i < length; i++) ops.push({ op: 'match', q: i, s: i });
  return ops;
}
