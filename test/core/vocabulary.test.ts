// The persisted vocabulary read in place (core/corpus/vocabulary.ts): every word found with its
// id, nothing else found, and a text or table out of shape refused, never used.
import { strict as assert } from 'assert';
import { hashSlots, ListVocabulary, PersistedVocabulary, vocabularyTable } from '../../server/src/core/corpus/vocabulary';

const bytesOf = (words: string[]) => new TextEncoder().encode(words.join('\n'));

class Refused extends Error {}
const refuse = (why: string): never => {
  throw new Refused(why);
};

/** Words of every kind a tokeniser gives: ASCII, accented, CJK, astral, digits, one character. */
function words(): string[] {
  const out = ['a', 'ab', 'abc', 'café', 'cafe', 'naïve', '東京', '東', '😀', 'x😀y', '2024', "o'neill", 'ß'];
  for (let i = 0; i < 3000; i++) out.push(`w${i.toString(36)}`, `ü${i}`);
  return out;
}

describe('a persisted vocabulary read in place', () => {
  const list = words();
  const bytes = bytesOf(list);
  const table = vocabularyTable(bytes, list.length);
  const inPlace = new PersistedVocabulary(bytes, list.length, () => table, refuse);
  const plain = new ListVocabulary(list);

  it('finds every word at its id, and its id gives it back, as the list does', () => {
    list.forEach((w, id) => {
      assert.equal(inPlace.get(w), id, w);
      assert.equal(plain.get(w), id, w);
      assert.equal(inPlace.word(id), w);
    });
    assert.deepEqual(inPlace.all(), list);
    assert.equal(inPlace.size, plain.size);
  });

  it('finds nothing that is not a word: prefixes, extensions, other cases and forms, the empty string', () => {
    for (const w of ['', 'abcd', 'A', 'Café', 'cafe\u0301', '東京都', '😁', 'w', 'ü', 'x😀', 'w' + (3000).toString(36), 'ü3000']) {
      assert.equal(inPlace.get(w), undefined, w);
      assert.equal(plain.get(w), undefined, w);
    }
  });

  it('an empty vocabulary finds nothing', () => {
    const empty = new PersistedVocabulary(new Uint8Array(0), 0, () => vocabularyTable(new Uint8Array(0), 0), refuse);
    assert.equal(empty.get('a'), undefined);
    assert.deepEqual(empty.all(), []);
  });

  it('refuses a table that is not each id once, a table of another size, and a text that does not hold its count of words', () => {
    const twice = table.slice();
    const b = twice.findIndex((id) => id === 1);
    twice[b] = 0;
    assert.throws(() => new PersistedVocabulary(bytes, list.length, () => twice, refuse).get('abc'), (e: unknown) => e instanceof Refused && e.message === 'bad vocabulary table');
    const outOfRange = table.slice();
    outOfRange[b] = list.length;
    assert.throws(() => new PersistedVocabulary(bytes, list.length, () => outOfRange, refuse).get('abc'), Refused);
    assert.throws(() => new PersistedVocabulary(bytes, list.length, () => table.subarray(0, hashSlots(list.length) / 2), refuse).get('abc'), Refused);
    assert.throws(() => new PersistedVocabulary(bytes, list.length + 1, () => vocabularyTable(bytes, list.length), refuse).word(0), (e: unknown) => e instanceof Refused && e.message === 'inconsistent vocabulary');
    assert.throws(() => new PersistedVocabulary(bytes, list.length - 1, () => table, refuse).word(0), Refused);
    // Refused at once when verified (a persisted index read whole checks everything as it loads).
    assert.throws(() => new PersistedVocabulary(bytes, list.length, () => twice, refuse).verify(), Refused);
  });
});
