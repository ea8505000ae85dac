// Interview transcripts: paragraphs that open with a speaker's label ("Matt Damon: I think …",
// "PT: But …", "KERRY: …") are that speaker's words, quotation marks or not. A label is a name
// the article reads as a person, or, once a transcript has named its speakers in full, their
// initials or a surname in capitals. A turn runs on over the unlabelled paragraphs after it
// until the next label, but not over a caption or an editor's note (a short line without a full
// stop, a bracketed paragraph). Only an article with two labelled paragraphs or more is read as a
// transcript: one "Name: …" line may be anything.
import type { Span } from '../text/markdown';
import type { Entities, Entity } from './entities';
import type { Mention } from './mentions';
import type { Sentence } from './narration';

export interface Turn {
  /** Raw offsets of the words the label gives to its speaker (after the colon). */
  start: number;
  end: number;
  entity: Entity;
  /** The label's mention, or the full-name label that the initials stand for. */
  mention: Mention;
  /** A transcript's turn, or a paragraph a credit line gives to somebody (speakers/credits.ts). */
  cue: 'turn' | 'credit';
}

/** A capitals-only label word: initials ("PT", "MD") or a surname ("DAMON"). */
const CAPS = /^\p{Lu}[\p{Lu}.'’-]{0,20}$/u;

const initials = (e: Entity) => e.names.map((n) => n.words.filter((w) => w.length > 0).map((w) => w[0]).join(''));

/** Whether a block reads as a caption or a note rather than more of someone's answer. */
function captionLike(text: string): boolean {
  const t = text.trim();
  return !t || /^\[/.test(t) || !/[.!?…"”’)]$/.test(t);
}

export function transcriptTurns(text: string, blocks: readonly Span[], sentences: readonly Sentence[], mentions: readonly Mention[][], entities: Entities): Turn[] {
  interface Label { block: number; colonEnd: number; entity?: Entity; mention?: Mention; caps?: string }
  const labels: Label[] = [];
  let prevBlock = -1;
  sentences.forEach((s, si) => {
    if (s.block === prevBlock) return;
    prevBlock = s.block;
    const toks = s.toks;
    const m = mentions[si].find((x) => x.from === 0);
    const e = m && m.kind === 'name' && toks[m.to]?.text === ':' && !m.possessor ? entities.entityOf(m) : undefined;
    if (m && e && (e.type === 'person' || e.type === 'unknown')) {
      labels.push({ block: s.block, colonEnd: toks[m.to].end, entity: e, mention: m });
      return;
    }
    if (toks[0]?.kind === 'word' && CAPS.test(toks[0].text) && toks[1]?.text === ':') {
      labels.push({ block: s.block, colonEnd: toks[1].end, caps: toks[0].text.replace(/[.'’-]/g, '').toLowerCase() });
    }
  });
  if (labels.length < 2) return [];
  // Initials and capitalised surnames stand for a speaker labelled in full before them.
  const named: Label[] = [];
  for (const l of labels) {
    if (l.entity) {
      if (!named.some((n) => n.entity === l.entity)) named.push(l);
      continue;
    }
    const byInitials = named.filter((n) => initials(n.entity!).includes(l.caps!));
    const bySurname = named.filter((n) => n.entity!.names.some((x) => x.surname === l.caps));
    const fits = byInitials.length === 1 ? byInitials : bySurname.length === 1 ? bySurname : [];
    if (fits.length === 1) {
      l.entity = fits[0].entity;
      l.mention = fits[0].mention;
    }
  }
  const out: Turn[] = [];
  labels.forEach((l, i) => {
    if (!l.entity || !l.mention) return;
    const last = i + 1 < labels.length ? labels[i + 1].block : blocks.length;
    let end = blocks[l.block].end;
    for (let b = l.block + 1; b < last; b++) {
      if (captionLike(text.slice(blocks[b].start, blocks[b].end))) break;
      end = blocks[b].end;
    }
    out.push({ start: l.colonEnd, end, entity: l.entity, mention: l.mention, cue: 'turn' });
  });
  return out;
}
