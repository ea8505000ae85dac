// Credit lines: a dash after a quotation or a paragraph, then who it is by, and nothing more than
// a handle, a date or a few words of circumstance:
//   “Budgets are moral documents.” — Eva Lund, in a speech to party members
//   Gosh, what a week (thread) — Lena Fischer (@lenaf) March 3, 2017
//   “Very good reporter”–@someone taking a question
// The words before the dash are the credited person's (never the speaker of the sentence before:
// a credit after a quotation belongs to that quotation). A handle that names nobody the article
// names still says the words are not the previous speaker's.
// An article credited to its author in a paragraph of its own ("© JK Rowling, founder of Lumos",
// "Copyright 2016 Anna Berg") and written in the first person is the author's words: its
// paragraphs that say "I", "my", "we" outside quotation marks are given to the author.
import type { Span } from '../text/markdown';
import type { Entities } from './entities';
import { WEEKDAYS_MONTHS } from './lexicon';
import type { Mention } from './mentions';
import type { Sentence, Tok } from './narration';
import type { Turn } from './transcript';

export type Credit = { mention: Mention } | { handle: string };

/** What may follow the credited name: the end, a comma, a bracket (a handle), a date. */
function endsCredit(t: Tok | undefined): boolean {
  return !t || /^[,(.]$/.test(t.text) || WEEKDAYS_MONTHS.has(t.lower) || /^\p{N}/u.test(t.text);
}

/** The credit starting at token k (a dash), if there is one. */
export function creditAt(toks: readonly Tok[], ms: readonly Mention[], k: number): Credit | undefined {
  if (toks[k]?.lower !== '—') return undefined;
  if (toks[k + 1]?.text === '@' && toks[k + 2]?.kind === 'word') return { handle: toks[k + 2].text };
  const m = ms.find((x) => x.from === k + 1 && x.kind === 'name' && !x.possessor);
  return m && endsCredit(toks[m.to]) ? { mention: m } : undefined;
}

/** The credit right after the quotation at token q. */
export function creditAfter(s: Sentence, ms: readonly Mention[], q: number): Credit | undefined {
  let k = q + 1;
  while (s.toks[k]?.kind === 'punct' && /^[,.]$/.test(s.toks[k].text)) k++;
  return creditAt(s.toks, ms, k);
}

/** Paragraphs that end in a credit line: their words before the dash are the credited person's. */
export function creditedParagraphs(blocks: readonly Span[], sentences: readonly Sentence[], mentions: readonly Mention[][], entities: Entities): Turn[] {
  const out: Turn[] = [];
  sentences.forEach((s, si) => {
    const last = si + 1 >= sentences.length || sentences[si + 1].block !== s.block;
    if (!last) return;
    const toks = s.toks;
    for (let k = toks.length - 2; k > 0; k--) {
      if (toks[k].lower !== '—' || toks[k - 1].kind === 'quote') continue;
      const c = creditAt(toks, mentions[si], k);
      if (!c || !('mention' in c)) break;
      // Nothing but a handle and a date may follow the name.
      const rest = toks.slice(c.mention.to);
      if (rest.filter((t) => t.kind === 'word').length > 5) break;
      const e = entities.entityOf(c.mention);
      if (e && (e.type === 'person' || e.type === 'unknown')) out.push({ start: blocks[s.block].start, end: toks[k].start, entity: e, mention: c.mention, cue: 'credit' });
      break;
    }
  });
  return out;
}

/** Words of a writer speaking for themselves. */
const FIRST_PERSON: ReadonlySet<string> = new Set(['i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'ourselves']);

/** A paragraph that is nothing but a copyright credit: "©" or "Copyright" (a year may follow),
 * then a name, and at most a few words of who they are. */
function authorCredit(s: Sentence, ms: readonly Mention[]): Mention | undefined {
  const toks = s.toks;
  let k = 0;
  if (toks[k]?.text === '©' || toks[k]?.lower === 'copyright') k++;
  else return undefined;
  while (toks[k] && (toks[k].text === '©' || /^(?:\p{N}{4}|\(c\))$/u.test(toks[k].text))) k++;
  const m = ms.find((x) => x.from === k && x.kind === 'name' && !x.possessor);
  if (!m || (toks[m.to] && toks[m.to].text !== ',' && toks[m.to].text !== '.')) return undefined;
  return toks.filter((t) => t.kind === 'word').length <= 16 ? m : undefined;
}

/** The first-person paragraphs of an article whose copyright credit names a person (see above). */
export function authorParagraphs(blocks: readonly Span[], sentences: readonly Sentence[], mentions: readonly Mention[][], entities: Entities): Turn[] {
  let credit: { mention: Mention; block: number } | undefined;
  sentences.forEach((s, si) => {
    const alone = sentences[si - 1]?.block !== s.block && sentences[si + 1]?.block !== s.block;
    const m = alone ? authorCredit(s, mentions[si]) : undefined;
    if (m) credit = { mention: m, block: s.block };
  });
  if (!credit) return [];
  const e = entities.entityOf(credit.mention);
  if (!e || (e.type !== 'person' && e.type !== 'unknown')) return [];
  const firstPerson = new Set<number>();
  for (const s of sentences) if (s.block !== credit.block && s.toks.some((t) => t.kind === 'word' && FIRST_PERSON.has(t.lower) && (t.lower !== 'us' || t.text === 'us'))) firstPerson.add(s.block);
  return [...firstPerson].sort((a, b) => a - b).map((b) => ({ start: blocks[b].start, end: blocks[b].end, entity: e, mention: credit!.mention, cue: 'credit' as const }));
}
