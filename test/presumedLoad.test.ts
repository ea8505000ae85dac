// A presumed load (LoadOptions.presume, the CLI's): the persisted index's files taken as unchanged
// while a worker lists the folders, and nothing reported until the listing agrees. Every way the
// folders can differ from the index (a file edited, added, removed, renamed, the folder gone, a
// file made unreadable by the limits) must make it disagree, and the CLI then check again from a
// load that lists first: its output is always that of a run without a persisted index.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCheckerFromIndex, type Finding } from '../server/src/core/index';
import { loadIndex, loadIndexSync, PRESUME_MIN_FILES } from '../server/src/node/indexCache';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');

/** A story quoting its source, which says what the draft quotes. */
const SOURCE = 'Harbour Board votes on the pier\n\nThe chair, Ines Okafor, said the vote was “a promise kept to every fisher on this coast” after the meeting on May 3, 2021.\n';
const DRAFT = '# Pier\n\nOkafor called the vote “a promise kept to every fisher on this coast”.\n';

/** `n` filler stories and the quoted source. */
function writeCorpus(dir: string, n: number): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, `story-${String(i).padStart(4, '0')}.txt`), `Council notes ${i}\n\nThe council met on a Tuesday and talked about road number ${i} and the budget of the year.\n`);
  fs.writeFileSync(path.join(dir, 'pier.md'), SOURCE);
}

/** Changes a file's content and moves its time well away from the index's writing. */
function rewrite(file: string, text: string): void {
  fs.writeFileSync(file, text);
  const later = new Date(Date.now() + 120_000);
  fs.utimesSync(file, later, later);
}

describe('a presumed load: the index taken as unchanged while a worker lists the folders', function () {
  this.timeout(120_000);
  let dir: string;
  let sources: string;
  let cache: string;
  const findings = (index: Parameters<typeof createCheckerFromIndex>[0]): Finding[] => createCheckerFromIndex(index).check({ text: DRAFT, languageId: 'markdown' }).findings;
  const presumed = () => loadIndex([sources], { cacheDir: cache, tool: 'test', racyMs: 0, lazy: true, presume: true, parallel: { presumeMinFiles: 10 } });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-presume-'));
    sources = path.join(dir, 'sources');
    cache = path.join(dir, 'cache');
    writeCorpus(sources, 40);
    loadIndexSync([sources], { cacheDir: cache, tool: 'test', racyMs: 0 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('agrees when nothing changed, and gives the findings of the files', async () => {
    const l = await presumed();
    assert.ok(l.confirmed, 'the load was presumed');
    assert.equal(await l.confirmed, undefined);
    assert.equal(l.stats.cache, 'hit');
    assert.deepEqual(findings(l.index), findings(loadIndexSync([sources]).index));
    assert.equal(findings(l.index).find((f) => f.kind === 'quote')?.status, 'verified');
  });

  const changes: [string, () => void][] = [
    ['a file edited', () => rewrite(path.join(sources, 'pier.md'), SOURCE.replace('every fisher', 'each fisher'))],
    ['a file added', () => fs.writeFileSync(path.join(sources, 'zz-new.txt'), 'A new story\n\nNothing here.\n')],
    ['a file added first in order', () => fs.writeFileSync(path.join(sources, 'aa-new.txt'), 'A new story\n\nNothing here.\n')],
    ['a file removed', () => fs.rmSync(path.join(sources, 'story-0003.txt'))],
    ['a file renamed', () => fs.renameSync(path.join(sources, 'story-0003.txt'), path.join(sources, 'story-0003b.txt'))],
    ['a file touched, its content the same', () => fs.utimesSync(path.join(sources, 'story-0005.txt'), new Date(Date.now() + 120_000), new Date(Date.now() + 120_000))],
    // No file more or less, but the listing warns (a dangling link): the warning must be said.
    ['the listing warns of something', () => fs.symlinkSync(path.join(dir, 'nowhere.md'), path.join(sources, 'ghost.md'))],
  ];
  for (const [what, change] of changes) {
    it(`disagrees when ${what}`, async () => {
      change();
      const l = await presumed();
      assert.ok(l.confirmed, 'the load was presumed');
      assert.equal(typeof (await l.confirmed), 'string');
    });
  }

  it('disagrees when the folder is gone', async () => {
    fs.renameSync(sources, `${sources}-moved`);
    const l = await presumed();
    assert.equal(typeof (await l.confirmed), 'string');
  });

  it('is not presumed for a small corpus, nor without a persisted index', async () => {
    const small = await loadIndex([sources], { cacheDir: cache, tool: 'test', racyMs: 0, lazy: true, presume: true, parallel: { presumeMinFiles: 1000 } });
    assert.equal(small.confirmed, undefined);
    const none = await loadIndex([sources], { cacheDir: path.join(dir, 'other-cache'), tool: 'test', racyMs: 0, lazy: true, presume: true, parallel: { presumeMinFiles: 10 } });
    assert.equal(none.confirmed, undefined);
  });

  it('the CLI: a corpus changed since its index was written is checked as it is now, with the output of a run without the index', () => {
    // The CLI presumes from PRESUME_MIN_FILES files on.
    writeCorpus(sources, PRESUME_MIN_FILES);
    const run = (...extra: string[]) => {
      const r = spawnSync(process.execPath, [BIN, 'check', '--no-config', '--format', 'json', '--corpus', sources, ...extra, draftFile], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CORROBORATE_CODE_CACHE: '0' } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const draftFile = path.join(dir, 'draft.md');
    fs.writeFileSync(draftFile, DRAFT);
    const withCache = () => run('--cache-dir', cache);
    assert.equal(withCache().stderr, '');
    const first = withCache();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, run('--no-cache').stdout);
    // The quoted source edited: the quotation is now altered, as a run without the index says.
    rewrite(path.join(sources, 'pier.md'), SOURCE.replace('every fisher', 'each fisher'));
    const edited = withCache();
    assert.equal(edited.code, 1, edited.stderr);
    assert.equal(edited.stderr, '');
    assert.equal(edited.stdout, run('--no-cache').stdout);
    assert.match(edited.stdout, /each fisher/);
    // The source removed: the quotation is unsupported.
    fs.rmSync(path.join(sources, 'pier.md'));
    const removed = withCache();
    assert.equal(removed.stdout, run('--no-cache').stdout);
    assert.doesNotMatch(removed.stdout, /each fisher/);
    // What the listing warns of is said, once.
    fs.symlinkSync(path.join(dir, 'nowhere.md'), path.join(sources, 'ghost.md'));
    withCache();
    const warned = withCache();
    assert.equal(warned.stdout, removed.stdout);
    assert.match(warned.stderr, /^corroborate: warning: .*ghost\.md: skipped: dangling symbolic link\n$/);
  });
});
