// Pairing a draft date with the source dates of the same event, and judging the pair.
// Same event: the draft date's event words recur around the source date, weighted by rarity (a
// shared "Khamenei" or "hospital" says more than a shared "Iran"). Same date: some reading of
// the source date lies within some reading of the draft date (the source is at least as precise).
import type { CorpusIndex } from '../corpus/index';
import type { Anchor } from './anchor';
import type { Period } from './calendar';
import type { EventWord } from './eventWords';
import type { Resolution } from './resolve';
import type { CorpusDates, SourceDate } from './sources';

export interface Pairing {
  date: SourceDate;
  /** Share of the draft's event words (by weight) that the source date's words contain. */
  score: number;
  /** How many distinct event words are shared. */
  shared: number;
}

export type Relation = 'supports' | 'compatible' | 'conflicts';

export interface Related {
  relation: Relation;
  /** The readings that gave the relation. */
  draft: Period;
  source: Period;
}

/** Rarity weight of a word in the corpus. */
function weightOf(index: CorpusIndex, norm: string): number {
  const f = index.frequency(index.idOf(norm));
  return Math.log(1 + index.tokenCount / (1 + f));
}

/** Words near the date say more about its event than words at the far end of a long sentence. */
function nearness(distance: number): number {
  return 1 / (1 + Math.max(0, distance - 8) / 8);
}

/**
 * Source dates whose sentences share the draft date's event words, best first. `dateWords` (the
 * date's own words) help find sentences but never count as shared. Pairings that share less than
 * `minScore` of the draft's words (by weight) are left out: the check never uses them.
 */
export function pairSources(cd: CorpusDates, words: readonly EventWord[], anchor: Anchor, dateWords: readonly string[] = [], minScore = 0): Pairing[] {
  const index = cd.index;
  const weights = new Map<string, number>();
  for (const w of words) weights.set(w.stem, Math.max(weights.get(w.stem) ?? 0, weightOf(index, w.norm) * nearness(w.distance)));
  if (weights.size === 0) return [];
  let total = 0;
  for (const v of weights.values()) total += v;
  // The draft's stems that some source date has: stem number → place in `weights` (sums are
  // taken in that order, so that equal shares compare equal whatever the source's word order).
  const weightList = [...weights.values()];
  const slots = cd.stemSlots();
  const marked: number[] = [];
  [...weights.keys()].forEach((s, k) => {
    const id = cd.stemId(s);
    if (id >= 0) {
      slots[id] = k;
      marked.push(id);
    }
  });
  const out: Pairing[] = [];
  // The slots are set back even if something below throws: later pairings must find them clean.
  try {
    const { stems, stemStart } = cd.stemTable();
    const hit = new Uint8Array(weightList.length);
    const minHits = Math.min(2, new Set(words.map((w) => w.norm)).size + (dateWords.length ? 1 : 0));
    for (const c of cd.candidates([...words.map((w) => w.norm), ...dateWords], minHits)) {
      const [from, to] = cd.rowsOf(c.dated);
      for (let n = from; n < to; n++) {
        // A source date's stems are distinct: each shared stem counts once.
        let shared = 0;
        for (let j = stemStart[n]; j < stemStart[n + 1]; j++) {
          const k = slots[stems[j]];
          if (k < 0) continue;
          hit[k] = 1;
          shared++;
        }
        if (shared === 0) continue;
        let sum = 0;
        for (let k = 0; k < hit.length; k++) {
          if (hit[k]) sum += weightList[k];
          hit[k] = 0;
        }
        if (sum / total < minScore) continue;
        const date = cd.sourceDate(c.dated, n, anchor);
        if (date) out.push({ date, score: sum / total, shared });
      }
    }
  } finally {
    for (const id of marked) slots[id] = -1;
  }
  return out.sort((a, b) => b.score - a.score || b.shared - a.shared);
}

const RANK: Record<Relation, number> = { supports: 2, compatible: 1, conflicts: 0 };

/** How the source's date relates to the draft's, over the readings each allows. */
export function relate(draft: Resolution, source: Resolution): Related {
  const dReadings = [draft.period, ...draft.alternatives];
  const sReadings = [source.period, ...source.alternatives];
  let best: Related | undefined;
  dReadings.forEach((d, i) => {
    sReadings.forEach((s, j) => {
      // One side may be read otherwise than its tense suggests, not both at once.
      if (i > 0 && j > 0) return;
      let relation: Relation;
      if (s.start >= d.start && s.end <= d.end) relation = 'supports';
      else if (s.start < d.end && d.start < s.end) relation = 'compatible';
      else relation = 'conflicts';
      if (!best || RANK[relation] > RANK[best.relation]) best = { relation, draft: d, source: s };
    });
  });
  return best!;
}
