// The Markdown prose view is parsed chunk by chunk when a text's blocks stay between blank lines
// (a keystroke then re-parses one chunk). It must be the view one parse of the whole text gives:
// checked on every Markdown text the tests have and on generated texts that mix plain paragraphs
// with every construct that ties blocks together (so both paths are taken).
import { strict as assert } from 'assert';
import { markdownView, markdownViewInParts, markdownViewWhole } from '../../server/src/core/text/markdown';
import { seeded, type Random } from '../../server/src/tools/bench/random';
import { textsOfTheTests } from '../texts';

const LINES = [
  'Iran’s leader said on Monday that talks “would not help”, officials said.',
  'A line with `inline code` and a [link](https://example.com/a "title") in it.',
  'An image ![alt text](pic.png) and <b>inline HTML</b> and an autolink <https://x.org>.',
  'Emphasis *here* and **there**, a hashtag #Iran and U.S. officials.',
  '# A heading about “quotes”',
  '## Another heading',
  '| a | b |',
  '|---|---|',
  '| “cell” | two |',
  'A reference [link][ref] that may or may not resolve.',
  'Escaped \\*stars\\* and an entity &amp; here.',
  '  Indented by two, with trailing spaces.   ',
  'Plain prose, “quoted” words & an ampersand, *emphasis* and _more_.',
  'A hard break follows  ',
  'Title line',
  '===',
  '---',
  '- a list item with “a quote”',
  '1. a numbered item',
  '> a block quote',
  '```',
  'code “not prose”',
  '    indented code',
  '<div>',
  '</div>',
  '[ref]: https://example.com',
  '<!-- a comment -->',
  '<!-- a comment that runs on',
  'over lines -->',
  '<pre>',
  '</pre>',
  '~~~',
  '````',
  '\tTabbed line',
  '',
  '',
  '   ',
];

function generated(rng: Random, plain: boolean): string {
  const lines: string[] = [];
  const n = rng.int(1, 30);
  for (let i = 0; i < n; i++) lines.push(rng.pick(plain ? LINES.filter((l, k) => k < 15 || l.trim() === '') : LINES));
  let text = lines.join(rng.chance(0.2) ? '\r\n' : '\n');
  if (rng.chance(0.3)) text = `---\ntitle: A draft\ndate: 2014-09-15\n${rng.chance(0.3) ? '\nnote: blank line above\n' : ''}---\n${text}`;
  if (rng.chance(0.05)) text = `---\ntitle: no closing fence\n${text}`;
  return text;
}

describe('prose view of Markdown, chunk by chunk', () => {
  it('is the view of one parse of the whole text, for the tests\' texts and 2,000 generated ones', function () {
    this.timeout(60000);
    const texts = textsOfTheTests(/\.(md|markdown)$/);
    const rng = seeded(17);
    for (let i = 0; i < 2000; i++) texts.push(generated(rng, i % 2 === 0));
    for (const text of texts) {
      // Twice: the second time from the chunk cache.
      assert.deepEqual(markdownView(text), markdownViewWhole(text), JSON.stringify(text.slice(0, 300)));
      assert.deepEqual(markdownView(text), markdownViewWhole(text), JSON.stringify(text.slice(0, 300)));
    }
  });

  it('an edit inside one paragraph gives the view of the edited text', () => {
    const rng = seeded(3);
    let text = generated(rng, true);
    for (let i = 0; i < 300; i++) {
      const at = rng.int(0, text.length);
      text = rng.chance(0.6) ? text.slice(0, at) + rng.pick(['a', ' ', '“', '”', '\n', '`', '[', ']', '(', ')', '#']) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
      assert.deepEqual(markdownView(text), markdownViewWhole(text), JSON.stringify(text.slice(0, 300)));
    }
  });
});

describe('prose view of a long Markdown text, in parts', () => {
  it('is the view of one parse of the whole text, for the tests\' texts and 1,000 generated ones', function () {
    this.timeout(60000);
    const texts = textsOfTheTests(/\.(md|markdown)$/);
    const rng = seeded(29);
    for (let i = 0; i < 1000; i++) {
      // Longer texts, with blank lines between runs of lines so that there are places to cut.
      const runs = Array.from({ length: rng.int(2, 12) }, () => generated(rng, false));
      texts.push(runs.join(rng.pick(['\n\n', '\n', '\n\n\n', '\n  \n'])));
    }
    for (const text of texts) {
      // Parts as small as can be: every place the text may be cut is a cut.
      assert.deepEqual(markdownViewInParts(text, 1), markdownViewWhole(text), JSON.stringify(text.slice(0, 400)));
    }
  });
});
