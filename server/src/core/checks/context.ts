// What every check receives: the draft prepared once, the corpus, the configuration, and the
// findings of the checks that ran before it (attribution builds on the quote check's origins).
// What a check gives back is all it tells the others: findings, and notes on earlier findings'
// source matches that the core applies to copies (no check changes another's findings).
import type { CheckConfig } from '../config';
import type { CorpusIndex } from '../corpus/index';
import type { Related } from '../corpus/relevance';
import type { Quote } from '../quotes/extract';
import type { ProseView, Span } from '../text/markdown';
import type { Finding } from '../types';

export interface DraftContext {
  text: string;
  languageId: string;
  view: ProseView;
  /** Every quotation found in the draft (nested ones included, see Quote.depth). */
  quotes: Quote[];
  unbalanced: number[];
  config: CheckConfig;
  index: CorpusIndex;
  /** The draft's own date (ISO) if known: front matter, adapter, or configuration. */
  draftDate?: string;
  /** The sources about the draft's story (corpus/relevance.ts): an origin elsewhere needs more evidence. */
  related: Related;
}

/** Who speaks in one source match of an earlier finding (`earlier[finding].sources[source]`). */
export interface SourceNote {
  finding: Finding;
  source: number;
  speaker: string;
}

export interface CheckOutput {
  findings: Finding[];
  /** Notes on earlier findings: the core replaces each such finding by a copy that carries them. */
  notes?: SourceNote[];
}

/** What a draft gives before any check runs (the relevance of sources is computed from it). */
export interface DraftScan {
  text: string;
  quotes: readonly Quote[];
  config: CheckConfig;
}

export interface Check {
  name: string;
  run(ctx: DraftContext, earlier: readonly Finding[]): Finding[] | CheckOutput;
  /**
   * Optional, for a check whose findings in a block (paragraph, heading, table cell) depend only on
   * that block and on what `blockKey` returns: the core then runs `runBlock` on new or changed
   * blocks only and reuses the findings of the others, moved to their new offsets, until the corpus
   * changes (checks/blocks.ts). The core's key already holds the block's raw and masked text, its
   * quotations and unbalanced marks, the configuration and the draft's date. `runBlock` returns the
   * findings that start in the block and must not depend on earlier checks' findings.
   */
  blockKey?(ctx: DraftContext): string;
  runBlock?(ctx: DraftContext, block: Span): Finding[];
  /**
   * Optional: whether a block's findings depend on its key alone (default: yes). A block whose
   * findings also depend on where it is (a sentence that starts in it runs on past it, or one that
   * started before runs into it) is checked afresh every time and its findings are not kept.
   */
  blockReusable?(ctx: DraftContext, block: Span): boolean;
  /**
   * Optional: sources the draft quotes at length (source numbers), whatever words they share with
   * it: they count as about the draft's story (corpus/relevance.ts). Asked only when needed.
   */
  citedSources?(draft: DraftScan): number[];
  /**
   * Optional: corpus-wide work the check's first checks of new drafts would do, done ahead in
   * slices (one per step) for an adapter to run when idle. Findings are the same with or without it.
   */
  warmUp?(): Generator<void, void>;
}
