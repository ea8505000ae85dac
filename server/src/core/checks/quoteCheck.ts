// Registers the quotation check: one finding per top-level quotation, plus unbalanced marks.
import { MSG } from '../messages';
import type { Span } from '../text/markdown';
import type { Finding } from '../types';
import type { Check, DraftContext } from './context';
import { judgeQuote, quoteFinding, quoteWords, type QuoteJudgement } from './quotes';

/**
 * Judgements depend only on the quote's words and the corpus: cache them per checker. Findings
 * depend only on the quotations of their block, so the check runs block by block (checks/blocks.ts).
 */
export function createQuoteCheck(cache: Map<string, QuoteJudgement>): Check {
  const within = (ctx: DraftContext, block?: Span): Finding[] => {
    const inside = (offset: number) => !block || (offset >= block.start && offset < block.end);
    const out: Finding[] = [];
    for (const quote of ctx.quotes) {
      if (quote.depth > 0 || !inside(quote.start)) continue;
      const qw = quoteWords(ctx.text, quote, ctx.index);
      if (qw.tokens.length === 0) continue;
      const key = qw.words.map((w) => `${w.id}${w.free ? '*' : ''}${w.gapAfter ? '~' : ''}`).join(' ') + `|${ctx.config.shortQuoteWords}`;
      let judgement = cache.get(key);
      if (!judgement) {
        judgement = judgeQuote(ctx.index, qw, ctx.config.shortQuoteWords);
        if (cache.size > 50_000) cache.clear();
        cache.set(key, judgement);
      }
      out.push(quoteFinding(ctx.text, quote, qw, judgement, ctx.index, ctx.config));
    }
    for (const mark of ctx.unbalanced) {
      if (!inside(mark)) continue;
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
    run: (ctx) => within(ctx),
    runBlock: (ctx, block) => within(ctx, block),
  };
}
