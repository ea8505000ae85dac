// Speaker attribution: for every quotation of a text, who says it. Pipeline: narration (sentences
// with the quotations in place) → mentions (names, roles, pronouns) → entities (who each mention
// is) → cues (which mention speaks each quotation) → neighbours (quotations that stand alone).
// Used on the draft and on every source; a source's speakers are computed once and cached.
import { sourceLanguage, type PreparedSource } from '../corpus/source';
import type { Quote } from '../quotes/extract';
import { proseView, type Span } from '../text/markdown';
import { cueInSentence, sentenceSpeakers, type Cue } from './cues';
import { Entities, type Entity } from './entities';
import { sentenceMentions, type Mention } from './mentions';
import { SPEECH_VERBS } from './lexicon';
import { SpeakerBlocks } from './blocks';
import { headingLike, narration, outerByBlock, outermost, type Sentence } from './narration';
import { transcriptTurns, type Turn } from './transcript';
import { authorParagraphs, creditAfter, creditedParagraphs } from './credits';

export type { Entity } from './entities';
export type { Mention } from './mentions';
export type { Cue } from './cues';
export type { Turn } from './transcript';
export { entityLabel, entityName, isOutlet } from './entities';
export { sameSpeaker } from './match';
export { SpeakerBlocks } from './blocks';

const OPENERS = /^(?:and|but|so|then|also|still|again|specifically|later|meanwhile|\w+ly)$/;

export interface QuoteSpeaker {
  entity: Entity;
  /** The words that name the speaker for this quotation ("Kerry", "he", "the Iranian leader"). */
  mention: Mention;
  cue: Cue;
  /** Who speaks is read from a construction that leaves no doubt (see `Cued.sure`) and, for a
   * pronoun, from a sentence of reference with only one entity that fits. Only a sure speaker
   * may contradict another text's. */
  sure: boolean;
}

export interface SpeakerAnalysis {
  entities: Entity[];
  /** The speaker of each quotation, same indexing as the quotation list analysed. */
  byQuote: (QuoteSpeaker | undefined)[];
  /** Which quotations are inside no other (only those have speakers of their own). */
  outer: boolean[];
  /** Transcript turns: stretches of text a label gives to a speaker (speakers/transcript.ts). */
  turns: Turn[];
}

/** Sentences and their mentions, block by block through `reuse` when given. */
function readBlocks(text: string, masked: string, blocks: readonly Span[], quotes: readonly Quote[], reuse?: SpeakerBlocks) {
  if (!reuse) {
    const { sentences, outer } = narration(text, masked, blocks, quotes);
    return { sentences, outer, mentions: sentences.map((s, si) => sentenceMentions(s, si)) };
  }
  reuse.begin();
  const outer = outermost(quotes, blocks);
  const byBlock = outerByBlock(quotes, blocks, outer);
  const sentences: Sentence[] = [];
  const mentions: Mention[][] = [];
  blocks.forEach((block, b) => {
    const p = reuse.pieces(text, masked, block, b, quotes, byBlock[b], sentences.length);
    // One at a time: a block may hold more sentences than a call takes arguments.
    for (const s of p.sentences) sentences.push(s);
    for (const m of p.mentions) mentions.push(m);
  });
  return { sentences, outer, mentions };
}

/**
 * Finds the speaker of every top-level quotation of a text (`masked`: its prose view). With
 * `reuse`, the blocks read by earlier analyses are not read again (for a draft being edited).
 */
export function analyseSpeakers(text: string, masked: string, blocks: readonly Span[], quotes: readonly Quote[], reuse?: SpeakerBlocks): SpeakerAnalysis {
  const { sentences, outer, mentions } = readBlocks(text, masked, blocks, quotes, reuse);
  const entities = new Entities(sentences, mentions);
  const byQuote: (QuoteSpeaker | undefined)[] = quotes.map(() => undefined);
  const found = (m: Mention | undefined, cue: Cue, sure: boolean): QuoteSpeaker | undefined => {
    const e = m && entities.entityOf(m);
    return e && m ? { entity: e, mention: m, cue, sure: sure && !entities.unsure(m) } : undefined;
  };
  const speakerOfTok = (si: number) => (ti: number) => {
    const t = sentences[si].toks[ti];
    return t.quote !== undefined ? byQuote[t.quote] : undefined;
  };

  /** A quotation its own sentence gives no speaker: from its neighbours. */
  const standingAlone = (si: number, ti: number): QuoteSpeaker | undefined => {
    const s = sentences[si];
    // An earlier quotation of the sentence, across punctuation and "and": “A,” he said, “B” and “C”.
    for (let k = ti - 1; k >= 0; k--) {
      const tk = s.toks[k];
      if (tk.kind === 'word' && !/^(?:and|or|but|then)$/.test(tk.lower)) break;
      const q = tk.quote;
      if (q !== undefined && byQuote[q]) return { ...byQuote[q]!, cue: 'continued' };
    }
    // A bare tag right after it: “The numbers speak for themselves.” Novak said.
    if (si + 1 < sentences.length && sentences[si + 1].block === s.block) {
      const tag = found(sentenceSpeakers(sentences[si + 1], mentions[si + 1], () => undefined).bareTag, 'next', true);
      if (tag) return tag;
    }
    // The sentence before, when the quotation opens its sentence (after at most "Adding," or "And"):
    // its last quotation's speaker, its reporting verb's subject, or its subject.
    const opens = s.toks.slice(0, ti).every((x) => x.kind === 'punct' || SPEECH_VERBS.has(x.lower) || OPENERS.test(x.lower));
    // Or, within its paragraph, when a colon introduces it after a clause that names nobody who
    // could speak ("And that view got him to thinking: “…”"): a guess, never sure.
    const colonAlone = s.toks[ti - 1]?.text === ':' && !mentions[si].some((m) => m.to <= ti && (m.kind === 'name' || m.type === 'person' || m.type === 'org'));
    if (si === 0 || !(opens || colonAlone)) return undefined;
    const p = beforeAside(si);
    if (headingLike(sentences, p) || (!opens && sentences[p].block !== s.block)) return undefined;
    const prev = sentenceSpeakers(sentences[p], mentions[p], speakerOfTok(p));
    const subject = prev.subject && entities.entityOf(prev.subject);
    const subjectSpeaks = subject && (subject.type === 'person' || subject.type === 'org' || subject.speaks);
    const guess = (sp: QuoteSpeaker | undefined) => (sp && !opens ? { ...sp, sure: false } : sp);
    if (prev.lastQuote) return guess({ ...prev.lastQuote, cue: 'previous' });
    if (prev.reporter) return guess(found(prev.reporter, 'previous', prev.reporterSure));
    return subjectSpeaks ? guess(found(prev.subject, 'previous', prev.subjectSure)) : undefined;
  };
  /** The sentence before si, looking past an aside in parentheses. */
  const beforeAside = (si: number): number => {
    const p = si - 1;
    const toks = sentences[p].toks;
    const last = toks[toks.length - 1]?.text;
    if (last !== ')' && !(last === '.' && toks[toks.length - 2]?.text === ')')) return p;
    let q = p;
    while (q > 0 && sentences[q].toks[0]?.text !== '(' && si - q < 4) q--;
    return sentences[q].toks[0]?.text === '(' && q > 0 ? q - 1 : p;
  };

  const credited = new Set<number>();
  sentences.forEach((s, si) => {
    s.toks.forEach((t, ti) => {
      if (t.kind !== 'quote') return;
      // A credit line right after the quotation says whose it is, before anything else does.
      const credit = creditAfter(s, mentions[si], ti);
      if (credit) {
        credited.add(t.quote!);
        byQuote[t.quote!] = 'mention' in credit ? found(credit.mention, 'credit', true) : undefined;
        return;
      }
      const cued = cueInSentence(s, mentions[si], ti);
      byQuote[t.quote!] = cued ? found(cued.mention, cued.cue, cued.sure) : standingAlone(si, ti);
    });
  });

  // A quotation standing alone between two readings of one speaker leaves no doubt: the sentence
  // before makes somebody its subject (a guess), and the sentence after gives the next quotation to
  // the same one with no doubt ("Viguerie is upbeat … ¶ “…” ¶ “…,” Viguerie notes.").
  sentences.forEach((s, si) => {
    const next = sentences[si + 1];
    if (!next || next.block > s.block + 1) return;
    const q = s.toks.find((t) => t.kind === 'quote');
    const sp = q && byQuote[q.quote!];
    if (!sp || sp.sure || sp.cue !== 'previous' || s.toks.some((t) => t.kind === 'quote' && t !== q)) return;
    const after = next.toks.find((t) => t.kind === 'quote');
    const then = after && byQuote[after.quote!];
    if (then && then.sure && then.entity === sp.entity && (then.cue === 'tag' || then.cue === 'lead-in')) byQuote[q.quote!] = { ...sp, sure: true };
  });

  // “maybe” and “perhaps”, he said: a quotation joined to the next one by "and" shares its speaker.
  for (let si = sentences.length - 1; si >= 0; si--) {
    const toks = sentences[si].toks;
    let next: QuoteSpeaker | undefined;
    for (let ti = toks.length - 1; ti >= 0; ti--) {
      const t = toks[ti];
      if (t.kind === 'quote') {
        if (!byQuote[t.quote!] && next && !credited.has(t.quote!)) byQuote[t.quote!] = { ...next, cue: 'continued' };
        next = byQuote[t.quote!];
      } else if (t.kind === 'word' && t.lower !== 'and' && t.lower !== 'or') next = undefined;
    }
  }

  // The paragraphs of one multi-paragraph quotation share its speaker.
  const groups = new Map<number, QuoteSpeaker>();
  quotes.forEach((q, i) => {
    const sp = byQuote[i];
    if (sp && outer[i] && !groups.has(q.group)) groups.set(q.group, sp);
  });
  quotes.forEach((q, i) => {
    if (!byQuote[i] && outer[i] && !credited.has(i)) byQuote[i] = groups.get(q.group);
  });
  // In a transcript, a quotation nothing else gives a speaker is said within the turn: the
  // turn's speaker may be quoting somebody, so it is a guess.
  const turns = [
    ...transcriptTurns(text, blocks, sentences, mentions, entities),
    ...creditedParagraphs(blocks, sentences, mentions, entities),
    ...authorParagraphs(blocks, sentences, mentions, entities),
  ];
  if (turns.length) {
    quotes.forEach((q, i) => {
      if (byQuote[i] || !outer[i] || credited.has(i)) return;
      const t = turns.find((x) => x.start <= q.open && q.open < x.end);
      if (t) byQuote[i] = { entity: t.entity, mention: t.mention, cue: t.cue, sure: false };
    });
  }
  return { entities: entities.list.filter((e) => e.mentions.length), byQuote, outer, turns };
}

/** The top-level quotation that holds most of [start, end), with its speaker. */
export function speakerOfSpan(analysis: SpeakerAnalysis, quotes: readonly Quote[], start: number, end: number): QuoteSpeaker | undefined {
  let best = -1;
  let bestOverlap = 0;
  quotes.forEach((q, i) => {
    if (!analysis.outer[i]) return;
    const overlap = Math.min(end, q.end) - Math.max(start, q.start);
    if (overlap > bestOverlap) {
      best = i;
      bestOverlap = overlap;
    }
  });
  if (best >= 0 && bestOverlap >= (end - start) / 2) return analysis.byQuote[best];
  // The parts of one statement interrupted by its attribution ("We will fight," Berg said, "until
  // the end."): quotations with one speaker that together hold most of the span.
  const bySpeaker = new Map<number, { overlap: number; most: number; speaker: QuoteSpeaker }>();
  quotes.forEach((q, i) => {
    const sp = analysis.byQuote[i];
    const overlap = Math.min(end, q.end) - Math.max(start, q.start);
    if (!analysis.outer[i] || !sp || overlap <= 0) return;
    const seen = bySpeaker.get(sp.entity.id);
    if (!seen) bySpeaker.set(sp.entity.id, { overlap, most: overlap, speaker: sp });
    else {
      seen.overlap += overlap;
      if (overlap > seen.most) Object.assign(seen, { most: overlap, speaker: sp });
    }
  });
  for (const v of bySpeaker.values()) if (v.overlap >= (end - start) / 2) return v.speaker;
  // Words outside quotation marks: a transcript turn's, when it holds most of them.
  const turn = analysis.turns.find((t) => Math.min(end, t.end) - Math.max(start, t.start) >= (end - start) / 2);
  return turn && { entity: turn.entity, mention: turn.mention, cue: turn.cue, sure: true };
}

// The speakers of a source do not change while the corpus is loaded: computed once per source.
const cache = new WeakMap<PreparedSource, SpeakerAnalysis>();

export function sourceSpeakers(src: PreparedSource): SpeakerAnalysis {
  let a = cache.get(src);
  if (!a) {
    const view = proseView(src.text, sourceLanguage(src.id));
    a = analyseSpeakers(src.text, view.masked, view.blocks, src.quotes);
    cache.set(src, a);
  }
  return a;
}
