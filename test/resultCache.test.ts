// Kept findings (node/resultCache.ts): a draft checked again unchanged, against an index loaded
// unchanged, with the same configuration and code, gets the findings of its last check; anything
// else is checked. The output is byte for byte the output of a check.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_CONFIG } from '../server/src/core/index';
import { ResultCache } from '../server/src/node/resultCache';
import { forgeKept, keptFiles } from './indexFiles';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');
const DRAFT = path.join(ROOT, 'examples', 'iran-coalition-draft.md');

describe('kept findings of unchanged drafts', function () {
  this.timeout(60_000);
  let dir: string;
  let cache: string;
  let corpus: string;
  let draft: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-results-'));
    cache = path.join(dir, 'cache');
    corpus = path.join(dir, 'corpus');
    fs.cpSync(path.join(ROOT, 'corpus'), corpus, { recursive: true });
    draft = path.join(dir, 'draft.md');
    fs.copyFileSync(DRAFT, draft);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The sources were just written: without a racy window their index is used as it is (and kept findings with it).
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, 'check', '--no-config', '--corpus', corpus, '--cache-dir', cache, ...args, draft], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CORROBORATE_CODE_CACHE: '0', CORROBORATE_INDEX_RACY_MS: '0' } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const resultFiles = () => keptFiles(cache);
  const forge = (change: Parameters<typeof forgeKept>[1]) => forgeKept(cache, change);

  it('gives an unchanged draft the findings of its last check, the same output in every format', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const checked = run('--format', format);
      assert.equal(checked.code, 1, checked.err);
      const again = run('--format', format);
      assert.deepEqual(again, checked, format);
      assert.deepEqual(run('--format', format, '--recheck'), checked, `${format}, --recheck`);
    }
    assert.equal(resultFiles().length, 1, 'one draft, one configuration: one result');
    // They are used: a result forged consistently is what the next run prints (and --recheck is not fooled).
    forge((fs) => (fs[0].message = 'FORGED'));
    assert.match(run('--format', 'json').out, /FORGED/);
    assert.doesNotMatch(run('--format', 'json', '--recheck').out, /FORGED/);
  });

  it('checks again whatever changed: the draft, the configuration, a source, the kept file', () => {
    const first = run('--format', 'json');
    forge((fs) => (fs[0].message = 'FORGED'));
    const fresh = () => {
      const r = run('--format', 'json');
      assert.doesNotMatch(r.out, /FORGED/, 'checked, not kept');
      return r;
    };
    // The draft: one character more.
    fs.appendFileSync(draft, '\n');
    assert.equal(fresh().out, run('--format', 'json', '--recheck').out);
    // Back as it was: unchanged again, its kept findings (forged) are used.
    fs.writeFileSync(draft, fs.readFileSync(DRAFT));
    assert.match(run('--format', 'json').out, /FORGED/);
    // The configuration: the drafts' date.
    const dated = run('--format', 'json', '--date', '2015-01-01');
    assert.doesNotMatch(dated.out, /FORGED/);
    // A source touched (a fresh checkout, a restored CI cache): new stamps, the same content. The
    // index is written again, and is the same index: the kept findings (forged) are used.
    const touched = path.join(corpus, fs.readdirSync(corpus).find((f) => f.endsWith('.md'))!);
    const written = () => fs.statSync(fs.readdirSync(cache).filter((f) => f.endsWith('.idx')).map((f) => path.join(cache, f))[0]).mtimeMs;
    const before = written();
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(touched, later, later);
    assert.match(run('--format', 'json').out, /FORGED/);
    assert.ok(written() > before, 'the index was written again with the new stamp');
    // A source: its text changed (the index is not the one the findings were computed against).
    forge((fs) => (fs[0].message = 'FORGED'));
    const source = fs.readdirSync(corpus).find((f) => f.endsWith('.md'))!;
    fs.appendFileSync(path.join(corpus, source), '\nA line more.\n');
    const changed = fresh();
    assert.equal(changed.out, run('--format', 'json', '--recheck').out);
    // The kept file: damaged (not what was written), then out of shape with a right checksum.
    for (const file of resultFiles()) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"message":"/, '"message":"X'));
    assert.equal(fresh().out, changed.out);
    forge((fs) => (fs[0].end = 10_000_000));
    assert.equal(run('--format', 'json').out, changed.out);
    assert.notEqual(first.out, '');
  });

  it('--no-cache keeps nothing; cache clean removes what is kept', () => {
    run('--no-cache');
    assert.deepEqual(resultFiles(), []);
    run();
    assert.equal(resultFiles().length, 1);
    const r = spawnSync(process.execPath, [BIN, 'cache', 'clean', '--cache-dir', cache], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(resultFiles(), []);
  });

  it('keeps at most its cap of results, the least recently used going first', () => {
    const kept = new ResultCache(path.join(dir, 'c'), 'corpus', 3);
    const input = (k: number) => ({ text: `draft ${k}`, languageId: 'markdown', config: DEFAULT_CONFIG });
    for (let k = 0; k < 5; k++) kept.put(input(k), []);
    // Pruned once per process that writes (at its first write): a new writer trims to the cap.
    const next = new ResultCache(path.join(dir, 'c'), 'corpus', 3);
    next.put(input(5), []);
    assert.equal(fs.readdirSync(path.join(dir, 'c', 'results')).length, 3);
    assert.deepEqual(next.get(input(5)), []);
    assert.equal(new ResultCache(path.join(dir, 'c'), 'another corpus', 3).get(input(5)), undefined, 'another corpus: another key');
    // Where a result should be, a named pipe: not read (no hang), not kept over.
    const pipeAt = path.join(dir, 'c', 'results', `${next.keyOf(input(6))}.json`);
    assert.equal(spawnSync('mkfifo', [pipeAt]).status, 0, 'mkfifo');
    assert.equal(next.get(input(6)), undefined);
    next.put(input(6), []);
    assert.ok(fs.lstatSync(pipeAt).isFile(), 'renamed over: a result now');
  });
});
