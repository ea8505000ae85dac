// The attribution check through the core's one entry: sources and drafts in, findings out.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createChecker, DEFAULT_CONFIG, type Finding } from '../../server/src/core/index';
import { fixtureTests, readFixture, withoutMarkers } from '../fixtureHarness';

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

  it('a statement interrupted by its attribution and quoted joined has its speaker', () => {
    const own = createChecker([
      {
        id: 'war.txt',
        fallbackTitle: 'War',
        text: 'Defence Minister Anna Berg spoke in parliament. "We will fight on every front," Berg said on Monday, "until the very last day of this long war." Opposition leader Tom Hale said later that the war "has gone on far too long."',
      },
    ]);
    const joined = 'We will fight on every front until the very last day of this long war';
    const said = (who: string) => attribution(own.check({ text: `"${joined}," ${who} said.`, languageId: 'plaintext' }, config).findings);
    assert.deepEqual(said('Berg').map((a) => [a.status, a.expected]), [['verified', 'Anna Berg, Defence Minister']]);
    assert.deepEqual(said('Tom Hale').map((a) => [a.status, a.expected]), [['misattributed', 'Anna Berg, Defence Minister']]);
  });

  it('no misattribution when an origin whose speaker cannot be read is in a source that names the draft\'s speaker', () => {
    const A = { id: 'a.txt', fallbackTitle: 'A', text: 'After a post by Dana White, Pentagon spokesman Rob Manning issued a statement: "We will not comment on the leaked memo from the budget office."' };
    const two = createChecker([
      A,
      { id: 'b.txt', fallbackTitle: 'B', text: 'Dana White posted on Friday.\n\nWe will not comment on the leaked memo from the budget office.\n\nThe briefing then ended.' },
    ]);
    const draft = '"We will not comment on the leaked memo from the budget office," Dana White said.';
    const found = two.check({ text: draft, languageId: 'plaintext' }, config).findings;
    assert.deepEqual(found.filter((f) => f.kind === 'quote').map((f) => [f.status, f.sources.length]), [['verified', 2]]);
    assert.deepEqual(attribution(found), []);
    // Without that source, the one origin's speaker contradicts the draft's.
    const one = createChecker([A, { id: 'c.txt', fallbackTitle: 'C', text: 'Dana White posted on Friday.' }]);
    assert.deepEqual(attribution(one.check({ text: draft, languageId: 'plaintext' }, config).findings).map((a) => a.status), ['misattributed']);
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

// Fixtures: sources and drafts in one file, the expected findings marked in each draft
// (test/fixtureHarness.ts); a draft without a marker must have no attribution finding.
describe('attribution check: fixtures', () => {
  const dir = path.join(__dirname, '..', 'fixtures', 'speakers', 'attribution');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
  for (const file of files) {
    describe(file, () => fixtureTests(path.join(dir, file), { kinds: ['attribution'], config, languageId: 'plaintext', stripMarkers: true }));
  }

  it('a misattribution names one speaker, never a list', () => {
    let seen = 0;
    for (const file of files) {
      const fixture = readFixture(path.join(dir, file));
      const checker = createChecker(fixture.sources);
      for (const d of fixture.drafts) {
        const draft = withoutMarkers(d);
        for (const f of attribution(checker.check({ text: draft.text, languageId: 'plaintext' }, config).findings)) {
          if (f.status !== 'misattributed') continue;
          seen++;
          assert.ok(!f.message.includes(';'), f.message);
        }
      }
    }
    assert.ok(seen >= 4, `${seen} misattributions`);
  });
});
