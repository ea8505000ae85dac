// The launchers' compiled-code cache (server/src/launch/codeCache.ts): the CLI and the server
// run the same through it as without it; a cache is written at the end of the first run and used
// by the next; a corrupt, foreign or unwritable cache means compiling from source, never a
// failure or a different result; `--no-cache` and CORROBORATE_CODE_CACHE=0 turn it off.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');
const LAUNCH = path.join(ROOT, 'dist', 'launch.js');
const DRAFT = path.join(ROOT, 'examples', 'iran-coalition-draft.md');

describe('compiled-code cache of the launchers', function () {
  this.timeout(60000);
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-code-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const cli = (args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: path.join(tmp, 'xdg'), ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const codeFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8')) : []);
  const intact = (file: string) => {
    const data = fs.readFileSync(file);
    return crypto.createHash('sha256').update(data.subarray(32)).digest().equals(data.subarray(0, 32));
  };
  /** Loads `file` through dist/launch.js in a new process and prints how the cache was used. */
  const load = (file: string, dir: string) =>
    spawnSync(process.execPath, ['-e', `const l = require(${JSON.stringify(LAUNCH)}); const r = l.loadBundle(${JSON.stringify(file)}, ${JSON.stringify(dir)}); console.log(r.cache, r.exports.answer)`], {
      encoding: 'utf8',
    });

  it('the CLI writes a cache on its first run and gives the same output and exit code with it, without it and off', () => {
    const code = path.join(tmp, 'xdg', 'corroborate', 'code');
    const off = cli(['check', DRAFT], { CORROBORATE_CODE_CACHE: '0' });
    assert.equal(off.status, 1, off.stderr); // the example draft has findings
    assert.deepEqual(codeFiles(code), []);
    const first = cli(['check', DRAFT]);
    const written = codeFiles(code);
    assert.equal(written.length, 1);
    assert.match(written[0], /^cli-[0-9a-f]{16}-[0-9a-f]{16}\.v8$/);
    assert.ok(intact(path.join(code, written[0])));
    const second = cli(['check', DRAFT]);
    for (const r of [first, second]) assert.deepEqual(r, off);
    // The cache is used, not rewritten, by later runs.
    const before = fs.statSync(path.join(code, written[0])).mtimeMs;
    cli(['check', DRAFT]);
    assert.equal(fs.statSync(path.join(code, written[0])).mtimeMs, before);
  });

  it('--cache-dir places it, --no-cache writes none, and `cache clean` removes it', () => {
    const dir = path.join(tmp, 'mine');
    assert.equal(cli(['check', '--cache-dir', dir, DRAFT]).status, 1);
    assert.equal(codeFiles(path.join(dir, 'code')).length, 1);
    assert.equal(cli(['check', '--no-cache', DRAFT]).status, 1);
    assert.deepEqual(codeFiles(path.join(tmp, 'xdg', 'corroborate', 'code')), []);
    const clean = cli(['cache', 'clean', '--cache-dir', dir]);
    assert.equal(clean.status, 0, clean.stderr);
    assert.deepEqual(codeFiles(path.join(dir, 'code')), []);
  });

  it('a corrupt cache is not used: the run compiles from source, gives the same result and writes a sound one', () => {
    const code = path.join(tmp, 'xdg', 'corroborate', 'code');
    const good = cli(['check', DRAFT]);
    const [name] = codeFiles(code);
    const file = path.join(code, name);
    for (const damage of [(b: Buffer) => (b[b.length >> 1] ^= 0xff), (b: Buffer) => b.fill(7, 40)]) {
      const data = fs.readFileSync(file);
      damage(data);
      fs.writeFileSync(file, data);
      assert.ok(!intact(file));
      assert.deepEqual(cli(['check', DRAFT]), good);
      assert.ok(intact(file), 'rewritten');
    }
    fs.writeFileSync(file, 'short');
    assert.deepEqual(cli(['check', DRAFT]), good);
    assert.ok(intact(file));
  });

  it('an unwritable code cache changes nothing but the speed (no message, same output)', () => {
    const idx = path.join(tmp, 'idx');
    const good = cli(['check', '--cache-dir', idx, DRAFT], { CORROBORATE_CODE_CACHE: '0' });
    // `code` is a file: the cache can be neither read nor written.
    fs.writeFileSync(path.join(idx, 'code'), 'not a folder');
    for (let k = 0; k < 2; k++) assert.deepEqual(cli(['check', '--cache-dir', idx, DRAFT]), good);
    assert.equal(fs.readFileSync(path.join(idx, 'code'), 'utf8'), 'not a folder');
  });

  it('loads a bundle as require would: compiled first, from the cache next; the cache of an older build is removed', () => {
    const bundle = path.join(tmp, 'bundle.js');
    const dir = path.join(tmp, 'code');
    fs.writeFileSync(bundle, 'exports.answer = 6 * 7; exports.here = __dirname; require("path");\n');
    assert.equal(load(bundle, dir).stdout.trim(), 'compiled 42');
    const [first] = codeFiles(dir);
    assert.ok(first.startsWith('bundle-'));
    assert.equal(load(bundle, dir).stdout.trim(), 'used 42');
    // A new build of the bundle (another size and time): a new cache, and the old one goes.
    fs.writeFileSync(bundle, 'exports.answer = 6 * 7 + 0; exports.here = __dirname;\n');
    fs.utimesSync(bundle, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    assert.equal(load(bundle, dir).stdout.trim(), 'compiled 42');
    const after = codeFiles(dir);
    assert.equal(after.length, 1);
    assert.notEqual(after[0], first);
    assert.equal(load(bundle, dir).stdout.trim(), 'used 42');
  });
});
