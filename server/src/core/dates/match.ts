// Pairing a draft date with the source dates of the same event, and judging the pair.
// Same event: the draft date's event words recur around the source date, weighted by rarity (a
// shared "Khamenei" or "hospital" says more than a shared "Iran"). Same date: some reading of
// the source date lies within some reading of the draft date (the source is at least as precise).
import type { CorpusIndex } from '../corpus/index';
import type { Anchor } from './anchor';
import type { Period } from './calendar';
import type { EventWord } from './eventWords';
import type { Resolution } from './resolve';
import type { Among, CorpusDates, SourceDate } from './sources';

export interface Pairing {
  date: SourceDate;
  /** Share of the draft's event words (by weight) that the source date's words contain. */
  score: number;
  /** How many distinct event words are shared. */
  shared: number;
  /**
   * Evidence that the two sentences are about one event, in nats: the sum over the shared words of
   * how rare each is among the corpus's dated sentences (log of dated sentences over those that
   * have the word), weighted by nearness to the date. A name of several words in the draft
   * (adjacent capitalised words) counts once, as rare as its rarest word: "Bill Clinton" is one
   * coincidence, not two. So does a compound with its other spellings. A pairing is unlikely by chance when this
   * exceeds the log of the number of source dates it could have come from (see checks/dates.ts).
   */
  evidence: number;
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
 * `among`: only sources of that set (the draft's story's).
 */
export function pairSources(
  cd: CorpusDates,
  words: readonly EventWord[],
  anchor: Anchor,
  dateWords: readonly string[] = [],
  minScore = 0,
  minEvidence = Infinity,
  among?: Among,
): Pairing[] {
  const index = cd.index;
  const weights = new Map<string, number>();
  const rarity = new Map<string, number>();
  const position = new Map<string, { at: number; capital: boolean }>();
  /** Words that stand for others (a compound's parts, parts joined): they count, but add nothing to the whole. */
  const standsFor = new Map<string, number>();
  const dated = cd.datedCount;
  for (const w of words) {
    const near = nearness(w.distance);
    weights.set(w.stem, Math.max(weights.get(w.stem) ?? 0, weightOf(index, w.norm) * near));
    rarity.set(w.stem, Math.max(rarity.get(w.stem) ?? 0, Math.log((dated + 1) / (cd.datedFrequency(w.norm) + 1)) * near));
    if (w.standsFor !== undefined && !standsFor.has(w.stem)) standsFor.set(w.stem, w.standsFor);
    if (w.position !== undefined && !position.has(w.stem)) position.set(w.stem, { at: w.position, capital: w.capital === true });
  }
  // A word both in the sentence and standing for others is an ordinary word.
  for (const w of words) if (w.standsFor === undefined) standsFor.delete(w.stem);
  if (weights.size === standsFor.size) return [];
  let total = 0;
  for (const [st, v] of weights) if (!standsFor.has(st)) total += v;
  // The draft's stems that some source date has: stem number → place in `weights` (sums are
  // taken in that order, so that equal shares compare equal whatever the source's word order).
  const weightList = [...weights.values()];
  const rarityList = [...rarity.values()];
  const countList = [...weights.keys()].map((st) => standsFor.get(st) ?? 1);
  // Units: the slots of one name or of one compound's spellings share one (see `evidence`).
  const unitOf = unitsOf([...weights.keys()].map((st) => position.get(st)));
  const units = Math.max(0, ...unitOf) + 1;
  const unitRarity = new Float64Array(units);
  const unitCount = new Float64Array(units);
  // The draft's stems that some source date has, by stem number: their place in `weights`.
  const marks: [number, number][] = [];
  [...weights.keys()].forEach((s, k) => {
    const id = cd.stemId(s);
    if (id >= 0) marks.push([id, k]);
  });
  const out: Pairing[] = [];
  const minHits = Math.min(2, new Set(words.map((w) => w.norm)).size + (dateWords.length ? 1 : 0));
  const candidates = cd.candidates([...words.map((w) => w.norm), ...dateWords], minHits, undefined, among);
  // The candidates' stems, read before the slots are sized (reading them numbers new stems).
  const rowStems = candidates.map((c) => {
    const [from, to] = cd.rowsOf(c.dated);
    const list: Int32Array[] = [];
    for (let n = from; n < to; n++) list.push(cd.rowStems(n));
    return list;
  });
  cd.withStemSlots(marks, (slots) => {
    const hit = new Uint8Array(weightList.length);
    candidates.forEach((c, ci) => {
      const [from, to] = cd.rowsOf(c.dated);
      for (let n = from; n < to; n++) {
        // A source date's stems are distinct: each shared stem counts once.
        const stems = rowStems[ci][n - from];
        let any = false;
        for (let j = 0; j < stems.length; j++) {
          const k = slots[stems[j]];
          if (k < 0) continue;
          hit[k] = 1;
          any = true;
        }
        if (!any) continue;
        let sum = 0;
        for (let k = 0; k < hit.length; k++) {
          if (!hit[k]) continue;
          sum += weightList[k];
          const u = unitOf[k];
          unitRarity[u] = Math.max(unitRarity[u], rarityList[k]);
          unitCount[u] = Math.max(unitCount[u], countList[k]);
        }
        let evidence = 0;
        let shared = 0;
        for (let u = 0; u < units; u++) {
          evidence += unitRarity[u];
          shared += unitCount[u];
        }
        unitRarity.fill(0);
        unitCount.fill(0);
        hit.fill(0);
        const score = Math.min(1, sum / total);
        if (score < minScore && evidence < minEvidence) continue;
        const date = cd.sourceDate(c.dated, n, anchor);
        if (date) out.push({ date, score, shared, evidence });
      }
    });
  });
  return out.sort((a, b) => b.score - a.score || b.shared - a.shared);
}

/**
 * How much source `source` as a whole is about what the draft's words tell (nats): over the
 * distinct words it contains anywhere, how rare each is among the corpus's sources (log of
 * sources over its occurrences, an upper bound of the sources holding it). A story told in other
 * words elsewhere shares its names and rare words throughout; an unrelated story in an archive
 * shares a few common ones.
 */
export function storyEvidence(index: CorpusIndex, words: StoryWords, source: number): number {
  const from = index.sourceStart[source];
  const to = index.sourceStart[source + 1];
  let sum = 0;
  for (let k = 0; k < words.positions.length; k++) {
    const pos = words.positions[k];
    let lo = 0;
    let hi = pos.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pos[mid] < from) lo = mid + 1;
      else hi = mid;
    }
    if (lo < pos.length && pos[lo] < to) sum += words.weights[k];
  }
  return sum;
}

/** The words of storyEvidence, looked up once for all the sources it weighs. */
export interface StoryWords {
  positions: Int32Array[];
  weights: number[];
}

export function storyWords(index: CorpusIndex, norms: readonly string[]): StoryWords {
  const n = index.sources.length;
  const out: StoryWords = { positions: [], weights: [] };
  for (const norm of norms) {
    const id = index.idOf(norm);
    if (id < 0) continue;
    const pos = index.positions(id);
    out.positions.push(pos);
    out.weights.push(Math.log((n + 1) / (Math.min(n, pos.length) + 1)));
  }
  return out;
}

/**
 * The unit of each word (by its place in the sentence and capital): words at one place (a
 * compound and its other spellings) share one, and so do adjacent capitalised words (a name).
 * Words without a place are units of their own.
 */
function unitsOf(places: readonly ({ at: number; capital: boolean } | undefined)[]): number[] {
  const order = places.map((_, k) => k).sort((a, b) => (places[a]?.at ?? Infinity) - (places[b]?.at ?? Infinity) || a - b);
  const unit = new Array<number>(places.length).fill(0);
  let next = 0;
  let prev: { at: number; capital: boolean } | undefined;
  for (const k of order) {
    const p = places[k];
    const same = p && prev && (p.at === prev.at || (p.at === prev.at + 1 && p.capital && prev.capital));
    unit[k] = same ? next - 1 : next++;
    if (p) prev = p;
  }
  return unit;
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
