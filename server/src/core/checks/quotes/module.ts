// The quotation check's module: one finding per top-level quotation, plus unbalanced marks.
import { MSG } from '../../messages';
import type { Span } from '../../text/markdown';
import type { Finding } from '../../types';
import type { CorpusIndex } from '../../corpus/index';
import type { Check, DraftContext } from '../context';
import { count, defineCheck, severity, type CheckModule } from '../contract';
import { decideQuote, findOrigins, quoteFinding, quoteWords, strongAnywhere, type QuoteCandidates, type QuoteWords } from './index';
import type { Quote } from '../../quotes/extract';
import { PhraseStats } from '../../match/evidence';
import { QUOTATIONS_TABLE } from '../../quotes/table';

/**
 * Candidate origins depend only on the quote's words and the corpus: kept per checker. The verdict
 * also weighs which sources are about the draft's story (ctx.related).
 */
export class QuoteOrigins {
  private readonly cache = new Map<string, QuoteCandidates>();
  /** Per quotation text: the sources that hold it with evidence enough anywhere. */
  private readonly strong = new Map<string, number[]>();
  private readonly phrases: PhraseStats;

  constructor(private readonly index: CorpusIndex) {
    this.phrases = new PhraseStats(index);
  }

  /** A quotation's words and candidate origins (undefined: it has no words). */
  of(text: string, quote: Quote, shortQuoteWords: number): { qw: QuoteWords; candidates: QuoteCandidates } | undefined {
    const qw = quoteWords(text, quote, this.index);
    if (qw.tokens.length === 0) return undefined;
    const key = qw.words.map((w) => `${w.id}${w.free ? '*' : ''}${w.gapAfter ? '~' : ''}`).join(' ') + `|${shortQuoteWords}`;
    let candidates = this.cache.get(key);
    if (!candidates) {
      candidates = findOrigins(this.index, qw, shortQuoteWords, this.phrases);
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(key, candidates);
    }
    return { qw, candidates };
  }

  /**
   * Sources the draft quotes at length: they hold a quotation's words (exactly, or the closest
   * passage of an altered one) with evidence enough against the whole corpus, so they are about
   * the draft's story whatever words they share.
   */
  quotedSources(text: string, quotes: readonly Quote[], shortQuoteWords: number): number[] {
    const out: number[] = [];
    for (const quote of quotes) {
      if (quote.depth > 0) continue;
      const key = `${shortQuoteWords}|${text.slice(quote.start, quote.end)}`;
      let strong = this.strong.get(key);
      if (!strong) {
        strong = this.strongSources(text, quote, shortQuoteWords);
        if (this.strong.size > 50_000) this.strong.clear();
        this.strong.set(key, strong);
      }
      for (const s of strong) out.push(s); // one at a time: a corpus may hold more sources than a call takes arguments
    }
    return out;
  }

  private strongSources(text: string, quote: Quote, shortQuoteWords: number): number[] {
    const found = this.of(text, quote, shortQuoteWords);
    if (!found || found.candidates.short) return [];
    const c = found.candidates;
    const out = c.exact.filter((o) => strongAnywhere(this.index, c, o)).map((o) => o.source);
    if (c.exact.length) return out;
    const best = c.aligned().find((o) => c.closeEnough(o));
    return best && strongAnywhere(this.index, c, best) ? [best.source] : [];
  }
}

/** The check over one corpus; findings depend only on the quotations of their block and on the
 * related set, so it runs block by block (checks/blocks.ts) with the set in its key. */
function createQuoteCheck(origins: QuoteOrigins): Check {
  const within = (ctx: DraftContext, block?: Span): Finding[] => {
    const inside = (offset: number) => !block || (offset >= block.start && offset < block.end);
    const out: Finding[] = [];
    // Only the block's quotations (sorted by start): a long draft has thousands of blocks.
    const from = block ? firstFrom(ctx.quotes, (q) => q.start, block.start) : 0;
    for (let k = from; k < ctx.quotes.length; k++) {
      const quote = ctx.quotes[k];
      if (block && quote.start >= block.end) break;
      if (quote.depth > 0 || !inside(quote.start)) continue;
      const found = origins.of(ctx.text, quote, ctx.config.shortQuoteWords);
      if (!found) continue;
      out.push(quoteFinding(ctx.text, quote, found.qw, decideQuote(ctx.index, found.candidates, ctx.related), ctx.index, ctx.config));
    }
    const marks = sortedMarks(ctx.unbalanced);
    for (let k = block ? firstFrom(marks, (m) => m, block.start) : 0; k < marks.length; k++) {
      const mark = marks[k];
      if (block && mark >= block.end) break;
      out.push({
        kind: 'quote',
        status: 'unbalanced',
        severity: 'information',
        start: mark,
        end: mark + 1,
        text: ctx.text.slice(mark, mark + 1),
        message: MSG.unbalancedQuote,
        sources: [],
        fixes: [],
      });
    }
    return out;
  };
  return {
    name: 'quotes',
    blockKey: (ctx) => ctx.related.key,
    run: (ctx) => within(ctx),
    runBlock: (ctx, block) => within(ctx, block),
    citedSources: (draft) => origins.quotedSources(draft.text, draft.quotes, draft.config.shortQuoteWords),
  };
}

/** The first index of `list` (ascending by `key`) whose key is at least `value`. */
function firstFrom<T>(list: readonly T[], key: (x: T) => number, value: number): number {
  let lo = 0;
  for (let hi = list.length; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The unbalanced marks of a draft in order, sorted once per scan. */
const sortedCache = new WeakMap<readonly number[], readonly number[]>();
function sortedMarks(marks: readonly number[]): readonly number[] {
  let sorted = sortedCache.get(marks);
  if (!sorted) sortedCache.set(marks, (sorted = [...marks].sort((a, b) => a - b)));
  return sorted;
}

const STATUSES = ['verified', 'altered', 'unsupported', 'unbalanced'] as const;
const SETTINGS = {
  /** Severity of a quote no source contains. */
  unsupportedQuoteSeverity: severity('warning'),
  /** Severity of an unsupported quote of at most `shortQuoteWords` words (usually scare quotes). */
  shortUnsupportedQuoteSeverity: severity('information'),
  shortQuoteWords: count(2),
  /** Severity of a quote whose words differ from its source. */
  alteredQuoteSeverity: severity('warning'),
} as const;

/** Quotations: is each one in a source, word for word? */
export const quoteCheck: CheckModule<'quote', (typeof STATUSES)[number], typeof SETTINGS> = defineCheck({
  kind: 'quote',
  name: 'quotes',
  statuses: STATUSES,
  titles: {
    verified: 'Quotation found in the sources',
    altered: 'Quotation differs from its source',
    unsupported: 'Quotation not found in any source',
    unbalanced: 'Unclosed quotation mark',
  },
  settings: SETTINGS,
  tables: [QUOTATIONS_TABLE],
  eval: { quoted: true, claims: ['altered'], unfixed: ['altered', 'unsupported', 'unbalanced'] },
  presentation: {
    heading: 'Quotations',
    icon: 'quote',
    statusNames: { unbalanced: 'unclosed mark' },
    titleSays: ['unsupported'],
    rules: {
      altered: {
        name: 'AlteredQuotation',
        short: 'A quotation whose words differ from its source',
        full: 'A source passage is clearly the origin of the quotation, but words were substituted, inserted, deleted or moved.',
        help: "Restore the wording of the source (the fix offers it when the passage is in the source's own quotation), or mark changed words with square brackets and omitted ones with an ellipsis.",
        severity: 'alteredQuoteSeverity',
      },
      unsupported: {
        name: 'UnsupportedQuotation',
        short: 'A quotation no source contains',
        full: 'No passage of the corpus is close enough to be the origin of the quotation (the evidence of the closest one is too weak for a corpus of this size).',
        help: 'Add the source to the corpus, or, when the quotation comes from elsewhere (an interview of your own, a translation), accept it in the accepted-findings file or with a corroborate-disable comment.',
        severity: 'unsupportedQuoteSeverity',
      },
      unbalanced: {
        name: 'UnclosedQuotationMark',
        short: 'A quotation mark that is never closed',
        full: 'An opening quotation mark has no closing mark in its paragraph, so the quotation could not be checked.',
        help: 'Close the quotation, or remove the stray mark.',
        severity: 'information',
      },
    },
  },
  create: (index) => createQuoteCheck(new QuoteOrigins(index)),
});
