// The per-paragraph half of speaker analysis, kept between checks of one draft: a block's
// sentences (narration tokens) and their mentions depend only on the block's text, its masked
// text, its top-level quotations and a character or two around it, so an edit re-reads only the
// blocks it touched. What joins the blocks (entities, pronouns, the previous sentence's speaker)
// is worked out afresh on every analysis, from these pieces (speakers/index.ts).
import type { Quote } from '../quotes/extract';
import type { Span } from '../text/markdown';
import { sentenceMentions, type Mention } from './mentions';
import { blockSentences, type Sentence, type Tok } from './narration';

/** Blocks kept, the least recently used going first: a keystroke makes a new version of its
 * block, and a block's tokens and mentions weigh some kilobytes. Enough for a few long drafts. */
const MAX_ENTRIES = 3_000;

export interface BlockPieces {
  sentences: Sentence[];
  /** The mentions of each of `sentences`. */
  mentions: Mention[][];
}

/** The pieces as last handed out, with where they were then (offsets and indices are absolute). */
interface Entry extends BlockPieces {
  start: number;
  block: number;
  firstSentence: number;
  quoteIds: number[];
}

const WHITE = /\s/g;

/** Everything the block's pieces depend on, relative to the block's start. */
function keyOf(text: string, masked: string, block: Span, quotes: readonly Quote[], inBlock: readonly number[]): string {
  const { start, end } = block;
  // Narration tokens peek one character before the block and, for a word running to its end,
  // into what follows up to the next white space (see narrationTokens).
  WHITE.lastIndex = end;
  const ws = WHITE.exec(masked);
  const parts = [
    start > 0 ? masked[start - 1] : '\u0001',
    text.slice(start, end),
    masked.slice(start, end),
    masked.slice(end, ws ? ws.index + 1 : masked.length),
  ];
  for (const qi of inBlock) {
    const q = quotes[qi];
    parts.push(`${q.open - start},${q.close < 0 ? 'x' : q.close - start},${q.start - start},${q.end - start}`);
    if (q.start < start || q.end > end) parts.push(text.slice(q.start, q.end));
  }
  return parts.join('\u0000');
}

/** A copy of the pieces moved to a new place: offsets, quotation, sentence and block indices. */
function moved(e: Entry, start: number, block: number, firstSentence: number, quoteIds: number[]): Entry {
  const delta = start - e.start;
  const sDelta = firstSentence - e.firstSentence;
  const qMap = new Map<number, number>();
  e.quoteIds.forEach((q, i) => qMap.set(q, quoteIds[i]));
  const sentences = e.sentences.map((s): Sentence => ({
    toks: s.toks.map((t): Tok => {
      const c = { ...t, start: t.start + delta, end: t.end + delta };
      if (t.quote !== undefined) c.quote = qMap.get(t.quote)!;
      return c;
    }),
    block,
  }));
  const copies = new Map<Mention, Mention>();
  const mentions = e.mentions.map((ms) => ms.map((m) => {
    const c: Mention = {
      ...m,
      sentence: m.sentence + sDelta,
      start: m.start + delta,
      end: m.end + delta,
      nameStart: m.nameStart + delta,
      nameEnd: m.nameEnd + delta,
    };
    copies.set(m, c);
    return c;
  }));
  for (const ms of mentions) {
    for (const m of ms) if (m.apposedTo) m.apposedTo = copies.get(m.apposedTo)!;
  }
  return { sentences, mentions, start, block, firstSentence, quoteIds };
}

const sameIds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Block pieces of earlier analyses, for re-analysing a draft as it is edited. */
export class SpeakerBlocks {
  private readonly store = new Map<string, Entry>();

  /** The block's sentences and mentions, numbered from `firstSentence`: reused when known. */
  pieces(text: string, masked: string, block: Span, b: number, quotes: readonly Quote[], inBlock: number[], firstSentence: number): BlockPieces {
    const key = keyOf(text, masked, block, quotes, inBlock);
    let e = this.store.get(key);
    if (!e) {
      const sentences = blockSentences(text, masked, block, b, quotes, inBlock);
      const mentions = sentences.map((s, i) => sentenceMentions(s, firstSentence + i));
      e = { sentences, mentions, start: block.start, block: b, firstSentence, quoteIds: [...inBlock] };
      if (this.store.size >= MAX_ENTRIES) this.store.delete(this.store.keys().next().value!);
    } else {
      this.store.delete(key);
      if (e.start !== block.start || e.block !== b || e.firstSentence !== firstSentence || !sameIds(e.quoteIds, inBlock)) {
        e = moved(e, block.start, b, firstSentence, [...inBlock]);
      }
    }
    this.store.set(key, e);
    return e;
  }
}
