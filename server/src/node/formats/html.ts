// Saved web pages as sources: the article's text and what the page states about it.
//
// The DOM comes from linkedom (no scripts run, nothing is fetched), the article from Mozilla's
// Readability (the reader view of Firefox: drops navigation, asides, comments, share bars).
// The text is the article's blocks (paragraphs, headings, list items, quotations) one per
// paragraph, separated by blank lines, entities decoded and white space collapsed: offsets of a
// finding in an HTML source refer to this text, which the editor shows as a virtual document.
// Metadata comes only from what the page states: JSON-LD (NewsArticle and the other Article
// types: headline, author, datePublished, publisher), `og:`/`article:` meta tags, `<title>`.
import type { SourceMeta } from '../../core/types';

// Loaded when the first page is read (most runs read none): linkedom and Readability are a third
// of the bundle, and evaluating them costs the start of every process that never needs them.
let dom: { parseHTML: typeof import('linkedom').parseHTML; Readability: typeof import('@mozilla/readability').Readability } | undefined;
function domLibraries(): NonNullable<typeof dom> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  dom ??= { parseHTML: (require('linkedom') as typeof import('linkedom')).parseHTML, Readability: (require('@mozilla/readability') as typeof import('@mozilla/readability')).Readability };
  return dom;
}

export const HTML_EXTENSIONS = ['.html', '.htm'];

/** The little of the DOM used here (the project compiles without the DOM library's types). */
export interface DomNode {
  nodeType: number;
  nodeValue: string | null;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  textContent: string | null;
  tagName?: string;
}
export interface DomElement extends DomNode {
  tagName: string;
  getAttribute(name: string): string | null;
  remove(): void;
}
export interface DomDocument extends DomNode {
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  body: DomElement | null;
}

export interface ExtractedPage {
  text: string;
  meta: SourceMeta;
}

/** Elements that end a paragraph of the extracted text. */
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'THEAD', 'TR', 'TD', 'TH', 'UL',
]);
/** Never text. */
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'OBJECT', 'HEAD', 'BUTTON', 'SELECT', 'TEXTAREA']);

/** The text of a DOM subtree, paragraph by paragraph (blank lines between blocks, a line break for <br>). */
export function blockText(root: DomNode): string {
  const paragraphs: string[] = [];
  let line = '';
  let lines: string[] = [];
  const endLine = () => {
    const l = line.replace(/[ \t\f\r\n\u00a0]+/g, ' ').trim();
    if (l) lines.push(l);
    line = '';
  };
  const endBlock = () => {
    endLine();
    if (lines.length) paragraphs.push(lines.join('\n'));
    lines = [];
  };
  const visit = (node: DomNode): void => {
    if (node.nodeType === 3 /* text */) {
      line += node.nodeValue ?? '';
      return;
    }
    if (node.nodeType !== 1 /* element */ && node.nodeType !== 9 && node.nodeType !== 11) return;
    const tag = node.nodeType === 1 ? node.tagName!.toUpperCase() : '';
    if (SKIP.has(tag)) return;
    if (tag === 'BR') {
      endLine();
      return;
    }
    const block = BLOCKS.has(tag);
    if (block) endBlock();
    for (let c = node.firstChild; c; c = c.nextSibling) visit(c);
    if (block) endBlock();
  };
  visit(root);
  endBlock();
  return paragraphs.join('\n\n');
}

function clean(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/\s+/g, ' ').trim();
  return s || undefined;
}

/** A date the page states, as YYYY-MM-DD (the date as written, whatever its time zone). */
function isoDay(v: unknown): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(clean(v) ?? '');
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1000) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

/** Names in a JSON-LD value: a string, {name}, or a list of either (URLs are no names). */
function names(v: unknown): string[] {
  const out: string[] = [];
  const add = (x: unknown) => {
    const s = typeof x === 'string' ? clean(x) : x && typeof x === 'object' ? clean((x as Record<string, unknown>).name) : undefined;
    if (s && !isUrl(s) && !out.includes(s)) out.push(s);
  };
  if (Array.isArray(v)) v.forEach(add);
  else add(v);
  return out;
}

const ARTICLE_TYPE = /(^|[/#:])(NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|ReviewNewsArticle|BackgroundNewsArticle|Article|BlogPosting|Report)$/;

function typeMatches(t: unknown): boolean {
  return (Array.isArray(t) ? t : [t]).some((x) => typeof x === 'string' && ARTICLE_TYPE.test(x));
}

/** The page's JSON-LD article object, if it states one (top level, a list, or an @graph). */
function jsonLdArticle(doc: DomDocument): Record<string, unknown> | undefined {
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue; // a broken block states nothing
    }
    const queue: unknown[] = [data];
    for (let i = 0; i < queue.length && i < 200; i++) {
      const x = queue[i];
      if (Array.isArray(x)) for (const y of x) queue.push(y);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (typeMatches(o['@type'])) return o;
        if (Array.isArray(o['@graph'])) for (const y of o['@graph'] as unknown[]) queue.push(y);
      }
    }
  }
  return undefined;
}

function metaContent(doc: DomDocument, ...keys: string[]): string | undefined {
  for (const key of keys) {
    for (const el of Array.from(doc.querySelectorAll('meta'))) {
      const name = (el.getAttribute('property') ?? el.getAttribute('name') ?? '').trim().toLowerCase();
      if (name === key) {
        const v = clean(el.getAttribute('content'));
        if (v) return v;
      }
    }
  }
  return undefined;
}

/** What the page states about its article (nothing is guessed: a field the page does not state stays out). */
export function pageMeta(doc: DomDocument): SourceMeta {
  const ld = jsonLdArticle(doc);
  const meta: SourceMeta = {};
  const title = clean(ld?.headline) ?? metaContent(doc, 'og:title') ?? clean(doc.querySelector('title')?.textContent);
  if (title) meta.title = title;
  const outlet = (ld && names(ld.publisher)[0]) ?? metaContent(doc, 'og:site_name');
  if (outlet) meta.outlet = outlet;
  let authors = ld ? names(ld.author) : [];
  if (!authors.length) {
    const a = metaContent(doc, 'author', 'article:author');
    if (a && !isUrl(a)) authors = [a];
  }
  if (authors.length) meta.authors = authors;
  const date = isoDay(ld?.datePublished) ?? isoDay(metaContent(doc, 'article:published_time'));
  if (date) meta.date = date;
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  const url = [metaContent(doc, 'og:url'), clean(canonical), clean(ld?.url)].find((u) => u && /^https?:\/\//i.test(u));
  if (url) meta.url = url;
  return meta;
}

/**
 * Removes what is never article text whatever Readability decides: navigation, the site's banner
 * and footer (those of the page, not an article's own header), hidden elements. A page that is
 * only navigation then has no text (Readability would return its links).
 */
function dropSiteChrome(doc: DomDocument): void {
  const chrome = 'nav, [role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"], [hidden], body > header, body > footer';
  for (const el of Array.from(doc.querySelectorAll(chrome))) el.remove();
}

/** A page's DOM (linkedom: no scripts run, nothing is fetched). */
export function parsePage(html: string): DomDocument {
  return (domLibraries().parseHTML(html) as unknown as { document: DomDocument }).document;
}

/**
 * The article of a page: its text (Readability's article, or, when Readability finds none, the
 * page's body without navigation, header, footer and asides) and the metadata the page states.
 */
export function extractHtml(html: string): ExtractedPage {
  const document = parsePage(html);
  // Metadata first: Readability takes the document apart.
  const meta = pageMeta(document);
  dropSiteChrome(document);
  let text = '';
  try {
    const article = new (domLibraries().Readability)(document, { serializer: (n: unknown) => n }).parse();
    if (article?.content) text = blockText(article.content as DomNode);
  } catch {
    text = '';
  }
  if (!text.trim()) {
    const again = parsePage(html);
    dropSiteChrome(again);
    for (const el of Array.from(again.querySelectorAll('header, footer, aside, form'))) el.remove();
    text = again.body ? blockText(again.body) : '';
  }
  return { text, meta };
}
