// Finding a phrase in a PostgreSQL archive by its word keys (issue 16: candidate retrieval in SQL):
// `corroborate archive find` must find exactly the places the embedded index finds, reading only
// the sources whose keys hold the phrase's words; keys never go stale, whoever writes the rows.
// Runs against a real PostgreSQL started for the test (test/postgres.ts), never a mock.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Client } from 'pg';
import { IndexBuilder } from '../server/src/core/corpus/index';
import { connect, importArchive } from '../server/src/node/archiveDb';
import { findPhraseIn, phraseWordKeys } from '../server/src/core/corpus/wordKeys';
import { tokenize } from '../server/src/core/text/tokens';
import { seeded } from '../server/src/tools/bench/random';
import { startPostgres, type TestPostgres } from './postgres';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  assert.equal(r.error, undefined, `the CLI did not finish: ${r.error?.message}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Hit {
  id: string;
  start: number;
  end: number;
}
interface Found {
  phrase: string;
  candidates: number;
  complete: boolean;
  hits: (Hit & { sentence: string; line: number; column: number })[];
}

function find(url: string, ...args: string[]): { code: number | null; found: Found[]; stderr: string } {
  const r = cli('archive', 'find', '--database', url, '--format', 'json', ...args);
  return { code: r.code, found: r.code === 2 ? [] : JSON.parse(r.stdout), stderr: r.stderr };
}

// Small articles sharing a vocabulary, so that many sources hold a phrase's words and few hold
// them in order; typography the index normalises (curly apostrophes, accents, case, line breaks).
const WORDS = 'the council minister harbour said would not raise taxes levy budget deal talks ended without a port city mayor'.split(' ');
function articles(n: number): { name: string; text: string }[] {
  const rnd = seeded(16);
  const out = [];
  for (let i = 0; i < n; i++) {
    const sentences = [];
    for (let s = 0; s < rnd.int(2, 5); s++) {
      const w = Array.from({ length: rnd.int(5, 12) }, () => rnd.pick(WORDS));
      sentences.push(w.join(rnd.chance(0.2) ? '\n' : ' ') + '.');
    }
    if (i % 7 === 0) sentences.push('Café owners said the harbour’s levy “would not” change.');
    out.push({ name: `a${String(i).padStart(3, '0')}.txt`, text: `${sentences.join(' ')}\n` });
  }
  return out;
}

describe('archive find: phrases found in PostgreSQL by their word keys', function () {
  this.timeout(120000);
  let pg: TestPostgres;
  let tmp: string;
  let corpus: string;
  let client: Client;
  before(async () => {
    pg = startPostgres();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-find-'));
    corpus = path.join(tmp, 'archive');
    fs.mkdirSync(corpus);
    for (const a of articles(60)) fs.writeFileSync(path.join(corpus, a.name), a.text);
    const imported = cli('archive', 'import', '--database', pg.url, corpus);
    assert.equal(imported.code, 0, imported.stderr);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    client = new (require('pg') as typeof import('pg')).Client({ connectionString: pg.url });
    await client.connect();
  });
  after(async () => {
    await client?.end().catch(() => undefined);
    pg?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** What the embedded index finds, and how many sources hold every pair of adjacent words of the phrase (its word, when it is one). */
  function inMemory(phrases: string[]): { hits: Hit[]; holding: number }[] {
    const builder = new IndexBuilder();
    for (const name of fs.readdirSync(corpus).sort()) {
      const file = path.join(corpus, name);
      builder.add({ id: file, text: fs.readFileSync(file, 'utf8'), fallbackTitle: name });
    }
    const index = builder.finish();
    return phrases.map((p) => {
      const { parts } = phraseWordKeys(p);
      const pairs = (w: string[]) => (w.length === 1 ? w : w.slice(1).map((x, i) => `${w[i]} ${x}`));
      const holding = index.sources.filter((s) => {
        const has = new Set(pairs(tokenize(s.text).map((t) => t.norm)).concat(tokenize(s.text).map((t) => t.norm)));
        return parts.every((part) => pairs(part).every((w) => has.has(w)));
      }).length;
      return { hits: findPhraseIn(index, parts).map((o) => ({ id: index.sources[o.source].id, start: o.start, end: o.end })), holding };
    });
  }

  it('finds exactly the places the embedded index finds, searching only the sources holding every pair of its words', () => {
    const rnd = seeded(7);
    const texts = fs.readdirSync(corpus).map((n) => fs.readFileSync(path.join(corpus, n), 'utf8'));
    const phrases: string[] = [];
    for (let k = 0; k < 40; k++) {
      // Runs of words from a source (found at least there), and the same words shuffled (mostly nowhere).
      const words = tokenize(rnd.pick(texts)).map((t) => t.norm);
      const from = rnd.int(0, words.length - 4);
      const run = words.slice(from, from + rnd.int(2, 4));
      phrases.push(run.join(' '), rnd.shuffle([...run]).join(' '));
    }
    phrases.push('CAFE OWNERS said the Harbour\'s levy "would not"', 'levy taxes deal mayor', 'the council zeppelin', 'Harbour', 'zeppelin', 'Café owners … “would not” change', 'owners said [the mayor] levy');
    const expected = inMemory(phrases);
    const { code, found } = find(pg.url, ...phrases);
    assert.ok(code === 0 || code === 1);
    assert.equal(found.length, phrases.length);
    let withHits = 0;
    found.forEach((f, k) => {
      const got = f.hits.map((h) => ({ id: h.id, start: h.start, end: h.end }));
      assert.deepEqual(got, expected[k].hits, `phrase ${JSON.stringify(phrases[k])}`);
      assert.equal(f.candidates, expected[k].holding, `candidates of ${JSON.stringify(phrases[k])}`);
      assert.ok(f.complete);
      if (got.length) withHits++;
    });
    // The sample is not degenerate: some phrases are found, some are not, and the typography case is found.
    assert.ok(withHits >= 40 && withHits < phrases.length, `${withHits} of ${phrases.length} found`);
    assert.equal(found[80].hits.length, 9);
    assert.equal(found[80].hits[0].sentence, 'Café owners said the harbour’s levy “would not” change.');
    assert.equal(found[82].candidates, 0);
    assert.ok(found[83].hits.length > 5, 'a single word is looked up by its own key');
    assert.equal(found[84].candidates, 0);
    assert.equal(found[85].hits.length, 9, 'an ellipsis is a gap');
    assert.equal(found[86].hits.length, 9, 'bracketed words are a gap');
  });

  it('prints each place with its sentence; exit 0 when every phrase is found, 1 when one is not, 2 without a phrase', () => {
    const found = cli('archive', 'find', '--database', pg.url, 'cafe owners said');
    assert.equal(found.code, 0, found.stderr);
    assert.match(found.stdout, /^"cafe owners said": 9 places$/m);
    const a000 = fs.readFileSync(path.join(corpus, 'a000.txt'), 'utf8');
    const before = a000.slice(0, a000.indexOf('Café owners said')).split('\n');
    assert.ok(before.length > 1, 'the fixture puts the phrase below its first line');
    assert.ok(found.stdout.includes(`  ${path.join(corpus, 'a000.txt')} (line ${before.length}, column ${before[before.length - 1].length + 1}): “a000”\n`), found.stdout);
    assert.match(found.stdout, /^ {4}Café owners said the harbour’s levy “would not” change\.$/m);
    const missing = cli('archive', 'find', '--database', pg.url, 'cafe owners said', 'owners cafe said');
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /^"owners cafe said": in no source of the archive$/m);
    assert.equal(cli('archive', 'find', '--database', pg.url).code, 2);
    assert.equal(cli('archive', 'find', '--database', pg.url, '--limit', '0', 'x').code, 2);
  });

  it('--from FILE or - (standard input): one phrase per line, blank lines skipped; an unreadable or binary file is refused with exit 2', () => {
    const list = path.join(tmp, 'quotes.txt');
    fs.writeFileSync(list, '\uFEFFcafe owners said\r\n\n  owners cafe said  \n');
    const byFile = find(pg.url, '--from', list);
    assert.equal(byFile.code, 1);
    assert.deepEqual(byFile.found.map((f) => [f.phrase, f.hits.length]), [['cafe owners said', 9], ['owners cafe said', 0]]);
    const r = spawnSync(process.execPath, [BIN, 'archive', 'find', '--database', pg.url, '--from', '-', 'levy'], { cwd: ROOT, encoding: 'utf8', input: 'cafe owners said\n', timeout: 60000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^"levy": \d+ places$/m);
    assert.match(r.stdout, /^"cafe owners said": 9 places$/m);
    const missing = cli('archive', 'find', '--database', pg.url, '--from', path.join(tmp, 'nope.txt'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--from: cannot read .*nope\.txt \(ENOENT\)/);
    const binary = path.join(tmp, 'quotes.bin');
    fs.writeFileSync(binary, Buffer.from([0x63, 0x61, 0x00, 0x66]));
    const refused = cli('archive', 'find', '--database', pg.url, '--from', binary);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--from: .*quotes\.bin is not text/);
  });

  it('says when a phrase of common words had more candidates than --limit, and searched only that many', () => {
    const { code, found } = find(pg.url, '--limit', '5', 'the council');
    assert.equal(found[0].candidates, 5);
    assert.equal(found[0].complete, false);
    assert.ok(code === 0 || code === 1);
    const text = cli('archive', 'find', '--database', pg.url, '--limit', '5', 'the council');
    assert.match(text.stdout, /only 5 of the sources holding all its words were searched/);
  });

  it('a phrase is a parameter, never SQL', async () => {
    const r = find(pg.url, "levy'); DROP TABLE corroborate_sources; --", 'levy" OR 1=1 --');
    assert.equal(r.code, 1, r.stderr);
    const n = await client.query('SELECT count(*)::int AS n FROM corroborate_sources');
    assert.equal(n.rows[0].n, 60);
  });

  it('a role that may only read finds the same places', async () => {
    await client.query('CREATE ROLE finder LOGIN');
    await client.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO finder');
    const phrases = ['cafe owners said', 'owners cafe said', 'Harbour'];
    const asReader = find(pg.url.replace('postgres@', 'finder@'), ...phrases);
    assert.equal(asReader.code, 1, asReader.stderr);
    assert.deepEqual(asReader.found, find(pg.url, ...phrases).found);
    assert.equal(asReader.found[0].hits.length, 9);
  });

  it('a text changed by another writer loses its keys and is still searched; the next import keys it again from the file', async () => {
    const file = path.join(corpus, 'a001.txt');
    await client.query("UPDATE corroborate_sources SET text = text || ' The zeppelin landed.' WHERE id = $1", [file]);
    const status = cli('archive', 'status', '--database', pg.url);
    assert.match(status.stdout, /^1 sources without word keys/m);
    const { found } = find(pg.url, 'zeppelin landed');
    assert.deepEqual(
      found[0].hits.map((h) => h.id),
      [file],
    );
    const again = cli('archive', 'import', '--database', pg.url, corpus);
    assert.match(again.stdout, /^60 sources: 0 written, 1 given word keys, 59 unchanged, 0 skipped/m);
    assert.equal(find(pg.url, 'zeppelin landed').found[0].candidates, 0);
    assert.doesNotMatch(cli('archive', 'status', '--database', pg.url).stdout, /without word keys/);
  });

  it('keys of an older version are made again by the next import; a newer version is refused, not mixed', async () => {
    await client.query('UPDATE corroborate_state SET words_version = 0');
    const older = find(pg.url, 'cafe owners said');
    assert.equal(older.code, 2);
    assert.match(older.stderr, /no word keys of this version of Corroborate.*run `corroborate archive import`/);
    const rekeyed = cli('archive', 'import', '--database', pg.url, corpus);
    assert.match(rekeyed.stdout, /^60 sources: 0 written, 60 given word keys, 0 unchanged/m);
    assert.equal(find(pg.url, 'cafe owners said').found[0].hits.length, 9);
    await client.query('UPDATE corroborate_state SET words_version = 99');
    const newer = cli('archive', 'import', '--database', pg.url, corpus);
    assert.equal(newer.code, 2);
    assert.match(newer.stderr, /word keys are of a newer version of Corroborate \(99/);
    assert.equal(find(pg.url, 'cafe owners said').code, 2);
    await client.query('UPDATE corroborate_state SET words_version = 1');
  });

  it('a bulk import makes the key index anew at the end; without the index (an import stopped before its end) lookups stay exact and status says so; the next import makes it', async () => {
    await client.query('CREATE DATABASE bulk');
    const url = pg.url.replace('/postgres?', '/bulk?');
    const bulk = await connect(url);
    try {
      const r = await importArchive(bulk, [corpus], { bulk: 10 });
      assert.equal(r.written, 60);
      assert.ok(r.indexMs !== undefined, 'made the index anew');
      const indexed = await bulk.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'corroborate_sources_words'");
      assert.match(indexed.rows[0].indexdef, /USING gin \(words\)/);
      const phrases = ['cafe owners said', 'the council', 'owners cafe said'];
      const expected = inMemory(phrases).map((e) => e.hits);
      const hits = () => find(url, ...phrases).found.map((f) => f.hits.map((h) => ({ id: h.id, start: h.start, end: h.end })));
      assert.deepEqual(hits(), expected);
      await bulk.query('DROP INDEX corroborate_sources_words');
      assert.deepEqual(hits(), expected);
      assert.match(cli('archive', 'status', '--database', url).stdout, /the word-key index is missing/);
      const again = cli('archive', 'import', '--database', url, corpus);
      assert.match(again.stdout, /^60 sources: 0 written, 60 unchanged/m);
      assert.doesNotMatch(cli('archive', 'status', '--database', url).stdout, /index is missing/);
      assert.deepEqual(hits(), expected);
    } finally {
      await bulk.end();
    }
  });

  it('an archive imported before word keys existed: status counts its sources as unkeyed, find says to import, the next import keys them', async () => {
    await client.query('CREATE DATABASE legacy');
    const url = pg.url.replace('/postgres?', '/legacy?');
    const legacy = await connect(url);
    try {
      await importArchive(legacy, [corpus]);
      // The layout of the version before keys: no keys, no trigger, no version.
      await legacy.query('DROP TRIGGER corroborate_sources_stale_words ON corroborate_sources');
      await legacy.query('ALTER TABLE corroborate_sources DROP COLUMN words, DROP COLUMN words_md5');
      await legacy.query('ALTER TABLE corroborate_state DROP COLUMN words_version');
    } finally {
      await legacy.end();
    }
    const status = cli('archive', 'status', '--database', url);
    assert.match(status.stdout, /^60 sources without word keys/m);
    assert.doesNotMatch(status.stdout, /index is missing/);
    const before = find(url, 'cafe owners said');
    assert.equal(before.code, 2);
    assert.match(before.stderr, /no word keys of this version of Corroborate \(0, this one reads 1\): run `corroborate archive import`/);
    const imported = cli('archive', 'import', '--database', url, corpus);
    assert.match(imported.stdout, /^60 sources: 0 written, 60 given word keys, 0 unchanged/m);
    assert.deepEqual(find(url, 'cafe owners said').found, find(pg.url, 'cafe owners said').found);
  });
});
