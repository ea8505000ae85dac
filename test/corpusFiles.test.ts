// Reading corpus folders (issue 17): every skipped entry is reported with its reason, and only
// what the user chose is read: source files, never system folders, never more than the limits.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listSourceFiles, MAX_DEPTH } from '../server/src/node/corpusFiles';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require(path.join(__dirname, '..', 'package.json'));

describe('corpus folders', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-files-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const article = (file: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'The council said "the budget is balanced".\n');
  };

  it('reports each skipped entry once with its reason: dangling links, link loops, pipes, depth, undecodable names', () => {
    article(path.join(tmp, 'ok.md'));
    fs.symlinkSync(path.join(tmp, 'gone.md'), path.join(tmp, 'dangling.md'));
    fs.symlinkSync(path.join(tmp, 'self.md'), path.join(tmp, 'self.md'));
    fs.symlinkSync(tmp, path.join(tmp, 'up'));
    fs.symlinkSync(path.join(tmp, 'ok.md'), path.join(tmp, 'linked.md'));
    assert.equal(spawnSync('mkfifo', [path.join(tmp, 'pipe.md')]).status, 0);
    // Folder dK is K folders below the corpus folder: d1 … d20 are read, d21 is too deep.
    let deep = tmp;
    for (let k = 1; k <= MAX_DEPTH + 1; k++) deep = path.join(deep, `d${k}`);
    article(path.join(deep, 'deepest.md'));
    // A file name that is not UTF-8 (a Latin-1 "é").
    fs.writeFileSync(Buffer.concat([Buffer.from(tmp + '/caf'), Buffer.from([0xe9]), Buffer.from('.md')]), 'text\n');
    const r = listSourceFiles([tmp]);
    assert.deepEqual(r.files.map((f) => path.basename(f)), ['linked.md', 'ok.md']);
    assert.deepEqual(r.missing, []);
    const reasons = r.warnings.map((w) => w.replace(tmp, 'T'));
    const expect = (pattern: RegExp) => assert.equal(reasons.filter((w) => pattern.test(w)).length, 1, `${pattern} once in:\n${reasons.join('\n')}`);
    expect(/^T\/dangling\.md: skipped: dangling symbolic link$/);
    expect(/^T\/self\.md: skipped: symbolic link loop$/);
    expect(/^T\/up: skipped: symbolic link loop/);
    expect(/^T\/pipe\.md: skipped: a named pipe$/);
    expect(new RegExp(`/d${MAX_DEPTH + 1}: skipped: more than ${MAX_DEPTH} folders deep`));
    expect(/caf.*\.md: skipped: the file name is not valid UTF-8$/);
    assert.equal(reasons.length, 6, reasons.join('\n'));
  });

  it('a named pipe given as the corpus is reported as such, not as a missing folder', () => {
    const pipe = path.join(tmp, 'pipe');
    assert.equal(spawnSync('mkfifo', [pipe]).status, 0);
    const r = listSourceFiles([pipe]);
    assert.deepEqual(r.missing, []);
    assert.deepEqual(r.warnings, [`${pipe}: skipped: a named pipe, not a file or folder`]);
  });

  it('a file named directly is read only if it is a source file', () => {
    const r = listSourceFiles(['/etc/passwd', path.join(__dirname, '..', 'README.md')]);
    assert.deepEqual(r.files, [path.join(__dirname, '..', 'README.md')]);
    assert.deepEqual(r.warnings, ['/etc/passwd: skipped: not a source file (.md, .markdown, .txt, .html, .htm, .jsonl, .ndjson)']);
  });

  it('system folders and home folders are refused, without walking them', () => {
    const started = Date.now();
    const r = listSourceFiles(['/', '/etc', '/root', os.homedir(), '/proc']);
    assert.deepEqual(r.files, []);
    assert.deepEqual(
      r.refused.map((x) => x.path),
      ['/', '/etc', '/root', os.homedir(), '/proc'],
    );
    assert.match(r.refused[0].reason, /system or home folder/);
    assert.ok(Date.now() - started < 2000, 'refused before any walk');
  });

  it('a folder beyond the limits of files or bytes is refused whole', () => {
    for (let i = 0; i < 5; i++) article(path.join(tmp, `a${i}.md`));
    assert.equal(listSourceFiles([tmp]).files.length, 5);
    const byFiles = listSourceFiles([tmp], { maxFiles: 4, maxBytes: 1 << 30 });
    assert.deepEqual(byFiles.files, []);
    assert.match(byFiles.refused[0].reason, /more than 4 source files/);
    const byBytes = listSourceFiles([tmp], { maxFiles: 100, maxBytes: 100 });
    assert.deepEqual(byBytes.files, []);
    assert.match(byBytes.refused[0].reason, /MiB of sources/);
  });

  it('Restricted Mode: the corpus settings are restricted configurations', () => {
    const u = pkg.capabilities.untrustedWorkspaces;
    assert.equal(u.supported, 'limited');
    assert.match(u.description, /bundled corpus/);
    assert.deepEqual([...u.restrictedConfigurations].sort(), ['corroborate.corpus.database', 'corroborate.corpus.maxFiles', 'corroborate.corpus.maxMegabytes', 'corroborate.corpus.paths']);
    for (const k of u.restrictedConfigurations) assert.ok(pkg.contributes.configuration.properties[k], k);
  });
});
