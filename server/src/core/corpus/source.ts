// A source article made ready for checking: metadata, prose, words, sentences and quotations.
import type { SourceInput, SourceMeta } from '../types';
import { proseView, type Span } from '../text/markdown';
import { tokenize, type Token } from '../text/tokens';
import { sentenceSpans } from '../text/sentences';
import { extractQuotes, type Quote } from '../quotes/extract';

export interface PreparedSource {
  id: string;
  text: string;
  meta: SourceMeta & { title: string };
  /** Where the article body begins (after front matter). */
  bodyStart: number;
  tokens: Token[];
  sentences: Span[];
  quotes: Quote[];
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (v instanceof Date && !isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return undefined;
}

function isoDate(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** Reads the metadata fields Corroborate knows from a front matter object. */
export function metaFromFrontMatter(fm: Record<string, unknown> | undefined): SourceMeta {
  if (!fm) return {};
  const authorsRaw = fm.authors ?? fm.author;
  const authors = Array.isArray(authorsRaw)
    ? authorsRaw.map(str).filter((a): a is string => !!a)
    : str(authorsRaw)
      ? [str(authorsRaw)!]
      : undefined;
  const meta: SourceMeta = {
    title: str(fm.title),
    outlet: str(fm.outlet) ?? str(fm.publisher) ?? str(fm.source),
    authors: authors && authors.length ? authors : undefined,
    date: isoDate(fm.date),
    url: str(fm.url),
  };
  for (const k of Object.keys(meta) as (keyof SourceMeta)[]) if (meta[k] === undefined) delete meta[k];
  return meta;
}

export function prepareSource(input: SourceInput): PreparedSource {
  const languageId = /\.(md|markdown)$/i.test(input.id) ? 'markdown' : 'plaintext';
  const view = proseView(input.text, languageId);
  const fmMeta = metaFromFrontMatter(view.frontMatter);
  const meta = { ...fmMeta, ...(input.meta ?? {}) };
  const title = meta.title ?? input.fallbackTitle;
  const tokens = tokenize(view.masked, view.bodyStart);
  const body = view.masked;
  return {
    id: input.id,
    text: input.text,
    meta: { ...meta, title },
    bodyStart: view.bodyStart,
    tokens,
    sentences: sentenceSpans(body).filter((s) => s.end > view.bodyStart),
    quotes: extractQuotes(view.masked, view.blocks).quotes,
  };
}
