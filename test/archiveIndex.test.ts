// The persisted index of a PostgreSQL archive (issue 16): a second load is a cache hit that reads
// no row; any write to the archive (an import, or a row changed by hand) invalidates it and the
// rebuild reuses the unchanged sources; findings are those of the archive read whole into memory;
// a damaged cache is rebuilt, never used; a read-only role is enough for checking.
// Runs against a real PostgreSQL started for the test (test/postgres.ts), never a mock.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Client } from 'pg';
import { createCheckerFromIndex, type CorpusIndex } from '../server/src/core/index';
import { IndexBuilder } from '../server/src/core/corpus/index';
import { archiveInputs, connect, importArchive, withSources } from '../server/src/node/archiveDb';
import { archiveCacheFiles, forgetArchiveTexts, loadArchiveIndex, mergeWithArchive, withoutPassword } from '../server/src/node/archiveIndex';
import { loadIndexSync } from '../server/src/node/indexCache';
import { generatedArchive } from './archive';
import { startPostgres, type TestPostgres } from './postgres';
import { forgeKept, keptFiles } from './indexFiles';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');
const FORMATS = path.join(__dirname, 'fixtures', 'formats');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  assert.equal(r.error, undefined, `the CLI did not finish: ${r.error?.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Drafts made from the sources: quotations as they are, changed by a word, cut, and one in no source; with dates and figures. */
function draftsFrom(index: CorpusIndex, count: number): string[] {
  const drafts: string[] = [];
  const quoted = index.sources.map((s) => /"([^"]{20,200})," ([A-Z][a-z]+ [A-Z][a-z]+) told reporters/.exec(s.text)).filter((m): m is RegExpExecArray => !!m);
  for (let k = 0; k < count && k < quoted.length; k++) {
    const [, quote, who] = quoted[(k * 7) % quoted.length];
    const words = quote.split(' ');
    const changed = [...words];
    changed[Math.min(2, changed.length - 1)] = 'never';
    drafts.push(
      [
        `${who} said on Monday: "${quote}."`,
        `"${changed.join(' ')}," ${who} added.`,
        `${who} told reporters that "${words.slice(1, -1).join(' ')}".`,
        `The council said "the harbour levy stays at 12 percent until 2031" on Friday.`,
      ].join('\n\n') + '\n',
    );
  }
  return drafts;
}

/** Every finding of each draft, as plain data (what a user sees). */
function findingsOf(index: CorpusIndex, drafts: readonly string[]): unknown[] {
  const checker = createCheckerFromIndex(index);
  return drafts.map((text) => JSON.parse(JSON.stringify(checker.check({ text, languageId: 'markdown', date: '2026-12-02' }).findings)));
}

describe('persisted index of a database archive', function () {
  this.timeout(180000);
  let pg: TestPostgres;
  let tmp: string;
  let client: Client;
  let corpus: string;
  before(async () => {
    pg = startPostgres();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-archive-index-'));
    corpus = path.join(tmp, 'corpus');
    fs.mkdirSync(path.join(corpus, 'archive'), { recursive: true });
    for (const s of generatedArchive(300, 7)) fs.writeFileSync(path.join(corpus, s.id), s.text);
    fs.cpSync(FORMATS, path.join(corpus, 'formats'), { recursive: true });
    fs.writeFileSync(path.join(corpus, 'note.md'), '---\ntitle: Council note\ndate: 2026-11-20\n---\nThe council said "the harbour levy stays at 12 percent until 2031" on Friday.\n');
    client = await connect(pg.url);
    const r = await importArchive(client, [corpus]);
    assert.equal(r.written, 306);
  });
  after(async () => {
    await client?.end().catch(() => undefined);
    pg?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const inMemory = async () => withSources(new IndexBuilder().finish(), await archiveInputs(client));

  it('a second load is a hit (no row read); its findings are those of the archive read whole', async () => {
    const cacheDir = path.join(tmp, 'cache-a');
    const first = await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' });
    assert.equal(first.stats.cache, 'absent');
    assert.equal(first.stats.prepared, 306);
    assert.deepEqual(first.warnings, []);
    const files = archiveCacheFiles(cacheDir, pg.url, 't');
    assert.ok(fs.existsSync(files.idx) && fs.existsSync(files.texts));
    const second = await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' });
    assert.deepEqual({ cache: second.stats.cache, reused: second.stats.reused, prepared: second.stats.prepared }, { cache: 'hit', reused: 306, prepared: 0 });
    const memory = await inMemory();
    assert.deepEqual(
      second.index.sources.map((s) => [s.id, s.meta, s.text.length]),
      memory.sources.map((s) => [s.id, s.meta, s.text.length]),
    );
    const drafts = draftsFrom(memory, 12);
    assert.equal(drafts.length, 12);
    const expected = findingsOf(memory, drafts);
    // The drafts exercise what they should: verified and unsupported quotations.
    const statuses = new Set((expected.flat() as { status?: string }[]).map((f) => f.status));
    assert.ok(statuses.has('verified') && statuses.has('unsupported'), [...statuses].join(', '));
    assert.deepEqual(findingsOf(first.index, drafts), expected);
    assert.deepEqual(findingsOf(second.index, drafts), expected);
  });

  it('an import in between invalidates it: only the changed and new sources are prepared; a row changed by hand does too', async () => {
    const cacheDir = path.join(tmp, 'cache-b');
    await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' });
    const story = path.join(corpus, 'archive', 'story-0003.txt');
    fs.writeFileSync(story, fs.readFileSync(story, 'utf8').replace(' said ', ' said again '));
    fs.writeFileSync(path.join(corpus, 'late.md'), 'Late news\n\nThe mayor said "the tunnel opens in May" at the depot.\n');
    const r = await importArchive(client, [corpus]);
    assert.equal(r.written, 2);
    const after = await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' });
    assert.deepEqual({ cache: after.stats.cache, reused: after.stats.reused, prepared: after.stats.prepared }, { cache: 'updated', reused: 305, prepared: 2 });
    const memory = await inMemory();
    assert.equal(after.index.sources.length, 307);
    const drafts = [...draftsFrom(memory, 6), 'The mayor said "the tunnel opens in May".\n'];
    assert.deepEqual(findingsOf(after.index, drafts), findingsOf(memory, drafts));
    assert.equal((await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' })).stats.cache, 'hit');
    // A change that no import made (same row count, same import time): the trigger's generation.
    await client.query("UPDATE corroborate_sources SET text = replace(text, 'tunnel', 'bridge'), hash = 'by-hand' WHERE id LIKE '%late.md'");
    const byHand = await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' });
    assert.deepEqual({ cache: byHand.stats.cache, prepared: byHand.stats.prepared }, { cache: 'updated', prepared: 1 });
    assert.ok(byHand.index.sources.find((s) => s.id.endsWith('late.md'))!.text.includes('the bridge opens in May'));
    // And a row removed.
    await client.query("DELETE FROM corroborate_sources WHERE id LIKE '%late.md'");
    const removed = await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' });
    assert.deepEqual({ cache: removed.stats.cache, removed: removed.stats.removed, sources: removed.index.sources.length }, { cache: 'updated', removed: 1, sources: 306 });
  });

  it('a damaged cache is not used: rebuilt with a warning, the same findings', async () => {
    const cacheDir = path.join(tmp, 'cache-c');
    const first = await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' });
    const files = archiveCacheFiles(cacheDir, pg.url, 't');
    const drafts = draftsFrom(first.index, 4);
    const expected = findingsOf(first.index, drafts);
    // A text changed in place (same length): the index would point into the wrong words.
    const texts = fs.readFileSync(files.texts);
    const at = texts.indexOf('told reporters');
    texts.write('TOLD', at, 'latin1');
    fs.writeFileSync(files.texts, texts);
    forgetArchiveTexts();
    const again = await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' });
    // The arrays are intact, so the hit stands; the damaged text is never shown: it reads as ''.
    const damaged = again.index.sources.filter((s) => s.text === '');
    assert.equal(damaged.length, 1);
    // The index file cut short: rebuilt.
    fs.truncateSync(files.idx, fs.statSync(files.idx).size - 10);
    const rebuilt = await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' });
    assert.equal(rebuilt.stats.cache, 'rejected');
    assert.match(rebuilt.warnings.join('\n'), /index cache not used/);
    assert.deepEqual(findingsOf(rebuilt.index, drafts), expected);
    assert.equal((await loadArchiveIndex(client, pg.url, { cacheDir, tool: 't' })).stats.cache, 'hit');
  });

  it('beside a local corpus: a source in both counts once, as the local one; findings as the in-memory merge', async () => {
    const local = loadIndexSync([path.join(FORMATS, 'pages')]).index;
    const archive = await loadArchiveIndex(client, pg.url, { cacheDir: path.join(tmp, 'cache-a'), tool: 't' });
    const merged = mergeWithArchive(local, archive.index);
    const memory = withSources(local, await archiveInputs(client));
    assert.deepEqual(merged.sources.map((s) => s.id), memory.sources.map((s) => s.id));
    const drafts = [...draftsFrom(memory, 4), 'Moreno said: "I will not let this contract become the government\'s burden."\n'];
    assert.deepEqual(findingsOf(merged, drafts), findingsOf(memory, drafts));
  });

  it('the cache is named by the URL without its password', () => {
    assert.equal(withoutPassword('postgresql://desk:s3cret@db.example/news'), 'postgresql://desk@db.example/news');
    assert.equal(archiveCacheFiles('/c', 'postgresql://desk:s3cret@db.example/news', 't').idx, archiveCacheFiles('/c', 'postgresql://desk:other@db.example/news', 't').idx);
    assert.ok(!archiveCacheFiles('/c', 'postgresql://desk:s3cret@db.example/news', 't').idx.includes('s3cret'));
  });

  it('check --database: the second run takes the cache (not rewritten), same output; a read-only role checks, cannot import', async () => {
    const cacheDir = path.join(tmp, 'cache-cli');
    const draft = path.join(tmp, 'draft.md');
    fs.writeFileSync(draft, 'Moreno said: "I will not let this contract become the government\'s burden."\n\nShe added: "Nobody in the harbour office ever saw the tender papers."\n');
    const first = cli('check', '--cache-dir', cacheDir, '--database', pg.url, '--format', 'json', draft);
    assert.equal(first.stderr, '');
    const files = archiveCacheFiles(cacheDir, pg.url, 'cli');
    const inodes = () => [fs.statSync(files.idx).ino, fs.statSync(files.texts).ino];
    const written = inodes();
    const second = cli('check', '--cache-dir', cacheDir, '--database', pg.url, '--format', 'json', draft);
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(inodes(), written, 'the cache was not written again');
    const out = JSON.parse(first.stdout);
    assert.deepEqual(out.drafts[0].findings.filter((f: { kind: string }) => f.kind === 'quote').map((f: { status: string }) => f.status), ['verified', 'unsupported']);

    await client.query('CREATE ROLE reader LOGIN');
    await client.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader');
    const reader = pg.url.replace('postgres@', 'reader@');
    const ro = cli('check', '--cache-dir', path.join(tmp, 'cache-ro'), '--database', reader, '--format', 'json', draft);
    assert.equal(ro.stderr, '');
    assert.equal(ro.stdout, first.stdout);
    const denied = cli('archive', 'import', '--database', reader, path.join(FORMATS, 'pages'));
    assert.equal(denied.code, 2);
    assert.match(denied.stderr, /the database failed: permission denied/);
    // Kept: an unchanged draft against the unchanged archive gets its last check's findings (forged
    // ones, to see that they are used); --recheck checks; an import that changes the archive too.
    assert.equal(keptFiles(cacheDir).length, 1);
    forgeKept(cacheDir, (fs) => (fs[0].message = 'FORGED'));
    assert.match(cli('check', '--cache-dir', cacheDir, '--database', pg.url, '--format', 'json', draft).stdout, /FORGED/);
    assert.equal(cli('check', '--cache-dir', cacheDir, '--database', pg.url, '--format', 'json', '--recheck', draft).stdout, first.stdout);
    const extra = path.join(tmp, 'extra');
    fs.mkdirSync(extra, { recursive: true });
    fs.writeFileSync(path.join(extra, 'late.md'), '# Late\n\nThe weather office said "rain will reach the valley by noon" on Tuesday.\n');
    forgeKept(cacheDir, (fs) => (fs[0].message = 'FORGED'));
    await importArchive(client, [extra]);
    const afterImport = cli('check', '--cache-dir', cacheDir, '--database', pg.url, '--format', 'json', draft);
    assert.doesNotMatch(afterImport.stdout, /FORGED/);
  });
});
