// The obvious design, for comparison: Fuse.js over every sentence of every source, searched with
// each quotation, as the library's documentation shows it (a list of strings, includeScore;
// ignoreLocation so a quote may sit anywhere in a sentence, ignoreFieldNorm so that scores of long
// and short sentences compare). A score of (almost) zero counts as
// verified, a match within the cut-off as altered, no match as unsupported; the cut-off is the
// one that gives the baseline its best accuracy on the drafts.
import Fuse from 'fuse.js';
import { sourceHead, sourceStructure } from '../../core/corpus/source';
import type { SourceInput } from '../../core/types';
import type { Expected } from './drafts';

export interface BaselineRun {
  sentences: number;
  buildMs: number;
  /** Per quotation: the best score (undefined: no match) and the search time. */
  results: { score: number | undefined; ms: number }[];
}

export function sourceSentences(inputs: readonly SourceInput[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const { head, view } = sourceHead(input);
    for (const s of sourceStructure(view).sentences) out.push(head.text.slice(s.start, s.end).replace(/\s+/g, ' '));
  }
  return out;
}

export function runBaseline(sentences: readonly string[], quotes: readonly string[]): BaselineRun {
  const t0 = performance.now();
  const fuse = new Fuse(sentences as string[], { includeScore: true, ignoreLocation: true, ignoreFieldNorm: true, threshold: 0.6 });
  const buildMs = performance.now() - t0;
  const results = quotes.map((q) => {
    const t = performance.now();
    const [best] = fuse.search(q.replace(/\s+/g, ' '), { limit: 1 });
    return { score: best?.score, ms: performance.now() - t };
  });
  return { sentences: sentences.length, buildMs, results };
}

/** Fuse's score of an exact match (its floor). */
export const VERIFIED_SCORE = 0.001 + 1e-9;

export function classify(score: number | undefined, cut: number): Expected {
  if (score === undefined || score > cut) return 'unsupported';
  return score <= VERIFIED_SCORE ? 'verified' : 'altered';
}

/** The cut-off (of a few) that gives the most correct statuses. */
export function bestCut(scores: readonly (number | undefined)[], expected: readonly Expected[]): { cut: number; correct: number } {
  let best = { cut: 0.6, correct: -1 };
  for (const cut of [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]) {
    const correct = scores.filter((s, i) => classify(s, cut) === expected[i]).length;
    if (correct > best.correct) best = { cut, correct };
  }
  return best;
}
