// The review report: `corroborate report` writes one self-contained page per draft, every text
// from drafts and sources escaped; the change line keeps punctuation. (test/e2e/report.test.ts
// renders the page in Chromium.)
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { changeParts } from '../server/src/wording';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');
const HOSTILE_CORPUS = path.join(ROOT, 'test/fixtures/report/hostile-corpus');
const HOSTILE_DRAFT = path.join(ROOT, 'test/fixtures/report/hostile-draft.md');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, XDG_CACHE_HOME: path.join(cwd, '.cache') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('review report', function () {
  this.timeout(20000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-report-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('corroborate report writes the page of the example draft: summary table, findings by status, sources beside them', () => {
    const out = path.join(dir, 'example.html');
    const r = run(ROOT, 'report', 'examples/iran-coalition-draft.md', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /example\.html: 5 problems, \d+ verified/);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<table class="summary">/);
    assert.match(html, /<td>Quotations<\/td><td class="">7<\/td><td class="">1<\/td>/);
    assert.match(html, /<mark class="changed" id="m\d+">Having a channel of communication on one of the largest issues/);
    assert.match(html, /<mark class="missing" id=/);
    assert.match(html, /<mark class="ok" id=/);
    // The altered quotation's card: the change line with the words marked, the source sentence.
    assert.match(html, /Changes \(<del>draft<\/del> → <ins>source<\/ins>\): Having a channel of communication on one of the <del>largest<\/del> <ins>biggest<\/ins> issues/);
    assert.match(html, /<blockquote>[^<]*<b>Having a channel of communication on one of the biggest issues in the world today is common sense<\/b>/);
    assert.doesNotMatch(html, /<script|<link|<img|src=|@import|url\(/i);
  });

  it('escapes hostile drafts and sources: no element, attribute, link or request comes from their text', () => {
    const out = path.join(dir, 'hostile.html');
    const r = run(ROOT, 'report', '--corpus', HOSTILE_CORPUS, '--no-cache', HOSTILE_DRAFT, '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const html = fs.readFileSync(out, 'utf8');
    assert.doesNotMatch(html, /<(script|img|iframe|style>body)|<a href="(?!#)/i);
    assert.doesNotMatch(html, /<[^>]*(onerror|javascript:)/i);
    assert.doesNotMatch(html, /url\(https/);
    assert.match(html, /&lt;script&gt;window\.__pwned = 1&lt;\/script&gt;/);
    assert.match(html, /&lt;img src=https:\/\/tracker\.invalid\/pixel\.gif onerror=&quot;window\.__pwned = 2&quot;&gt;Gazette/);
    for (const m of html.matchAll(/href="([^"]*)"/g)) assert.match(m[1], /^#[fm]\d+$/, 'only in-page links');
    // The mayor's quotation was matched in the hostile source (its card shows the source).
    assert.match(html, /<mark class="changed" id="m1">the budget is balanced today<\/mark>/);
    assert.match(html, /<span class="title">&lt;script&gt;window\.__pwned = 1&lt;\/script&gt; Council &lt;b&gt;minutes&lt;\/b&gt;<\/span>/);
  });

  it('several drafts: one page each in the --out folder; without --out, beside each draft; - writes to stdout', () => {
    fs.copyFileSync(path.join(ROOT, 'examples/iran-coalition-draft.md'), path.join(dir, 'a.md'));
    fs.writeFileSync(path.join(dir, 'b.txt'), 'She said "we are not and will not coordinate militarily".\n');
    const r = run(dir, 'report', 'a.md', 'b.txt', '--out', 'reports');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'reports')).sort(), ['a.report.html', 'b.report.html']);
    const beside = run(dir, 'report', 'b.txt');
    assert.equal(beside.code, 0, beside.stderr);
    assert.ok(fs.existsSync(path.join(dir, 'b.report.html')));
    const stdout = run(dir, 'report', 'b.txt', '--out', '-');
    assert.equal(stdout.code, 0);
    assert.match(stdout.stdout, /^<!DOCTYPE html>[\s\S]*<\/html>\n$/);
    // A draft that cannot be read: status 2, the others still written.
    const missing = run(dir, 'report', 'nope.md', 'a.md', '--out', 'more');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read nope\.md/);
    assert.ok(fs.existsSync(path.join(dir, 'more', 'a.report.html')));
  });

  it('the change line keeps the punctuation around the changed words', () => {
    const parts = changeParts(
      [
        { op: 'same', text: 'strikes on terrorist sites' },
        { op: 'removed', text: 'We' },
        { op: 'added', text: 'we' },
        { op: 'same', text: 'must not' },
      ],
      'strikes on terrorist sites. We must not',
      'strikes on terrorist sites, and we must not',
    );
    const line = parts.map((p) => (p.op === 'removed' ? `~~${p.text}~~` : p.op === 'added' ? `**${p.text}**` : p.text) + (p.space ? ' ' : '')).join('');
    assert.equal(line, 'strikes on terrorist sites. ~~We~~ **we** must not');
    // Words it cannot find: the bare words, never a lost word.
    const bare = changeParts([{ op: 'same', text: 'a b' }, { op: 'added', text: 'c' }], 'x', 'y');
    assert.deepEqual(bare.map((p) => p.text), ['a b', 'c']);
  });
});
