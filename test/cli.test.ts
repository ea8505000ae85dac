// The CLI as a user runs it: `corroborate check` through bin/corroborate.js (the npx entry).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI', function () {
  this.timeout(20000);

  it('checks the example draft against the bundled corpus: compiler-style lines, exit 1', () => {
    const r = run('check', 'examples/iran-coalition-draft.md');
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const problems = lines.filter((l) => /^examples\/iran-coalition-draft\.md:\d+:\d+: (warning|information|error): /.test(l));
    assert.ok(problems.length >= 3, r.stdout);
    assert.ok(problems.some((l) => l.includes('No source contains this quotation')));
    assert.ok(problems.some((l) => /Differs from .*: draft has “largest”; source has “biggest”/.test(l)));
    assert.match(lines[lines.length - 1], /^\d+ problems, \d+ verified \(5 sources\)$/);
  });

  it('JSON: verbatim quotes from the seed articles are verified, the invented one unsupported', () => {
    const fixture = 'test/fixtures/cli/verbatim.md';
    const r = run('check', '--format', 'json', fixture);
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.version, 1);
    assert.equal(out.corpus.sources, 5);
    assert.deepEqual(out.corpus.paths, [path.join(ROOT, 'corpus')]);
    assert.equal(out.drafts.length, 1);
    assert.equal(out.drafts[0].path, fixture);
    const quotes = out.drafts[0].findings.filter((f: { kind: string }) => f.kind === 'quote');
    // Expectations are in the fixture, as <!-- expect: STATUS --> before each quote paragraph.
    const text = fs.readFileSync(path.join(ROOT, fixture), 'utf8');
    const expected = [...text.matchAll(/<!-- expect: (\w+) -->/g)].map((m) => m[1]);
    assert.deepEqual(
      quotes.map((f: { status: string }) => f.status),
      expected,
    );
    const lines = text.split('\n');
    for (const f of quotes) {
      assert.deepEqual(Object.keys(f).slice(0, 7), ['kind', 'status', 'severity', 'range', 'text', 'message', 'sources']);
      // range covers the quotation text (zero-based, UTF-16).
      const { start, end } = f.range;
      const covered =
        start.line === end.line
          ? lines[start.line].slice(start.character, end.character)
          : [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
      assert.equal(covered, f.text);
      if (f.status === 'verified') {
        assert.equal(f.severity, 'none');
        assert.ok(f.sources.length >= 1);
        for (const s of f.sources) {
          assert.deepEqual(Object.keys(s).slice(0, 7), ['id', 'title', 'outlet', 'date', 'path', 'range', 'excerpt']);
          assert.ok(fs.existsSync(s.path));
        }
      } else {
        assert.equal(f.severity, 'warning');
        assert.equal(f.message, 'No source contains this quotation');
      }
    }
    // One of them crosses a hard line break in the wire story.
    assert.ok(quotes.some((f: { sources: { range: { start: { line: number }; end: { line: number } } }[] }) => f.sources.some((s) => s.range.end.line > s.range.start.line)));
  });

  it('exit 0 when every quotation is verified', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-cli-'));
    const draft = path.join(dir, 'ok.txt');
    fs.writeFileSync(draft, 'Psaki said "we are not and will not coordinate militarily" with Iran.\n');
    const r = run('check', draft);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^0 problems, \d+ verified/m);
    fs.rmSync(dir, { recursive: true });
  });

  it('--corpus DIR (repeatable) replaces the bundled corpus', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-cli-'));
    fs.mkdirSync(path.join(dir, 'a'));
    fs.mkdirSync(path.join(dir, 'b'));
    fs.writeFileSync(path.join(dir, 'a', 'one.txt'), 'The mayor said the bridge will open in May.');
    fs.writeFileSync(path.join(dir, 'b', 'two.md'), '---\ntitle: Two\n---\nThe council said taxes will not rise.');
    const draft = path.join(dir, 'd.md');
    fs.writeFileSync(draft, '"The bridge will open in May," said the mayor. "Taxes will not rise," said the council. "We are not and will not coordinate militarily."');
    const r = run('check', '--corpus', path.join(dir, 'a'), '--corpus', path.join(dir, 'b'), '--format', 'json', draft);
    const out = JSON.parse(r.stdout);
    assert.equal(out.corpus.sources, 2);
    const statuses = out.drafts[0].findings.filter((f: { kind: string }) => f.kind === 'quote').map((f: { status: string }) => f.status);
    assert.deepEqual(statuses, ['verified', 'verified', 'unsupported']);
    const titles = out.drafts[0].findings[0].sources.map((s: { title: string }) => s.title);
    assert.deepEqual(titles, ['one'], 'a file without metadata takes its file name as title');
    assert.equal(r.code, 1);
    fs.rmSync(dir, { recursive: true });
  });

  it('a large corpus is indexed by the bundled worker threads and loaded from its cache, with the same findings', () => {
    // 2,100 sources: enough for workers (400 files to read); the cache's checksum is CRC-32, taken without a helper thread.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-cli-'));
    const corpus = path.join(dir, 'corpus');
    fs.mkdirSync(corpus);
    // Each story has names of its own (made-up words), so the draft's story is one of them.
    const name = (i: number, k: number) => {
      let n = i * 7 + k;
      let w = '';
      for (let d = 0; d < 4; d++, n = Math.floor(n / 26)) w += 'bcdfghjklmnprstvz'[n % 17] + 'aeiou'[(n + d) % 5];
      return w[0].toUpperCase() + w.slice(1);
    };
    for (let i = 0; i < 2100; i++) {
      const [minister, town, firm] = [name(i, 1), name(i, 2), name(i, 3)];
      fs.writeFileSync(
        path.join(corpus, `s${String(i).padStart(4, '0')}.txt`),
        `Story ${i} on Monday, Sept. 15, 2014.\n\nThe minister ${minister} said “the ${firm} plant in ${town} will reopen next week” after talks.\n`,
      );
    }
    const draft = path.join(dir, 'd.md');
    const [minister, town, firm] = [name(1234, 1), name(1234, 2), name(1234, 3)];
    fs.writeFileSync(draft, `# Draft\n\nThe minister ${minister} said “the ${firm} plant in ${town} will reopen next week” after talks.\n\nShe said “the ${firm} plant in ${town} will never reopen” then.\n`);
    const cache = path.join(dir, 'cache');
    const first = run('check', '--corpus', corpus, '--cache-dir', cache, '--format', 'json', draft);
    const second = run('check', '--corpus', corpus, '--cache-dir', cache, '--format', 'json', draft);
    for (const r of [first, second]) {
      assert.equal(r.stderr, '', 'no warnings: the workers worked and the cache was used');
      assert.equal(JSON.parse(r.stdout).corpus.sources, 2100);
    }
    assert.deepEqual(JSON.parse(second.stdout), JSON.parse(first.stdout));
    const quotes = JSON.parse(first.stdout).drafts[0].findings.filter((f: { kind: string }) => f.kind === 'quote');
    assert.deepEqual(quotes.map((f: { status: string }) => f.status), ['verified', 'altered']);
    assert.equal(fs.readdirSync(cache).filter((f) => f.endsWith('.idx')).length, 1);
    fs.rmSync(dir, { recursive: true });
  });

  it('exit 2 with the reason on stderr: usage errors, missing, binary and folder drafts, missing corpus', () => {
    const cases: [string[], RegExp][] = [
      [[], /no command given[\s\S]*Usage: corroborate check/],
      [['check'], /no draft given/],
      [['frobnicate', 'x.md'], /unknown command 'frobnicate'/],
      [['check', '--format', 'xml', 'x.md'], /--format must be text, json or sarif/],
      [['check', '--max-warnings', 'many', 'x.md'], /--max-warnings must be a whole number/],
      [['check', '--bogus', 'x.md'], /unknown option '--bogus'/],
      [['check', 'no/such/draft.md'], /cannot read no\/such\/draft\.md: no such file/],
      [['check', 'test/fixtures/cli/not-a-draft.bin'], /cannot read .*not-a-draft\.bin: binary file/],
      [['check', 'server/src/types'], /no drafts \(\.md, \.markdown, \.txt\) in folder server\/src\/types/],
      [['check', 'no/such/*.md'], /no drafts match no\/such\/\*\.md/],
      [['check', '--corpus', 'no/such/corpus', 'examples/iran-coalition-draft.md'], /corpus folder not found: no\/such\/corpus/],
    ];
    for (const [args, stderr] of cases) {
      const r = run(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, stderr);
    }
  });

  it('one unreadable draft does not stop the others', () => {
    const r = run('check', 'no/such.md', 'test/fixtures/cli/verbatim.md');
    assert.equal(r.code, 2);
    assert.match(r.stdout, /verbatim\.md:\d+:\d+: warning: No source contains this quotation/);
  });
});
