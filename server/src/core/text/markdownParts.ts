// Long Markdown texts parsed in parts that CommonMark reads independently (the parser's time
// grows faster than its input): where a text may be cut, and the parts' views put together.
import { FENCED_FRONT_MATTER, markdownViewWhole, parseTree, viewOf } from './markdown';
import type { MdNode, ProseView, Span } from './markdown';

/** Texts longer than this are parsed in parts (the parser's time grows faster than its input). */
export const LARGE_TEXT = 64 * 1024;

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
/** HTML blocks that end at a blank line: kind 6 (block tags, which may interrupt a paragraph) and 7 (any other tag, which may not). */
const HTML_BLOCK_TAG = /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:\s|\/?>|$)/i;
const HTML_ANY_TAG = /^ {0,3}<\/?[A-Za-z][A-Za-z0-9-]*(?:\s|\/?>|$)/;
/** HTML blocks that run on over blank lines (CommonMark kinds 1 to 5), with what ends each. */
const HTML_RUNS: [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];

/**
 * The prose view of a long text, parsed in parts of at least `part` characters that CommonMark
 * parses independently: each part starts after a blank line, at a line that begins at the left
 * margin (so it continues no list item, block quote or indented code), outside fenced code and
 * HTML blocks that run over blank lines. Link reference definitions are seen by every part (they
 * are put before it, and their view cut off again). Same view as one parse (a test compares them).
 */
export function markdownViewInParts(text: string, part = LARGE_TEXT / 4): ProseView {
  const fm = FENCED_FRONT_MATTER.exec(text);
  // An unclosed front matter fence or a byte order mark changes how the parser reads what follows.
  if ((!fm && text.startsWith('---')) || text.startsWith('\uFEFF')) return markdownViewWhole(text);
  const cuts: number[] = [0];
  let fence: { char: string; length: number } | undefined;
  let html: RegExp | undefined;
  /** Inside an HTML block that a blank line ends. */
  let htmlToBlank = false;
  let blank = true; // the start of the text is the start of a block
  let last = 0;
  let lineStart = fm ? fm[0].length : 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const isBlank = /^[ \t]*$/.test(line);
    if (htmlToBlank) {
      if (isBlank) htmlToBlank = false;
    } else if (fence) {
      const m = FENCE_OPEN.exec(line);
      if (m && m[1][0] === fence.char && m[1].length >= fence.length && /^[ \t]*$/.test(line.slice(m[0].length))) fence = undefined;
    } else if (html) {
      if (html.test(line)) html = undefined;
    } else if (!isBlank) {
      if (blank && lineStart - last >= part && /^[^ \t]/.test(line)) {
        cuts.push(lineStart);
        last = lineStart;
      }
      const f = FENCE_OPEN.exec(line);
      if (f && !(f[1][0] === '`' && line.slice(f[0].length).includes('`'))) fence = { char: f[1][0], length: f[1].length };
      else {
        let run = false;
        for (const [open, close] of HTML_RUNS) {
          const m = open.exec(line);
          if (m) {
            run = true;
            if (!close.test(line.slice(m[0].length))) html = close;
            break;
          }
        }
        if (!run && (HTML_BLOCK_TAG.test(line) || (blank && HTML_ANY_TAG.test(line)))) htmlToBlank = true;
      }
    }
    blank = isBlank;
    lineStart = lineEnd + 1;
  }
  if (cuts.length === 1) return markdownViewWhole(text);
  // The parser has the last word: a part that ends inside fenced code or an HTML block that runs
  // on (which the line scan above may misjudge) is joined with the next one.
  const pieces: string[] = [];
  const trees: MdNode[] = [];
  const starts: number[] = [];
  for (let k = 0; k < cuts.length; ) {
    let end = k + 1;
    for (;;) {
      const piece = text.slice(cuts[k], end < cuts.length ? cuts[end] : text.length);
      const tree = parseTree(piece, k === 0);
      if (!tree) return markdownViewWhole(text);
      if (end < cuts.length && !closedAtEnd(tree, piece)) {
        end++;
        continue;
      }
      pieces.push(piece);
      trees.push(tree);
      starts.push(cuts[k]);
      break;
    }
    k = end;
  }
  // Link reference definitions hold for the whole text: every part sees them all, in order (the
  // first of a label wins), after the first part's text and before the others'.
  const definitions: string[] = [];
  trees.forEach((t, k) => collectDefinitions(t!, pieces[k], definitions));
  const defs = definitions.join('\n\n');
  let masked = '';
  const blocks: Span[] = [];
  let frontMatter: Record<string, unknown> | undefined;
  let bodyStart = 0;
  for (let k = 0; k < pieces.length; k++) {
    const from = starts[k];
    const piece = pieces[k];
    const before = defs && k > 0 ? defs + '\n\n' : '';
    const after = defs && k === 0 ? '\n\n' + defs : '';
    const whole = before + piece + after;
    const tree = defs ? parseTree(whole, k === 0) : trees[k];
    if (!tree) return markdownViewWhole(text);
    const v = viewOf(whole, tree);
    masked += v.masked.slice(before.length, before.length + piece.length);
    for (const b of v.blocks) {
      if (b.start >= before.length && b.end <= before.length + piece.length) blocks.push({ start: b.start - before.length + from, end: b.end - before.length + from });
    }
    if (k === 0) {
      frontMatter = v.frontMatter;
      bodyStart = v.bodyStart;
    }
  }
  return { masked, frontMatter, bodyStart, blocks };
}

/** Whether nothing of a part runs on past its end: its last block is no unclosed fenced code or HTML block of the kinds that cross blank lines. */
function closedAtEnd(tree: MdNode, text: string): boolean {
  const kids = tree.children ?? [];
  const lastNode = kids[kids.length - 1];
  const s = lastNode?.position?.start.offset;
  const e = lastNode?.position?.end.offset;
  if (!lastNode || s === undefined || e === undefined) return true;
  const raw = text.slice(s, e);
  if (lastNode.type === 'code') {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(raw);
    if (!open) return true; // indented code ends where the indentation does
    const lines = raw.split(/\r?\n/);
    const close = lines.length > 1 ? /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(lines[lines.length - 1]) : null;
    return !!close && close[1][0] === open[1][0] && close[1].length >= open[1].length;
  }
  if (lastNode.type === 'html') {
    for (const [start, end] of HTML_RUNS) {
      const m = start.exec(raw);
      if (m) return end.test(raw.slice(m[0].length));
    }
  }
  return true;
}

/** The source text of every link reference definition of a tree, in order. */
function collectDefinitions(node: MdNode, text: string, out: string[]): void {
  if (node.type === 'definition') {
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    if (s !== undefined && e !== undefined) out.push(text.slice(s, e));
    return;
  }
  node.children?.forEach((c) => collectDefinitions(c, text, out));
}
