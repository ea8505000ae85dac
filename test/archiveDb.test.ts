// A shared archive in PostgreSQL (issue 16): `corroborate archive import` loads every format,
// writes nothing when nothing changed, resumes after a kill; `check --database` checks against it.
// Runs against a real PostgreSQL started for the test (test/postgres.ts), never a mock.
import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startPostgres, type TestPostgres } from './postgres';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');
const FIXTURES = path.join(__dirname, 'fixtures', 'formats');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  assert.equal(r.error, undefined, `the CLI did not finish: ${r.error?.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('archive in PostgreSQL', function () {
  this.timeout(120000);
  let pg: TestPostgres;
  let tmp: string;
  before(() => {
    pg = startPostgres();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-archive-'));
  });
  after(() => {
    pg?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('imports pages, archive lines and Markdown; a re-import writes nothing; a changed line alone is written again; status counts', () => {
    const corpus = path.join(tmp, 'mixed');
    fs.cpSync(FIXTURES, corpus, { recursive: true });
    fs.writeFileSync(path.join(corpus, 'note.md'), '---\ntitle: Council note\n---\nThe council said "the levy stays" on Friday.\n');
    const first = cli('archive', 'import', '--database', pg.url, corpus);
    assert.equal(first.code, 0, first.stderr);
    // 3 good lines of wire.jsonl (3 bad ones skipped, by line), 2 pages, 1 Markdown file.
    assert.match(first.stdout, /^9 sources: 6 written, 0 unchanged, 3 skipped in [\d.]+ s \(\d+ sources\/s\)$/m);
    assert.match(first.stderr, /wire\.jsonl:4: skipped: not valid JSON/);
    const again = cli('archive', 'import', '--database', pg.url, corpus);
    assert.match(again.stdout, /^9 sources: 0 written, 6 unchanged, 3 skipped/m);
    const wire = path.join(corpus, 'archive', 'wire.jsonl');
    fs.writeFileSync(wire, fs.readFileSync(wire, 'utf8').replace('Museum reopens', 'Maritime museum reopens'));
    const changed = cli('archive', 'import', '--database', pg.url, corpus);
    assert.match(changed.stdout, /^9 sources: 1 written, 5 unchanged, 3 skipped/m);
    const status = cli('archive', 'status', '--database', pg.url);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^6 sources, [\d.]+ MiB in the database$/m);
    assert.match(status.stdout, /last import: .*finished .*; 9 listed, 1 written, 5 unchanged, 3 skipped/);
  });

  it('checks drafts against the archive: a quotation from an imported page is verified, one in no source is not', () => {
    const draft = path.join(tmp, 'draft.md');
    fs.writeFileSync(draft, 'Moreno said: "I will not let this contract become the government\'s burden."\n\nShe added: "Nobody in the harbour office ever saw the tender papers."\n');
    const r = cli('check', '--no-cache', '--database', pg.url, '--format', 'json', draft);
    const out = JSON.parse(r.stdout);
    assert.equal(out.corpus.sources, 6, r.stderr);
    const quotes = out.drafts[0].findings.filter((f: { kind: string }) => f.kind === 'quote');
    assert.deepEqual(quotes.map((f: { status: string }) => f.status), ['verified', 'unsupported']);
    assert.equal(quotes[0].sources[0].title, 'Harbour minister resigns over dredging contract');
  });

  it('an unreachable database: a clear message and exit 2; the local corpus is still checked', () => {
    const draft = path.join(tmp, 'draft.md');
    const gone = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(path.join(tmp, 'no-server'))}`;
    const r = cli('check', '--no-cache', '--corpus', FIXTURES, '--database', gone, draft);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot connect to the database \(.*\); checking against the other sources/);
    assert.match(r.stdout, /verified \(5 sources\)$/m);
    const status = cli('archive', 'status', '--database', gone);
    assert.equal(status.code, 2);
    assert.match(status.stderr, /cannot connect to the database/);
  });

  it('an import killed midway is resumed by running it again: what was written stays, the rest is written', async () => {
    const big = path.join(tmp, 'big');
    fs.mkdirSync(big);
    const lines = Array.from({ length: 6000 }, (_, i) => JSON.stringify({ title: `Story ${i}`, text: `Story ${i} says "the pier number ${i} reopened" on Monday after repairs.` }));
    fs.writeFileSync(path.join(big, 'desk.jsonl'), lines.join('\n'));
    const child = spawn(process.execPath, [BIN, 'archive', 'import', '--database', pg.url, big], { cwd: ROOT, stdio: 'ignore' });
    // Kill it once some batches are in (or when it ended on its own: then nothing is left to resume).
    const count = () => {
      const r = spawnSync('psql', [pg.url, '-tAc', "SELECT count(*) FROM corroborate_sources WHERE id LIKE '%desk.jsonl:%'"], { encoding: 'utf8' });
      return Number(r.stdout.trim() || 0);
    };
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let before = 0;
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      before = count();
      if (before > 0 || child.exitCode !== null) break;
      await new Promise((r) => setImmediate(r));
    }
    child.kill('SIGKILL');
    await exited;
    assert.ok(before > 0 && before < 6000, `killed after ${before} of 6000 sources were written (not midway)`);
    const resumed = cli('archive', 'import', '--database', pg.url, big);
    assert.equal(resumed.code, 0, resumed.stderr);
    const m = /^6000 sources: (\d+) written, (\d+) unchanged, 0 skipped/m.exec(resumed.stdout);
    assert.ok(m, resumed.stdout);
    assert.ok(Number(m![2]) >= before && Number(m![1]) > 0, `${m![2]} unchanged, ${m![1]} written; ${before} were written before the kill`);
    assert.equal(Number(m![1]) + Number(m![2]), 6000);
    assert.equal(count(), 6000);
  });
});
