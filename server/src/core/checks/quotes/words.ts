// A quotation's words as the quote check searches for them: the writer's brackets and ellipses
// marked, ids in the index.
import type { CorpusIndex } from '../../corpus/index';
import type { Alignment, QuoteWord } from '../../match/align';
import { tokenize, type Token } from '../../text/tokens';

export interface QuoteSpan {
  start: number;
  end: number;
}

/** A quotation's words with the writer's conventions marked. */
export interface QuoteWords {
  tokens: Token[];
  words: QuoteWord[];
  /** Words that are the writer's own (not in brackets). */
  ownWords: number;
}

const ELLIPSIS = /\.\s?\.\s?\.|…/g;

export function quoteWords(text: string, span: QuoteSpan, index: CorpusIndex): QuoteWords {
  const raw = tokenize(text, span.start, span.end);
  // Bracketed stretches: the writer's insertions. [sic] is dropped entirely.
  const brackets: { start: number; end: number; sic: boolean }[] = [];
  const inner = text.slice(span.start, span.end);
  for (const m of inner.matchAll(/\[([^\]]*)\]/g)) {
    brackets.push({ start: span.start + m.index!, end: span.start + m.index! + m[0].length, sic: /^\s*sic\s*$/i.test(m[1]) });
  }
  const gaps: number[] = [];
  for (const m of inner.matchAll(ELLIPSIS)) gaps.push(span.start + m.index!);
  const tokens: Token[] = [];
  const words: QuoteWord[] = [];
  for (const t of raw) {
    const br = brackets.find((b) => t.start >= b.start && t.end <= b.end);
    if (br?.sic) continue;
    tokens.push(t);
    words.push({ id: index.idOf(t.norm), free: !!br, gapAfter: false });
  }
  for (const g of gaps) {
    // The word before the ellipsis gets gapAfter.
    let k = -1;
    for (let i = 0; i < tokens.length; i++) if (tokens[i].end <= g) k = i;
    if (k >= 0 && k < words.length - 1) words[k].gapAfter = true;
  }
  return { tokens, words, ownWords: words.filter((w) => !w.free).length };
}

export interface Origin {
  source: number;
  /** Token indices in the source, half-open. */
  from: number;
  to: number;
  alignment?: Alignment;
}

