// Sources that are not plain text (issue 16): saved web pages and JSON Lines archives. The text a
// page yields is its article, entities decoded and boilerplate dropped; its metadata is only what
// it states. An archive's lines are sources of their own; a bad line is reported by its number and
// the rest loads, also through the persisted index.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCheckerFromIndex } from '../server/src/core/index';
import { listSourceFiles, readCorpus, readSourceFile } from '../server/src/node/corpusFiles';
import { extractHtml } from '../server/src/node/formats/html';
import { parseArticleLine, parseFieldMap } from '../server/src/node/formats/jsonl';
import { loadIndex, loadIndexSync } from '../server/src/node/indexCache';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'formats');
const BIN = path.join(ROOT, 'bin', 'corroborate.js');

const page = (head: string, body: string) => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const ARTICLE = '<article><p>The council approved the budget on Monday after a long debate about the harbour.</p><p>“We balanced it without new taxes,” the treasurer said to the assembled reporters.</p></article>';

describe('web pages as sources', () => {
  it('the article of a saved page: paragraphs kept, entities decoded, navigation, asides, share bars, cookie notes and footers dropped', () => {
    const r = readSourceFile(path.join(FIXTURES, 'pages', 'harbour-minister.html'));
    assert.ok('input' in r, JSON.stringify(r));
    const { text, meta } = r.input;
    const paragraphs = text.split('\n\n');
    assert.deepEqual(paragraphs.slice(1, 3), [
      'The harbour minister, Adela Moreno, resigned on Tuesday after auditors questioned a dredging contract worth €40 million awarded without a tender.',
      '“I will not let this contract become the government’s burden,” Moreno told reporters outside the ministry. “The auditors deserve answers & so do the taxpayers.”',
    ]);
    assert.match(paragraphs[paragraphs.length - 1], /^The dredging company, Portline, said it had followed every rule/);
    for (const boiler of ['Home', 'Politics', 'cookies', 'Most read', 'Storm closes', 'Share on social', 'Subscribe', 'rights reserved', 'analytics', 'display']) {
      assert.ok(!text.includes(boiler), `“${boiler}” is boilerplate:\n${text}`);
    }
    // JSON-LD NewsArticle (in an @graph, after a block that is not JSON); the URL from og:url;
    // article:author is a profile URL, not a name, and the JSON-LD names win anyway.
    assert.deepEqual(meta, {
      title: 'Harbour minister resigns over dredging contract',
      outlet: 'Harbour Gazette',
      authors: ['Ines Varga', 'Tomas Brel'],
      date: '2024-03-05',
      url: 'https://gazette.example/2024/03/05/minister-resigns',
    });
  });

  it('a page in windows-1252 is decoded by its meta charset (curly quotes included); it states only a <title>, so that is all it gets', () => {
    const r = readSourceFile(path.join(FIXTURES, 'pages', 'cafe-fees.htm'));
    assert.ok('input' in r, JSON.stringify(r));
    assert.ok(r.input.text.includes('“We were never asked,” said Lena Kurz, who has run the Café Rosa for twenty years.'), r.input.text);
    assert.ok(!r.input.text.includes('Home'), r.input.text);
    assert.deepEqual(r.input.meta, { title: 'Café owners protest new terrace fees' });
  });

  it('metadata comes only from what the page states: og: and article: tags, never a URL as an author, never a date that is not one', () => {
    const og = extractHtml(
      page(
        '<title>Budget passes | Town Crier</title><meta property="og:title" content="Budget passes"><meta property="og:site_name" content="Town Crier"><meta property="article:published_time" content="2023-11-06T18:00:00Z"><meta property="article:author" content="https://crier.example/staff/1">',
        ARTICLE,
      ),
    );
    assert.deepEqual(og.meta, { title: 'Budget passes', outlet: 'Town Crier', date: '2023-11-06' });
    const named = extractHtml(page('<meta name="author" content="Jo Park"><meta property="article:published_time" content="last Tuesday">', ARTICLE));
    assert.deepEqual(named.meta, { authors: ['Jo Park'] });
    const bare = extractHtml(page('', ARTICLE));
    assert.deepEqual(bare.meta, {});
    assert.match(bare.text, /^The council approved the budget on Monday/);
  });

  it('a page without article text is skipped with its reason; a page of a few lines still gives its text', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-html-'));
    try {
      fs.writeFileSync(path.join(tmp, 'empty.html'), page('<title>Nothing</title><script>var x = 1;</script>', '<nav><a href="/">Home</a></nav>'));
      fs.writeFileSync(path.join(tmp, 'short.html'), page('', '<p>Brief: the ferry runs again.</p>'));
      const r = readCorpus([tmp]);
      assert.deepEqual(r.warnings, [`${path.join(tmp, 'empty.html')}: skipped: no article text found in the page`]);
      assert.deepEqual(r.inputs.map((i) => i.text), ['Brief: the ferry runs again.']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('JSON Lines archives as sources', () => {
  const archive = path.join(FIXTURES, 'archive', 'wire.jsonl');

  it('each non-blank line is a source named ARCHIVE:LINE; a bad line is reported by its number and skipped, the rest loads', () => {
    const listed = listSourceFiles([archive]);
    assert.deepEqual(listed.files.map((f) => path.basename(f)), ['wire.jsonl:1', 'wire.jsonl:3', 'wire.jsonl:4', 'wire.jsonl:5', 'wire.jsonl:6', 'wire.jsonl:7']);
    const r = readCorpus([archive]);
    assert.deepEqual(
      r.warnings.map((w) => w.replace(archive, 'A').replace(/JSON \(.*\)$/, 'JSON (…)')),
      ['A:4: skipped: not valid JSON (…)', 'A:5: skipped: not a JSON object', 'A:6: skipped: no article text (a string field “text”)'],
    );
    assert.deepEqual(
      r.inputs.map((i) => [path.basename(i.id), i.meta]),
      [
        ['wire.jsonl:1', { title: 'Ferry strike ends after pay deal', outlet: 'Coastal Wire', authors: ['Mira Holt'], date: '2024-02-11', url: 'https://wire.example/w-1', ref: 'w-1' }],
        ['wire.jsonl:3', { title: 'Bridge repairs delayed', outlet: 'Coastal Wire', date: '2024-02-12', ref: 'w-2' }],
        ['wire.jsonl:7', { title: 'Museum reopens', outlet: 'Coastal Wire', authors: ['Sam Ode'], date: '2024-02-14', ref: 'w-6' }],
      ],
    );
    // The text is the line's text field exactly (offsets refer to it).
    assert.equal(r.inputs[0].text, 'The ferry strike ended on Sunday after unions accepted a pay deal.\n\n"The crews can go back to work with their heads high," said union leader Dario Fenn.');
  });

  it('other field names are mapped (dotted names reach into objects); unknown fields in a mapping are refused', () => {
    const line = JSON.stringify({ key: 9, headline: 'Pier closed', source: { name: 'Bay News' }, byline: ['A', 'B'], published: '2022-01-05', body: { content: 'The pier closed.' } });
    assert.deepEqual(parseArticleLine(line), { reason: 'no article text (a string field “text”)' });
    const map = parseFieldMap('id=key, title=headline,outlet=source.name,authors=byline,date=published,text=body.content');
    assert.deepEqual(parseArticleLine(line, map), { text: 'The pier closed.', meta: { title: 'Pier closed', outlet: 'Bay News', authors: ['A', 'B'], date: '2022-01-05' }, ref: '9' });
    assert.throws(() => parseFieldMap('headline=title'), /unknown field “headline=title”/);
    assert.throws(() => parseFieldMap('title='), /no name given for the field “title”/);
  });

  it('the persisted index keeps each line: unchanged archive → hit; appended and edited lines alone are prepared; texts read back by line', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-jsonl-'));
    try {
      const dir = path.join(tmp, 'corpus');
      fs.mkdirSync(dir);
      const file = path.join(dir, 'desk.ndjson');
      const line = (i: number, title = `Story ${i}`) => JSON.stringify({ title, outlet: 'Desk', text: `Story ${i} says "the harbour levy number ${i} was approved" on Friday.` });
      fs.writeFileSync(file, Array.from({ length: 5 }, (_, i) => line(i)).join('\n') + '\n{broken\n');
      const opts = { cacheDir: path.join(tmp, 'cache'), tool: 'test', racyMs: 0 };
      const first = loadIndexSync([dir], opts);
      assert.equal(first.stats.cache, 'absent');
      assert.equal(first.stats.prepared, 5);
      assert.deepEqual(first.warnings.map((w) => w.replace(/JSON \(.*\)$/, 'JSON (…)')), [`${file}:6: skipped: not valid JSON (…)`]);
      const second = loadIndexSync([dir], opts);
      assert.equal(second.stats.cache, 'hit');
      assert.equal(second.stats.reused, 5);
      // Line 3 gets a new headline (its text is the same: the metadata counts too); one line is appended.
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines[2] = line(2, 'Levy approved');
      lines[5] = line(5);
      fs.writeFileSync(file, lines.join('\n'));
      const third = loadIndexSync([dir], opts);
      assert.equal(third.stats.cache, 'updated');
      assert.equal(third.stats.prepared, 2);
      assert.equal(third.stats.reused, 4);
      const checker = createCheckerFromIndex(third.index);
      assert.equal(checker.source(`${file}:3`)?.meta.title, 'Levy approved');
      assert.equal(checker.source(`${file}:5`)?.text, 'Story 4 says "the harbour levy number 4 was approved" on Friday.');
      assert.equal(checker.source(`${file}:6`)?.text, 'Story 5 says "the harbour levy number 5 was approved" on Friday.');
      // Other field names make another index (one built with the defaults would have other titles).
      const mapped = loadIndexSync([dir], { ...opts, formats: { fields: { title: 'outlet' } } });
      assert.notEqual(mapped.stats.cacheFile, third.stats.cacheFile);
      assert.equal(createCheckerFromIndex(mapped.index).source(`${file}:3`)?.meta.title, 'Desk');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('archives read by worker threads', function () {
  this.timeout(60000);

  it('workers read an archive\'s lines with the field names given, as one thread does', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-jsonl-workers-'));
    try {
      const file = path.join(tmp, 'big.jsonl');
      fs.writeFileSync(file, Array.from({ length: 40 }, (_, i) => JSON.stringify({ hed: `Headline ${i}`, body: `Report ${i}: "the quay number ${i} reopened" today.` })).join('\n'));
      const formats = { fields: { title: 'hed', text: 'body' } };
      const one = loadIndexSync([file], { formats });
      const two = await loadIndex([file], { formats, parallel: { workers: 2, minFiles: 1, piece: 7 } });
      assert.equal(two.index.sources.length, 40);
      assert.deepEqual(two.warnings, []);
      const titles = (l: typeof one) => l.index.sources.map((s) => [s.id, s.meta.title, s.text]);
      assert.deepEqual(titles(two), titles(one));
      assert.equal(one.index.sources[39].meta.title, 'Headline 39');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('CLI over pages and archives', function () {
  this.timeout(30000);

  it('quotations are verified in a page and an archive line; the source range is in the extracted text; a bad --jsonl-fields is a usage error', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-formats-cli-'));
    try {
      const draft = path.join(tmp, 'draft.md');
      fs.writeFileSync(
        draft,
        'The minister said: "I will not let this contract become the government\'s burden."\n\nThe director said "every ship model has been cleaned by hand."\n',
      );
      const r = spawnSync(process.execPath, [BIN, 'check', '--no-cache', '--corpus', FIXTURES, '--format', 'json', draft], { cwd: ROOT, encoding: 'utf8' });
      const out = JSON.parse(r.stdout);
      const quotes = out.drafts[0].findings.filter((f: { kind: string }) => f.kind === 'quote');
      assert.deepEqual(quotes.map((f: { status: string }) => f.status), ['verified', 'verified'], r.stdout);
      const [page, line] = quotes.map((f: { sources: { id: string; title: string; range: { start: { line: number; character: number } } }[] }) => f.sources[0]);
      assert.equal(page.id, path.join(FIXTURES, 'pages', 'harbour-minister.html'));
      assert.equal(page.title, 'Harbour minister resigns over dredging contract');
      // Line 4 of the extracted text (blank lines between paragraphs), after its opening quote mark.
      assert.deepEqual(page.range.start, { line: 4, character: 1 });
      assert.equal(line.id, `${path.join(FIXTURES, 'archive', 'wire.jsonl')}:7`);
      assert.match(r.stderr, /wire\.jsonl:4: skipped: not valid JSON/);
      const bad = spawnSync(process.execPath, [BIN, 'check', '--jsonl-fields', 'headline=title', draft], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--jsonl-fields: unknown field “headline=title”/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
