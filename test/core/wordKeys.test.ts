// Word keys and the phrase search over candidates (core/corpus/wordKeys.ts): a source holding a
// phrase has every key the phrase asks for, and the search reads the writer's marks (ellipses,
// brackets, [sic]) as the quotation check does.
import { strict as assert } from 'assert';
import { IndexBuilder } from '../../server/src/core/corpus/index';
import { findPhraseIn, MAX_GAP, phraseParts, phraseWordKeys, sourceWordKeys, wordKey } from '../../server/src/core/corpus/wordKeys';
import { tokenize } from '../../server/src/core/text/tokens';
import { seeded } from '../../server/src/tools/bench/random';

const FILLER = Array.from({ length: MAX_GAP + 5 }, (_, i) => `word${i}`).join(' ');
const SOURCES = [
  { id: 'a.md', text: 'Port news\n\nThe mayor said the port would close in May. Officials disagreed.\n' },
  { id: 'b.txt', text: `The council said the levy stays. Then ${FILLER} it said the port would close.\n` },
];

function index() {
  const b = new IndexBuilder();
  for (const s of SOURCES) b.add({ ...s, fallbackTitle: s.id });
  return b.finish();
}

const places = (phrase: string) => {
  const idx = index();
  return findPhraseIn(idx, phraseParts(phrase)).map((o) => ({ id: idx.sources[o.source].id, text: idx.sources[o.source].text.slice(o.start, o.end) }));
};

describe('word keys and the phrase search', () => {
  it('finds a phrase word for word, typography aside, in every source that has it', () => {
    assert.deepEqual(places('“The PORT would close”'), [
      { id: 'a.md', text: 'the port would close' },
      { id: 'b.txt', text: 'the port would close' },
    ]);
    assert.deepEqual(places('port close would'), []);
  });

  it('an ellipsis or bracketed words are gaps (parts in order, at most MAX_GAP words apart); [sic] is dropped', () => {
    assert.deepEqual(places('The mayor said … would close'), [{ id: 'a.md', text: 'The mayor said the port would close' }]);
    assert.deepEqual(places('[Smith] said the port would close'), [
      { id: 'a.md', text: 'said the port would close' },
      { id: 'b.txt', text: 'said the port would close' },
    ]);
    assert.deepEqual(places('the levy [sic] stays'), [{ id: 'b.txt', text: 'the levy stays' }]);
    // The parts out of order, and a gap longer than MAX_GAP words: nowhere.
    assert.deepEqual(places('would close ... the mayor said'), []);
    assert.deepEqual(places('the levy stays ... it said the port'), []);
    assert.deepEqual(phraseParts('a b ... [c] d … e'), [['a', 'b'], ['d'], ['e']]);
  });

  it('a phrase asks for its parts’ pairs (a one-word part: its word); a source holding it has them all', () => {
    const { keys } = phraseWordKeys('the mayor … May');
    assert.deepEqual([...keys], [wordKey('the mayor'), wordKey('may')].sort((x, y) => x - y));
    const rnd = seeded(5);
    for (const s of SOURCES) {
      const has = new Set(sourceWordKeys({ ...s, fallbackTitle: s.id }));
      const words = tokenize(s.text);
      for (let k = 0; k < 50; k++) {
        const from = rnd.int(0, words.length - 2);
        const to = rnd.int(from + 1, Math.min(words.length, from + 8));
        const phrase = s.text.slice(words[from].start, words[to - 1].end);
        for (const key of phraseWordKeys(phrase).keys) assert.ok(has.has(key), `${s.id}: ${phrase}`);
      }
    }
  });
});
