// What every check receives: the draft prepared once, the corpus, the configuration, and the
// findings of the checks that ran before it (attribution builds on the quote check's origins).
import type { CheckConfig } from '../config';
import type { CorpusIndex } from '../corpus/index';
import type { Quote } from '../quotes/extract';
import type { ProseView } from '../text/markdown';
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
}

export interface Check {
  name: string;
  run(ctx: DraftContext, earlier: readonly Finding[]): Finding[];
}
