// Bad input never crashes the core and never gives a finding outside the text (issue 17).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createChecker, type Finding } from '../../server/src/core/index';
import { readCorpus } from '../../server/src/node/corpusFiles';
import { MAX_SENTENCE, sentenceSpans } from '../../server/src/core/text/sentences';
import { markdownView } from '../../server/src/core/text/markdown';
import { MAX_STEMMED, stem } from '../../server/src/core/text/stems';

const ROOT = path.join(__dirname, '..', '..');
const checker = createChecker(readCorpus([path.join(ROOT, 'corpus')]).inputs);

function assertInside(text: string, findings: readonly Finding[]): void {
  for (const f of findings) {
    assert.ok(0 <= f.start && f.start <= f.end && f.end <= text.length, `${f.kind} ${f.status} at ${f.start}–${f.end} of a ${text.length}-character text`);
    for (const fix of f.fixes) for (const e of fix.edits) assert.ok(0 <= e.start && e.start <= e.end && e.end <= text.length, `fix at ${e.start}–${e.end}`);
  }
}

/** The best of two times (ms) of the prose view of `text`, each run on a new text (no chunk cache). */
function viewTime(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    markdownView(text + `\n<!-- ${i} -->\n`);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

describe('hardening: the core on hostile drafts', () => {
  it('a source with a word of 100,000 letters is indexed in a moment, the word its own stem', () => {
    // The stemmer's patterns are quadratic in a word's length: such a word took minutes.
    const blob = 'q'.repeat(100_000);
    assert.equal(stem(blob), blob);
    const long = `${'re'.repeat(30)}ing`;
    assert.ok(long.length <= MAX_STEMMED && stem(long) !== long, 'a word up to the bound is stemmed');
    const source = { id: 'blob.txt', text: `Data follows. ${blob} ends here.\n\n“We will rebuild the harbour wall before winter,” the mayor said.\n`, fallbackTitle: 'blob' };
    const own = createChecker([source]);
    const text = 'The mayor said: “We will rebuild the harbour wall before winter.”\n';
    const { findings } = own.check({ text, languageId: 'markdown' });
    assert.deepEqual(findings.filter((f) => f.kind === 'quote').map((f) => f.status), ['verified']);
  });

  it('a draft with 150,000 quotation marks: one finding each, no stack overflow', function () {
    this.timeout(60000);
    const text = ' “q'.repeat(150_000) + '\n';
    const { findings } = checker.check({ text, languageId: 'markdown' });
    assert.equal(findings.length, 150_000);
    assertInside(text, findings);
  });

  it('a block whose sentence runs into the next one, repeated later: no finding past the end of the text', () => {
    const text = fs.readFileSync(path.join(ROOT, 'test/fixtures/hardening/date-past-block.md'), 'utf8');
    assert.equal(text.length, 29);
    const { findings } = checker.check({ text, languageId: 'markdown' });
    assertInside(text, findings);
    // The repeated heading is checked as itself, not as a copy of the first one.
    assert.deepEqual(
      findings.filter((f) => f.kind === 'date').map((f) => [f.start, f.end]),
      [[11, 17]],
    );
  });

  it('list items with the same text and no full stops: every date is checked (no block reused by mistake)', () => {
    const lines = Array.from({ length: 100 }, (_, i) => '  '.repeat(i) + '- item "quoted words here" on 1 May 2014 and more text to fill the line');
    const text = lines.join('\n') + '\n';
    const { findings } = checker.check({ text, languageId: 'markdown' });
    assertInside(text, findings);
    assert.equal(findings.filter((f) => f.kind === 'date').length, 100);
    assert.equal(findings.filter((f) => f.kind === 'quote').length, 100);
  });

  it('a text without full stops is still cut into sentences of bounded length', () => {
    const text = 'and more words without any stop '.repeat(2000) + 'x'.repeat(20_000);
    const spans = sentenceSpans(text);
    assert.ok(spans.length > 1);
    for (const s of spans) assert.ok(s.end - s.start <= 2 * MAX_SENTENCE, `a sentence of ${s.end - s.start} characters`);
    assert.equal(spans[0].start, 0);
    assert.equal(spans[spans.length - 1].end, text.length);
  });

  it('the prose view of a long Markdown draft takes time about linear in its length', function () {
    this.timeout(120000);
    // List items and a block quote (so that the draft cannot be read paragraph by paragraph), many quotations.
    const unit = '- a list item that says "the budget is balanced" on Monday.\n\n> A block quote, “quoted” too.\n\nPlain prose with “a quotation”, and more.\n\n';
    const small = viewTime(unit.repeat(1000));
    const large = viewTime(unit.repeat(8000));
    // Eight times the text: linear is 8 times the time; the whole-text parse took 30 to 60 times.
    assert.ok(large < 16 * small, `${small.toFixed(0)} ms for ${unit.length * 1000} characters, ${large.toFixed(0)} ms for eight times as many`);
  });

  it('lists nested hundreds of levels deep: time about linear in the text, every quotation still read', function () {
    this.timeout(120000);
    const nested = (depth: number) => Array.from({ length: depth }, (_, i) => '  '.repeat(i) + `- item ${i} said "hello there"`).join('\n') + '\n';
    const [shallow, deep] = [nested(100), nested(800)];
    const small = Math.max(viewTime(shallow), 0.5);
    const large = Math.max(viewTime(deep), 0.5);
    // The parser alone took 180 times as long for 52 times the text.
    const ratio = deep.length / shallow.length;
    assert.ok(large < 2 * ratio * small, `${small.toFixed(1)} ms for ${shallow.length} characters, ${large.toFixed(1)} ms for ${ratio.toFixed(0)} times as many`);
    const { findings } = checker.check({ text: nested(400), languageId: 'markdown' });
    assert.equal(findings.filter((f) => f.kind === 'quote').length, 400);
  });

  it('a verified quotation in a paragraph of 200,000 sentences: the speakers are read without a stack overflow', function () {
    this.timeout(60000);
    // The attribution check reads every sentence of the paragraph; it used to append them with push(...list).
    const text = 'Khamenei said: “The Americans\' coalition is nonsense.” ' + 'Ab. '.repeat(200_000) + '\n';
    const { findings } = checker.check({ text, languageId: 'plaintext' });
    assert.equal(findings.filter((f) => f.kind === 'quote' && f.status === 'verified').length, 1);
    assertInside(text, findings);
  });

  it('no call spreads a list into its arguments (push(...xs), Math.max(...xs)): a long list overflows the stack', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.ts')) {
          fs.readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
            if (/\b(?:push|unshift|fromCharCode|fromCodePoint|max|min|apply)\(\s*\.\.\./.test(line) || /\.apply\(\s*(?:null|undefined|this)\b/.test(line)) offenders.push(`${path.relative(ROOT, p)}:${i + 1}: ${line.trim()}`);
          });
        }
      }
    };
    walk(path.join(ROOT, 'server/src'));
    assert.deepEqual(offenders, []);
  });
});
