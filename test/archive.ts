// A generated news archive for open-world tests: hundreds of unrelated stories, each about its own
// made-up people and places, written from ordinary English and the stock phrases that real
// archives are full of ("I am not going to", "by any means", "told reporters"). Seeded, so every
// run sees the same archive. Tests add a draft's own story sources beside it (or leave them out).
import type { SourceInput } from '../server/src/core/index';
import { seeded } from '../server/src/tools/bench/random';


const NOUNS = 'plan vote budget team market road school report deal price policy court case match season bank union strike border election council company project river bridge hospital program campaign rule law tax fund agency board city village factory port harbour wall storm flood fire police army talks crisis minister leader government party'.split(' ');
const VERBS = 'get stop change review build open close win lose support back fight cut raise sign block approve reject delay start finish visit'.split(' ');
const ADJECTIVES = 'new old big small local national final strong weak early late major minor public private serious difficult important clear'.split(' ');
const STOCK = [
  'I am not going to',
  "I don't think that's",
  'we are not going to',
  'it is important to',
  'at the end of the day',
  'this is the beginning of',
  'there is no doubt that',
  'we will do whatever it takes to',
  'by any means',
  'we want to make sure that',
];
const SYLLABLES = 'ka ro mi te zu la ven dor is an bel tor gri mo sa li nu fe dra ko'.split(' ');

/** `count` unrelated stories, as a corpus adapter would hand them to the core. */
export function generatedArchive(count: number, seed = 1): SourceInput[] {
  const r = seeded(seed).next;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const name = () => {
    let w = '';
    for (let k = 0, n = 2 + Math.floor(r() * 2); k < n; k++) w += pick(SYLLABLES);
    return w[0].toUpperCase() + w.slice(1);
  };
  const out: SourceInput[] = [];
  for (let i = 0; i < count; i++) {
    const people = [name() + ' ' + name(), name() + ' ' + name()];
    const place = name();
    const thing = `${pick(ADJECTIVES)} ${pick(NOUNS)}`;
    const sentences: string[] = [`${place.toUpperCase()} — The ${place} ${pick(NOUNS)} said on ${pick(['Monday', 'Tuesday', 'Friday'])} it would ${pick(VERBS)} the ${thing}.`];
    for (let k = 0, n = 8 + Math.floor(r() * 8); k < n; k++) {
      const who = pick(people);
      const roll = r();
      if (roll < 0.35) sentences.push(`"${pick(STOCK)} ${pick(VERBS)} the ${pick(NOUNS)}," ${who} told reporters.`);
      else if (roll < 0.5) sentences.push(`${who} said the ${place} ${pick(NOUNS)} was "${pick(ADJECTIVES)}" and that ${pick(STOCK).toLowerCase()} ${pick(VERBS)} it.`);
      else if (roll < 0.75) sentences.push(`The ${pick(ADJECTIVES)} ${pick(NOUNS)} in ${place} will ${pick(VERBS)} the ${pick(NOUNS)} before the ${pick(ADJECTIVES)} ${pick(NOUNS)}, ${who} said.`);
      else sentences.push(`Officials in ${place} said the ${thing} would ${pick(VERBS)} the ${pick(NOUNS)} of the ${pick(NOUNS)}.`);
    }
    out.push({ id: `archive/story-${String(i).padStart(4, '0')}.txt`, text: `${place} ${thing}\n\n${sentences.join(' ')}\n`, fallbackTitle: `story-${i}` });
  }
  return out;
}
