// The persisted index read lazily (formats 9 and 10, with the vocabulary's table and the corpus
// tables; the CLI's `lazy` load): only the sources' records and the vocabulary are read when
// loading, each large array (and each block of the postings) when a check first uses it, checked
// then; a part that fails its checks is never used: the index is rebuilt from the files and the
// check done again.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCheckerFromIndex, type Finding } from '../server/src/core/index';
import type { CorpusIndex } from '../server/src/core/corpus/index';
import { codeFingerprint, IndexCacheCorrupt, loadIndex, loadIndexSync, sectionSpans } from '../server/src/node/indexCache';
import { BLOCK, lazyContents, openCache, sectionNumbers } from '../server/src/node/indexCache/format';
import { edit, headerOf, openIndexFiles, word, writeCorpus } from './indexFiles';
import { DATE_COUNTS_TABLE } from '../server/src/core/dates/counts';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');
const DRAFT = fs.readFileSync(path.join(ROOT, 'examples', 'iran-coalition-draft.md'), 'utf8');

describe('persisted index read lazily', function () {
  this.timeout(60_000);
  let dir: string;
  let sources: string;
  let cache: string;
  const findings = (index: CorpusIndex): Finding[] => createCheckerFromIndex(index).check({ text: DRAFT, languageId: 'markdown' }).findings;
  const load = (extra: { lazy?: boolean; distrust?: string[] } = {}) => loadIndexSync([sources], { cacheDir: cache, tool: 'test', racyMs: 0, ...extra });

  /** A part damaged (checksums resealed): an index read whole rejects it; one read lazily refuses it when `use` first reads that part. */
  const rejectedThenRefused = (damage: () => void, reason: string, use: (index: CorpusIndex) => unknown) => {
    damage();
    const eager = load();
    assert.equal(eager.stats.cache, 'rejected');
    assert.equal(eager.stats.rejected, reason);
    damage();
    const lazy = load({ lazy: true });
    assert.equal(lazy.stats.cache, 'hit');
    assert.throws(
      () => use(lazy.index),
      (e: unknown) => e instanceof IndexCacheCorrupt && e.reason === reason,
    );
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-lazy-'));
    sources = path.join(dir, 'sources');
    cache = path.join(dir, 'cache');
    writeCorpus(sources);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('gives the findings and the arrays of a full read, and of the files', () => {
    const fromFiles = findings(loadIndexSync([sources]).index);
    const first = load();
    assert.equal(first.stats.cache, 'absent');
    const eager = load();
    const lazy = load({ lazy: true });
    assert.equal(eager.stats.cache, 'hit');
    assert.equal(lazy.stats.cache, 'hit');
    assert.deepEqual(findings(lazy.index), fromFiles);
    assert.deepEqual(findings(eager.index), fromFiles);
    assert.deepEqual(lazy.index.data(), eager.index.data());
    // A lazily read index that must be written again (a file touched, same content) reads it all and writes the same.
    const file = path.join(sources, 'filler-007.txt');
    const earlier = new Date(Date.now() - 60_000);
    fs.utimesSync(file, earlier, earlier);
    const touched = load({ lazy: true });
    assert.equal(touched.stats.cache, 'updated');
    assert.deepEqual(findings(touched.index), fromFiles);
    assert.equal(load({ lazy: true }).stats.cache, 'hit');
  });

  it('files with new stamps and the same content: the file is written again with only its stamps changed, read lazily or whole; a block found corrupt meanwhile rebuilds', () => {
    const fromFiles = findings(loadIndexSync([sources]).index);
    const file = load().stats.cacheFile!;
    const sectionsOf = (f: string) => {
      const bytes = fs.readFileSync(f);
      return sectionSpans(headerOf(f)).map(([at, n]) => bytes.subarray(8 + at, 8 + at + n));
    };
    const stamps = sectionNumbers(headerOf(file).tables.length).sourceNumbers;
    for (const lazy of [true, false]) {
      const before = sectionsOf(file);
      const writtenBefore = headerOf(file).written;
      // Every file touched (a fresh checkout): new stamps, the same content.
      const later = new Date(Math.floor(Date.now() / 1000) * 1000 - (lazy ? 60_000 : 120_000));
      for (const f of fs.readdirSync(sources)) fs.utimesSync(path.join(sources, f), later, later);
      const again = load({ lazy });
      assert.equal(again.stats.cache, 'updated');
      assert.equal(again.stats.reused, again.index.sources.length);
      // Not decoded to be written anew: a lazily read index is still read from its parts.
      if (lazy) assert.ok(again.finishReading, 'the index keeps its persisted parts');
      assert.deepEqual(findings(again.index), fromFiles);
      const after = sectionsOf(file);
      assert.equal(after.length, before.length);
      after.forEach((b, k) => (k === stamps ? assert.ok(!b.equals(before[k]), 'the stamps changed') : assert.ok(b.equals(before[k]), `section ${k} copied as it was`)));
      const numbers = new Float64Array(after[stamps].buffer.slice(after[stamps].byteOffset, after[stamps].byteOffset + after[stamps].length));
      assert.equal(numbers[1], later.getTime(), 'the first source’s new modification time');
      assert.ok(headerOf(file).written >= writtenBefore);
      // The file written again is whole and right: the next load uses it as it is.
      const next = load({ lazy: true });
      assert.equal(next.stats.cache, 'hit');
      assert.deepEqual(findings(next.index), fromFiles);
    }
    // A block of a section no check had read is found corrupt as the file is copied: never written, the index rebuilt.
    edit(file, sectionNumbers(headerOf(file).tables.length).positions, 7, (b) => b ^ 0xff);
    const latest = new Date(Date.now() - 180_000);
    for (const f of fs.readdirSync(sources)) fs.utimesSync(path.join(sources, f), latest, latest);
    const rebuilt = load({ lazy: true });
    assert.equal(rebuilt.stats.cache, 'rejected');
    assert.deepEqual(findings(rebuilt.index), fromFiles);
    assert.equal(load({ lazy: true }).stats.cache, 'hit');
  });

  it('reads the records and the vocabulary when opened, then only the blocks of the postings a word needs, each checked', () => {
    const file = load().stats.cacheFile!;
    const eager = load().index;
    const c = openCache(file, codeFingerprint());
    const contents = lazyContents(c);
    try {
      const { header, sections } = contents;
      const spans = sectionSpans(header);
      const n = sectionNumbers(header.tables.length);
      const records = [n.vocab, n.sourceNumbers, n.sourceCounts, n.files, n.hashes, n.metas].reduce((sum, k) => sum + spans[k][1], 0);
      assert.equal(sections.bytesRead, records);
      assert.ok(spans[n.positions][1] > 4 * BLOCK, 'the postings run to several blocks');
      const start = sections.postingStart();
      const afterStarts = sections.bytesRead;
      // A rare word of the last filler story: one or two blocks of the postings.
      const id = contents.vocab.indexOf(word(399 * 61 + 5));
      assert.ok(id >= 0);
      assert.deepEqual([...sections.positions(id, start[id], start[id + 1])], [...eager.positions(id)]);
      assert.ok(sections.bytesRead - afterStarts <= 2 * BLOCK, `${sections.bytesRead - afterStarts} bytes for one word`);
      assert.deepEqual([...sections.allPositions()], [...eager.data().postings!.positions]);
    } finally {
      contents.sections.close();
    }
  });

  it('catches a section that fails its checksum when a check first uses it; loaded again without that file, the index is rebuilt and written again', async () => {
    const expected = findings(load().index);
    const file = load().stats.cacheFile!;
    const header = headerOf(file);
    const n = sectionNumbers(header.tables.length);
    // One word id's lowest bit flipped: still a word of the vocabulary, so only the checksum can tell.
    edit(file, n.ids, 4 * 100, (b) => b ^ 1);
    const eager = load();
    assert.equal(eager.stats.cache, 'rejected');
    assert.equal(eager.stats.rejected, 'checksum mismatch');
    // (Rebuilt and written again by that load.)
    edit(file, n.ids, 4 * 100, (b) => b ^ 1);
    const lazy = load({ lazy: true });
    assert.equal(lazy.stats.cache, 'hit', 'the records are intact');
    assert.throws(
      () => findings(lazy.index),
      (e: unknown) => e instanceof IndexCacheCorrupt && e.reason === 'checksum mismatch' && e.file === file,
    );
    const again = load({ lazy: true, distrust: [file] });
    assert.equal(again.stats.cache, 'rejected');
    assert.equal(again.stats.prepared, again.index.sources.length);
    assert.deepEqual(findings(again.index), expected);
    const after = load({ lazy: true });
    assert.equal(after.stats.cache, 'hit');
    assert.deepEqual(findings(after.index), expected);
    // A load that must read every array (a file changed) meets the bad block itself, and rebuilds.
    edit(file, n.ids, 4 * 100, (b) => b ^ 1);
    fs.appendFileSync(path.join(sources, 'filler-003.txt'), '\nOne more line.\n');
    const openBefore = openIndexFiles('self');
    const changed = await loadIndex([sources], { cacheDir: cache, tool: 'test', racyMs: 0, lazy: true });
    assert.deepEqual(openIndexFiles('self'), openBefore, 'the file that failed is not left open');
    assert.equal(changed.stats.cache, 'rejected');
    assert.equal(changed.stats.rejected, 'checksum mismatch');
    assert.ok(changed.warnings.some((w) => /index cache not used \(checksum mismatch\); rebuilding/.test(w)), changed.warnings.join('\n'));
    assert.deepEqual(findings(changed.index), findings(loadIndexSync([sources]).index));
    assert.equal(load({ lazy: true }).stats.cache, 'hit');
  });

  it('catches postings out of shape whose checksums are right when the word is first looked up', () => {
    load();
    const file = load().stats.cacheFile!;
    const n = sectionNumbers(headerOf(file).tables.length);
    // The first position's high byte: past the tokens.
    rejectedThenRefused(() => edit(file, n.positions, 3, () => 0x40, true), 'inconsistent postings', (index) => index.positions(0));
  });

  it('catches a vocabulary table out of shape whose checksums are right: read whole, rejected; read lazily, when a word is first looked up', () => {
    load();
    const file = load().stats.cacheFile!;
    const n = sectionNumbers(headerOf(file).tables.length);
    // Which slot holds a word, and which is empty: copying the first into the second lists that word twice.
    const table = (): Int32Array => {
      const c = openCache(file, codeFingerprint());
      try {
        const [at, length] = sectionSpans(c.header)[n.vocabTable];
        const b = Buffer.alloc(length);
        fs.readSync(c.fd, b, 0, length, c.bodyFrom + at);
        return new Int32Array(b.buffer, b.byteOffset, length / 4);
      } finally {
        fs.closeSync(c.fd);
      }
    };
    const t = table();
    const full = t.findIndex((id) => id >= 0);
    const empty = t.findIndex((id) => id === -1);
    const bytes = new Uint8Array(new Int32Array([t[full]]).buffer);
    const copy = () => {
      for (let k = 0; k < 4; k++) edit(file, n.vocabTable, 4 * empty + k, () => bytes[k], k === 3);
    };
    rejectedThenRefused(copy, 'bad vocabulary table', (index) => index.idOf('filler'));
  });

  it('keeps the dates check’s dated sentences: out of shape with right checksums, rejected when read whole, refused when the check first reads them lazily', () => {
    const fromFiles = findings(loadIndexSync([sources]).index);
    load();
    const file = load().stats.cacheFile!;
    const header = headerOf(file);
    const n = sectionNumbers(header.tables.length);
    const dated = header.corpusTables.findIndex((t) => t.name === 'dated-sentences');
    assert.ok(dated >= 0 && header.corpusTables[dated].lengths[0] > 400, 'the fillers’ dates are dated sentences');
    // Read back lazily and unchanged, the dates check finds what it finds from the files.
    const lazy = load({ lazy: true });
    assert.deepEqual(findings(lazy.index), fromFiles);
    assert.ok(findings(lazy.index).some((f) => f.kind === 'date'));
    // The sections of the table follow the vocabulary's table: the first is each dated sentence's source.
    let first = n.vocabTable + 1;
    for (let k = 0; k < dated; k++) first += header.corpusTables[k].lengths.length;
    const damage = (array: number, at: number) => edit(file, first + array, 4 * at + 3, () => 0x7f, true);
    rejectedThenRefused(() => damage(0, 5), 'inconsistent dated-sentences', findings);
    // A word's list of dated sentences (the last array; where each begins, the one before) out of
    // shape: read whole, rejected; read lazily, refused when a check first reads that list.
    const index = load().index;
    const lists = header.corpusTables[dated].lengths.length - 1;
    const section = (k: number) => {
      const c = openCache(file, codeFingerprint());
      try {
        const [at, length] = sectionSpans(c.header)[k];
        const b = Buffer.alloc(length);
        fs.readSync(c.fd, b, 0, length, c.bodyFrom + at);
        return new Int32Array(b.buffer, b.byteOffset, length / 4);
      } finally {
        fs.closeSync(c.fd);
      }
    };
    const rare = word(399 * 61 + 59); // in filler-399's dated sentence only
    const entry = section(first + lists - 1)[index.idOf(rare)];
    // Its entry made larger than any dated sentence's number.
    edit(file, first + lists, 4 * entry + 3, () => 0x7f, true);
    assert.equal(load().stats.rejected, 'inconsistent dated-sentences');
    edit(file, first + lists, 4 * entry + 3, () => 0x7f, true);
    const listBroken = load({ lazy: true });
    assert.equal(listBroken.stats.cache, 'hit');
    const checker = createCheckerFromIndex(listBroken.index);
    // A draft whose date does not need that word's list is checked; one whose date does is refused.
    assert.ok(checker.check({ text: '# T\n\nThe council said it on March 3, 2024.\n', languageId: 'markdown' }).findings.length > 0);
    assert.throws(
      () => checker.check({ text: `# T\n\nThe ${rare} said it on March 3, 2024.\n`, languageId: 'markdown' }),
      (e: unknown) => e instanceof IndexCacheCorrupt && e.reason === 'inconsistent dated-sentences',
    );
  });

  it('keeps the dates check’s counts: those of the rows; out of shape with right checksums, rejected when read whole, refused when the check first reads them lazily', () => {
    const fromFiles = loadIndexSync([sources]).index;
    load();
    const lazy = load({ lazy: true });
    const persisted = lazy.index.corpusTable(DATE_COUNTS_TABLE);
    assert.ok(persisted, 'the counts are persisted');
    assert.deepEqual(persisted, DATE_COUNTS_TABLE.build(fromFiles));
    assert.deepEqual(findings(lazy.index), findings(fromFiles));
    const file = lazy.stats.cacheFile!;
    const header = headerOf(file);
    const counts = header.corpusTables.findIndex((t) => t.name === 'date-counts');
    let first = sectionNumbers(header.tables.length).vocabTable + 1;
    for (let k = 0; k < counts; k++) first += header.corpusTables[k].lengths.length;
    // A tally's keys (years, months or days: the first, third or fifth array) with two or more: the first made larger than the next.
    const keys = [0, 2, 4].find((k) => header.corpusTables[counts].lengths[k] >= 2);
    assert.ok(keys !== undefined, 'the sources state several years, months or days');
    rejectedThenRefused(() => edit(file, first + keys, 3, () => 0x7f, true), 'inconsistent date-counts', findings);
  });

  it('finishes reading in steps: every part read and checked, then the file closed (a part failing then is caught)', () => {
    const expected = findings(load().index);
    const lazy = load({ lazy: true });
    assert.ok(lazy.finishReading, 'a lazily read index has the rest to read');
    const fd = (lazy.index as unknown as { parts: { store: { fd: number } } }).parts.store.fd;
    let steps = 0;
    for (const _ of lazy.finishReading!()) steps++;
    assert.ok(steps >= 8, `${steps} steps`);
    assert.throws(() => fs.fstatSync(fd), /EBADF/, 'the file is closed');
    assert.deepEqual(findings(lazy.index), expected, 'everything it needs was read before the file was closed');
    assert.equal(load().finishReading, undefined, 'read whole: nothing left open');
    // A block no check of this draft reads, corrupted: found when the rest is read.
    const probe = load({ lazy: true });
    findings(probe.index);
    const store = (probe.index as unknown as { parts: { store: { read: (Uint8Array | undefined)[] } } }).parts.store;
    const file = probe.stats.cacheFile!;
    const header = headerOf(file);
    const spans = sectionSpans(header);
    let unread: [number, number] | undefined;
    for (let k = 0; k < spans.length && !unread; k++) {
      const blocks = Math.ceil(spans[k][1] / BLOCK);
      for (let b = 0; b < blocks && !unread; b++) if (!store.read[k]?.[b]) unread = [k, b];
    }
    assert.ok(unread, 'a block the check did not read');
    edit(file, unread[0], unread[1] * BLOCK, (b) => b ^ 1);
    const damaged = load({ lazy: true });
    assert.deepEqual(findings(damaged.index), expected);
    assert.throws(
      () => {
        for (const _ of damaged.finishReading!());
      },
      (e: unknown) => e instanceof IndexCacheCorrupt && e.file === file && e.reason === 'checksum mismatch',
    );
  });

  it('several folders: their merged index is persisted as theirs together, then loaded lazily from there in one listing; a change costs only itself', async () => {
    const other = path.join(dir, 'other');
    fs.mkdirSync(other);
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(other, `o-${i}.txt`), `Other ${i} on May 5, 2023.\n\nThe ${word(9000 + i)} said “${word(i)} ${word(i + 7)}” on Friday.\n`);
    const opts = { cacheDir: cache, tool: 'test', racyMs: 0, lazy: true };
    const plain = findings(loadIndexSync([sources, other]).index);
    const first = await loadIndex([sources, other], opts);
    assert.deepEqual(findings(first.index), plain);
    const files = () => fs.readdirSync(cache).filter((f) => f.endsWith('.idx')).sort();
    assert.equal(files().length, 3, 'each folder and the two together: ' + files().join(', '));
    const combined = first.stats.cacheFile!;
    assert.ok(files().includes(path.basename(combined)));
    assert.equal(first.stats.cache, 'absent');
    const second = await loadIndex([sources, other], opts);
    assert.equal(second.stats.cache, 'hit');
    assert.equal(second.stats.cacheFile, combined);
    assert.equal(second.stats.reused, second.index.sources.length);
    assert.ok(second.finishReading, 'read lazily from the combined file');
    assert.deepEqual(findings(second.index), plain);
    // One file changed: read again alone, the combined file written again.
    fs.appendFileSync(path.join(other, 'o-3.txt'), '\nOne more line.\n');
    const changed = await loadIndex([sources, other], opts);
    assert.equal(changed.stats.prepared, 1);
    assert.equal(changed.stats.reused, changed.index.sources.length - 1);
    assert.deepEqual(findings(changed.index), findings(loadIndexSync([sources, other]).index));
    assert.equal((await loadIndex([sources, other], opts)).stats.cache, 'hit');
    // The combined file corrupt, found when a check reads it: made again from the folders' own files.
    edit(combined, sectionNumbers(headerOf(combined).tables.length).ids, 4 * 100, (b) => b ^ 1);
    const damaged = await loadIndex([sources, other], opts);
    assert.throws(() => findings(damaged.index), (e: unknown) => e instanceof IndexCacheCorrupt && e.file === combined);
    const again = await loadIndex([sources, other], { ...opts, distrust: [combined] });
    assert.ok(again.stats.reused > 0, 'seeded from the folders’ files');
    assert.deepEqual(findings(again.index), findings(loadIndexSync([sources, other]).index));
    const after = await loadIndex([sources, other], opts);
    assert.equal(after.stats.cache, 'hit');
    assert.deepEqual(findings(after.index), findings(again.index));
  });

  it('the CLI: a section found corrupt while checking is rebuilt, with a warning and the same output', () => {
    const run = () => {
      const r = spawnSync(process.execPath, [BIN, 'check', '--format', 'json', '--corpus', sources, '--cache-dir', cache, path.join(ROOT, 'examples', 'iran-coalition-draft.md')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CORROBORATE_CODE_CACHE: '0' } });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const first = run();
    assert.equal(first.code, 1, first.stderr);
    assert.equal(first.stderr, '');
    const file = fs
      .readdirSync(cache)
      .filter((f) => f.endsWith('.idx'))
      .map((f) => path.join(cache, f))[0];
    edit(file, sectionNumbers(headerOf(file).tables.length).ids, 4 * 7, (b) => b ^ 1);
    const damaged = run();
    assert.equal(damaged.code, first.code);
    assert.equal(damaged.stdout, first.stdout);
    assert.match(damaged.stderr, /^corroborate: warning: .*\.idx: index cache not used \(checksum mismatch\); rebuilding\n$/);
    const after = run();
    assert.equal(after.stderr, '');
    assert.equal(after.stdout, first.stdout);
  });
});
