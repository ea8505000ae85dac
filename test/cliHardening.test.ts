// The CLI on bad invocations and bad surroundings (issue 17): clear messages, exit 2, no stack traces.
import { strict as assert } from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI hardening', function () {
  this.timeout(30000);
  let tmp: string;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-cli-'))));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('no arguments: usage on stderr, exit 2', () => {
    const r = run();
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /Usage: corroborate check/);
  });

  it('a missing draft: its reason, no "0 problems" summary, exit 2', () => {
    const r = run('check', path.join(tmp, 'nope.md'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*nope\.md: no such file/);
    assert.doesNotMatch(r.stdout, /problems?,/);
  });

  it('a missing corpus folder is reported once', () => {
    const missing = path.join(tmp, 'no-such-folder');
    const r = run('check', '--corpus', missing, 'examples/iran-coalition-draft.md');
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split(missing).length - 1, 1, r.stderr);
  });

  it('output piped into a reader that goes away (| head): stops quietly', async () => {
    const draft = path.join(tmp, 'many.md');
    fs.writeFileSync(draft, ' “q'.repeat(20_000) + '\n');
    const child = spawn(process.execPath, [BIN, 'check', '--no-cache', draft], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.doesNotMatch(stderr, /EPIPE|internal error|at /, stderr);
    assert.equal(code, 2);
  });
});
