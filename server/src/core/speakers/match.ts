// Whether the draft's speaker and a source's speaker are the same. Names agree by surname (and by
// given name when both have one); a misspelt name ("Jen Paski") still agrees through fuse.js's
// fuzzy matching of short strings, held back to what misspellings look like; organisations agree
// when one name holds the other's words or initials; a role agrees with a name only when the
// article gives that person the role; an unnamed speaker never agrees with a named one.
import Fuse from 'fuse.js';
import { roleFits, sameWord, type Entity, type EntityName } from './entities';

export type Agreement = 'exact' | 'fuzzy' | 'different' | 'unknown';

const plain = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');

/** A misspelling of a name: close for fuse.js, same first letter, and no new letters in a short name. */
export function misspelt(a: string, b: string): boolean {
  const x = plain(a);
  const y = plain(b);
  if (x === y) return true;
  if (x.length < 4 || y.length < 4 || x[0] !== y[0] || Math.abs(x.length - y.length) > 1) return false;
  const score = new Fuse([y], { includeScore: true, ignoreLocation: true, threshold: 0.45 }).search(x)[0]?.score;
  if (score === undefined || score > 0.42) return false;
  // Short names differ by one letter from other names ("Obama"/"Osama"): there, only letters
  // swapped, doubled or dropped count as a misspelling.
  if (Math.min(x.length, y.length) >= 8 && score <= 0.3) return true;
  const sorted = (s: string) => [...s].sort().join('');
  if (x.length === y.length) return sorted(x) === sorted(y);
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

function givenAgrees(a?: string, b?: string): boolean {
  if (!a || !b) return true;
  if (a === b || sameWord(a, b)) return true;
  if (a.length === 1 || b.length === 1 || /^\p{L}\.?$/u.test(a) || /^\p{L}\.?$/u.test(b)) return a[0] === b[0];
  return misspelt(a, b);
}

function personNames(a: EntityName, b: EntityName): Agreement {
  if (!a.surname || !b.surname) return 'unknown';
  if (!givenAgrees(a.given, b.given)) return 'different';
  if (a.surname === b.surname) return 'exact';
  if (misspelt(a.surname, b.surname)) return 'fuzzy';
  return 'different';
}

const GENERIC = new Set(['the', 'u.s', 'us', 'news', 'inc', 'corp', 'co', 'ltd']);

function otherNames(a: EntityName, b: EntityName): Agreement {
  const x = a.words.filter((w) => !GENERIC.has(w));
  const y = b.words.filter((w) => !GENERIC.has(w));
  if (!x.length || !y.length) return a.words.join(' ') === b.words.join(' ') ? 'exact' : 'different';
  if (x.join(' ') === y.join(' ')) return 'exact';
  if (x.every((w) => y.includes(w)) || y.every((w) => x.includes(w))) return 'exact';
  const initials = (ws: string[]) => ws.filter((w) => !['of', 'and', 'for'].includes(w)).map((w) => w[0]).join('');
  if ((x.length === 1 && x[0] === initials(y)) || (y.length === 1 && y[0] === initials(x))) return 'exact';
  if (misspelt(x.join(''), y.join(''))) return 'fuzzy';
  return 'different';
}

const isPersonish = (e: Entity) => e.type === 'person' || e.type === 'unknown';

function namedAgreement(a: Entity, b: Entity): Agreement {
  let best: Agreement = 'different';
  for (const na of a.names) {
    for (const nb of b.names) {
      const r = isPersonish(a) && isPersonish(b) && na.surname && nb.surname ? personNames(na, nb) : otherNames(na, nb);
      if (r === 'exact') return 'exact';
      if (r === 'fuzzy') best = 'fuzzy';
    }
  }
  return best;
}

function roleOf(e: Entity) {
  const m = e.mentions.find((x) => x.kind === 'role');
  return m ? { head: m.head, roleWords: m.roleWords, definite: m.definite } : e.roles[0] && { head: e.roles[0].head, roleWords: e.roles[0].words, definite: e.definite };
}

/** Whether the draft's speaker `a` is the source's speaker `b` (each entity of its own text). */
export function sameSpeaker(a: Entity, b: Entity): Agreement {
  if (a.type === 'group' || b.type === 'group') return 'unknown';
  if (a.named && b.named) return namedAgreement(a, b);
  if (a.named !== b.named) {
    const [named, unnamed] = a.named ? [a, b] : [b, a];
    const role = roleOf(unnamed);
    if (!role) return 'unknown';
    if (roleFits(role, named)) return 'exact';
    // The source's "another French diplomat" is somebody it does not name: not the draft's Laurent
    // Fabius. The other way round, a draft's "a diplomat" for a named source speaker is vague, not wrong.
    return !a.named || role.definite ? 'unknown' : 'different';
  }
  const ra = roleOf(a);
  const rb = roleOf(b);
  if (!ra || !rb || ra.head !== rb.head) return 'unknown';
  return roleFits(ra, b) || roleFits(rb, a) ? 'exact' : 'unknown';
}
