// The source side of the numbers check: which source sentences are about what a draft sentence
// says (they share its rarer words), and the figures each of them states. Nothing is computed
// when a source is indexed: a source sentence's figures are read from its text the first time a
// draft sentence comes near it, and kept (per corpus index, private to this module) so that a
// keystroke never reads them again.
import type { CorpusIndex } from '../corpus/index';
import { isEventWord, stem } from '../dates/eventWords';
import { isNumberWord, readFigures, type Figure } from './read';

/** Words in more than this many places tell too little to find sentences by (they still count once found). */
const MAX_POSTINGS = 1000;
/** Sentences are found by the rarest this many words of the draft sentence (all its words count once found). */
const SEARCH_WORDS = 4;
/** Sentences found that are weighed (by every word they share, from the index alone), best first by the rarity of the words found by. */
const MAX_WEIGHED = 60;
/** A sentence is of any use to the check from this share of the draft sentence's words and this many shared words on (check.ts). */
const MIN_SCORE = 0.2;
const MIN_SHARED = 2;
/** Candidate sentences whose figures are read (their texts), best first by evidence, down to this share of the best one's. */
const MAX_CANDIDATES = 3;
const CANDIDATE_SHARE = 0.6;
/** Rivals of a sentence: those found with at least this share of its rarest words' sum. */
const RIVAL_SHARE = 0.9;
/** Source sentences whose figures are kept per corpus before the store starts afresh. */
const MAX_KEPT = 100_000;

export interface ContextWord {
  norm: string;
  stem: string;
}

export interface Candidate {
  source: number;
  /** The sentence's raw offsets in its source. */
  start: number;
  end: number;
  figures: Figure[];
  /** Distinct stems of the draft sentence it shares. */
  shared: number;
  /** Share of the draft sentence's words, weighted by rarity (0..1). */
  score: number;
  /** Evidence that the two sentences tell the same thing, nats: Σ over shared stems of log(sentences / occurrences). */
  evidence: number;
  /** How many sentences found share the draft's rarest words about as much (itself included): many means a formula, not one account. */
  rivals: number;
}

/** Per corpus: number-ness by word id, and the figures of the sentences read so far (one per checker); word stems are the index's (`stemOf`). */
export class NumberSources {
  private readonly numeric: Int8Array;
  private readonly figures = new Map<number, Figure[]>();
  readonly sentenceCount: number;

  constructor(readonly index: CorpusIndex) {
    this.numeric = new Int8Array(index.vocab.size + 1);
    this.sentenceCount = index.sentenceBounds.length / 2;
  }

  private sums?: { sums: Float64Array; sourceOfSentence: Int32Array };

  /** Per-sentence accumulators for one search, all zero between searches (private to this module). */
  scratch(): { sums: Float64Array; sourceOfSentence: Int32Array } {
    if (!this.sums) this.sums = { sums: new Float64Array(this.sentenceCount), sourceOfSentence: new Int32Array(this.sentenceCount) };
    return this.sums;
  }

  stemOf(id: number): string {
    return this.index.stemOf(id);
  }

  isNumeric(id: number): boolean {
    let v = this.numeric[id];
    if (v === 0) this.numeric[id] = v = isNumberWord(this.index.word(id)) ? 1 : 2;
    return v === 1;
  }

  rarity(id: number): number {
    return Math.log((this.sentenceCount + 1) / (this.index.frequency(id) + 1));
  }

  /** The global number of the sentence of source `s` holding raw offset `at`, or -1. */
  sentenceAt(s: number, at: number): number {
    const b = this.index.sentenceBounds;
    let lo = this.index.sentenceStart[s];
    let hi = this.index.sentenceStart[s + 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[2 * mid + 1] <= at) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.index.sentenceStart[s + 1] && b[2 * lo] <= at ? lo : -1;
  }

  /** Global token positions [from, to) of sentence `g` of source `s`. */
  tokensOf(s: number, g: number): [number, number] {
    const ix = this.index;
    const b = ix.sentenceBounds;
    const find = (at: number) => {
      let lo = ix.sourceStart[s];
      let hi = ix.sourceStart[s + 1];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (ix.starts[mid] < at) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [find(b[2 * g]), find(b[2 * g + 1])];
  }

  figuresOf(s: number, g: number): Figure[] {
    let f = this.figures.get(g);
    if (f) return f;
    const text = this.index.sources[s].text;
    const b = this.index.sentenceBounds;
    f = text ? readFigures(text, b[2 * g], Math.min(text.length, b[2 * g + 1])) : [];
    if (this.figures.size >= MAX_KEPT) this.figures.clear();
    this.figures.set(g, f);
    return f;
  }
}

/** The content words of a draft sentence that can tell what it is about (no numbers, no function words). */
export function contextWords(norms: readonly string[]): ContextWord[] {
  const seen = new Set<string>();
  const out: ContextWord[] = [];
  for (const norm of norms) {
    if (isNumberWord(norm) || !isEventWord(norm)) continue;
    const st = stem(norm);
    if (seen.has(st)) continue;
    seen.add(st);
    out.push({ norm, stem: st });
  }
  return out;
}

/** The source sentences with figures that share the most telling words with a draft sentence, best first. */
export function candidates(store: NumberSources, words: readonly ContextWord[], numbers: readonly string[] = []): Candidate[] {
  const index = store.index;
  const ids = words.map((w) => index.idOf(w.norm));
  // Rarity of each draft stem, and the total weight the share is taken of.
  const weightOf = new Map<string, number>();
  let total = 0;
  words.forEach((w, k) => {
    const r = ids[k] >= 0 ? store.rarity(ids[k]) : Math.log(store.sentenceCount + 1);
    weightOf.set(w.stem, r);
    total += r;
  });
  if (total <= 0) return [];
  // Find: sentences holding the rarest words, scored by their rarity (sums in the store's scratch arrays, zeroed after).
  const { sums, sourceOfSentence } = store.scratch();
  const touched: number[] = [];
  // The sentence's own numbers help find the sentence it restates ("10.925 dlrs" finds its one
  // source among a hundred worded alike), but never count as shared words.
  const numberIds = [...new Set(numbers)].map((n) => index.idOf(n)).filter((id) => id >= 0 && index.frequency(id) <= MAX_POSTINGS);
  const search = [...ids.map((id, k) => ({ id, r: weightOf.get(words[k].stem)! })), ...numberIds.map((id) => ({ id, r: store.rarity(id) }))]
    .filter((w) => w.id >= 0 && index.frequency(w.id) <= MAX_POSTINGS)
    .sort((a, b) => index.frequency(a.id) - index.frequency(b.id))
    .slice(0, SEARCH_WORDS);
  search.forEach(({ id, r }) => {
    const pos = index.positions(id);
    let last = -1;
    let s = -1;
    let sEnd = -1;
    for (let j = 0; j < pos.length; j++) {
      const p = pos[j];
      if (p >= sEnd) {
        s = index.sourceOf(p);
        sEnd = index.sourceStart[s + 1];
      }
      const g = store.sentenceAt(s, index.starts[p]);
      if (g < 0 || g === last) continue;
      last = g;
      if (sums[g] === 0) {
        touched.push(g);
        sourceOfSentence[g] = s;
      }
      sums[g] += r;
    }
  });
  const all = touched.map((g) => ({ g, s: sourceOfSentence[g], sum: sums[g] })).sort((a, b) => b.sum - a.sum || a.g - b.g);
  const ranked = all.slice(0, MAX_WEIGHED);
  // Rivals: sentences found by at least RIVAL_SHARE of a sentence's sum (all is sorted: binary search).
  const rivalsOf = (sum: number) => {
    let lo = 0;
    for (let hi = all.length; lo < hi; ) {
      const mid = (lo + hi) >> 1;
      if (all[mid].sum >= RIVAL_SHARE * sum) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const g of touched) sums[g] = 0;
  const weighed: (Candidate & { g: number })[] = [];
  const stems = new Set(words.map((w) => w.stem));
  for (const { g, s, sum } of ranked) {
    const [from, to] = store.tokensOf(s, g);
    let numeric = false;
    const shared = new Set<string>();
    for (let p = from; p < to; p++) {
      const id = index.ids[p];
      if (store.isNumeric(id)) numeric = true;
      else {
        const st = store.stemOf(id);
        if (stems.has(st)) shared.add(st);
      }
    }
    if (!numeric || shared.size < MIN_SHARED) continue;
    let evidence = 0;
    for (const st of shared) evidence += weightOf.get(st)!;
    const score = Math.min(1, evidence / total);
    if (score < MIN_SCORE) continue;
    const b = index.sentenceBounds;
    weighed.push({ g, source: s, start: b[2 * g], end: b[2 * g + 1], figures: [], shared: shared.size, score, evidence, rivals: rivalsOf(sum) });
  }
  // Only the closest sentences' texts are read for their figures.
  const out: Candidate[] = [];
  weighed.sort((a, b) => b.evidence - a.evidence);
  for (const c of weighed) {
    if (out.length >= MAX_CANDIDATES || c.evidence < CANDIDATE_SHARE * weighed[0].evidence) break;
    const figures = store.figuresOf(c.source, c.g);
    if (figures.length) out.push({ source: c.source, start: c.start, end: c.end, figures, shared: c.shared, score: c.score, evidence: c.evidence, rivals: c.rivals });
  }
  return out;
}

