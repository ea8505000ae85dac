// Which sources are about the draft's story. A reporter's archive holds thousands of unrelated
// stories; the sources of this story share its rare words (names, places, the thing that
// happened) with the draft, far beyond what chance gives an unrelated article. A quotation's
// origin in a source about the story needs less evidence than one in an arbitrary story of the
// archive: the search there was among the story's few sources, not among every passage of the
// corpus (checks/quotes.ts). Short quotations (scare quotes) can only be verified in one.
//
// The test, for each source s: the surprise X(s) = Σ log2(S / df(w)) over the draft's distinct
// rare words w that s contains (S sources; df: how many have w; words in more than COMMON_SHARE
// of a large corpus's sources are left out: they tell little and cost much), against what an
// unrelated source of s's length would share by chance, E(s) = Σ P_s(w) log2(S / df(w)), with
// P_s(w) = (df(w) without s) / (S − 1) × (length of s / average length), and its variance. A source
// is related when X(s) − E(s) reaches both RELATED_FACTOR × log2(S / STORY_SOURCES), the prior
// odds against a source being one of the story's few, and DEVIATIONS standard deviations of
// chance sharing. Sources the draft quotes at length are related too (the caller says which).
// A corpus of at most SMALL_CORPUS sources is no background for such a test: its sources are the
// ones the user chose, all related.
import type { CorpusIndex } from './index';
import { tokenize } from '../text/tokens';

/** How many sources a story has, roughly: the prior that a source is one of them is this / S. */
const STORY_SOURCES = 8;
/** A corpus of at most this many sources is no background to tell a story's sources from others
 * (the document frequencies would be those of the story itself): every source counts as related. */
const SMALL_CORPUS = 50;
/** How many times the prior odds the excess surprise must reach (a margin for word dependence). */
const RELATED_FACTOR = 3;
/** Words in more than this share of the sources carry almost nothing and are not counted. */
const COMMON_SHARE = 0.002;
/** From this many sources on, words in more than COMMON_SHARE of them are left out (cost). */
const LARGE_CORPUS = 200;
/** How many times a rare word occurs per source that has it, at most, for the cheap bound. */
const REPEATS = 8;
/** How many standard deviations of chance sharing the excess must reach as well. */
const DEVIATIONS = 5;
/** Source lists kept per corpus before the store starts afresh. */
const MAX_LISTS = 50_000;

export interface Related {
  /** Whether source number `s` is about the draft's story. */
  has(s: number): boolean;
  /** How many sources are. */
  size: number;
  /** Their tokens in all: the size of the search among them. */
  tokens: number;
  /** The set as a string, for keys of cached results. */
  key: string;
  /** Their numbers, ascending. */
  members(): Iterable<number>;
  /**
   * Whether the test could tell the story's sources from the others: false when the corpus has no
   * word rare enough to count (from LARGE_CORPUS sources on, fewer than one source in
   * COMMON_SHARE: an empty set then says nothing).
   */
  known: boolean;
}

function relatedSet(sources: ReadonlySet<number>, tokens: number, known: boolean): Related {
  const sorted = [...sources].sort((a, b) => a - b);
  return { has: (s) => sources.has(s), size: sources.size, tokens, key: sorted.join(','), members: () => sorted, known };
}

/** Per corpus: the sources of each word (computed when first asked), and the relatedness test. */
export class StoryRelevance {
  private readonly lists = new Map<number, Int32Array>();
  private readonly blocks = new Map<string, Int32Array>();
  /** The last few results by the draft's rare words (most keystrokes change none of them). */
  private readonly recent = new Map<string, { sources: Set<number>; tokens: number }>();
  private readonly all: Related;

  constructor(private readonly index: CorpusIndex) {
    const n = index.sources.length;
    this.all = {
      has: (s) => s >= 0 && s < n,
      size: n,
      known: true,
      tokens: index.tokenCount,
      key: '*',
      *members() {
        for (let s = 0; s < n; s++) yield s;
      },
    };
  }

  /** Per-source sums of one test, zero between tests (private to this object). */
  private sums?: { score: Float64Array; own: Float64Array; ownSquares: Float64Array; touched: Int32Array };

  private scratch(S: number) {
    if (!this.sums) this.sums = { score: new Float64Array(S), own: new Float64Array(S), ownSquares: new Float64Array(S), touched: new Int32Array(S) };
    return this.sums;
  }

  /** Every source counts as the story's (tools that check drafts made from the corpus). */
  everything(): Related {
    return this.all;
  }

  /** The distinct sources holding word `id`, ascending. */
  sourcesOf(id: number): Int32Array {
    const known = this.lists.get(id);
    if (known) return known;
    const index = this.index;
    const positions = index.positions(id);
    const out: number[] = [];
    let end = -1;
    for (let k = 0; k < positions.length; k++) {
      const p = positions[k];
      if (p < end) continue;
      const s = index.sourceOf(p);
      out.push(s);
      end = index.sourceStart[s + 1];
    }
    const list = Int32Array.from(out);
    if (this.lists.size >= MAX_LISTS) this.lists.clear();
    this.lists.set(id, list);
    return list;
  }

  /** How many sources a word may be in and still count as rare. */
  private maxDf(): number {
    const S = this.index.sources.length;
    return S >= LARGE_CORPUS ? Math.floor(S * COMMON_SHARE) : S;
  }

  /** The words of a block of prose that are rare enough to tell (ids; kept per block text). */
  private rareWordsOf(block: string): Int32Array {
    let ids = this.blocks.get(block);
    if (ids) return ids;
    const index = this.index;
    const maxDf = this.maxDf();
    const out: number[] = [];
    for (const t of tokenize(block)) {
      const id = index.idOf(t.norm);
      if (id < 0) continue;
      const f = index.frequency(id);
      if (f === 0 || f > maxDf * REPEATS) continue; // a cheap bound first: a word this frequent is in many sources
      if (this.sourcesOf(id).length > maxDf) continue;
      out.push(id);
    }
    ids = Int32Array.from(out);
    if (this.blocks.size >= 20_000) this.blocks.clear();
    this.blocks.set(block, ids);
    return ids;
  }

  /**
   * The sources related to a draft whose prose blocks are `blocks`; `quoted` gives the sources the
   * draft quotes at length (related whatever words they share).
   */
  related(blocks: Iterable<string>, quoted: () => Iterable<number> = () => []): Related {
    const index = this.index;
    const S = index.sources.length;
    if (S <= SMALL_CORPUS) return this.all;
    const seen = new Set<number>();
    for (const b of blocks) for (const id of this.rareWordsOf(b)) seen.add(id);
    const words = [...seen].sort((a, b) => a - b);
    const key = words.join(',');
    let byWords = this.recent.get(key);
    if (!byWords) {
      byWords = this.relatedByWords(words);
      if (this.recent.size >= 8) this.recent.delete(this.recent.keys().next().value!);
      this.recent.set(key, byWords);
    }
    const out = new Set(byWords.sources);
    let tokens = byWords.tokens;
    for (const s of quoted()) {
      if (out.has(s)) continue;
      out.add(s);
      tokens += index.sourceStart[s + 1] - index.sourceStart[s];
    }
    return relatedSet(out, tokens, this.maxDf() >= 1);
  }

  /** The test itself, over the draft's distinct rare words. */
  private relatedByWords(words: readonly number[]): { sources: Set<number>; tokens: number } {
    const index = this.index;
    const S = index.sources.length;
    const threshold = RELATED_FACTOR * Math.log2(S / STORY_SOURCES);
    const df = words.map((w) => this.sourcesOf(w).length);
    const idf = df.map((d) => Math.log2(S / d));
    // X(s), and for the chance sharing of an unrelated source of s's length: each word with the
    // chance that another source has it (its document frequency without s, over S − 1), scaled
    // to s's length (rare words: the chance grows with the length, up to certainty). Summed once
    // over all words, then corrected per source for the words s has (their frequency without s).
    const { score, own, ownSquares, touched } = this.scratch(S);
    let rate = 0;
    let rateSquares = 0;
    let n = 0;
    words.forEach((w, k) => {
      if (idf[k] <= 0) return;
      rate += (df[k] / (S - 1)) * idf[k];
      rateSquares += (df[k] / (S - 1)) * idf[k] * idf[k];
      for (const s of this.sourcesOf(w)) {
        if (score[s] === 0) touched[n++] = s;
        score[s] += idf[k];
        own[s] += idf[k] / (S - 1);
        ownSquares[s] += (idf[k] * idf[k]) / (S - 1);
      }
    });
    const averageLength = index.tokenCount / S;
    const out = new Set<number>();
    let tokens = 0;
    for (let t = 0; t < n; t++) {
      const s = touched[t];
      const x = score[s];
      if (x >= threshold) {
        const length = index.sourceStart[s + 1] - index.sourceStart[s];
        const scale = length / averageLength;
        // Expected shared surprise and its variance (each word a Bernoulli of chance p = o × scale).
        const excess = x - scale * (rate - own[s]);
        const variance = scale * (rateSquares - ownSquares[s]);
        if (excess >= threshold && excess >= DEVIATIONS * Math.sqrt(Math.max(0, variance))) {
          out.add(s);
          tokens += length;
        }
      }
      score[s] = own[s] = ownSquares[s] = 0;
    }
    return { sources: out, tokens };
  }
}
