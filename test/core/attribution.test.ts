// The attribution check through the core's one entry: sources and drafts in, findings out.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createChecker, DEFAULT_CONFIG, type Finding } from '../../server/src/core/index';

const SOURCES = [
  {
    id: 'wire.txt',
    fallbackTitle: 'Wire',
    meta: { outlet: 'Wire', date: '2014-09-15' },
    text: [
      'State Department spokeswoman Jen Paski said the United States was not coordinating with Iran.',
      '',
      '"We are not and will not coordinate militarily," she said in a statement.',
      '',
      'Foreign Minister Laurent Fabius opened the conference.',
      '',
      '"This conference was like a mass," another French diplomat said.',
      '',
      'Secretary of State John Kerry spoke later. "I am not going to get into a back and forth," he said.',
    ].join('\n'),
  },
];

const checker = createChecker(SOURCES);
const config = { ...DEFAULT_CONFIG, checkDates: false };

function check(draft: string, conf = config): Finding[] {
  return checker.check({ text: draft, languageId: 'plaintext' }, conf).findings;
}
const attribution = (fs: Finding[]) => fs.filter((f) => f.kind === 'attribution');

describe('attribution check', () => {
  it('verified: the draft gives the quote to the speaker the source gives it to (misspelt there)', () => {
    const draft = '"We are not and will not coordinate militarily," Psaki said.';
    const fs = check(draft);
    const [a] = attribution(fs);
    const quote = fs.find((f) => f.kind === 'quote')!;
    assert.equal(a.status, 'verified');
    assert.equal(a.severity, 'none');
    assert.deepEqual([a.start, a.end], [quote.start, quote.end], 'same span as the quote finding');
    assert.equal(a.speaker, 'Psaki');
    assert.equal(a.expected, 'Jen Paski, State Department spokeswoman');
    assert.equal(a.sources[0].speaker, 'Jen Paski, State Department spokeswoman');
    assert.deepEqual(a.fixes, []);
  });

  it('misattributed: names the sources\' speaker and offers to put that name in', () => {
    const draft = '"We are not and will not coordinate militarily," Secretary of State John Kerry said.';
    const [a] = attribution(check(draft));
    assert.equal(a.status, 'misattributed');
    assert.equal(a.severity, 'warning');
    assert.equal(a.message, 'Sources attribute this to Jen Paski, State Department spokeswoman');
    assert.equal(a.speaker, 'John Kerry, Secretary of State');
    assert.equal(a.expected, 'Jen Paski, State Department spokeswoman');
    assert.equal(a.fixes.length, 1);
    const [edit] = a.fixes[0].edits;
    assert.equal(draft.slice(0, edit.start) + edit.newText + draft.slice(edit.end), '"We are not and will not coordinate militarily," Jen Paski said.');
  });

  it('resolves pronouns on both sides', () => {
    const draft = 'John Kerry was asked about Iran.\n\n"I am not going to get into a back and forth," he said.';
    assert.equal(attribution(check(draft))[0]?.status, 'verified');
    const wrong = 'Jen Psaki was asked about Iran.\n\n"I am not going to get into a back and forth," she said.';
    const [a] = attribution(check(wrong));
    assert.equal(a.status, 'misattributed');
    assert.equal(a.fixes[0].edits[0].newText, 'John Kerry');
  });

  it('an unnamed source speaker is not a named draft speaker', () => {
    const [a] = attribution(check('"This conference was like a mass," Foreign Minister Laurent Fabius said.'));
    assert.equal(a.status, 'misattributed');
    assert.equal(a.expected, 'another French diplomat');
    assert.equal(a.fixes[0].edits[0].newText, 'a French diplomat');
    assert.equal(attribution(check('A French diplomat said: "This conference was like a mass."'))[0]?.status, 'verified');
  });

  it('no finding when the draft names no speaker', () => {
    const fs = check('The mood was summed up as "like a mass" and "This conference was like a mass" by several.');
    assert.deepEqual(attribution(fs), []);
  });

  it('annotates the quote findings\' source matches with each source\'s speaker, in place', () => {
    const fs = check('Nobody expected "we are not and will not coordinate militarily" to be said.');
    const quote = fs.find((f) => f.kind === 'quote')!;
    assert.equal(quote.status, 'verified');
    assert.equal(quote.sources[0].speaker, 'Jen Paski, State Department spokeswoman');
  });

  it('names in the hover only a source speaker read with no doubt, or the draft\'s own', () => {
    const c = createChecker([{ id: 'geneva.txt', fallbackTitle: 'Geneva', text: 'Tomas Lind met Karl Weber in Geneva. "We will not sign this year," he said.\n' }]);
    const [quote] = c.check({ text: 'Nobody expected "we will not sign this year" to be said.', languageId: 'plaintext' }, config).findings;
    assert.equal(quote.status, 'verified');
    assert.equal(quote.sources[0].speaker, undefined, 'a pronoun with two people before it is a guess');
    const [q2] = c.check({ text: '"We will not sign this year," Tomas Lind said.', languageId: 'plaintext' }, config).findings;
    assert.equal(q2.sources[0].speaker, 'Tomas Lind', 'the guess agrees with the draft');
  });

  it('follows the configuration', () => {
    const draft = '"We are not and will not coordinate militarily," Kerry said.';
    assert.equal(attribution(check(draft, { ...config, misattributedSeverity: 'error' }))[0].severity, 'error');
    assert.deepEqual(attribution(check(draft, { ...config, checkAttribution: false })), []);
  });
});

// Fixtures: sources and drafts in one file, the expected findings written after each draft (the
// format is described at the top of test/fixtures/speakers/attribution/classes.md).
describe('attribution check: fixtures', () => {
  const dir = path.join(__dirname, '..', 'fixtures', 'speakers', 'attribution');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    describe(file, () => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const sections = text.split(/<!-- (source: [^>]*|draft|expect: [^>]*) -->/);
      const sources: { id: string; fallbackTitle: string; text: string }[] = [];
      const cases: { draft: string; expect: string }[] = [];
      for (let i = 1; i + 1 < sections.length; i += 2) {
        const mark = sections[i];
        const body = sections[i + 1].trim();
        if (mark.startsWith('source: ')) sources.push({ id: mark.slice(8).trim(), fallbackTitle: mark.slice(8).trim(), text: body + '\n' });
        else if (mark === 'draft') cases.push({ draft: body, expect: '' });
        else cases[cases.length - 1].expect = mark.slice(8).trim();
      }
      const checker = createChecker(sources);
      for (const c of cases) {
        it(`${c.draft.replace(/\s+/g, ' ').slice(0, 70)} → ${c.expect}`, () => {
          const found = attribution(checker.check({ text: c.draft, languageId: 'plaintext' }, config).findings);
          const [status, ...rest] = c.expect.split(';')[0].trim().split(' ');
          const fix = c.expect.split(';')[1]?.trim();
          if (status === 'none') return assert.deepEqual(found.map((f) => `${f.status} ${f.expected}`), []);
          assert.equal(found.length, 1, `one attribution finding, got ${found.map((f) => `${f.status} ${f.expected}`).join(', ') || 'none'}`);
          const [a] = found;
          assert.equal(a.status, status);
          if (status === 'misattributed') {
            assert.equal(a.expected!.split(',')[0], rest.join(' '));
            assert.ok(!a.message.includes(';'), 'one speaker, never a list');
          }
          if (fix === 'no fix') assert.deepEqual(a.fixes, []);
          else if (fix?.startsWith('fix ')) {
            assert.equal(a.fixes.length, 1);
            const [edit] = a.fixes[0].edits;
            assert.equal(edit.newText, fix.slice(4));
            const fixed = c.draft.slice(0, edit.start) + edit.newText + c.draft.slice(edit.end);
            assert.ok(fixed.includes(fix.slice(4)), fixed);
          }
        });
      }
    });
  }
});
