// The open world: a draft's story sources sit in an archive of unrelated stories that share stock
// phrases with the draft (test/archive.ts), or are missing from it. An origin must be evidence,
// not coincidence. Expectations are inline in test/fixtures/openworld/draft.md.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createChecker, type Finding, type SourceInput } from '../../server/src/core/index';
import { readCorpus } from '../../server/src/node/corpusFiles';
import { generatedArchive } from '../archive';
import { markersOf } from '../fixtureHarness';

const DIR = path.join(__dirname, '..', 'fixtures', 'openworld');
const draft = fs.readFileSync(path.join(DIR, 'draft.md'), 'utf8');
const archive: SourceInput[] = [...generatedArchive(400), ...readCorpus([path.join(DIR, 'archive')]).inputs];
const story = readCorpus([path.join(DIR, 'story')]).inputs;
const withStory = createChecker([...story, ...archive]);
const without = createChecker(archive);

const quotes = (fs2: Finding[]) => fs2.filter((f) => f.kind === 'quote');

/** Markers in the one syntax of the fixtures (test/fixtureHarness.ts): <!--quote STATUS[; anywhere]-->. */
function expectations(findings: Finding[]) {
  return markersOf(draft).map((m) => ({ status: m.status, anywhere: m.details.includes('anywhere'), finding: findings.filter((f) => f.end <= m.at).pop()! }));
}

describe('open world: the story in an archive of unrelated stories', () => {
  const found = quotes(withStory.check({ text: draft, languageId: 'markdown' }).findings);
  const expected = expectations(found);
  it('every quotation carries an expectation', () => {
    assert.equal(expected.length, found.length);
    assert.ok(expected.length >= 10);
  });
  for (const e of expected) {
    it(`${e.status}: “${e.finding.text.slice(0, 60)}”`, () => {
      assert.equal(e.finding.status, e.status, e.finding.message);
      if (e.status !== 'unsupported') {
        const origin = e.anywhere ? 'old-speech.md' : /story\//;
        assert.match(e.finding.sources[0].sourceId, origin instanceof RegExp ? origin : new RegExp(origin));
      }
      if (e.status === 'unsupported') assert.deepEqual(e.finding.fixes, []);
    });
  }

  it('a stock phrase that meets an unrelated story keeps that passage only as information', () => {
    const f = found.find((x) => x.text.replace(/\s+/g, ' ').startsWith('I am not going to get into'))!;
    assert.equal(f.status, 'unsupported');
    for (const m of f.sources) assert.equal(m.closest, true);
  });

  it('every offered fix leaves a well-formed draft whose quotation then verifies', () => {
    const before = withStory.check({ text: draft, languageId: 'markdown' }).findings;
    const altered = quotes(before).filter((f) => f.status === 'altered');
    assert.ok(altered.length >= 1);
    for (const f of altered) {
      assert.ok(f.fixes.length >= 1, f.text);
      for (const fix of f.fixes) {
        let text = draft;
        for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) {
          assert.ok(e.start >= f.start && e.end <= f.end, 'a fix stays inside its quotation');
          text = text.slice(0, e.start) + e.newText + text.slice(e.end);
        }
        const after = quotes(withStory.check({ text, languageId: 'markdown' }).findings);
        assert.equal(after.length, found.length, 'as many quotations as before');
        assert.equal(after.filter((x) => x.status === 'unbalanced').length, 0);
        const fixed = after.find((x) => x.start === f.start)!;
        assert.equal(fixed.status, 'verified', fixed.message);
      }
    }
  });
});

describe('open world: the story sources absent', () => {
  const found = quotes(without.check({ text: draft, languageId: 'markdown' }).findings);
  const expected = expectations(found);
  for (const e of expected) {
    const want = e.anywhere ? e.status : 'unsupported';
    it(`${want}: “${e.finding.text.slice(0, 60)}”`, () => {
      assert.equal(e.finding.status, want, `${e.finding.message} ${e.finding.sources.map((m) => m.sourceId).join(', ')}`);
    });
  }
});
