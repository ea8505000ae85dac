// The corpus manager's idle work (reading the rest of a lazily read index, then the checks'
// preparation) waits while any document's check is scheduled or running: a document waiting for
// its diagnostics goes first.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CorpusManager } from '../../server/src/lsp/corpusManager';
import { writeCorpus } from '../indexFiles';

/** Resolves after `n` turns of the event loop (the manager does one slice a turn). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('corpus manager: idle work waits for checks', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-warmup-'));
    writeCorpus(path.join(dir, 'sources'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('no slice runs while a check is in flight; the rest follows when the last one ends', async () => {
    const logs: string[] = [];
    const prepared = () => logs.some((l) => /corpus prepared ahead of checks \((\d+) slices/.test(l));
    const load = async () => {
      const m = new CorpusManager({ log: (l) => logs.push(l), warnUser: () => undefined, changed: () => undefined });
      m.setCacheDir(path.join(dir, 'cache'));
      return m;
    };
    // Unhindered, the whole preparation takes a few dozen turns at most.
    const free = await load();
    await free.get([path.join(dir, 'sources')], false);
    await turns(500);
    assert.ok(prepared(), logs.join('\n'));
    free.dispose();
    logs.length = 0;
    // Again (the index now persisted, read lazily), with two checks in flight from before it loads.
    const busy = await load();
    busy.checkStarted();
    busy.checkStarted();
    await busy.get([path.join(dir, 'sources')], false);
    assert.ok(logs.some((l) => /index cache: (hit|updated)/.test(l)), logs.join('\n'));
    await turns(500);
    assert.ok(!prepared(), 'nothing prepared while checks run');
    busy.checkEnded();
    await turns(500);
    assert.ok(!prepared(), 'one check still runs');
    busy.checkEnded();
    await turns(500);
    assert.ok(prepared(), logs.join('\n'));
    busy.dispose();
  });
});
