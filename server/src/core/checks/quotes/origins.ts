// Where a quotation came from: exact phrase lookup, candidate passages (the index's search),
// word alignment, and the decision by evidence against chance (ARCHITECTURE.md).
import type { CorpusIndex, Occurrence } from '../../corpus/index';
import { fitAlign, type Alignment, type QuoteWord } from '../../match/align';
import { exactOps, PhraseStats } from '../../match/evidence';
import { StoryRelevance, type Related } from '../../corpus/relevance';
import { alignInSource } from './quoted';
import type { Origin, QuoteWords } from './words';

export { CANDIDATE_HITS } from '../../corpus/candidates';

/** The index's candidate search (corpus/candidates.ts): where the quote's rarer words cluster. */
const candidates: CandidateSearch = (index, q, limit) => index.candidatePassages(q, limit);

export interface QuoteJudgement {
  status: 'verified' | 'altered' | 'unsupported';
  origins: Origin[];
  /** Verified quotes: other sources that carry a different version of the same quotation. */
  variants?: Origin[];
  /** Unsupported quotes: the passage that came closest to being the origin without the evidence
   * for it (shown as information, never with a fix). */
  closest?: Origin;
  /** Altered quotes: the parts between its ellipses are in the source in another order. */
  reordered?: boolean;
  /** Unsupported quotes: the closest passage has the quotation's words exactly but runs across
   * the source's quotation marks: the source quotes only part of them. */
  inPart?: boolean;
}

/** What decides whether a passage is evidence enough: the corpus's phrase statistics and the
 * sources about the draft's story. */
export interface OriginEvidence {
  phrases: PhraseStats;
  related: Related;
}

/**
 * Bits of evidence (match/evidence.ts) an origin needs beyond the size of the search: the chance
 * that some passage of an unrelated story meets the quote this well is then at most 2^-MARGIN.
 */
export const ORIGIN_MARGIN = 14;
/** The same among the sources about the draft's story, where the search is small and the prior
 * is that the quotation comes from them. */
export const RELATED_MARGIN = 0;

/** Words on each side of a passage that must agree for two passages to be copies of one. */
const COPY_CONTEXT = 8;

/** Where a quote's origin could be, before the evidence is weighed: depends only on the quote's
 * words and the corpus (cached per checker); `decideQuote` then weighs it for a draft. */
export interface QuoteCandidates {
  /** Passages with the quote's words exactly. */
  exact: Origin[];
  /** Passages with them exactly that run across a source quotation's marks (never an origin). */
  exactAcross: Origin[];
  /** Other versions of an exactly found quotation (passages that pass `isOrigin`). */
  variants: Origin[];
  /** Aligned passages, cheapest first (computed when first asked); a passage whose alignment ran
   * across a source quotation's marks is aligned within them (checks/quotes/quoted.ts). */
  aligned(): Origin[];
  /** Those crossing alignments as they were, cheapest first: never an origin, at most the closest
   * passage shown as information. */
  across(): Origin[];
  /** Whether a passage ran across a quotation's marks (or was aligned again within them). */
  crossing(o: Origin): boolean;
  /** How close a passage's source words are to the quotation's, marks aside: a passage aligned
   * again within a quotation's marks is as close as the crossing passage it came from. */
  closeness(o: Origin): number;
  /** Whether an aligned passage is close enough in words to be the origin. */
  closeEnough(o: Origin): boolean;
  /** Bits of evidence of a passage (exact ones: `alignment` undefined), for a draft whose story's
   * sources are `related` (their copies of the passage are left out of the counts). */
  bits(o: Origin, related: Related): number;
  /** A short quotation (scare quotes): its words alone can never be evidence. */
  short: boolean;
  /**
   * Passages of the story's sources (`related`) that hold each of the quotation's parts between
   * ellipses word for word, all in one sentence, but in another order ("unbearable … spiritual
   * pain" from "My spiritual pain is unbearable"): an ellipsis leaves words out, it does not move
   * them. Only where the parts' evidence reaches what an origin there needs.
   */
  reordered(related: Related): Origin[];
}

/** A quotation's parts between its ellipses (at least two), when every word is the writer's own and in the corpus. */
function ellipsisParts(q: readonly QuoteWord[]): QuoteWord[][] | undefined {
  if (!q.some((w) => w.gapAfter) || q.some((w) => w.free || w.id < 0)) return undefined;
  const parts: QuoteWord[][] = [[]];
  q.forEach((w, i) => {
    parts[parts.length - 1].push(w);
    if (w.gapAfter && i < q.length - 1) parts.push([]);
  });
  return parts.length >= 2 ? parts : undefined;
}

/** The candidate origins of a quote. `search` is the candidate search (tests pass a brute-force
 * one to check the fast one). */
export function findOrigins(index: CorpusIndex, qw: QuoteWords, shortQuoteWords: number, phrases: PhraseStats, search: CandidateSearch = candidates): QuoteCandidates {
  const q = qw.words;
  const plain = q.every((w) => !w.free && !w.gapAfter);
  const short = qw.ownWords <= shortQuoteWords;
  // The quote's words exactly: an origin, unless the passage runs across a source quotation's
  // marks (the speaker's words and the reporter's joined): then it is aligned within them.
  const exact: Origin[] = [];
  const realigned: Origin[] = [];
  const exactAcross: Origin[] = [];
  // Passages aligned again within a quotation's marks, and the crossing ones they came from.
  const crossing = new Map<Origin, Origin>();
  for (const o of qw.ownWords > 0 && plain ? index.findPhrase(q.map((w) => w.id)) : []) {
    const found = alignInSource(index, q, o.source, o.from, o.to);
    if (!found.across) exact.push(o);
    else {
      realigned.push(found.origin);
      exactAcross.push(found.across);
      crossing.set(found.origin, found.across);
    }
  }
  const across = [...exactAcross];
  let aligned: Origin[] | undefined;
  // Copies of a passage: candidates with the same words that are the same story (the same
  // words around them too: a story stored twice, a wire story reprinted) or both the draft's
  // story's sources (which often repeat a statement). The counts leave them all out: the language
  // at large decides how telling the words are, not the copies being judged.
  const words = (o: Origin, pad: number) => {
    const base = index.sourceStart[o.source];
    const end = index.sourceStart[o.source + 1];
    return index.ids.subarray(Math.max(base, base + o.from - pad), Math.min(end, base + o.to + pad)).join(',');
  };
  const copiesOf = (o: Origin, among: readonly Origin[], related: Related) => {
    const same = words(o, 0);
    const around = words(o, COPY_CONTEXT);
    let n = 0;
    for (const x of among) {
      if (words(x, 0) !== same) continue;
      if ((related.has(x.source) && related.has(o.source)) || words(x, COPY_CONTEXT) === around) n++;
    }
    return Math.max(1, n);
  };
  const bitsOf = new Map<string, number>();
  const parts = ellipsisParts(q);
  const reorderedFor = new Map<string, Origin[]>();
  return {
    exact,
    exactAcross,
    reordered(related) {
      if (!parts || related.size === 0) return [];
      let found = reorderedFor.get(related.key);
      if (found) return found;
      found = reorderedIn(index, q, parts, related, phrases);
      if (reorderedFor.size > 4) reorderedFor.clear();
      reorderedFor.set(related.key, found);
      return found;
    },
    variants: exact.length ? variantOrigins(index, qw, shortQuoteWords, exact) : [],
    short,
    aligned() {
      if (aligned) return aligned;
      aligned = [...realigned];
      if (qw.ownWords === 0 || (short && plain)) return aligned;
      for (const c of search(index, q, 12)) {
        const found = alignInSource(index, q, c.source, c.from, c.to);
        // The same passage found twice is one (a copy would weaken its own evidence).
        if (aligned.some((o) => o.source === found.origin.source && o.from === found.origin.from && o.to === found.origin.to)) continue;
        aligned.push(found.origin);
        if (found.across) {
          across.push(found.across);
          crossing.set(found.origin, found.across);
        }
      }
      aligned.sort((x, y) => x.alignment!.cost - y.alignment!.cost);
      across.sort((x, y) => x.alignment!.cost - y.alignment!.cost);
      return aligned;
    },
    across() {
      this.aligned();
      return across;
    },
    crossing: (o) => crossing.has(o) || across.includes(o),
    closeness: (o) => (crossing.get(o) ?? o).alignment!.cost,
    closeEnough: (o) => o.alignment!.cost === 0 || isOrigin(index, qw, o.alignment!, shortQuoteWords),
    bits(o, related) {
      // A passage aligned again within a quotation's marks has the crossing one's range, not its alignment.
      const kind = !o.alignment ? 'e' : crossing.has(o) ? 'm' : across.includes(o) ? 'x' : 'a';
      const key = `${o.source}:${o.from}:${o.to}:${kind}|${related.key}`;
      let b = bitsOf.get(key);
      if (b === undefined) {
        // Evidence beyond the most any decision needs is not worked out.
        const cap = neededAnywhere(index);
        b = o.alignment
          ? phrases.evidence(q, o.alignment.ops, copiesOf(o, this.aligned(), related), cap)
          : phrases.evidence(q, exactOps(q.length), copiesOf(o, exact, related), cap);
        if (bitsOf.size > 64) bitsOf.clear();
        bitsOf.set(key, b);
      }
      return b;
    },
  };
}

/** See QuoteCandidates.reordered. */
function reorderedIn(index: CorpusIndex, q: readonly QuoteWord[], parts: readonly QuoteWord[][], related: Related, phrases: PhraseStats): Origin[] {
  const occurrences = parts.map((p) => index.findPhrase(p.map((w) => w.id)).filter((o) => related.has(o.source)));
  if (occurrences.some((list) => list.length === 0)) return [];
  // The parts' own evidence, each part's words as a phrase (the same for every passage).
  let bits = 0;
  for (const p of parts) bits += phrases.evidence(p, exactOps(p.length), 1, neededAnywhere(index));
  const found: Origin[] = [];
  for (const first of occurrences[0]) {
    const s = first.source;
    if (bits < needed(index, related, s)) continue;
    const base = index.sourceStart[s];
    const startOf = (o: Occurrence) => index.starts[base + o.from];
    const endOf = (o: Occurrence) => index.endOf(base + o.to - 1);
    const sentence = index.sentenceAround(s, startOf(first), endOf(first));
    const chosen: Occurrence[] = [first];
    for (let k = 1; k < parts.length; k++) {
      const o = occurrences[k].find((x) => x.source === s && startOf(x) >= sentence.start && endOf(x) <= sentence.end && chosen.every((c) => x.to <= c.from || x.from >= c.to));
      if (!o) break;
      chosen.push(o);
    }
    if (chosen.length < parts.length) continue;
    // In order, the parts are the alignment's to judge (an ellipsis may leave words out).
    if (chosen.every((o, k) => k === 0 || o.from >= chosen[k - 1].to)) continue;
    const from = chosen.reduce((n, o) => Math.min(n, o.from), first.from);
    const to = chosen.reduce((n, o) => Math.max(n, o.to), first.to);
    found.push({ source: s, from, to, alignment: fitAlign(q, index.ids.subarray(base + from, base + to)) });
  }
  return bestPerSource(found);
}

/** The evidence a passage needs in a source not about the draft's story: the most any needs. */
function neededAnywhere(index: CorpusIndex): number {
  return Math.log2(Math.max(2, index.tokenCount)) + ORIGIN_MARGIN;
}

/** No source counts as the story's. */
const NONE: Related = { has: () => false, size: 0, tokens: 0, key: '', members: () => [], known: false };

/** Whether a passage is evidence enough even among every passage of the corpus. */
export function strongAnywhere(index: CorpusIndex, c: QuoteCandidates, o: Origin): boolean {
  return !c.short && c.bits(o, NONE) >= neededAnywhere(index);
}

/** The evidence a passage in source `s` needs. */
function needed(index: CorpusIndex, related: Related, s: number): number {
  return related.has(s) ? Math.log2(Math.max(2, related.tokens)) + RELATED_MARGIN : neededAnywhere(index);
}

/**
 * The verdict for a draft: an origin must be evidence, not coincidence. In a source about the
 * draft's story, the quotation's exact words are its origin, and a differing passage is when its
 * evidence reaches the small search among those sources; in any other source, a passage is the
 * origin only when its evidence reaches the search over the whole corpus. A short quotation
 * (scare quotes) has too few words to be evidence anywhere but in the story's sources.
 */
export function decideQuote(index: CorpusIndex, c: QuoteCandidates, related: Related): QuoteJudgement {
  const accepted = (o: Origin) => {
    // The quotation's words exactly, in a source about the story: that is where it comes from.
    if (related.has(o.source) && (!o.alignment || o.alignment.cost === 0)) return true;
    if (c.short) return false;
    return c.bits(o, related) >= needed(index, related, o.source);
  };
  // A passage running across a source quotation's marks never decides; once other passages have,
  // it is listed like any source holding the words (its speaker read, its fix the quoted words).
  const exact = c.exact.filter(accepted);
  if (exact.length) {
    const listed = [...exact, ...c.exactAcross.filter((o) => o.alignment!.cost === 0 && accepted(o))];
    const inExact = new Set(listed.map((o) => o.source));
    return { status: 'verified', origins: listed, variants: c.variants.filter((o) => !inExact.has(o.source) && accepted(o)) };
  }
  const aligned = c.aligned().filter((o) => c.closeEnough(o));
  const kept = aligned.filter(accepted);
  // Parts moved around an ellipsis: the alignment would take them for words added or left out.
  const moved = c.reordered(related);
  if (moved.length) return { status: 'altered', origins: moved, reordered: true };
  if (!kept.length) {
    const closest = aligned[0] ?? c.across().find((o) => c.closeEnough(o)) ?? c.exact[0];
    if (!closest) return { status: 'unsupported', origins: [] };
    // The source has the quotation's words exactly, but only part of them inside its marks.
    const inPart = c.crossing(closest) && closest.alignment?.cost === 0;
    return inPart ? { status: 'unsupported', origins: [], closest, inPart } : { status: 'unsupported', origins: [], closest };
  }
  const best = kept[0].alignment!;
  if (best.cost === 0) {
    const found = kept.filter((o) => o.alignment!.cost === 0);
    const inExact = new Set(found.map((o) => o.source));
    return { status: 'verified', origins: found, variants: bestPerSource(kept.filter((o) => !inExact.has(o.source))) };
  }
  // Every source whose best passage is as close as the best one (its words, marks aside: a source
  // that quotes part of them as closely is one too).
  const perSource = new Map<number, Origin>();
  for (const o of kept) {
    if (c.closeness(o) > best.cost + 1) continue;
    const prev = perSource.get(o.source);
    if (!prev || o.alignment!.cost < prev.alignment!.cost) perSource.set(o.source, o);
  }
  for (const o of c.across()) {
    const cost = o.alignment!.cost;
    if (cost === 0 || cost > best.cost + 1 || perSource.has(o.source) || !c.closeEnough(o) || !accepted(o)) continue;
    perSource.set(o.source, o);
  }
  const crossed = (o: Origin) => (c.crossing(o) ? 1 : 0);
  return { status: 'altered', origins: [...perSource.values()].sort((x, y) => x.alignment!.cost - y.alignment!.cost || crossed(x) - crossed(y)) };
}

/** Both steps, for tools and tests: by default every source counts as the story's. */
export function judgeQuote(
  index: CorpusIndex,
  qw: QuoteWords,
  shortQuoteWords: number,
  search: CandidateSearch = candidates,
  evidence: OriginEvidence = { phrases: new PhraseStats(index), related: new StoryRelevance(index).everything() },
): QuoteJudgement {
  return decideQuote(index, findOrigins(index, qw, shortQuoteWords, evidence.phrases, search), evidence.related);
}

/** How well an alignment accounts for the quote. */
function alignmentStats(q: readonly QuoteWord[], a: Alignment) {
  let matched = 0;
  let run = 0;
  let longestRun = 0;
  for (const o of a.ops) {
    if (o.op === 'match') {
      if (!q[o.q].free) matched++;
      run++;
      longestRun = Math.max(longestRun, run);
    } else if (o.op === 'sub' || o.op === 'del') {
      if (!(o.op === 'del' && q[o.q].free) && !(o.op === 'sub' && q[o.q].free)) run = 0;
    } else {
      run = 0;
    }
  }
  return { matched, longestRun };
}

/** Where to look for a quote's origin: passages (source, token range) to align the quote with. */
export type CandidateSearch = (index: CorpusIndex, q: readonly QuoteWord[], limit: number) => Origin[];

/** How much a word tells: rare words much, common ones ("I am not going to") little. */
function informativeness(index: CorpusIndex, id: number): number {
  return Math.log(1 + index.tokenCount / (1 + index.frequency(id)));
}

/** The share of the quote's information (words weighted by rarity) its origin must carry. */
const ORIGIN_INFORMATION = 0.5;

/** Whether an alignment is close enough for its passage to be the quote's origin: most of the
 * quote's own words align, in runs, with few edits, and the aligned words carry most of what the
 * quote says (a shared stock phrase of common words is not an origin). */
function isOrigin(index: CorpusIndex, qw: QuoteWords, a: Alignment, shortQuoteWords: number): boolean {
  const { matched, longestRun } = alignmentStats(qw.words, a);
  if (
    !(
      qw.ownWords > shortQuoteWords &&
      matched >= 3 &&
      matched / qw.ownWords >= 0.5 &&
      longestRun >= Math.min(3, Math.ceil(qw.ownWords * 0.4)) &&
      a.cost <= Math.max(3, Math.ceil(qw.ownWords * 0.6))
    )
  )
    return false;
  let total = 0;
  let aligned = 0;
  qw.words.forEach((w) => {
    if (!w.free) total += informativeness(index, w.id);
  });
  for (const o of a.ops) if (o.op === 'match' && !qw.words[o.q].free) aligned += informativeness(index, qw.words[o.q].id);
  return aligned / total >= ORIGIN_INFORMATION;
}

function bestPerSource(origins: Origin[]): Origin[] {
  const per = new Map<number, Origin>();
  for (const o of origins) {
    const prev = per.get(o.source);
    if (!prev || o.alignment!.cost < prev.alignment!.cost) per.set(o.source, o);
  }
  return [...per.values()].sort((x, y) => x.alignment!.cost - y.alignment!.cost || x.source - y.source);
}

/** Other versions of a verified quotation: sources that contain a third of it word for word
 * (outside the exact matches) and whose passage there aligns closely. Cheap: phrase lookups
 * from the rarest word's postings, then one small alignment per hit that could be an origin
 * (`prune`: skip the others; tests compare with aligning every hit). */
export function variantOrigins(index: CorpusIndex, qw: QuoteWords, shortQuoteWords: number, exact: readonly Origin[], prune = true): Origin[] {
  const q = qw.words;
  if (q.length < 6) return [];
  const inExact = new Set(exact.map((o) => o.source));
  const size = Math.max(3, Math.ceil(q.length / 3));
  const found: Origin[] = [];
  const seen = new Set<string>();
  // What any alignment with a window can match at most: each own word as often as both have it.
  // A window that cannot reach isOrigin's share of words or of information is not aligned.
  const own = new Map<number, number>();
  let information = 0;
  for (const w of q) {
    if (w.free) continue;
    own.set(w.id, (own.get(w.id) ?? 0) + 1);
    information += informativeness(index, w.id);
  }
  const inWindow = new Map<number, number>();
  const mayBeOrigin = (window: Int32Array): boolean => {
    inWindow.clear();
    for (let k = 0; k < window.length; k++) if (own.has(window[k])) inWindow.set(window[k], (inWindow.get(window[k]) ?? 0) + 1);
    let words = 0;
    let info = 0;
    for (const [id, n] of inWindow) {
      const m = Math.min(n, own.get(id)!);
      words += m;
      info += m * informativeness(index, id);
    }
    return words >= 3 && words / qw.ownWords >= 0.5 && info / information >= ORIGIN_INFORMATION - 1e-9;
  };
  for (let from = 0; from < q.length; from += size) {
    const part = q.slice(from, Math.min(q.length, from + size));
    if (part.length < 3) continue;
    for (const occ of index.findPhrase(part.map((w) => w.id))) {
      if (inExact.has(occ.source)) continue;
      const srcLen = index.sourceStart[occ.source + 1] - index.sourceStart[occ.source];
      const lo = Math.max(0, occ.from - from - 8);
      const hi = Math.min(srcLen, occ.from - from + q.length + 8);
      const key = `${occ.source}:${lo >> 4}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const base = index.sourceStart[occ.source];
      if (prune && !mayBeOrigin(index.ids.subarray(base + lo, base + hi))) continue;
      const { origin } = alignInSource(index, q, occ.source, lo, hi);
      if (origin.alignment!.cost > 0 && isOrigin(index, qw, origin.alignment!, shortQuoteWords)) found.push(origin);
    }
  }
  return bestPerSource(found);
}

