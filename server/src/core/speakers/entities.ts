// Who the mentions of one article are. Names join by surname ("Kerry" = "John Kerry" = "Secretary
// of State John Kerry"), a definite role joins the person the article gives that role to ("the
// Supreme Leader" = "Supreme Leader Ayatollah Ali Khamenei"), an indefinite role ("another French
// diplomat") stays somebody unnamed, and "he"/"she"/"it" go to the nearest earlier mention that
// fits: the nearest sentence first, its leftmost subject first.
import { BETWEEN_SUBJECT_AND_VERB, HONORIFICS, MEDIA_WORDS, NEUTRAL_MODIFIERS, PARTICLE_VERBS, ROLE_HEADS, SPEECH_VERBS } from './lexicon';
import type { Gender, Mention, MentionType } from './mentions';
import { headingLike, type Sentence, type Tok } from './narration';

/** Role heads by which an article goes on to call an organisation it has just named. */
const ORG_KINDS: ReadonlySet<string> = new Set(['company', 'firm', 'bank', 'network', 'newspaper', 'channel', 'website', 'university', 'school', 'union', 'party']);

export interface EntityName {
  text: string;
  words: string[];
  surname?: string;
  given?: string;
}

export interface EntityRole {
  text: string;
  words: string[];
  head?: string;
}

export interface Entity {
  id: number;
  type: MentionType;
  /** Has a proper name (otherwise it is somebody described by a role). */
  named: boolean;
  /** For unnamed entities: introduced as "the …" (may be a named person) or "a …" (somebody). */
  definite: boolean;
  names: EntityName[];
  roles: EntityRole[];
  gender?: Gender;
  /** Appears next to a reporting verb: speaks like a person even without a known given name. */
  speaks: boolean;
  mentions: Mention[];
}

/** Two forms of one word (iran/iranian, america/american, abbreviations already expanded). */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  return n >= 4 && a.slice(0, Math.max(4, n - 2)) === b.slice(0, Math.max(4, n - 2));
}

/** A role phrase fits an entity: same head noun, and every distinguishing modifier is found. */
export function roleFits(m: { head?: string; roleWords: string[] }, e: Entity): boolean {
  if (!m.head) return false;
  if (e.type === 'thing' || e.type === 'group' || e.type === 'place') return false;
  if (!e.roles.some((r) => r.head === m.head || r.words.includes(m.head!))) return false;
  // Every modifier is found among the entity's role and name words.
  const found = (w: string) => e.roles.some((r) => r.words.some((x) => sameWord(w, x))) || e.names.some((n) => n.words.some((x) => sameWord(w, x)));
  return m.roleWords.every((w) => w === m.head || NEUTRAL_MODIFIERS.has(w) || found(w));
}

function personLike(e: Entity): boolean {
  return e.type === 'person' || (e.type === 'unknown' && e.speaks);
}

function fits(p: Mention, e: Entity): boolean {
  if (p.pronoun === 'm' || p.pronoun === 'f') return personLike(e) && (!e.gender || e.gender === p.pronoun);
  if (p.pronoun === 'n') return e.type === 'org' || e.type === 'thing' || e.type === 'place';
  if (p.pronoun === 'a') return personLike(e);
  return false;
}

/** The mention next to a reporting verb: "Kerry said", "Kerry, 70, said", "said Kerry". */
function besideSpeechVerb(s: Sentence, m: Mention): boolean {
  const toks = s.toks;
  let k = m.to;
  while (k < toks.length && toks[k].kind === 'word' && BETWEEN_SUBJECT_AND_VERB.has(toks[k].lower)) k++;
  const t = toks[k];
  // "Illinois state's attorney": a word with a possessive is a noun, not a verb.
  if (t?.kind === 'word' && !/ing$/.test(t.lower) && toks[k + 1]?.kind !== 'poss' && (SPEECH_VERBS.has(t.lower) || PARTICLE_VERBS.get(t.lower) === toks[k + 1]?.lower)) return true;
  const b = toks[m.from - 1];
  return b?.kind === 'word' && !b.cap && SPEECH_VERBS.has(b.lower) && !/ing$/.test(b.lower);
}

/** The mention speaks in its sentence: Bernthal said …, “…,” said Bernthal, “…,” Bernthal said.
 * (Not "Khamenei said the ambassador had asked …": "said the ambassador" is inverted only after a
 * quotation.) */
function tagsQuote(s: Sentence, m: Mention): boolean {
  const toks = s.toks;
  // "she said the United States was …": the subject of a reporting verb speaks, quotation or not
  // (not the subject of a clause reported: "said the ambassador had asked").
  let j = m.to;
  while (j < toks.length && toks[j].kind === 'word' && BETWEEN_SUBJECT_AND_VERB.has(toks[j].lower)) j++;
  if (!m.possessor && m.subjectLike && toks[j]?.kind === 'word' && SPEECH_VERBS.has(toks[j].lower) && !/ing$/.test(toks[j].lower)) return true;
  const verb = (t: Tok | undefined) => !!t && t.kind === 'word' && SPEECH_VERBS.has(t.lower) && !/ing$/.test(t.lower);
  const quoteBefore = (k: number) => toks[k]?.kind === 'quote' || (toks[k]?.kind === 'punct' && toks[k - 1]?.kind === 'quote');
  if (verb(toks[m.from - 1]) && quoteBefore(m.from - 2)) return true;
  let k = m.to;
  while (k < toks.length && toks[k].kind === 'word' && BETWEEN_SUBJECT_AND_VERB.has(toks[k].lower)) k++;
  if (!verb(toks[k])) return false;
  if (quoteBefore(m.from - 1)) return true;
  return toks[k + 1]?.kind === 'quote' || (toks[k + 1]?.kind === 'punct' && /^[,:]$/.test(toks[k + 1].text) && toks[k + 2]?.kind === 'quote');
}

/** Adds e to the entities under key, keeping them in the order of their ids. */
function indexed<K>(index: Map<K, Entity[]>, key: K, e: Entity): void {
  let list = index.get(key);
  if (!list) index.set(key, (list = []));
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].id < e.id) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== e) list.splice(lo, 0, e);
}

export class Entities {
  readonly list: Entity[] = [];
  private readonly of = new Map<Mention, Entity>();
  private readonly lastSeen = new Map<Entity, number>();
  // Indexes over `list`, each entry in the order of `list`, so that a lookup finds what a scan of
  // `list` would: entities by the surnames of their names, by the words and heads of their roles,
  // by their roles' text (lower case), and by the type they were created with (an entity's type
  // only ever changes to 'person').
  private readonly bySurname = new Map<string, Entity[]>();
  private readonly byRoleWord = new Map<string, Entity[]>();
  private readonly byRoleText = new Map<string, Entity[]>();
  private readonly byFirstType = new Map<MentionType, Entity[]>();
  /** Pronouns whose sentence of reference has more than one entity that fits them. */
  private readonly ambiguous = new Set<Mention>();
  /** Mentions that speak a quotation of their sentence (`tagsQuote`). */
  private readonly speaking = new Set<Mention>();

  /** Headings and captions (narration.ts `headingLike`): no antecedents there. */
  private readonly headings = new Set<number>();

  constructor(
    sentences: readonly Sentence[],
    private readonly mentions: readonly Mention[][],
  ) {
    sentences.forEach((_s, si) => {
      if (headingLike(sentences, si)) this.headings.add(si);
    });
    // Names first, over the whole article, so that "Kerry" finds "John Kerry" and a surname that
    // speaks anywhere counts as a person everywhere.
    mentions.forEach((ms, si) => ms.forEach((m, mi) => {
      if (m.kind === 'name') this.linkName(m, si * 10_000 + mi);
    }));
    mentions.forEach((ms, si) => ms.forEach((m) => {
      if (tagsQuote(sentences[si], m)) this.speaking.add(m);
      if (!besideSpeechVerb(sentences[si], m)) return;
      const e = this.of.get(m);
      if (e) e.speaks = true;
    }));
    this.lastSeen.clear();
    mentions.forEach((ms, si) => ms.forEach((m, mi) => this.resolve(m, si, mi)));
    this.mergeDefiniteRoles();
  }

  entityOf(m: Mention): Entity | undefined {
    return this.of.get(m);
  }

  /** Whether who a mention is was a guess between several: a pronoun whose sentence of reference
   * names more than one entity that fits it ("Kerry met Lavrov. He said …"). */
  unsure(m: Mention): boolean {
    return this.ambiguous.has(m);
  }

  private create(m: Mention, named: boolean): Entity {
    const e: Entity = { id: this.list.length, type: m.type, named, definite: m.definite, names: [], roles: [], speaks: false, mentions: [] };
    this.list.push(e);
    indexed(this.byFirstType, e.type, e);
    return e;
  }

  private attach(m: Mention, e: Entity): void {
    this.of.set(m, e);
    if (!e.mentions.includes(m)) e.mentions.push(m);
    if (m.kind === 'name' && !e.names.some((n) => n.text === m.name)) {
      e.names.push({ text: m.name, words: m.nameWords, surname: m.surname, given: m.given });
      if (m.surname) indexed(this.bySurname, m.surname, e);
    }
    if (m.kind !== 'pronoun' && m.role && m.head && !e.roles.some((r) => r.text === m.role)) {
      e.roles.push({ text: m.role, words: m.roleWords, head: m.head });
      indexed(this.byRoleWord, m.head, e);
      for (const w of m.roleWords) indexed(this.byRoleWord, w, e);
      indexed(this.byRoleText, m.role.toLowerCase(), e);
    }
    if (m.gender && !e.gender && m.kind !== 'pronoun') e.gender = m.gender;
    if (m.type === 'person' && m.kind === 'name' && (e.type === 'unknown' || e.type === 'place')) e.type = 'person';
  }

  private linkName(m: Mention, order: number): void {
    let best: Entity | undefined;
    if (m.type === 'person' || m.type === 'unknown') {
      const withSurname = m.surname ? this.bySurname.get(m.surname) ?? [] : [];
      const same = withSurname.filter((e) => e.named && (e.type === 'person' || e.type === 'unknown'));
      if (m.given) {
        best =
          same.find((e) => e.names.some((n) => n.given === m.given)) ??
          same.find((e) => e.names.every((n) => !n.given));
      } else {
        best = same.sort((a, b) => (this.lastSeen.get(b) ?? 0) - (this.lastSeen.get(a) ?? 0))[0];
      }
    } else {
      const key = (ws: string[]) => ws.filter((w) => !['the', 'u.s', 'us'].includes(w));
      const mine = key(m.nameWords);
      best = (this.byFirstType.get(m.type) ?? []).find((e) => e.named && e.type === m.type && e.names.some((n) => {
        const theirs = key(n.words);
        if (!mine.length || !theirs.length) return mine.join() === theirs.join() && m.nameWords.join() === n.words.join();
        return mine.every((w) => theirs.includes(w)) || theirs.every((w) => mine.includes(w));
      }));
    }
    const e = best ?? this.create(m, true);
    this.attach(m, e);
    this.lastSeen.set(e, order);
  }

  private resolve(m: Mention, si: number, mi: number): void {
    const order = si * 10_000 + mi;
    let e = this.of.get(m);
    if (!e && m.apposedTo) {
      e = this.of.get(m.apposedTo);
      if (e) {
        this.attach(m, e);
        // "Dottie Deans, the chairwoman of …": a person's role set beside a name makes it a person.
        if (m.type === 'person' && e.type === 'unknown') e.type = 'person';
      }
    }
    if (!e && m.kind === 'role') {
      if (m.definite && m.type === 'person') {
        const seen = this.withRole(m.head).filter((x) => this.lastSeen.has(x) && (x.named || x.definite) && roleFits(m, x));
        e = seen.sort((a, b) => this.lastSeen.get(b)! - this.lastSeen.get(a)!)[0];
      } else if (m.definite) {
        e = (this.byRoleText.get(m.role.toLowerCase()) ?? []).find((x) => !x.named && x.definite && x.type === m.type);
        // "… vice president of education for Wella. The company said …": the organisation just named.
        const org = !e && m.head && ORG_KINDS.has(m.head) ? this.justNamedOrg(si) : undefined;
        if (org) {
          this.of.set(m, org);
          org.mentions.push(m);
          this.ambiguous.add(m);
          this.lastSeen.set(org, order);
          return;
        }
      }
      e ??= this.create(m, false);
      this.attach(m, e);
    }
    if (!e && m.kind === 'pronoun') {
      e = this.antecedent(m, si);
      if (e) {
        this.of.set(m, e);
        e.mentions.push(m);
        if (!e.gender && (m.pronoun === 'm' || m.pronoun === 'f')) e.gender = m.pronoun;
      }
    }
    if (e) this.lastSeen.set(e, order);
  }

  /** The one organisation named in sentence si or the one before it, or referred to there by a
   * description already read as it ("… for Wella. The company said … ¶ “…,” the company said"):
   * a guess (marked unsure by the caller), and none when two were named there. */
  private justNamedOrg(si: number): Entity | undefined {
    const near = new Set<Entity>();
    for (let s = Math.max(0, si - 1); s <= si; s++) {
      for (const m of this.mentions[s]) {
        const e = this.of.get(m);
        if (e && e.named && (m.kind === 'name' || (m.kind === 'role' && this.ambiguous.has(m))) && (e.type === 'org' || (e.type === 'unknown' && !e.gender && e.names.every((n) => !n.given)))) near.add(e);
      }
    }
    return near.size === 1 ? [...near][0] : undefined;
  }

  /** The entities a role headed by `head` may fit (roleFits asks for a role with that head or word). */
  private withRole(head: string | undefined): Entity[] {
    return head ? this.byRoleWord.get(head) ?? [] : [];
  }

  /** The nearest sentence with a fitting mention: the one that speaks there first (“…,” said
   * Bernthal. He added …), then its leftmost subject-like one. More than one entity fitting there
   * makes the choice a guess (see `unsure`). */
  private antecedent(p: Mention, si: number): Entity | undefined {
    for (let s = si; s >= Math.max(0, si - 5); s--) {
      if (this.headings.has(s) && s < si) continue;
      const here = this.mentions[s].filter((m) => m !== p && (s < si || m.to <= p.from));
      const fitting = here.filter((m) => {
        const e = this.of.get(m);
        return e && fits(p, e);
      });
      // Somebody the article shows as a person (a country or a city that "said" something is not).
      const personal = (x: Entity) => x.type === 'person' || !!x.gender || x.roles.length > 0;
      const speaksHere = (m: Mention) => this.speaking.has(m) && personal(this.of.get(m)!);
      const pick = fitting.find(speaksHere) ?? fitting.find((m) => m.subjectLike) ?? fitting[0];
      if (!pick) continue;
      const e = this.of.get(pick)!;
      const speakers = fitting.filter(speaksHere).map((m) => this.of.get(m));
      const unique = speakers.length > 0 && speakers.every((x) => x === e);
      if (!unique && fitting.some((m) => this.of.get(m) !== e && personal(this.of.get(m)!))) this.ambiguous.add(p);
      return e;
    }
    return undefined;
  }

  /** "The Supreme Leader" before the article names him joins the one person it gives that role. */
  private mergeDefiniteRoles(): void {
    for (const u of this.list) {
      if (u.named || !u.definite || u.type !== 'person' || !u.mentions.length) continue;
      const m = u.mentions.find((x) => x.kind === 'role');
      if (!m) continue;
      // Only a name given the role soon after: "the chief justice said. Chief Justice Maria Olsen …",
      // not a "president" named in a caption at the foot of the page.
      const soon = (x: Entity) => x.mentions.some((n) => n.kind === 'name' && n.head && n.sentence >= m.sentence && n.sentence - m.sentence <= 3);
      const cands = this.withRole(m.head).filter((x) => x.named && x.type === 'person' && roleFits(m, x) && soon(x));
      if (cands.length !== 1) continue;
      const into = cands[0];
      for (const x of u.mentions) this.attach(x, into);
      u.mentions = [];
    }
  }
}

const SPELLED: ReadonlyMap<string, string> = new Map([
  ['sen', 'Senator'], ['sens', 'Senator'], ['rep', 'Representative'], ['reps', 'Representative'], ['gov', 'Governor'],
  ['lt', 'Lieutenant'], ['gen', 'General'], ['col', 'Colonel'], ['capt', 'Captain'], ['adm', 'Admiral'], ['sgt', 'Sergeant'],
  ['sec', 'Secretary'], ['amb', 'Ambassador'], ['pres', 'President'], ['atty', 'Attorney'], ['supt', 'Superintendent'],
  ['det', 'Detective'], ['insp', 'Inspector'], ['cmdr', 'Commander'], ['asst', 'Assistant'], ['dep', 'Deputy'],
  ['treas', 'Treasurer'], ['secy', 'Secretary'], ['ofc', 'Officer'], ['lieut', 'Lieutenant'], ['brig', 'Brigadier'],
  ['cmdt', 'Commandant'], ['pfc', 'Private'], ['spc', 'Specialist'],
]);

/** A role as it reads after a name: no article, no honorific, abbreviations spelt out. */
function roleForLabel(r: EntityRole): string {
  const words = r.text.split(/\s+/).filter(Boolean);
  while (words.length && /^(?:the|a|an)$/i.test(words[0])) words.shift();
  while (words.length && HONORIFICS.has(words[words.length - 1].toLowerCase().replace(/\.$/, ''))) words.pop();
  return words.map((w) => SPELLED.get(w.toLowerCase().replace(/\.$/, '')) ?? w).join(' ');
}

/** How an entity is named in messages: "Jen Psaki, U.S. State Department spokeswoman", "another French diplomat". */
export function entityLabel(e: Entity): string {
  if (!e.named) return e.mentions.find((m) => m.kind === 'role')?.text ?? e.roles[0]?.text ?? '';
  const name = entityName(e);
  const roles = e.roles
    .filter((r) => r.head && ROLE_HEADS.has(r.head) && !HONORIFICS.has(r.head))
    .map(roleForLabel)
    .filter(Boolean);
  const role = roles.sort((a, b) => b.length - a.length)[0];
  return role ? `${name}, ${role}` : name;
}

/** The fullest proper name of a named entity, or its role phrase. */
export function entityName(e: Entity): string {
  if (!e.named) return e.mentions.find((m) => m.kind === 'role')?.text ?? '';
  return [...e.names].sort((a, b) => b.words.length - a.words.length)[0].text;
}

/** A news outlet ("the Washington Post", "CNN", "Reuters"): named, not a person, with a word of
 * the media in its name. ("USA" counts only beside another such word: "USA Today".) */
export function isOutlet(e: Entity): boolean {
  if (!e.named || e.type === 'person') return false;
  return e.names.some((n) => {
    const media = n.words.filter((w) => MEDIA_WORDS.has(w));
    return media.length > 0 && (media.some((w) => w !== 'usa') || n.words.includes('today'));
  });
}
