// The server as the VS Code client starts it: dist/serverLaunch.js, which loads dist/server.js
// through the compiled-code cache (launch/codeCache.ts). The first session writes the cache
// when the server exits; the next one uses it; both publish the same diagnostics as the bundle
// started directly.
import { strict as assert } from 'assert';
import { once } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT, startServer } from './harness';

const LAUNCH = path.join(ROOT, 'dist', 'serverLaunch.js');
const DRAFT = 'Khamenei said he saw "no point in cooperating with a country whose hands are dirty and intentions murky".\n\nA diplomat added: "We will never negotiate with anyone about anything, anywhere."\n';

describe('language server through its launcher (code cache)', function () {
  this.timeout(60000);
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-launch-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function session(script?: string) {
    const env = { ...process.env, XDG_CACHE_HOME: path.join(tmp, 'xdg') };
    const h = await startServer({}, true, {}, undefined, { script, env });
    const { uri } = h.open(path.join(tmp, 'draft.md'), DRAFT);
    const d = await h.diagnostics(uri, 1);
    const exited = h.proc.exitCode !== null ? Promise.resolve() : once(h.proc, 'exit');
    await h.stop();
    await exited;
    return d.diagnostics.map((x) => [x.message, x.range]);
  }
  const codeFiles = () => {
    const dir = path.join(tmp, 'xdg', 'corroborate', 'code');
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('server-') && f.endsWith('.v8')) : [];
  };

  it('writes the cache at exit, uses it next time, and publishes what the bundle started directly publishes', async () => {
    const direct = await session();
    assert.equal(direct.length, 1);
    assert.deepEqual(codeFiles(), []);
    assert.deepEqual(await session(LAUNCH), direct);
    const [file] = codeFiles();
    assert.ok(file, 'a cache was written');
    const full = path.join(tmp, 'xdg', 'corroborate', 'code', file);
    const written = fs.statSync(full).mtimeMs;
    assert.deepEqual(await session(LAUNCH), direct);
    assert.equal(fs.statSync(full).mtimeMs, written, 'used, not rewritten');
  });
});
