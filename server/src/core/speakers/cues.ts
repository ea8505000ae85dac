// Which mention speaks a quotation. Tried in order, first answer wins:
//   tag after      “…,” Kerry said / “…,” said Robert Stone / “…,” he told reporters
//   lead-in        Kerry said: “…” / Stated Stone: “…” / according to HuffPo, “…” / Carl Bialik: “…”
//   reported       Ryan said Obama’s words “…” (the subject of the last reporting verb before it)
//   subject        Moore thanked him for “…” (the sentence's subject, when no verb reports)
//   neighbours     a quotation standing alone takes the speaker of the sentence before it
//                  (its last quotation's speaker, its reporting verb's subject, its subject),
//                  or a bare tag after it (“…” ¶ Kerry said.)
import { BETWEEN_SUBJECT_AND_VERB, PARTICLE_VERBS, PREPOSITIONS, SPEECH_VERBS, WEAK_SPEECH_VERBS } from './lexicon';
import type { Mention } from './mentions';
import type { Sentence, Tok } from './narration';

export type Cue = 'tag' | 'lead-in' | 'according' | 'colon' | 'reported' | 'subject' | 'previous' | 'next' | 'continued' | 'turn' | 'credit';

export interface Cued {
  mention: Mention;
  cue: Cue;
  /** The construction leaves no doubt who speaks: a tag, a lead-in, a reporting verb right before
   * the quotation. A sentence's subject with no reporting verb, or a verb separated from the
   * quotation by another clause, is a guess: good enough to agree with, not to contradict. */
  sure: boolean;
}

const isWord = (t: Tok | undefined, set: ReadonlySet<string>) => !!t && t.kind === 'word' && set.has(t.lower);

/** Length of the reporting verb at k (0 if none): "said", "shot back". */
function verbAt(toks: Tok[], k: number): number {
  const t = toks[k];
  if (!t || t.kind !== 'word') return 0;
  if (SPEECH_VERBS.has(t.lower)) return 1;
  const particle = PARTICLE_VERBS.get(t.lower);
  return particle && toks[k + 1]?.lower === particle ? 2 : 0;
}

const isParticiple = (t: Tok) => /ing$/.test(t.lower);

/** The mention ending just before token k, skipping adverbs, auxiliaries, an appositive or a parenthesis. */
function subjectBefore(toks: Tok[], ms: Mention[], k: number): Mention | undefined {
  let j = k - 1;
  const skip = () => {
    while (j >= 0 && (isWord(toks[j], BETWEEN_SUBJECT_AND_VERB) || (toks[j].kind === 'word' && /ly$/.test(toks[j].lower) && !toks[j].cap) || /^(?:n't|not)$/.test(toks[j].lower))) j--;
  };
  skip();
  if (toks[j]?.text === ')') {
    while (j >= 0 && toks[j].text !== '(') j--;
    j--;
  }
  const at = (end: number) => ms.find((m) => m.to === end + 1 && !m.possessor);
  let m = at(j);
  if (m) return m;
  // "Katelynn Lamoreaux, a Penn State freshman, who said …"
  if (toks[j]?.lower === 'who' && toks[j - 1]?.text === ',') {
    m = at(j - 2);
    if (m) return m;
  }
  if (toks[j]?.text === ',') {
    // "Hunter, meanwhile, told" / "Paradis, who volunteered for Bill Clinton, says"
    let c = j - 1;
    while (c >= 0 && c > j - 40 && toks[c].text !== ',' && toks[c].kind !== 'quote') c--;
    if (c >= 0 && toks[c].text === ',') {
      j = c - 1;
      if (toks[j]?.text === ')') {
        while (j >= 0 && toks[j].text !== '(') j--;
        j--;
      }
      m = at(j);
      if (m) return m;
    }
  }
  return undefined;
}

/** `VERB NP` right at k: "said Robert Stone", "added Pavone". */
function inverted(toks: Tok[], ms: Mention[], k: number): Mention | undefined {
  const n = verbAt(toks, k);
  if (!n || isParticiple(toks[k])) return undefined;
  return ms.find((m) => m.from === k + n && m.kind !== 'pronoun');
}

/** “…,” Kerry said — a tag right after the quotation. */
const TAG_PUNCT = /^[,—:'"’”]$/;

function tagAfter(toks: Tok[], ms: Mention[], q: number): Mention | undefined {
  let k = q + 1;
  while (toks[k]?.kind === 'punct' && TAG_PUNCT.test(toks[k].lower)) k++;
  const inv = inverted(toks, ms, k);
  if (inv) return inv;
  const m = ms.find((x) => x.from === k);
  if (!m || m.possessor) return undefined;
  let j = m.to;
  const hop = () => {
    if (toks[j]?.text === '(') {
      while (j < toks.length && toks[j].text !== ')') j++;
      j++;
    }
    if (toks[j]?.text === ',') {
      // Appositive: "Trump, the 2016 GOP presidential frontrunner …, said"
      let c = j + 1;
      while (c < toks.length && c < j + 40 && toks[c].text !== ',' && toks[c].kind !== 'quote') c++;
      if (toks[c]?.text === ',') j = c + 1;
    }
    while (j < toks.length && (isWord(toks[j], BETWEEN_SUBJECT_AND_VERB) || (toks[j].kind === 'word' && /ly$/.test(toks[j].lower) && !toks[j].cap))) j++;
  };
  hop();
  if (!verbAt(toks, j) || isParticiple(toks[j])) return undefined;
  return quotedAs(toks, ms, j) ?? m;
}

/** "Reuters quoted Berg as saying", "the paper cited him as saying": the outlet reports, the one
 * quoted speaks. The mention after a verb of quoting at k, followed by "as". */
function quotedAs(toks: Tok[], ms: Mention[], k: number): Mention | undefined {
  if (!/^(?:quoted|quotes|quoting|cited|cites|citing)$/.test(toks[k]?.lower ?? '')) return undefined;
  const m = ms.find((x) => x.from === k + 1 && !x.possessor);
  return m && toks[m.to]?.lower === 'as' ? m : undefined;
}

/** “…” just as Clinton did in 2008, Rendell added. — a tag that closes the sentence. */
function tagAtEnd(toks: Tok[], ms: Mention[], q: number): Mention | undefined {
  let end = q + 1;
  while (end < toks.length && toks[end].kind !== 'quote') end++;
  while (end > q + 1 && toks[end - 1].kind === 'punct') end--;
  for (let c = end - 1; c > q + 1; c--) {
    if (toks[c].text !== ',') continue;
    const inv = inverted(toks, ms, c + 1);
    const m = inv ?? ms.find((x) => x.from === c + 1 && !x.possessor);
    if (!m) return undefined;
    let j = inv ? inv.to : m.to;
    if (!inv) {
      while (j < end && (isWord(toks[j], BETWEEN_SUBJECT_AND_VERB) || (toks[j].kind === 'word' && /ly$/.test(toks[j].lower)))) j++;
      const n = verbAt(toks, j);
      if (!n || isParticiple(toks[j])) return undefined;
      j += n;
    }
    // Only a few words may follow the tag ("in a statement", "on Monday").
    const rest = toks.slice(j, end);
    return rest.length <= 6 && !rest.some((t) => t.text === ',' || verbAt(toks, toks.indexOf(t))) ? m : undefined;
  }
  return undefined;
}

/** The sentence's subject: its first subject-like mention (a pronoun only if nothing else). */
function sentenceSubject(ms: Mention[], before: number): Mention | undefined {
  // Somebody unnamed ("a person") is a subject worth taking only when it opens the sentence.
  return ms.find((m) => m.to <= before && m.subjectLike && m.type !== 'group' && (m.kind !== 'role' || m.definite || m.from === 0));
}

/** Words that open another clause: a reporting verb before one of them may not govern what follows. */
const CLAUSE_OPENERS = new Set(['after', 'before', 'while', 'when', 'where', 'which', 'who', 'whom', 'whose', 'because', 'although', 'though', 'since', 'until', 'if', 'unless', 'whereas']);

/** Whether the words between token `from` and the quotation at q stay in one clause: not too many,
 * and no other clause with a subject of its own ("… met reporters after diplomats agreed, pledging
 * “…”"; but "… before his death, “…”" and "… says if elected “…”" are one clause). */
function closeBy(toks: Tok[], ms: Mention[], from: number, q: number, max: number): boolean {
  if (q - from > max) return false;
  for (let k = from; k < q; k++) {
    const t = toks[k];
    if (t.kind !== 'word' || !CLAUSE_OPENERS.has(t.lower)) continue;
    const subject = ms.find((m) => m.from > k && m.from <= k + 3 && m.to < q && !m.possessor);
    if (subject && startsClause(toks, subject)) return false;
  }
  return true;
}

/** A sentence's subject is sure to speak the quotation when it is a name opening the sentence and
 * the quotation follows in the same clause, with nobody else named as subject in between:
 * "Moore thanked him for “…”", not "Iran was not invited to talks where participants pledged “…”". */
function subjectSure(toks: Tok[], ms: Mention[], sub: Mention, q: number, max = 25): boolean {
  if (sub.kind !== 'name' || !opensClause(toks, sub) || !closeBy(toks, ms, sub.to, q, max)) return false;
  // Somebody else named as the subject of a verb of their own: "… when Anna Berg arrived with “…”".
  return !ms.some((m) => m !== sub && m.from >= sub.to && m.to <= q && m.subjectLike && !m.possessor && m.kind !== 'role' &&
    m.type !== 'place' && m.type !== 'thing' && startsClause(toks, m));
}

/** The mention opens the sentence, or follows an opening phrase set off by a comma ("In a Fox
 * interview later that day, Trump …", "Speaking in Iowa, the president …"). */
function opensClause(toks: Tok[], m: Mention): boolean {
  if (m.from === 0) return true;
  if (toks[m.from - 1]?.text !== ',' || m.from > 12) return false;
  const first = toks[0];
  const lead = toks.slice(0, m.from - 1);
  return first.kind === 'word' && (PREPOSITIONS.has(first.lower) || /ing$/.test(first.lower)) && !lead.some((t) => t.kind === 'quote' || t.text === ',');
}

/** A mention followed by a word that may be its verb (not a preposition, a conjunction or a mark). */
function startsClause(toks: Tok[], m: Mention): boolean {
  const after = toks[m.to];
  return !!after && after.kind === 'word' && !PREPOSITIONS.has(after.lower) && !/^(?:and|or|but|nor)$/.test(after.lower);
}

/** The last reporting verb before `before` with a subject (participles take the sentence's subject).
 * Sure when the verb is finite and, unless `anyGap`, only a few words of its clause separate it from
 * `before`. */
function reportedAt(toks: Tok[], ms: Mention[], before: number, anyGap = false): { mention: Mention; sure: boolean } | undefined {
  const from = 0;
  const near = (a: number, max: number) => anyGap || closeBy(toks, ms, a, before, max);
  const GAP = 25;
  let participle = -1;
  // A participle set off by a comma a few words before the quotation ("…, noting that she is “…”")
  // ends the main clause there: its verb and subject need to be close to the comma, not to the quotation.
  const setOff = () => participle > 0 && toks[participle - 1].text === ',' && closeBy(toks, ms, participle, before, 6);
  for (let k = before - 1; k >= from; k--) {
    if (toks[k].kind === 'quote') continue;
    const n = verbAt(toks, k);
    if (!n) continue;
    const next = toks[k + n];
    // "Stated Stone:" — a sentence opening with the verb names its speaker after it.
    if (k === 0) {
      const inv = inverted(toks, ms, k);
      if (inv) return { mention: inv, sure: near(inv.to, GAP) };
    }
    // A weak verb reports only what follows it closely: "called it “absurd”", not "will continue talks".
    const quoteNext = toks.slice(k + n, k + n + 3).some((t) => t.kind === 'quote');
    if (WEAK_SPEECH_VERBS.has(toks[k].lower) && next && !quoteNext && !/^[,:]$/.test(next.text) && next.lower !== 'that') continue;
    if (isParticiple(toks[k])) {
      // "with Gorka noting …" has its own subject; "…, saying …" takes the sentence's.
      const own = ms.find((m) => m.to === k && !m.possessor && m.kind !== 'pronoun' && toks[m.from - 1]?.lower === 'with');
      if (own) return { mention: own, sure: near(k + n, GAP) };
      if (participle < 0) participle = k;
      continue;
    }
    const quoted = quotedAs(toks, ms, k);
    if (quoted) return { mention: quoted, sure: near(quoted.to, GAP) };
    const s = subjectBefore(toks, ms, k);
    if (s) return { mention: s, sure: near(k + n, GAP) || (!anyGap && setOff() && closeBy(toks, ms, k + n, participle - 1, GAP + 15)) };
    // "Massie used to back Paul, but now said …": a second verb of the sentence's subject.
    let c = k - 1;
    while (c >= 0 && toks[c].kind === 'word' && (BETWEEN_SUBJECT_AND_VERB.has(toks[c].lower) || /ly$/.test(toks[c].lower))) c--;
    if (toks[c]?.kind === 'word' && /^(?:and|but)$/.test(toks[c].lower)) {
      const sub = sentenceSubject(ms, c);
      if (sub) return { mention: sub, sure: sub.kind === 'name' && sub.from === 0 && closeBy(toks, ms, sub.to, c, 40) && near(k + n, GAP) };
    }
  }
  if (participle < 0) return undefined;
  const sub = sentenceSubject(ms, before);
  // "Kerry spoke briefly, saying “…”": the participle's subject is the sentence's.
  return sub && { mention: sub, sure: anyGap ? sub.kind === 'name' && sub.from === 0 : subjectSure(toks, ms, sub, before) || (setOff() && subjectSure(toks, ms, sub, participle - 1, GAP + 15)) };
}

/** The mention introducing a quotation from before it, within its sentence. */
function leadIn(toks: Tok[], ms: Mention[], q: number): Cued | undefined {
  let k = q - 1;
  while (toks[k]?.kind === 'punct' && /^['"‘“]$/.test(toks[k].text)) k--;
  const colon = toks[k]?.text === ':';
  if (toks[k]?.kind === 'punct' && /^[,:—]$/.test(toks[k].lower)) k--;
  // Kerry said: “…” / Stated Stone: “…”
  // (A participle right before it is no lead-in: "…, the 79-year-old demurred, citing “…”" takes
  // the sentence's subject, see reportedAt.)
  if ((verbAt(toks, k) || verbAt(toks, k - 1) === 2) && !isParticiple(toks[verbAt(toks, k) ? k : k - 1])) {
    const v = verbAt(toks, k) ? k : k - 1;
    const s = subjectBefore(toks, ms, v);
    if (s) return { mention: s, cue: 'lead-in', sure: true };
  }
  const inv = ms.find((m) => m.to === k + 1);
  if (inv && verbAt(toks, inv.from - 1) && inv.from - 1 === 0) return { mention: inv, cue: 'lead-in', sure: true };
  // according to HuffPo: “…”
  for (let j = q - 1; j >= 1; j--) {
    if (toks[j].kind === 'quote') break;
    if (toks[j].lower === 'to' && toks[j - 1].lower === 'according') {
      const m = ms.find((x) => x.from === j + 1);
      if (m) return { mention: m, cue: 'according', sure: true };
    }
  }
  // Carl Bialik: “…”
  if (colon && inv && inv.subjectLike) return { mention: inv, cue: 'colon', sure: true };
  return undefined;
}

/** The speaker a sentence gives for what follows it: its last quotation's, its reporter, its subject. */
export interface SentenceSpeakers<Q> {
  lastQuote?: Q;
  reporter?: Mention;
  /** The reporting verb leaves no doubt (see `Cued.sure`). */
  reporterSure: boolean;
  subject?: Mention;
  /** The subject is a name opening the sentence, and the sentence names no other subject. */
  subjectSure: boolean;
  /** The sentence is nothing but a tag: "Kerry said." */
  bareTag?: Mention;
}

export function sentenceSpeakers<Q>(s: Sentence, ms: Mention[], quoteSpeaker: (tokIndex: number) => Q | undefined): SentenceSpeakers<Q> {
  const toks = s.toks;
  const out: SentenceSpeakers<Q> = { reporterSure: false, subjectSure: false };
  for (let k = toks.length - 1; k >= 0; k--) {
    if (toks[k].kind === 'quote') {
      out.lastQuote = quoteSpeaker(k);
      if (out.lastQuote) break;
    }
  }
  const rep = reportedAt(toks, ms, toks.length, true);
  out.reporter = rep?.mention;
  out.reporterSure = !!rep?.sure;
  out.subject = sentenceSubject(ms, toks.length);
  out.subjectSure = !!out.subject && subjectSure(toks, ms, out.subject, toks.length);
  const words = toks.filter((t) => t.kind !== 'punct');
  if (ms.length && !toks.some((t) => t.kind === 'quote') && words.length <= ms[0].to - ms[0].from + 4) {
    const m = ms[0];
    if (m.from === 0 && verbAt(toks, m.to)) out.bareTag = m;
  }
  return out;
}

/** The speaker of the quotation at token q of sentence s, from the sentence alone. */
export function cueInSentence(s: Sentence, ms: Mention[], q: number): Cued | undefined {
  const toks = s.toks;
  const tag = tagAfter(toks, ms, q);
  if (tag) return { mention: tag, cue: 'tag', sure: true };
  const lead = leadIn(toks, ms, q);
  if (lead) return lead;
  const rep = reportedAt(toks, ms, q);
  if (rep) return { mention: rep.mention, cue: 'reported', sure: rep.sure };
  const closing = tagAtEnd(toks, ms, q);
  if (closing) return { mention: closing, cue: 'tag', sure: true };
  // “…” standing first in its sentence has nothing before it to go on.
  const sub = sentenceSubject(ms, q);
  if (sub) return { mention: sub, cue: 'subject', sure: subjectSure(toks, ms, sub, q) };
  return undefined;
}
