// Finds quotations in prose: straight and typographic double quotes, single quotes used as quote
// marks (nested or not; apostrophes are not quote marks), guillemets, quotes that cross line
// breaks, and quotations that run over several paragraphs (each opens with a mark, only the last
// closes). Works on a ProseView's masked text, so offsets are raw offsets.
import type { Span } from '../text/markdown';

export interface Quote {
  /** The quotation's words: from after the opening mark to before the closing mark, trimmed. */
  start: number;
  end: number;
  /** Offsets of the opening and closing marks (close is -1 for a paragraph of a multi-paragraph
   * quotation that the next paragraph continues). */
  open: number;
  close: number;
  /** 0 for a top-level quotation, 1 inside another, and so on. */
  depth: number;
  /** Index (in the returned list) of the quotation this one is nested in, or -1. */
  parent: number;
  /** Paragraphs of one multi-paragraph quotation share a group number; otherwise unique. */
  group: number;
}

export interface QuoteScan {
  quotes: Quote[];
  /** Opening marks never closed (and not continued in the next paragraph). */
  unbalanced: number[];
}

type MarkKind = 'double' | 'single' | 'guillemet' | 'single-guillemet';

interface Open {
  kind: MarkKind;
  mark: number;
  /** Tentative openers (a straight or left single quote) become apostrophes if never closed. */
  tentative: boolean;
  group: number;
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
// Characters after which a straight quote opens: start, space, brackets, dashes, other marks.
const isOpenContext = (c: string | undefined) => c === undefined || /[\s([{\u2014\u2013\-/:;,*_>“‘«‹"'„]/.test(c);
const isCloseFollow = (c: string | undefined) => c === undefined || /[\s.,;:!?)\]}\u2014\u2013\-*_”’»›"'…]/.test(c);

function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return [start, end];
}

/** "Americans' coalition": an s, the mark, a space and a word, with a later mark that can close
 * the single quote before the sentence's double quotes end. Then this mark is an apostrophe. */
function pluralPossessive(text: string, i: number, end: number): boolean {
  if (!/[sS]/.test(text[i - 1] ?? '') || !/^\s\p{L}/u.test(text.slice(i + 1, i + 3))) return false;
  for (let j = i + 2; j < end; j++) {
    const c = text[j];
    if (c === '"' || c === '”') return false;
    if ((c === "'" || c === '’') && !isSpace(text[j - 1]) && isCloseFollow(text[j + 1]) && !(isWordChar(text[j - 1]) && isWordChar(text[j + 1])))
      return true;
  }
  return false;
}

function firstNonSpace(text: string, block: Span): number {
  let i = block.start;
  while (i < block.end && /[\s>*\-+]/.test(text[i]) && !/["“„«']/.test(text[i])) i++;
  return i;
}

function opensAt(text: string, i: number): MarkKind | undefined {
  const c = text[i];
  if (c === '“' || c === '„' || (c === '"' && !isSpace(text[i + 1]))) return 'double';
  if (c === '«') return 'guillemet';
  if (c === '‹') return 'single-guillemet';
  return undefined;
}

export function extractQuotes(masked: string, blocks: Span[]): QuoteScan {
  const quotes: Quote[] = [];
  const unbalanced: number[] = [];
  let nextGroup = 0;
  // A multi-paragraph quotation carried into the next block: its kind and group.
  let carried: { kind: MarkKind; group: number } | undefined;

  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    const stack: Open[] = [];
    let carriedGroup: number | undefined;
    if (carried) {
      const at = firstNonSpace(masked, block);
      if (opensAt(masked, at) === carried.kind) carriedGroup = carried.group;
      carried = undefined;
    }

    const closeTop = (idx: number, closeAt: number) => {
      // Pop everything above idx: unclosed tentative singles were apostrophes.
      stack.length = idx + 1;
      const o = stack.pop()!;
      const [s, e] = trimSpan(masked, o.mark + 1, closeAt);
      if (e <= s) return;
      const depth = stack.filter((x) => !x.tentative).length;
      quotes.push({ start: s, end: e, open: o.mark, close: closeAt, depth, parent: -1, group: o.group });
    };
    const findOpen = (kind: MarkKind) => {
      for (let k = stack.length - 1; k >= 0; k--) if (stack[k].kind === kind) return k;
      return -1;
    };
    const push = (kind: MarkKind, i: number, tentative: boolean) => {
      let group: number;
      if (carriedGroup !== undefined && stack.length === 0 && kind !== 'single') {
        group = carriedGroup;
        carriedGroup = undefined;
      } else group = nextGroup++;
      stack.push({ kind, mark: i, tentative, group });
    };

    for (let i = block.start; i < block.end; i++) {
      const c = masked[i];
      const prev = i > 0 ? masked[i - 1] : undefined;
      const next = i + 1 < masked.length ? masked[i + 1] : undefined;
      switch (c) {
        case '“':
        case '„':
          push('double', i, false);
          break;
        case '”': {
          const k = findOpen('double');
          if (k >= 0) closeTop(k, i);
          else if (isSpace(prev) && !isSpace(next)) push('double', i, false); // ” used as an opener
          break;
        }
        case '"': {
          const k = findOpen('double');
          const canClose = !isSpace(prev) && isCloseFollow(next);
          const canOpen = !isSpace(next) && isOpenContext(prev);
          if (k >= 0 && (canClose || (!canOpen && !isSpace(prev)))) closeTop(k, i);
          else if (canOpen) push('double', i, false);
          break;
        }
        case '«':
          push('guillemet', i, false);
          break;
        case '»': {
          const k = findOpen('guillemet');
          if (k >= 0) closeTop(k, i);
          break;
        }
        case '‹':
          push('single-guillemet', i, false);
          break;
        case '›': {
          const k = findOpen('single-guillemet');
          if (k >= 0) closeTop(k, i);
          break;
        }
        case '‘':
          if (!isSpace(next)) push('single', i, true);
          break;
        case "'":
        case '’': {
          if (isWordChar(prev) && isWordChar(next)) break; // you're, Iran’s
          const k = findOpen('single');
          if (k >= 0 && !isSpace(prev) && isCloseFollow(next) && !pluralPossessive(masked, i, block.end)) {
            closeTop(k, i);
            break;
          }
          if (c === "'" && isOpenContext(prev) && isWordChar(next)) push('single', i, true);
          break;
        }
        default:
          break;
      }
    }

    // End of block: what is still open.
    const firm = stack.filter((o) => !o.tentative);
    if (firm.length > 0) {
      const outer = firm[0];
      const nextBlock = blocks[b + 1];
      const continues =
        firm.length === 1 &&
        nextBlock !== undefined &&
        opensAt(masked, firstNonSpace(masked, nextBlock)) === outer.kind;
      if (continues) {
        const [s, e] = trimSpan(masked, outer.mark + 1, block.end);
        if (e > s) quotes.push({ start: s, end: e, open: outer.mark, close: -1, depth: 0, parent: -1, group: outer.group });
        carried = { kind: outer.kind, group: outer.group };
      } else {
        for (const o of firm) unbalanced.push(o.mark);
      }
    }
  }

  quotes.sort((a, b) => a.start - b.start || b.end - a.end);
  // Parents: the nearest enclosing quote. A paragraph of a multi-paragraph quotation has no
  // closing mark (close -1): it ends where its words end.
  const endOf = (q: Quote) => (q.close >= 0 ? q.close : q.end + 1);
  // The quotations still open at each one, innermost last: one that does not enclose a quotation
  // encloses none after it either (those start later, and any it would enclose the later one
  // encloses too, nearer), so each is pushed and popped once.
  const open: number[] = [];
  for (let i = 0; i < quotes.length; i++) {
    const q = quotes[i];
    while (open.length) {
      const p = quotes[open[open.length - 1]];
      if (p.open < q.open && endOf(p) > endOf(q)) break;
      open.pop();
    }
    if (open.length) {
      q.parent = open[open.length - 1];
      q.depth = quotes[q.parent].depth + 1;
    } else q.depth = 0;
    open.push(i);
  }
  return { quotes, unbalanced };
}
