// Finds the noun phrases that can speak in a sentence of narration: names with their titles and
// roles ("U.S. Secretary of State John Kerry", "State Department spokeswoman Jen Psaki"), role
// phrases without a name ("the Supreme Leader", "another French diplomat", "a statement") and
// subject pronouns. No parser: capitalisation, word lists and position.
import {
  ABBREVIATIONS, BETWEEN_SUBJECT_AND_VERB, DETERMINERS, FEMALE_CUES, HONORIFICS, FEMALE_NAMES, INDEFINITE, MALE_CUES, MALE_NAMES, NAME_PARTICLES,
  NAME_SUFFIXES, NEUTRAL_MODIFIERS, ORG_WORDS, PLACE_WORDS, PLURAL_HEADS, PREPOSITIONS, ROLE_HEADS, SPEECH_VERBS,
  STOPWORDS, SUBJECT_PRONOUNS, THING_HEADS, TITLES, WEAK_SPEECH_VERBS, WEEKDAYS_MONTHS,
} from './lexicon';
import type { Sentence, Tok } from './narration';

export type MentionType = 'person' | 'org' | 'place' | 'unknown' | 'thing' | 'group';
export type Gender = 'm' | 'f';

export interface Mention {
  sentence: number;
  /** Token range in the sentence (determiner included), half-open. */
  from: number;
  to: number;
  /** Raw offsets of the whole phrase, and of the name alone (equal to the phrase when there is no title). */
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  kind: 'name' | 'role' | 'pronoun';
  text: string;
  /** The proper name without titles ("John Kerry"); empty for roles and pronouns. */
  name: string;
  /** The title or role as written ("U.S. Secretary of State", "Iran’s supreme leader"). */
  role: string;
  /** Normalised words of the role, for comparing roles ("iran supreme leader"). */
  roleWords: string[];
  /** The role's head noun, normalised ("leader"). */
  head?: string;
  /** Normalised name words ("john", "kerry") and the parts that identify a person. */
  nameWords: string[];
  surname?: string;
  given?: string;
  type: MentionType;
  definite: boolean;
  gender?: Gender;
  /** Pronoun class: m, f, n (it), p (they). */
  /** m, f, n, p: he, she, it, they; a: a person described by age alone ("the 79-year-old"). */
  pronoun?: 'm' | 'f' | 'n' | 'p' | 'a';
  /** Followed by a possessive ('s) that does not lead to a role: "Trump’s campaign". */
  possessor: boolean;
  /** Not governed by a preposition or a verb before it: could be a subject. */
  subjectLike: boolean;
  /** A role phrase set off by commas next to a name: "Ayatollah Ali Khamenei, Iran's supreme leader,". */
  apposedTo?: Mention;
}

const isTitle = (t: Tok) => t.kind === 'word' && TITLES.has(t.lower);
/** The singular of a plural role ("lawyers" → "lawyer"), or undefined. */
function singularRole(lower: string): string | undefined {
  if (!/s$/.test(lower) || ROLE_HEADS.has(lower)) return undefined;
  for (const s of [lower.slice(0, -1), lower.replace(/es$/, ''), lower.replace(/ies$/, 'y'), lower.replace(/men$/, 'man')]) {
    if (s !== lower && ROLE_HEADS.has(s)) return s;
  }
  return undefined;
}
const isRoleHead = (t: Tok) => t.kind === 'word' && (ROLE_HEADS.has(t.lower) || (!t.cap && !!singularRole(t.lower)));
// A capitalised reporting verb opens an inverted tag ("Stated Stone:") or an imperative ("Add Anna Holm
// as an interest"); "State" or "Post" is a name.
const VERB_FORM = /(?:ed|ing)$|^(?:said|says|told|tells|wrote|writes|asks|adds|notes|add|ask|tell|say|note|explain)$/;
const isCapWord = (t: Tok | undefined): boolean =>
  !!t && t.kind === 'word' && t.cap && !STOPWORDS.has(t.lower) && !WEEKDAYS_MONTHS.has(t.lower) &&
  !(SPEECH_VERBS.has(t.lower) && VERB_FORM.test(t.lower));
const isModifier = (t: Tok | undefined) =>
  !!t && t.kind === 'word' && !t.cap && !STOPWORDS.has(t.lower) && !SPEECH_VERBS.has(t.lower) && !/ly$/.test(t.lower) && !SUBJECT_PRONOUNS.has(t.lower);
const isAcronym = (t: Tok) => /^[A-Z][A-Z&]{1,6}$/.test(t.text) && !/^[IVX]+$/.test(t.text);

/** A word of a role, normalised for comparison ("Gov." → "governor", "Iranian" stays). */
function roleWord(lower: string): string {
  const w = lower.replace(/\.$/, '');
  return ABBREVIATIONS.get(w) ?? w;
}

function normName(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[’']/g, "'").replace(/[^\p{L}\p{N}' -]/gu, '');
}

/** Irregular past forms that follow a name as its verb ("Anna Berg met reporters"). */
const PAST_FORMS: ReadonlySet<string> = new Set([
  'met', 'told', 'said', 'gave', 'took', 'made', 'left', 'sent', 'led', 'won', 'held', 'saw', 'went', 'came', 'ran',
  'wrote', 'spoke', 'brought', 'thought', 'found', 'kept', 'began', 'hit', 'put', 'set', 'got', 'lost', 'paid', 'sold',
  'built', 'chose', 'drew', 'fought', 'knew', 'meant', 'read', 'rose', 'sat', 'stood', 'struck', 'taught', 'threw', 'wore',
]);

/** Where a capitalised run may go on: `of` inside a title ("Secretary of State"), particles ("bin Laden"). */
function runContinues(toks: Tok[], k: number): boolean {
  const t = toks[k];
  const prev = toks[k - 1];
  const next = toks[k + 1];
  if (!t) return false;
  if (isCapWord(t) || isRoleHead(t) || (t.kind === 'word' && TITLES.has(t.lower) && !t.cap)) return true;
  if (/^\p{N}/u.test(t.text) && t.kind === 'word') return lookAheadRole(toks, k);
  // "Secretary of State", "Association of Flight Attendants", "Department of Justice".
  if (t.kind === 'word' && t.lower === 'of') return !!prev && (isTitle(prev) || ORG_WORDS.has(prev.lower)) && prev.cap && isCapWord(next);
  if (t.kind === 'word' && NAME_PARTICLES.has(t.lower)) return isCapWord(next);
  if (t.kind === 'poss') return lookAheadRole(toks, k + 1, true);
  // After a name, "criticized" or "urges" is a verb, not a modifier: "Bradley criticized people".
  if (isModifier(t)) return !(prev && isCapWord(prev) && (/(?:ed|s)$/.test(t.lower) || PAST_FORMS.has(t.lower)) && !isRoleHead(t)) && lookAheadRole(toks, k);
  return false;
}

/** Within the next few modifier or capitalised words there is a role or title: "real estate mogul".
 * After a possessive only a person's role counts: "Iran’s supreme leader", not "the leader’s statement". */
function lookAheadRole(toks: Tok[], k: number, person = false): boolean {
  for (let j = k; j < Math.min(toks.length, k + 5); j++) {
    const t = toks[j];
    if (person && (THING_HEADS.has(t.lower) || PLURAL_HEADS.has(t.lower))) return false;
    if (isRoleHead(t) || (isCapWord(t) && TITLES.has(t.lower))) return true;
    // "state's attorney", "the company's chief executive": a possessive inside the role.
    if (t.kind === 'poss' && j > k) continue;
    if (!(isModifier(t) || isCapWord(t) || (t.kind === 'word' && /^\p{N}/u.test(t.text)))) return false;
  }
  return false;
}

function typeOfName(nameToks: Tok[], roleToks: Tok[]): MentionType {
  const lowers = nameToks.map((t) => t.lower);
  const personTitle = roleToks.some((t) => (TITLES.has(t.lower) || ROLE_HEADS.has(t.lower)) && !THING_HEADS.has(t.lower));
  if (nameToks.length === 1 && isAcronym(nameToks[0]) && !personTitle) return 'org';
  if (lowers.some((w) => ORG_WORDS.has(w))) return personTitle && !ORG_WORDS.has(lowers[lowers.length - 1]) ? 'person' : 'org';
  if (personTitle) return 'person';
  if (MALE_NAMES.has(lowers[0]) || FEMALE_NAMES.has(lowers[0])) return 'person';
  if (lowers.some((w) => PLACE_WORDS.has(w)) || ['u.s', 'u.k', 'us', 'uk'].includes(lowers.join(' '))) return 'place';
  // Given name and surname, even when the given name is not a common one ("Troy Jackson").
  const words = nameToks.filter((t) => t.kind === 'word' && !NAME_SUFFIXES.has(t.lower));
  if (words.length >= 2 && words.length <= 4 && words.every((t) => /^\p{Lu}[\p{Ll}'’-]/u.test(t.text) || NAME_PARTICLES.has(t.lower) || /^\p{Lu}\.$/u.test(t.text))) return 'person';
  return 'unknown';
}

function genderOf(nameToks: Tok[], roleToks: Tok[]): Gender | undefined {
  for (const t of roleToks) {
    if (MALE_CUES.has(t.lower)) return 'm';
    if (FEMALE_CUES.has(t.lower)) return 'f';
  }
  if (nameToks.length >= 2 || roleToks.length) {
    const g = nameToks[0]?.lower;
    if (g && MALE_NAMES.has(g) && !FEMALE_NAMES.has(g)) return 'm';
    if (g && FEMALE_NAMES.has(g) && !MALE_NAMES.has(g)) return 'f';
  }
  return undefined;
}

function isGoverned(toks: Tok[], from: number): boolean {
  const prev = toks[from - 1];
  if (!prev || prev.kind !== 'word') return false;
  return PREPOSITIONS.has(prev.lower) || SPEECH_VERBS.has(prev.lower) || /(?:ed|ing)$/.test(prev.lower) && !prev.cap;
}

function build(toks: Tok[], si: number, from: number, to: number, det: Tok | undefined): Mention | undefined {
  let body = toks.slice(from, to);
  // Trim what cannot end a phrase.
  while (body.length && !(isCapWord(body[body.length - 1]) || isRoleHead(body[body.length - 1]))) body = body.slice(0, -1);
  if (!body.length) return undefined;
  // Right after a quotation, "Viguerie notes." is a name and its reporting verb, not a phrase
  // headed by the noun "notes" (nor "Smith claims", "Berg remarks"). Not a weak verb: "Politico
  // reports" credits the outlet that reports the story, not the speaker.
  const afterQuote = toks[from - 1]?.kind === 'quote' || (/^[,—]$/.test(toks[from - 1]?.lower ?? '') && toks[from - 2]?.kind === 'quote');
  const verb = body[body.length - 1];
  if (!det && afterQuote && body.length >= 2 && !verb.cap && SPEECH_VERBS.has(verb.lower) && !WEAK_SPEECH_VERBS.has(verb.lower) && isCapWord(body[body.length - 2])) body = body.slice(0, -1);
  to = from + body.length;
  // Where the name begins: after the last title that is followed by a capitalised non-title word.
  const titleAt = (k: number) => {
    const t = body[k];
    if (t.lower === 'of') return false;
    if (isTitle(t) || isRoleHead(t) || t.kind === 'poss' || !t.cap) return true;
    // "Secretary of State": the word after a title's "of" belongs to the title.
    return k >= 2 && body[k - 1].lower === 'of' && isTitle(body[k - 2]) && body[k - 2].cap;
  };
  let nameFrom = -1;
  for (let k = 0; k < body.length - 1; k++) {
    if (titleAt(k) && isCapWord(body[k + 1]) && !titleAt(k + 1)) nameFrom = k + 1;
  }
  let roleToks: Tok[];
  let nameToks: Tok[];
  if (nameFrom >= 0) {
    roleToks = body.slice(0, nameFrom);
    nameToks = body.slice(nameFrom);
  } else {
    // No title followed by a name. A phrase ending in a role is a role ("CNN President", "the
    // Republican presidential candidate") unless a given name precedes it ("Pete King").
    const last = body[body.length - 1];
    const firstName = body.findIndex((t) => isCapWord(t) && !isTitle(t));
    const givenBefore = body.some((t) => t.kind === 'word' && (MALE_NAMES.has(t.lower) || FEMALE_NAMES.has(t.lower)) && t.cap);
    if ((isTitle(last) || isRoleHead(last)) && !givenBefore) {
      roleToks = body;
      nameToks = [];
    } else {
      roleToks = body.slice(0, Math.max(0, firstName));
      nameToks = body.slice(Math.max(0, firstName));
    }
  }
  // A name stops at "of": "King Abdullah of Saudi Arabia".
  const of = nameToks.findIndex((t) => t.lower === 'of');
  if (of > 0 && !nameToks.slice(0, of).some((t) => ORG_WORDS.has(t.lower))) {
    nameToks = nameToks.slice(0, of);
    to = from + roleToks.length + nameToks.length;
  }
  const head =
    [...roleToks].reverse().find((t) => (isRoleHead(t) || isTitle(t)) && !HONORIFICS.has(t.lower)) ??
    [...roleToks].reverse().find((t) => isRoleHead(t) || isTitle(t));
  // "White House", "Supreme Court", "Interior Ministry": a capitalised phrase headed by no person's
  // role is a name.
  if (!nameToks.length && (!head || !isRoleHead(head) || (head.cap && (!ROLE_HEADS.has(head.lower) || THING_HEADS.has(head.lower))))) {
    // "White House", "Supreme Court": a title-like word that heads no role is part of a name.
    if (!roleToks.some(isCapWord)) return undefined;
    nameToks = roleToks;
    roleToks = [];
  }
  const after = toks[to];
  const possessor = after?.kind === 'poss';
  const start = (det ?? body[0]).start;
  const end = body[to - from - 1].end;
  const raw = (a: Tok[]) => (a.length ? a.map((t) => t.text).join(' ').replace(/ ('s|’s|’|')(?= |$)/g, '$1') : '');
  const words = nameToks.filter((t) => t.kind === 'word' && !NAME_SUFFIXES.has(t.lower)).map((t) => normName(t.text.replace(/\.$/, '')));
  const isName = nameToks.length > 0;
  const roleWords = roleToks
    .filter((t) => t.kind === 'word')
    .map((t) => roleWord(t.lower))
    .filter((w) => !NEUTRAL_MODIFIERS.has(w));
  const headWord = head ? roleWord(head.lower) : undefined;
  let type: MentionType;
  if (isName) type = typeOfName(nameToks, roleToks);
  else if (head && (PLURAL_HEADS.has(head.lower) || singularRole(head.lower))) type = 'group';
  else if (head && THING_HEADS.has(head.lower)) type = 'thing';
  else type = 'person';
  const detLower = det?.lower;
  const definite = isName || (detLower ? !INDEFINITE.has(detLower) : roleToks.some((t) => t.cap || t.kind === 'poss'));
  const particles = words.filter((w) => !NAME_PARTICLES.has(w));
  return {
    sentence: si,
    from: det ? from - 1 : from,
    to,
    start,
    end,
    nameStart: isName ? nameToks[0].start : start,
    nameEnd: isName ? nameToks[nameToks.length - 1].end : end,
    kind: isName ? 'name' : 'role',
    text: [det?.text, raw(roleToks), raw(nameToks)].filter(Boolean).join(' '),
    name: raw(nameToks),
    role: [det && !isName ? det.text : '', raw(roleToks)].filter(Boolean).join(' '),
    roleWords,
    head: headWord,
    nameWords: words,
    surname: type === 'person' || type === 'unknown' ? particles[particles.length - 1] : undefined,
    given: (type === 'person' || type === 'unknown') && particles.length >= 2
      ? (particles.slice(0, -1).find((w) => MALE_NAMES.has(w) || FEMALE_NAMES.has(w)) ?? particles[0])
      : undefined,
    type,
    definite,
    gender: genderOf(nameToks, roleToks),
    possessor,
    subjectLike: !possessor && !isGoverned(toks, det ? from - 1 : from),
  };
}

/** What may follow an age standing for a person: a mark, a verb ("demurred", "said", "has"). */
function ageAlone(t: Tok | undefined): boolean {
  if (!t || t.kind === 'punct' || t.kind === 'quote') return true;
  return t.kind === 'word' && !t.cap && (/ed$/.test(t.lower) || SPEECH_VERBS.has(t.lower) || /^(?:has|had|is|was|will|would|says|also|then)$/.test(t.lower));
}

/** The mentions of one sentence, in order. */
export function sentenceMentions(s: Sentence, si: number): Mention[] {
  const toks = s.toks;
  const out: Mention[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    if (t.kind === 'word' && SUBJECT_PRONOUNS.has(t.lower)) {
      const p = SUBJECT_PRONOUNS.get(t.lower)!;
      out.push({
        sentence: si, from: i, to: i + 1, start: t.start, end: t.end, nameStart: t.start, nameEnd: t.end, kind: 'pronoun',
        text: t.text, name: '', role: '', roleWords: [], nameWords: [], type: p === 'n' ? 'thing' : p === 'p' ? 'group' : 'person',
        definite: true, gender: p === 'm' || p === 'f' ? p : undefined, pronoun: p, possessor: false,
        subjectLike: !isGoverned(toks, i),
      });
      i++;
      continue;
    }
    // "the 79-year-old demurred": a person described by age alone stands for somebody named before,
    // as a pronoun does (not "the 79-year-old man", a role).
    const age = toks[i + 1];
    if (t.lower === 'the' && age?.kind === 'word' && /^\d{1,3}-year-old$/.test(age.lower) && ageAlone(toks[i + 2])) {
      out.push({
        sentence: si, from: i, to: i + 2, start: t.start, end: age.end, nameStart: t.start, nameEnd: age.end, kind: 'pronoun',
        text: `${t.text} ${age.text}`, name: '', role: '', roleWords: [], nameWords: [], type: 'person',
        definite: true, pronoun: 'a', possessor: false, subjectLike: !isGoverned(toks, i),
      });
      i += 2;
      continue;
    }
    let det: Tok | undefined;
    let k = i;
    if (t.kind === 'word' && DETERMINERS.has(t.lower) && runContinues(toks, i + 1)) {
      det = t;
      k = i + 1;
    }
    // A capitalised participle opening a sentence is no name: "Calling the decision regrettable, …".
    // So is an adverb ("Specifically, …"), unless a reporting verb or a name follows ("Zaheed said").
    const opener = k === 0 || toks[k - 1].kind === 'quote';
    const follower = toks[k + 1];
    if (opener && toks[k]?.cap && /(?:ing|ed|ly)$/.test(toks[k].lower) && !det && !isCapWord(follower) && !(follower && SPEECH_VERBS.has(follower.lower))) {
      i++;
      continue;
    }
    if (!runContinues(toks, k) || !(isCapWord(toks[k]) || isRoleHead(toks[k]) || isModifier(toks[k]) || /^\p{N}/u.test(toks[k].text))) {
      i++;
      continue;
    }
    let j = k;
    while (j < toks.length && runContinues(toks, j)) j++;
    const m = build(toks, si, k, j, det);
    if (m) {
      out.push(m);
      i = Math.max(m.to, i + 1);
    } else i = j > i ? j : i + 1;
  }
  // Apposition: a role phrase and a name side by side, set off by a comma.
  for (let n = 0; n + 1 < out.length; n++) {
    const a = out[n];
    const b = out[n + 1];
    if (b.from !== a.to + 1 || toks[a.to]?.text !== ',') continue;
    // "Kerry, the secretary of state, said": the role is set off. "At a rally in Iowa, the
    // President declared": the role is the subject of the clause after an opening phrase.
    const after = toks[b.to];
    const verbFollows = !!after && after.kind === 'word' && (SPEECH_VERBS.has(after.lower) || BETWEEN_SUBJECT_AND_VERB.has(after.lower) || /(?:ed|s)$/.test(after.lower));
    if (a.kind === 'name' && b.kind === 'role' && b.type === 'person' && !verbFollows) b.apposedTo = a;
    else if (a.kind === 'role' && b.kind === 'name' && a.type === 'person' && a.definite && (b.type === 'person' || b.type === 'unknown')) a.apposedTo = b;
  }
  return out;
}
