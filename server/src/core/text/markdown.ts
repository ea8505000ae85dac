// Which parts of a draft or source are prose. Markdown structure comes from a real parser
// (mdast-util-from-markdown, i.e. micromark, CommonMark-compliant), so code spans, fenced and
// indented code, HTML comments, link destinations and front matter are recognised exactly as a
// Markdown renderer would. Everything that is not prose is blanked with spaces (line breaks kept),
// so offsets into the masked text are offsets into the raw text.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatter } from 'micromark-extension-frontmatter';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { parse as parseYaml } from 'yaml';
import { LARGE_TEXT, markdownViewInParts } from './markdownParts';

export { LARGE_TEXT, markdownViewInParts } from './markdownParts';

export interface ProseView {
  /** Same length as the raw text; non-prose replaced by spaces. */
  masked: string;
  /** Parsed YAML front matter, if any (an object), else undefined. */
  frontMatter?: Record<string, unknown>;
  /** Where the front matter ends (0 when there is none). */
  bodyStart: number;
  /** Blocks of prose (paragraphs, headings, table cells), in order: a quotation never crosses one. */
  blocks: Span[];
}

export interface Span {
  start: number;
  end: number;
}

/** Paragraphs separated by blank lines (plain text, and the fallback). */
export function blankLineBlocks(text: string, from: number): Span[] {
  const out: Span[] = [];
  const sep = /\r?\n[ \t]*(?:\r?\n[ \t]*)+/g;
  sep.lastIndex = from;
  let start = from;
  let m: RegExpExecArray | null;
  while ((m = sep.exec(text)) !== null) {
    if (m.index > start) out.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  if (text.length > start) out.push({ start, end: text.length });
  return out;
}

export interface MdNode {
  type: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: MdNode[];
  value?: string;
  url?: string;
}

/** Ranges of a text to blank (everything but line breaks becomes a space), applied at once by `masked`. */
class Blanks {
  private readonly ranges: [number, number][] = [];
  constructor(private readonly text: string) {}

  add(start: number, end: number): void {
    end = Math.min(end, this.text.length);
    if (start < end) this.ranges.push([start, end]);
  }

  masked(): string {
    if (!this.ranges.length) return this.text;
    const sorted = this.ranges.sort((a, b) => a[0] - b[0]);
    let out = '';
    let at = 0;
    for (const [start, end] of sorted) {
      if (end <= at) continue;
      const from = Math.max(start, at);
      out += this.text.slice(at, from) + this.text.slice(from, end).replace(/[^\r\n]/g, ' ');
      at = end;
    }
    return out + this.text.slice(at);
  }
}

function parseFrontMatter(yamlText: string): Record<string, unknown> | undefined {
  try {
    const value = parseYaml(yamlText, { maxAliasCount: 10, logLevel: 'error' });
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const FRONT_MATTER = /^(?:\uFEFF)?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Plain text: only a leading YAML front matter block is not prose. */
export function plainTextView(text: string): ProseView {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { masked: text, bodyStart: 0, blocks: blankLineBlocks(text, 0) };
  const blanks = new Blanks(text);
  blanks.add(0, m[0].length);
  return {
    masked: blanks.masked(),
    frontMatter: parseFrontMatter(m[1]),
    bodyStart: m[0].length,
    blocks: blankLineBlocks(text, m[0].length),
  };
}

/**
 * Lines that tie a Markdown block to what is around it beyond its paragraph: list items and block
 * quotes (containers that run over blank lines), fenced code and HTML blocks (which may hold blank
 * lines), link reference definitions (which change links anywhere), indented lines, thematic
 * breaks and setext underlines. A text without any is a sequence of independent paragraphs and
 * headings between blank lines.
 */
const CONTEXT_LINE = /^(?: {0,3}(?:[-+*>_=]|\d{1,9}[.)]|`{3}|~{3}|<|\[[^\]\n]*\]:)| {4}|\t)/m;
export const FENCED_FRONT_MATTER = /^---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?=\r?\n|$)/;

/**
 * What can make a chunk more than one paragraph of prose, or blank part of it: code, HTML and
 * autolinks, links and images, headings, tables, escapes. A chunk without any parses as one
 * paragraph with nothing masked (emphasis and entities mask nothing).
 */
const MARKUP = /[`<>[\]#|\\]/;

interface ChunkView {
  masked: string;
  frontMatter?: Record<string, unknown>;
  bodyStart: number;
  blocks: Span[];
}

/** Parsed chunks by their text (a draft being edited changes one chunk at a time). */
const chunkCache = new Map<string, ChunkView>();
const CHUNK_CACHE_SIZE = 4096;

/**
 * The prose view of a Markdown text. A text whose blocks do not reach past blank lines (see
 * CONTEXT_LINE) is parsed chunk by chunk, each chunk (the front matter, then each run of non-blank
 * lines) once while it stays unchanged: the same view as parsing the whole text (a test compares
 * the two), at a fraction of the cost per keystroke.
 */
export function markdownView(text: string): ProseView {
  const fm = FENCED_FRONT_MATTER.exec(text);
  const bodyFrom = fm ? fm[0].length : 0;
  if ((!fm && text.startsWith('---')) || text.startsWith('\uFEFF') || CONTEXT_LINE.test(fm ? text.slice(bodyFrom) : text)) {
    return text.length > LARGE_TEXT ? markdownViewInParts(text) : markdownViewWhole(text);
  }
  const chunks: Span[] = fm ? [{ start: 0, end: bodyFrom }] : [];
  let lineStart = bodyFrom;
  let chunkStart = -1;
  let chunkEnd = -1;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const blank = /^[ \t]*$/.test(text.slice(lineStart, contentEnd));
    if (!blank) {
      if (chunkStart < 0) chunkStart = lineStart;
      chunkEnd = contentEnd;
    } else if (chunkStart >= 0) {
      chunks.push({ start: chunkStart, end: chunkEnd });
      chunkStart = -1;
    }
    lineStart = lineEnd + 1;
  }
  if (chunkStart >= 0) chunks.push({ start: chunkStart, end: chunkEnd });
  let masked = '';
  let at = 0;
  const blocks: Span[] = [];
  let frontMatter: Record<string, unknown> | undefined;
  let bodyStart = 0;
  for (const c of chunks) {
    const first = c.start === 0 && !!fm;
    const piece = text.slice(c.start, c.end);
    const key = (first ? 'f' : 'b') + piece;
    let view = chunkCache.get(key);
    if (!view && !first && !MARKUP.test(piece)) {
      // Plain prose: one paragraph, from its first non-blank character, nothing masked.
      const lead = /^[ \t]*/.exec(piece)![0].length;
      view = { masked: piece, bodyStart: 0, blocks: [{ start: lead, end: piece.length }] };
    }
    if (!view) {
      const tree = parseTree(piece, first);
      if (!tree) return markdownViewWhole(text);
      view = viewOf(piece, tree);
      if (chunkCache.size >= CHUNK_CACHE_SIZE) chunkCache.clear();
      chunkCache.set(key, view);
    }
    masked += text.slice(at, c.start) + view.masked;
    at = c.end;
    for (const b of view.blocks) blocks.push({ start: b.start + c.start, end: b.end + c.start });
    if (first) {
      frontMatter = view.frontMatter;
      bodyStart = view.bodyStart;
    }
  }
  masked += text.slice(at);
  return { masked, frontMatter, bodyStart, blocks };
}

/**
 * List items or block quotes opened this deep (64 columns of indentation, 32 levels of a two-space
 * list): the parser's time grows with the number of open containers on every line, so a document
 * nested this deep takes seconds per paragraph and minutes in all. No writing is nested so deep; such
 * a text is read as plain text (front matter kept), in time linear in its length.
 */
const TOO_DEEP = /^[ \t>]{64,}(?:[-+*>]|\d{1,9}[.)])(?:[ \t]|$)/m;

export function parseTree(text: string, withFrontMatter: boolean): MdNode | undefined {
  if (TOO_DEEP.test(text)) return undefined;
  try {
    return fromMarkdown(
      text,
      withFrontMatter ? { extensions: [frontmatter(['yaml'])], mdastExtensions: [frontmatterFromMarkdown(['yaml'])] } : {},
    ) as unknown as MdNode;
  } catch {
    return undefined;
  }
}

/** The prose view from one parse of the whole text. */
export function markdownViewWhole(text: string): ProseView {
  const tree = parseTree(text, true);
  return tree ? viewOf(text, tree) : plainTextView(text);
}

export function viewOf(text: string, tree: MdNode): ProseView {
  const blanks = new Blanks(text);
  let fm: Record<string, unknown> | undefined;
  let bodyStart = 0;
  const blocks: Span[] = [];
  const visit = (node: MdNode) => {
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    switch (node.type) {
      case 'yaml':
        if (s !== undefined && e !== undefined) {
          blanks.add(s, e);
          bodyStart = e;
        }
        fm = parseFrontMatter(node.value ?? '');
        return;
      case 'code':
      case 'inlineCode':
      case 'html':
      case 'definition':
        if (s !== undefined && e !== undefined) blanks.add(s, e);
        return;
      case 'link':
      case 'image':
      case 'linkReference':
      case 'imageReference': {
        if (s === undefined || e === undefined) return;
        const kids = node.children ?? [];
        const last = kids.length ? kids[kids.length - 1].position?.end.offset : undefined;
        if (node.type === 'image' || node.type === 'imageReference') {
          // ![alt](dest "title"): keep the alt text, blank the rest.
          const close = text.indexOf(']', s);
          blanks.add(s, s + 2);
          if (close >= 0 && close < e) blanks.add(close, e);
          return;
        }
        if (last === undefined || last <= s) {
          blanks.add(s, e); // autolink or empty text
          return;
        }
        // [text](dest "title") or [text][ref]: blank from the end of the text to the end.
        blanks.add(last, e);
        kids.forEach(visit);
        return;
      }
      case 'paragraph':
      case 'heading':
      case 'tableCell':
        if (s !== undefined && e !== undefined) blocks.push({ start: s, end: e });
        node.children?.forEach(visit);
        return;
      default:
        node.children?.forEach(visit);
    }
  };
  visit(tree);
  return { masked: blanks.masked(), frontMatter: fm, bodyStart, blocks };
}

export function proseView(text: string, languageId: string): ProseView {
  return languageId === 'markdown' ? markdownView(text) : plainTextView(text);
}
