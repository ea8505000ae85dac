// Which parts of a draft or source are prose. Markdown structure comes from a real parser
// (mdast-util-from-markdown, i.e. micromark, CommonMark-compliant), so code spans, fenced and
// indented code, HTML comments, link destinations and front matter are recognised exactly as a
// Markdown renderer would. Everything that is not prose is blanked with spaces (line breaks kept),
// so offsets into the masked text are offsets into the raw text.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatter } from 'micromark-extension-frontmatter';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { parse as parseYaml } from 'yaml';

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

interface MdNode {
  type: string;
  position?: { start: { offset?: number }; end: { offset?: number } };
  children?: MdNode[];
  value?: string;
  url?: string;
}

function blank(chars: string[], start: number, end: number): void {
  for (let i = start; i < end && i < chars.length; i++) {
    if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  }
}

function parseFrontMatter(yamlText: string): Record<string, unknown> | undefined {
  try {
    const value = parseYaml(yamlText, { maxAliasCount: 10 });
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
  const chars = text.split('');
  blank(chars, 0, m[0].length);
  return {
    masked: chars.join(''),
    frontMatter: parseFrontMatter(m[1]),
    bodyStart: m[0].length,
    blocks: blankLineBlocks(text, m[0].length),
  };
}

export function markdownView(text: string): ProseView {
  let tree: MdNode;
  try {
    tree = fromMarkdown(text, {
      extensions: [frontmatter(['yaml'])],
      mdastExtensions: [frontmatterFromMarkdown(['yaml'])],
    }) as unknown as MdNode;
  } catch {
    return plainTextView(text);
  }
  const chars = text.split('');
  let fm: Record<string, unknown> | undefined;
  let bodyStart = 0;
  const blocks: Span[] = [];
  const visit = (node: MdNode) => {
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    switch (node.type) {
      case 'yaml':
        if (s !== undefined && e !== undefined) {
          blank(chars, s, e);
          bodyStart = e;
        }
        fm = parseFrontMatter(node.value ?? '');
        return;
      case 'code':
      case 'inlineCode':
      case 'html':
      case 'definition':
        if (s !== undefined && e !== undefined) blank(chars, s, e);
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
          blank(chars, s, s + 2);
          if (close >= 0 && close < e) blank(chars, close, e);
          return;
        }
        if (last === undefined || last <= s) {
          blank(chars, s, e); // autolink or empty text
          return;
        }
        // [text](dest "title") or [text][ref]: blank from the end of the text to the end.
        blank(chars, last, e);
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
  return { masked: chars.join(''), frontMatter: fm, bodyStart, blocks };
}

export function proseView(text: string, languageId: string): ProseView {
  return languageId === 'markdown' ? markdownView(text) : plainTextView(text);
}
