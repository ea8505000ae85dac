// The .vsix holds the bundles (client, server and the server's index worker), package.json, README,
// LICENSE, CHANGELOG, the corpus and the JSON Schemas of the configuration files: nothing else.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

describe('packaging', function () {
  this.timeout(60000);
  it('the extension package is exactly the allow-list (no node_modules, no sources, no maps)', () => {
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const listed = r.stdout.trim().split('\n').sort();
    const corpus = fs.readdirSync(path.join(ROOT, 'corpus')).map((f) => `corpus/${f}`);
    const expected = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/server.js', 'dist/indexWorker.js', 'dist/client.js', ...corpus, 'schemas/corroborate.schema.json', 'schemas/corroborate-accepted.schema.json'].sort();
    assert.deepEqual(listed, expected);
  });
});
