// The persisted index on hostile ground (issue 17): no hang, no leftovers, no unbounded growth.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cacheFileFor, loadIndexSync } from '../server/src/node/indexCache';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');
const DRAFT = path.join(ROOT, 'test/fixtures/cli/verbatim.md');

/** A folder of `n` small sources (enough for the CLI to persist their index from 200 on). */
function corpus(dir: string, n: number, tag: string): string {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `${tag}-${i}.md`), `The ${tag} council said "budget number ${i} is balanced" on Monday.\n`);
  return dir;
}

/** The CLI, given at most 20 s (a hang fails the test instead of stopping the run). */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 20000 });
  assert.equal(r.error, undefined, `the CLI did not finish: ${r.error?.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmpFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')) : []);

describe('persisted index hardening', function () {
  this.timeout(60000);
  let tmp: string;
  let sources: string;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-cache-'));
    sources = corpus(path.join(tmp, 'archive'), 210, 'archive');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a named pipe where the cache file should be: no hang, a warning, the pipe left alone', () => {
    const cacheDir = path.join(tmp, 'fifo-cache');
    fs.mkdirSync(cacheDir);
    const file = cacheFileFor(cacheDir, [sources], 'cli');
    const mk = spawnSync('mkfifo', [file]);
    assert.equal(mk.status, 0, 'mkfifo');
    const r = cli('check', '--corpus', sources, '--cache-dir', cacheDir, DRAFT);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /not a regular file/);
    assert.ok(fs.lstatSync(file).isFIFO());
    assert.deepEqual(tmpFiles(cacheDir), []);
  });

  it('a cache folder that cannot be created (under /proc): no spinning, a warning, the check goes on', () => {
    const r = cli('check', '--corpus', sources, '--cache-dir', '/proc/corroborate-test/cache', DRAFT);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /could not write the index cache \(cannot create \/proc\/corroborate-test/);
  });

  it('a cache path that is a folder: a warning and no temporary file left behind', () => {
    const cacheDir = path.join(tmp, 'dir-cache');
    fs.mkdirSync(cacheFileFor(cacheDir, [sources], 'cli'), { recursive: true });
    for (let run = 0; run < 2; run++) {
      const r = cli('check', '--corpus', sources, '--cache-dir', cacheDir, DRAFT);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /could not write the index cache/);
    }
    assert.deepEqual(tmpFiles(cacheDir), []);
  });

  it('temporary files of killed runs are removed by the next run', () => {
    const cacheDir = path.join(tmp, 'killed-cache');
    fs.mkdirSync(cacheDir);
    // A pid that is surely gone: a process that has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const left = `${cacheFileFor(cacheDir, [sources], 'cli')}.${gone}.0badc0de.tmp`;
    fs.writeFileSync(left, Buffer.alloc(1024));
    const other = path.join(cacheDir, 'notes.txt');
    fs.writeFileSync(other, 'not ours');
    const r = cli('check', '--corpus', sources, '--cache-dir', cacheDir, DRAFT);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(tmpFiles(cacheDir), []);
    assert.ok(fs.existsSync(other), 'files that are not the cache’s are left alone');
  });

  it('the index of a folder is shared whatever other folders are named beside it', () => {
    const cacheDir = path.join(tmp, 'shared-cache');
    const opts = { cacheDir, tool: 'test', minFiles: 200, racyMs: 0 };
    const a = corpus(path.join(tmp, 'cluster-a'), 3, 'a');
    const b = corpus(path.join(tmp, 'cluster-b'), 4, 'b');
    const first = loadIndexSync([a, sources], opts);
    assert.equal(first.index.sources.length, 213);
    const second = loadIndexSync([b, sources], opts);
    assert.equal(second.index.sources.length, 214);
    assert.equal(second.stats.reused, 210, 'the archive came from its cache');
    assert.equal(second.stats.prepared, 4, 'only the small folder was read');
    assert.deepEqual(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.idx')).length, 1);
    // The same sources in the same order as one listing of both folders.
    const plain = loadIndexSync([b, sources]);
    assert.deepEqual(second.index.sources.map((s) => s.id), plain.index.sources.map((s) => s.id));
  });

  it('the cache folder stays under its cap: least recently used indexes are evicted', () => {
    const cacheDir = path.join(tmp, 'capped-cache');
    const folders = [0, 1, 2].map((k) => corpus(path.join(tmp, `corpus-${k}`), 200, `c${k}`));
    const opts = { cacheDir, tool: 'test', minFiles: 200, racyMs: 0 };
    const sizes = folders.map((f) => loadIndexSync([f], opts).stats.cacheBytes!);
    const idx = () => fs.readdirSync(cacheDir).filter((f) => f.endsWith('.idx')).sort();
    assert.equal(idx().length, 3);
    // Use corpus 0 again (most recent now), then load corpus 2 under a cap that holds two.
    const past = Date.now() / 1000 - 100;
    for (const [k, f] of folders.entries()) fs.utimesSync(cacheFileFor(cacheDir, [f], 'test'), past + k, past + k);
    loadIndexSync([folders[0]], opts);
    loadIndexSync([folders[2]], { ...opts, cacheMaxBytes: sizes[0] + sizes[2] + 100 });
    assert.deepEqual(idx(), [folders[0], folders[2]].map((f) => path.basename(cacheFileFor(cacheDir, [f], 'test'))).sort());
  });

  it('corroborate cache clean removes the cache’s files and nothing else', () => {
    const cacheDir = path.join(tmp, 'clean-cache');
    let r = cli('check', '--corpus', sources, '--cache-dir', cacheDir, DRAFT);
    assert.equal(r.code, 1, r.stderr);
    fs.writeFileSync(path.join(cacheDir, 'keep.txt'), 'mine');
    assert.equal(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.idx')).length, 1);
    r = cli('cache', 'clean', '--cache-dir', cacheDir);
    assert.equal(r.code, 0, r.stderr);
    // The persisted index, the CLI's compiled-code cache (launch/codeCache.ts, in code/) and the
    // draft's kept findings (node/resultCache.ts, in results/).
    assert.match(r.stdout, /removed 3 files \(\d+\.\d MiB\) from /);
    assert.deepEqual(fs.readdirSync(cacheDir), ['keep.txt']);
  });
});
