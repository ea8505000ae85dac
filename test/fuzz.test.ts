// A short seeded fuzz run (npm run fuzz runs long ones), and the reproducers of earlier failures.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseAccepted, parseConfig } from '../server/src/node/configFile';
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

  it('the configuration files of earlier failures: problems, no exception, nothing printed by the YAML parser', () => {
    const dir = path.join(ROOT, 'test/fixtures/fuzz/files');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const emit = process.emitWarning;
    // The yaml library calls process.emitWarning directly.
    process.emitWarning = ((w: string | Error) => warnings.push(String(w))) as typeof process.emitWarning;
    try {
      for (const f of fs.readdirSync(dir)) {
        const text = fs.readFileSync(path.join(dir, f), 'utf8');
        const file = path.join(dir, f.replace(/^.*?(\.corroborate)/, '$1'));
        const r = f.includes('accepted') ? parseAccepted(text, file) : parseConfig(text, file);
        if (f.startsWith('deep-nesting')) assert.match(r.problems.map((p) => p.message).join('\n'), /nested too deeply/, f);
      }
    } finally {
      process.emitWarning = emit;
      process.off('warning', onWarning);
    }
    assert.deepEqual(warnings, []);
  });

  it('a short run with source and configuration files among the cases finds nothing', () => {
    const r = runFuzz({ root: ROOT, seed: 7, seconds: 0, cases: 200 });
    assert.ok(r.fileCases > 0, 'some cases are files');
    assert.deepEqual(r.failures.map((f) => `${f.invariant}: ${f.detail}`), []);
  });
});
