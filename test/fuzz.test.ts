// A short seeded fuzz run (npm run fuzz runs long ones), and the reproducers of earlier failures.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { fuzzCheck, runFuzz } from '../server/src/tools/fuzz';

const ROOT = path.join(__dirname, '..');

describe('fuzzing', function () {
  this.timeout(180000);

  it('a seeded run of mutated fixtures and generated drafts breaks no invariant', () => {
    const r = runFuzz({ root: ROOT, seed: 20261201, seconds: 0, cases: 40 });
    assert.equal(r.cases, 40);
    assert.deepEqual(r.failures.map((f) => `${f.invariant}: ${f.detail}`), []);
  });

  it('the reproducers of earlier failures break no invariant', () => {
    // A tighter time bound than a fuzz run's: these texts are known.
    const check = fuzzCheck(ROOT, 1500, 0.02);
    const dirs = ['test/fixtures/fuzz', 'test/fixtures/hardening'].map((d) => path.join(ROOT, d));
    const files = dirs.flatMap((d) => fs.readdirSync(d).filter((f) => /\.(md|txt)$/.test(f) && f !== 'README.md').map((f) => path.join(d, f)));
    assert.ok(files.length >= 2);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      for (const languageId of ['markdown', 'plaintext']) assert.equal(check(text, languageId), undefined, `${path.basename(f)} (${languageId})`);
    }
  });
});
