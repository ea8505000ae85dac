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
  /** The analysis that last took the pieces (SpeakerBlocks.begin). */
  analysis: number;
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
function moved(e: Entry, start: number, block: number, firstSentence: number, quoteIds: number[], analysis: number): Entry {
  const copy: Entry = {
    sentences: e.sentences.map((s): Sentence => ({ toks: s.toks.map((t): Tok => ({ ...t })), block: s.block })),
    mentions: [],
    start: e.start,
    block: e.block,
    firstSentence: e.firstSentence,
    quoteIds: e.quoteIds,
    analysis,
  };
  const copies = new Map<Mention, Mention>();
  copy.mentions = e.mentions.map((ms) => ms.map((m) => {
    const c: Mention = { ...m };
    copies.set(m, c);
    return c;
  }));
  for (const ms of copy.mentions) {
    for (const m of ms) if (m.apposedTo) m.apposedTo = copies.get(m.apposedTo)!;
  }
  return moveInPlace(copy, start, block, firstSentence, quoteIds);
}

/**
 * The pieces moved to a new place where they are: nothing of an earlier analysis is kept (an
 * analysis reads its pieces and forgets them), so the objects are reused and a keystroke that
 * shifts every later paragraph allocates nothing for them.
 */
function moveInPlace(e: Entry, start: number, block: number, firstSentence: number, quoteIds: number[]): Entry {
  const delta = start - e.start;
  const sDelta = firstSentence - e.firstSentence;
  const sameQuotes = sameIds(e.quoteIds, quoteIds);
  const qMap = new Map<number, number>();
  if (!sameQuotes) e.quoteIds.forEach((q, i) => qMap.set(q, quoteIds[i]));
  for (const s of e.sentences) {
    s.block = block;
    for (const t of s.toks) {
      t.start += delta;
      t.end += delta;
      if (t.quote !== undefined && !sameQuotes) t.quote = qMap.get(t.quote)!;
    }
  }
  for (const ms of e.mentions) {
    for (const m of ms) {
      m.sentence += sDelta;
      m.start += delta;
      m.end += delta;
      m.nameStart += delta;
      m.nameEnd += delta;
    }
  }
  e.start = start;
  e.block = block;
  e.firstSentence = firstSentence;
  e.quoteIds = quoteIds;
  return e;
}

const sameIds = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Block pieces of earlier analyses, for re-analysing a draft as it is edited. */
export class SpeakerBlocks {
  private readonly store = new Map<string, Entry>();
  private analysis = 0;

  /** Starts an analysis: pieces handed out before belong to analyses that are over. */
  begin(): void {
    this.analysis++;
  }

  /** The block's sentences and mentions, numbered from `firstSentence`: reused when known. */
  pieces(text: string, masked: string, block: Span, b: number, quotes: readonly Quote[], inBlock: number[], firstSentence: number): BlockPieces {
    const key = keyOf(text, masked, block, quotes, inBlock);
    let e = this.store.get(key);
    if (!e) {
      const sentences = blockSentences(text, masked, block, b, quotes, inBlock);
      const mentions = sentences.map((s, i) => sentenceMentions(s, firstSentence + i));
      e = { sentences, mentions, start: block.start, block: b, firstSentence, quoteIds: [...inBlock], analysis: this.analysis };
      if (this.store.size >= MAX_ENTRIES) this.store.delete(this.store.keys().next().value!);
    } else {
      this.store.delete(key);
      if (e.analysis === this.analysis) {
        // The same block twice in one text: the first one's pieces are in use.
        e = moved(e, block.start, b, firstSentence, [...inBlock], this.analysis);
      } else if (e.start !== block.start || e.block !== b || e.firstSentence !== firstSentence || !sameIds(e.quoteIds, inBlock)) {
        e = moveInPlace(e, block.start, b, firstSentence, [...inBlock]);
      }
      e.analysis = this.analysis;
    }
    this.store.set(key, e);
    return e;
  }
}
