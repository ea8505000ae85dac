// A source article made ready for checking: metadata, prose, words, sentences and quotations.
import type { SourceInput, SourceMeta } from '../types';
import { proseView, type ProseView, type Span } from '../text/markdown';
import { tokenize, type Token } from '../text/tokens';
import { sentenceSpans } from '../text/sentences';
import { extractQuotes, type Quote } from '../quotes/extract';
import type { Dateline } from '../dates/anchor';
import { readSourceDates, type StoredDate } from '../dates/stored';
import { findDateline } from '../dates/anchor';

export interface PreparedSource {
  id: string;
  text: string;
  meta: SourceMeta & { title: string };
  /** Where the article body begins (after front matter). */
  bodyStart: number;
  tokens: Token[];
  sentences: Span[];
  quotes: Quote[];
  /** The dateline's date, if the source has one (read from its prose view). */
  dateline?: Dateline;
  /** Every date expression of its sentences but the dateline's (see dates/stored.ts). */
  dates: StoredDate[];
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

/**
 * What every source keeps whatever the index looks like: identity, text, metadata. `text` may be
 * a getter (a persisted index decodes a source's text when it is first read).
 */
export interface SourceHead {
  id: string;
  text: string;
  meta: SourceMeta & { title: string };
  bodyStart: number;
}

/** A file's language by its name: Markdown for .md/.markdown, else plain text. */
export function sourceLanguage(id: string): string {
  return /\.(md|markdown)$/i.test(id) ? 'markdown' : 'plaintext';
}

/** Headlines are short; a longer first line is the article's first sentence. */
const HEADLINE_CHARS = 150;
const HEADLINE_WORDS = 16;

/**
 * The article's headline: its first line of prose when that line stands on its own (a heading, a
 * paragraph of one line, or a line followed by a dateline of digits) and reads as a headline
 * (short, not ending as a sentence or a clause does). Undefined when the article starts with its
 * text: a hard-wrapped first sentence is no headline.
 */
export function headlineOf(view: ProseView, text: string): string | undefined {
  const first = view.blocks.find((b) => b.end > view.bodyStart && view.masked.slice(Math.max(b.start, view.bodyStart), b.end).trim());
  if (!first) return undefined;
  const block = view.masked.slice(Math.max(first.start, view.bodyStart), first.end).trim();
  const lines = block.split(/\r?\n|\r/).map((l) => l.trim());
  const heading = /^#{1,6}\s/.test(text.slice(first.start, first.end).trimStart());
  const standsAlone = heading || lines.length === 1 || /^[\d(]/.test(lines[1] ?? '');
  const line = lines[0].replace(/^#{1,6}\s+/, '').replace(/\s+/g, ' ');
  if (!standsAlone || !line || line.length > HEADLINE_CHARS || line.split(' ').length > HEADLINE_WORDS) return undefined;
  if (/[.,;:!?…]["”’»)]?$/.test(line) || !/\p{L}/u.test(line)) return undefined;
  // A headline is about its article: a third of its longer words or more come back in the text
  // (page debris such as "Accessibility links" does not), a possessive as its word ("Japan" in
  // the headline, "Japan's economy" in the text); a lone word is a dateline, not one.
  const bare = (norm: string) => norm.replace(/'s$/, '');
  const rest = new Set(tokenize(view.masked, first.start + block.length).map((t) => bare(t.norm)));
  const words = tokenize(line).filter((t) => t.norm.length >= 4);
  if (tokenize(line).length < 2 || words.length === 0 || words.filter((t) => rest.has(bare(t.norm))).length * 3 < words.length) return undefined;
  return line;
}

/** The prose view and metadata of a source (the cheap part of preparing it). */
export function sourceHead(input: SourceInput): { head: SourceHead; view: ProseView } {
  const view = proseView(input.text, sourceLanguage(input.id));
  const fmMeta = metaFromFrontMatter(view.frontMatter);
  const meta = { ...fmMeta, ...(input.meta ?? {}) };
  // Named as a reader names it: its stated title, else its headline line, else its file name.
  const title = meta.title ?? headlineOf(view, input.text) ?? input.fallbackTitle;
  return { head: { id: input.id, text: input.text, meta: { ...meta, title }, bodyStart: view.bodyStart }, view };
}

/** Sentences of a source's body (the index computes them only when asked). */
export function sourceSentences(view: ProseView): Span[] {
  return sentenceSpans(view.masked).filter((s) => s.end > view.bodyStart);
}

/** Quotations of a source (the index computes them only when asked). */
export function sourceQuotes(view: ProseView): Quote[] {
  return extractQuotes(view.masked, view.blocks).quotes;
}

export function sourceStructure(view: ProseView): { sentences: Span[]; quotes: Quote[] } {
  return { sentences: sourceSentences(view), quotes: sourceQuotes(view) };
}

/** The simple path: every part of a source as plain objects (the index keeps a compact form). */
export function prepareSource(input: SourceInput): PreparedSource {
  const { head, view } = sourceHead(input);
  const structure = sourceStructure(view);
  const dateline = findDateline(view.masked, view.bodyStart);
  const prepared: PreparedSource = { ...head, tokens: tokenize(view.masked, view.bodyStart), ...structure, dates: readSourceDates(view.masked, structure.sentences, dateline) };
  if (dateline) prepared.dateline = dateline;
  return prepared;
}
