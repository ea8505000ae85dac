// The narration around quotations as a stream of tokens, cut into sentences. Each top-level
// quotation stands in the stream as one `quote` token, so the words inside quotation marks never
// count as narration (a name inside a quote is not a speaker). Offsets are raw text offsets.
import type { Quote } from '../quotes/extract';
import type { Span } from '../text/markdown';
import { spanAt } from '../text/spans';
import { SPEECH_VERBS, STOPWORDS } from './lexicon';

export interface Tok {
  kind: 'word' | 'punct' | 'poss' | 'quote';
  text: string;
  /** Lower case, dots and typographic apostrophes normalised ("U.S." → "u.s", "Sen." → "sen"). */
  lower: string;
  start: number;
  end: number;
  /** Starts with a capital letter (or is an acronym). */
  cap: boolean;
  /** For `quote` tokens: index into the analysed quote list. */
  quote?: number;
  /** For `quote` tokens: the quoted words end a sentence with . or … ('stop'), or with ! or ? ('ask'). */
  terminal?: 'stop' | 'ask';
}

export interface Sentence {
  toks: Tok[];
  /** Index of the block (paragraph) the sentence belongs to. */
  block: number;
}

const ABBREV = new Set([
  'mr', 'mrs', 'ms', 'dr', 'sen', 'sens', 'rep', 'reps', 'gov', 'lt', 'gen', 'jr', 'sr', 'st', 'rev', 'fr', 'prof',
  'sgt', 'col', 'capt', 'maj', 'adm', 'sec', 'amb', 'pres', 'inc', 'corp', 'co', 'ltd', 'no', 'vs', 'mt', 'ft', 'cpl',
  'pvt', 'messrs', 'gens', 'reps', 'govs', 'atty', 'attys', 'supt', 'det', 'insp', 'cmdr', 'asst', 'dep', 'hon', 'msgr',
  'treas', 'secy', 'ofc', 'pfc', 'lieut', 'brig', 'cmdt', 'spc',
]);

// A word: letters and digits with inner apostrophes, hyphens and dots ("al-Jaafari", "U.S", "don't").
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:[-'’.][\p{L}\p{N}\p{M}]+)*/gu;
const CONTRACTED = new Set(['he', 'she', 'it', 'that', 'there', 'here', 'what', 'who', 'let', 'where', 'how', 'everyone', 'nobody', 'this']);

/** What a word's token says of it, by its text: worked out once per distinct word (a bounded store). */
const WORD_FACTS = new Map<string, { lower: string; cap: boolean }>();

function factsOf(w: string): { lower: string; cap: boolean } {
  let f = WORD_FACTS.get(w);
  if (!f) {
    const lower = w.replace(/[’]/g, "'").replace(/\.$/, '').toLowerCase();
    // "al-Jaafari" is a name; "US-led" and "Prize-winning" are modifiers.
    const cap = (/^\p{Lu}/u.test(w) && !/-\p{Ll}+$/u.test(w)) || (/^\p{Ll}{1,3}-\p{Lu}/u.test(w) && !STOPWORDS.has(lower));
    f = { lower, cap };
    if (WORD_FACTS.size >= 50_000) WORD_FACTS.clear();
    WORD_FACTS.set(w, f);
  }
  return f;
}

/** White space as /\s/ has it, the common characters first. */
function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t' || (c > '~' && /\s/.test(c)) || c === '\v' || c === '\f';
}

/** Tokens of raw[from, to), where nothing is quoted. */
function narrationTokens(text: string, from: number, to: number, out: Tok[]): void {
  let i = from;
  WORD.lastIndex = from;
  const punct = (a: number, b: number) => {
    for (let k = a; k < b; k++) {
      const c = text[k];
      if (isSpace(c)) continue;
      if (c === '-' && text[k + 1] === '-') {
        out.push({ kind: 'punct', text: '--', lower: '—', start: k, end: k + 2, cap: false });
        k++;
        continue;
      }
      const lower = c === '–' || c === '―' || (c === '-' && isSpace(text[k - 1] ?? ' ')) ? '—' : c;
      out.push({ kind: 'punct', text: c, lower, start: k, end: k + 1, cap: false });
    }
  };
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null && m.index < to) {
    let start = m.index;
    let end = Math.min(to, start + m[0].length);
    punct(i, start);
    let w = text.slice(start, end);
    // Trailing abbreviation dot: "Sen.", "U.S.", "W.".
    if (text[end] === '.' && end < to && (ABBREV.has(w.replace(/[’']/g, "'").toLowerCase()) || /^\p{L}$/u.test(w) || /^(?:\p{L}\.)+\p{L}$/u.test(w))) {
      end++;
      w += '.';
    }
    // Possessive or contraction: "Iran’s", "Sanders’", "he’s".
    let poss: Tok | undefined;
    const pm = /['’]s$/i.exec(w);
    if (pm && w.length > 2) {
      const base = w.slice(0, -2);
      if (!CONTRACTED.has(base.toLowerCase())) {
        poss = { kind: 'poss', text: w.slice(-2), lower: "'s", start: end - 2, end, cap: false };
        w = base;
        end -= 2;
      }
    } else if (/s$/i.test(w) && (text[end] === '’' || text[end] === "'") && end + 1 <= to && /[\s,.;:]/.test(text[end + 1] ?? ' ')) {
      poss = { kind: 'poss', text: text[end], lower: "'s", start: end, end: end + 1, cap: false };
    }
    const { lower, cap } = factsOf(w);
    out.push({ kind: 'word', text: w, lower, start, end, cap });
    if (poss) out.push(poss);
    i = poss ? poss.end : end;
    WORD.lastIndex = i;
  }
  punct(i, to);
}

/** Every block's narration tokens with the top-level quotations as single tokens. */
function blockTokens(text: string, masked: string, block: Span, quotes: readonly Quote[], indices: number[]): Tok[] {
  const out: Tok[] = [];
  let at = block.start;
  for (const qi of indices) {
    const q = quotes[qi];
    const end = q.close >= 0 ? q.close + 1 : block.end;
    if (q.open < at) continue;
    narrationTokens(masked, at, q.open, out);
    const last = text.slice(q.start, q.end).replace(/[\s'"’”»)\]]+$/u, '').slice(-1);
    const terminal = /[.…]/.test(last) ? 'stop' : /[!?]/.test(last) ? 'ask' : undefined;
    out.push({ kind: 'quote', text: '“…”', lower: '"', start: q.open, end, cap: false, quote: qi, terminal });
    at = end;
  }
  narrationTokens(masked, at, block.end, out);
  return out;
}

const isVerbLike = (t: Tok | undefined) => !!t && t.kind === 'word' && SPEECH_VERBS.has(t.lower);

/** After a quotation ending in ! or ?, a tag like `Trump asked` or `he shouted` continues the sentence. */
function tagFollows(toks: Tok[], i: number): boolean {
  for (let k = i; k < Math.min(toks.length, i + 8); k++) {
    const t = toks[k];
    if (t.kind === 'quote' || (t.kind === 'punct' && t.text !== ',')) return false;
    if (isVerbLike(t)) return true;
  }
  return false;
}

/** Whether the quotation at i follows a reporting verb and a comma or colon ("was asked, “…”"):
 * it has its speaker, and no tag after it can be its own. */
function introduced(toks: Tok[], i: number): boolean {
  return /^[,:]$/.test(toks[i - 1]?.text ?? '') && isVerbLike(toks[i - 2]);
}

/** Splits a block's tokens into sentences. */
function splitSentences(toks: Tok[], block: number, out: Sentence[]): void {
  let cur: Tok[] = [];
  const flush = () => {
    if (cur.length) out.push({ toks: cur, block });
    cur = [];
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    cur.push(t);
    const next = toks[i + 1];
    if (!next) break;
    const startsNew = next.kind === 'quote' || next.cap || /^\p{N}/u.test(next.text) || (next.text === '(' && !!toks[i + 2]?.cap);
    if (t.kind === 'punct' && (/^[.!?…]$/.test(t.text) || (/^[)\]]$/.test(t.text) && /^[.!?…]$/.test(toks[i - 1]?.text ?? '')))) {
      if (startsNew && !(/^[.!?…]$/.test(t.text) && /^[)\]]$/.test(next.text))) flush();
    } else if (t.kind === 'quote' && t.terminal) {
      // “Why?” Trump asked. — a tag after ! or ? continues the sentence; after a full stop it does
      // not, nor after a quotation its own lead-in introduced (Trump was asked, “Why?” Trump joked …).
      if (startsNew && (t.terminal === 'stop' || introduced(toks, i) || !tagFollows(toks, i + 1))) flush();
    }
  }
  flush();
}

/** Quotations inside no other. Worked out from the marks (a paragraph of a multi-paragraph
 * quotation, whose close is -1, runs to the end of its block), not from `Quote.depth`. */
export function outermost(quotes: readonly Quote[], blocks: readonly Span[]): boolean[] {
  const blockEnd = (at: number) => {
    const b = spanAt(blocks, at);
    return b >= 0 ? blocks[b].end : at + 1;
  };
  const ends = quotes.map((q) => (q.close >= 0 ? q.close + 1 : blockEnd(q.open)));
  // A quotation is inside another when one opening before it ends no earlier: in order of the
  // opening marks, the furthest end of those opened strictly before (linear, not a pass per quotation).
  const order = quotes.map((_, i) => i).sort((a, b) => quotes[a].open - quotes[b].open);
  const out: boolean[] = quotes.map(() => true);
  let furthest = -Infinity;
  for (let k = 0; k < order.length; ) {
    let g = k;
    while (g < order.length && quotes[order[g]].open === quotes[order[k]].open) g++;
    for (let x = k; x < g; x++) out[order[x]] = !(furthest >= ends[order[x]]);
    for (let x = k; x < g; x++) furthest = Math.max(furthest, ends[order[x]]);
    k = g;
  }
  return out;
}

export interface Narration {
  /** Which quotations stand in the narration (the others are inside them). */
  outer: boolean[];
  sentences: Sentence[];
}

/** The top-level quotations of each block (indices into `quotes`, in order of their opening mark). */
export function outerByBlock(quotes: readonly Quote[], blocks: readonly Span[], outer: readonly boolean[]): number[][] {
  const top = quotes.map((q, i) => ({ q, i })).filter((x) => outer[x.i]);
  let k = 0;
  return blocks.map((block) => {
    const inBlock: number[] = [];
    while (k < top.length && top[k].q.open < block.start) k++;
    while (k < top.length && top[k].q.open < block.end) inBlock.push(top[k++].i);
    return inBlock;
  });
}

/** The sentences of one block (its index `b`), given its top-level quotations. */
export function blockSentences(text: string, masked: string, block: Span, b: number, quotes: readonly Quote[], inBlock: number[]): Sentence[] {
  const out: Sentence[] = [];
  splitSentences(blockTokens(text, masked, block, quotes, inBlock), b, out);
  return out;
}

/** Cuts the prose of a text into sentences of narration tokens with the quotations in place. */
export function narration(text: string, masked: string, blocks: readonly Span[], quotes: readonly Quote[]): Narration {
  const outer = outermost(quotes, blocks);
  const byBlock = outerByBlock(quotes, blocks, outer);
  const sentences: Sentence[] = [];
  blocks.forEach((block, b) => {
    splitSentences(blockTokens(text, masked, block, quotes, byBlock[b]), b, sentences);
  });
  return { outer, sentences };
}

/** A heading, a caption or a credit for a picture: a paragraph of one short sentence with no
 * quotation, no reporting verb and no closing mark ("Baby Driver Wilson Webb/Sony", "Kerry in
 * Paris"). Nobody speaks in it, so it is no sentence before a quotation and no place for a pronoun's
 * antecedent. */
export function headingLike(sentences: readonly Sentence[], si: number): boolean {
  const s = sentences[si];
  if (sentences[si - 1]?.block === s.block || sentences[si + 1]?.block === s.block) return false;
  const toks = s.toks;
  const last = toks[toks.length - 1];
  if (!last || (last.kind === 'punct' && /^[.!?…:;,)\]"”’]$/.test(last.text))) return false;
  let words = 0;
  for (const t of toks) {
    if (t.kind === 'quote' || (t.kind === 'word' && SPEECH_VERBS.has(t.lower))) return false;
    if (t.kind === 'word') words++;
  }
  return words <= 12;
}
