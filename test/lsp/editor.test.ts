// Protocol tests of what the editor shows beyond squiggles (issue 14): related information and
// explanation links on diagnostics, preferred quick fixes, hovers without repetition, the status
// notifications behind the status bar item, the Sources view's listing and the review report.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { DocumentStatusParams, ReportResult, SourcesResult, StatusParams } from '../../server/src/shared/protocol';
import { positionOf, ROOT, startServer, type Harness } from './harness';

const ALTERED = 'Khamenei said: "I saw no point in cooperating with a nation whose hands are dirty and intentions murky."\n';
const MIXED = [
  'Secretary of State John Kerry said: "I am not going to outline every diplomatic discussion."',
  '',
  'Khamenei said: "I saw no point in cooperating with a country whose hands are dirty and intentions murky."',
  '',
  'A diplomat added: "We will never negotiate with anyone about anything, anywhere."',
  '',
].join('\n');

/** The text of an LSP range of a file, white space folded. */
function textAt(uri: string, range: Diagnostic['range']): string {
  const lines = fs.readFileSync(fileURLToPath(uri), 'utf8').split('\n');
  const { start, end } = range;
  const t =
    start.line === end.line
      ? lines[start.line].slice(start.character, end.character)
      : [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
  return t.replace(/\s+/g, ' ');
}

const hoverText = (h: Hover | null) => {
  assert.ok(h, 'no hover');
  return (h!.contents as MarkupContent).value;
};

/** Occurrences of `needle` in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('language server: what the editor shows', function () {
  this.timeout(30000);
  let h: Harness | undefined;
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-editor-'));
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a diagnostic carries the source passage as related information and links to the page explaining its kind', async () => {
    h = await startServer({});
    const { uri } = h.open(path.join(dir, 'draft.md'), ALTERED);
    const [d] = (await h.diagnostics(uri, 1)).diagnostics;
    assert.equal(d.code, 'quote-altered');
    assert.ok(d.relatedInformation?.length, 'no relatedInformation');
    const [rel] = d.relatedInformation!;
    assert.match(rel.location.uri, /^file:\/\/\/.*reuters-iran-supreme-leader-spurns-us-overture\.md$/);
    // The location is the passage itself, in the source file.
    assert.equal(textAt(rel.location.uri, rel.location.range), 'I saw no point in cooperating with a country whose hands are dirty and intentions murky');
    assert.equal(rel.message, 'Reuters: “I saw no point in cooperating with a country whose hands are dirty and intentions murky”');
    assert.ok(d.codeDescription, 'no codeDescription');
    const page = fileURLToPath(d.codeDescription!.href);
    assert.equal(page, path.join(ROOT, 'docs', 'findings', 'quote-altered.md'));
    assert.match(fs.readFileSync(page, 'utf8'), /^# Quotation differs from its source/);
  });

  it('quick fixes: the innermost finding’s best fix first, exactly one preferred per diagnostic', async () => {
    h = await startServer({});
    const { uri } = h.open(path.join(dir, 'draft.md'), ALTERED);
    const d = await h.diagnostics(uri, 1);
    const actions = (await h.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.diagnostics[0].range,
      context: { diagnostics: d.diagnostics },
    })) as CodeAction[];
    assert.ok(actions.length >= 1);
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[0].title, 'Use the wording of Reuters');
    assert.equal(actions.filter((a) => a.isPreferred).length, 1);
  });

  it('hover: a quotation and its speaker are one block per source, the source sentence shown once', async () => {
    h = await startServer({});
    const { uri } = h.open(path.join(dir, 'draft.md'), MIXED);
    await h.diagnostics(uri, 1);
    const md = hoverText((await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(MIXED, 'intentions murky') })) as Hover);
    assert.match(md, /Quotation found in the sources/);
    assert.match(md, /Speaker agrees with the sources/);
    assert.equal(count(md, 'the Iranian leader said in quotes carried on state news agency IRNA'), 1, md);
    assert.equal(count(md, '**Reuters**'), 1, md);
    assert.equal(count(md, 'Speaker: Ali Khamenei'), 1, md);
    assert.equal(count(md, '[Open source]'), 1, md);
  });

  it('hover: an unsupported quotation is one line', async () => {
    h = await startServer({});
    const { uri } = h.open(path.join(dir, 'draft.md'), MIXED);
    await h.diagnostics(uri, 1);
    const md = hoverText((await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(MIXED, 'negotiate') })) as Hover);
    assert.equal(md, '**Corroborate: Quotation not found in any source**');
  });

  it('hover: the change line keeps the punctuation between sentences', async () => {
    h = await startServer({});
    const text = 'Jen Psaki said: "I am not going to outline any diplomatic discussion. But we are not and will not coordinate militarily."\n';
    const { uri } = h.open(path.join(dir, 'draft.md'), text);
    await h.diagnostics(uri, 1);
    const md = hoverText((await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'outline') })) as Hover);
    assert.match(md, /Changes \(~~draft~~ → \*\*source\*\*\): I am not going to outline ~~any~~ \*\*every\*\* diplomatic discussion\\\. But we are not and will not coordinate militarily$/m);
  });

  it('hover: how a date was read is one line', async () => {
    h = await startServer({ corpus: { paths: [path.join(ROOT, 'test', 'fixtures', 'dates', 'corpus')], includeBundled: false } });
    const file = path.join(ROOT, 'test', 'fixtures', 'dates', 'statuses.md');
    const text = fs.readFileSync(file, 'utf8');
    const { uri } = h.open(file, text);
    await h.diagnostics(uri, 1);
    const md = hoverText((await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'on Monday <!--date verified') })) as Hover);
    const reading = md.split('\n').filter((l) => /^Read as /.test(l));
    assert.equal(reading.length, 1, md);
    assert.match(reading[0], /^Read as Monday, 15 Sep 2014; counted from /);
    assert.doesNotMatch(md, /^(Counted from|Past tense|Future|Tense unclear)/m);
  });

  it('status: a document says it is not checked yet while the corpus is indexed, then gives its tally', async () => {
    // A corpus big enough for a persisted index and several progress steps.
    const corpus = path.join(dir, 'sources');
    fs.mkdirSync(corpus);
    for (let i = 0; i < 240; i++) fs.writeFileSync(path.join(corpus, `s${i}.txt`), `Council meeting number ${i} discussed the budget of district ${i}.\n`);
    h = await startServer({ corpus: { paths: [corpus], includeBundled: true } });
    const { uri } = h.open(path.join(dir, 'draft.md'), MIXED);
    const d = await h.diagnostics(uri, 1);
    const checked = await h.notification<DocumentStatusParams>('corroborate/documentStatus', (p) => p.uri === uri && p.state === 'checked');
    const states = h.notifications<DocumentStatusParams>('corroborate/documentStatus').filter((p) => p.uri === uri);
    assert.equal(states[0].state, 'indexing', 'the first state of a new document is “not checked yet, indexing”');
    assert.equal(checked.version, 1);
    assert.deepEqual(checked.tally, {
      quote: { verified: 2, altered: 0, unsupported: 1, unbalanced: 0 },
      date: { verified: 0, mismatch: 0, unsupported: 0, inconsistent: 0 },
      number: { verified: 0, mismatch: 0, unsupported: 0 },
      attribution: { verified: 1, misattributed: 1 },
    });
    assert.equal(d.diagnostics.length, 2, 'the tally counts what the diagnostics show, plus the verified');
    assert.equal(checked.corpus?.sources, 245);
    // The server reported the indexing run with counts, then its end with the corpus listed.
    const statuses = h.notifications<StatusParams>('corroborate/status');
    const during = statuses.filter((s) => s.indexing.length > 0);
    assert.ok(during.length >= 2, `status while indexing: ${JSON.stringify(statuses)}`);
    assert.ok(during.some((s) => s.indexing[0].total === 245 && s.indexing[0].done > 0), JSON.stringify(during.map((s) => s.indexing)));
    const last = await h.notification<StatusParams>('corroborate/status', (s) => s.indexing.length === 0 && s.corpora.some((c) => c.sources === 245));
    assert.deepEqual(last.corpora.find((c) => c.sources === 245)!.paths.slice(1), [corpus]);
  });

  it('status: the tally leaves out what the settings hide, and follows edits', async () => {
    h = await startServer({ check: { unsupportedQuoteSeverity: 'none' } });
    const { uri } = h.open(path.join(dir, 'draft.md'), MIXED);
    const first = await h.notification<DocumentStatusParams>('corroborate/documentStatus', (p) => p.uri === uri && p.state === 'checked');
    assert.equal(first.tally!.quote.unsupported, 0);
    const next = MIXED + '\nHe said: "I saw no point in cooperating with a nation whose hands are dirty and intentions murky."\n';
    void h.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: next }] });
    const second = await h.notification<DocumentStatusParams>('corroborate/documentStatus', (p) => p.uri === uri && p.version === 2 && p.state === 'checked');
    assert.equal(second.tally!.quote.altered, 1);
  });

  it('sources: the loaded corpora, then a corpus’s sources with the support each gives the draft and its passage', async () => {
    h = await startServer({});
    const { uri } = h.open(path.join(dir, 'draft.md'), MIXED);
    await h.notification<DocumentStatusParams>('corroborate/documentStatus', (p) => p.uri === uri && p.state === 'checked');
    const top = (await h.conn.sendRequest('corroborate/sources', { uri })) as SourcesResult;
    assert.equal(top.corpora?.length, 1);
    const [c] = top.corpora!;
    assert.equal(c.sources, 5);
    assert.deepEqual(c.paths, [path.join(ROOT, 'corpus')]);
    assert.ok(c.supports >= 3, `supports ${c.supports}`);
    const { sources } = (await h.conn.sendRequest('corroborate/sources', { uri, corpus: c.key })) as SourcesResult;
    assert.equal(sources?.length, 5);
    // Supporting sources first; each with outlet, date, title and a passage in its file.
    const supporting = sources!.filter((s) => s.supports > 0);
    assert.ok(supporting.length >= 2);
    assert.deepEqual(sources!.slice(0, supporting.length), supporting);
    const reuters = sources!.find((s) => s.outlet === 'Reuters')!;
    assert.equal(reuters.title, 'Iran supreme leader spurns U.S. overture to fight Islamic State');
    assert.equal(sources!.find((s) => /paris-us-rules-out/.test(s.id))!.date, '2014-09-15');
    assert.ok(reuters.supports >= 2, 'the Khamenei quotation and its speaker');
    assert.equal(textAt(reuters.uri, reuters.passage!), 'I saw no point in cooperating with a country whose hands are dirty and intentions murky');
    // Without a draft: the same sources, none supporting.
    const bare = (await h.conn.sendRequest('corroborate/sources', { corpus: c.key })) as SourcesResult;
    assert.ok(bare.sources!.every((s) => s.supports === 0 && s.passage === undefined));
  });

  it('report: the review report of an open draft is one HTML page with a strict policy and every text escaped', async () => {
    const corpus = path.join(dir, 'sources');
    fs.mkdirSync(corpus);
    fs.writeFileSync(
      path.join(corpus, 'evil.md'),
      '---\ntitle: "<script>alert(1)</script>"\noutlet: "<img src=x onerror=alert(2)>"\ndate: 2020-01-02\n---\nThe mayor said "the budget <b>is</b> balanced [today](javascript:alert(3))" at noon.\n',
    );
    h = await startServer({ corpus: { paths: [corpus], includeBundled: false } });
    const text = 'The mayor said "the budget is balanced today" and <script>alert(4)</script> "nothing here matches at all, really".\n';
    const { uri } = h.open(path.join(dir, 'draft.md'), text);
    await h.notification<DocumentStatusParams>('corroborate/documentStatus', (p) => p.uri === uri && p.state === 'checked');
    const r = (await h.conn.sendRequest('corroborate/report', { uri })) as ReportResult;
    assert.equal(r.version, 1);
    assert.match(r.html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;;/);
    // Hostile text is shown as text: no element or attribute comes from it.
    assert.doesNotMatch(r.html, /<script|<img|<[^>]*onerror|<b>is<\/b>|href="javascript/i);
    assert.match(r.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(r.html, /&lt;img src=x onerror=alert\(2\)&gt;/);
    // (The "4" is a figure of the numbers check: its highlight may wrap it.)
    assert.match(r.html, /&lt;script&gt;alert\((?:4|<mark[^>]*>4<\/mark><sup[^>]*><a href="#f\d+">\d+<\/a><\/sup>)\)&lt;\/script&gt;/);
    for (const m of r.html.matchAll(/href="([^"]*)"/g)) assert.match(m[1], /^#[fm]\d+$/, 'only in-page links');
    // A document never opened has no report.
    assert.equal(await h.conn.sendRequest('corroborate/report', { uri: 'file:///nowhere/x.md' }), null);
  });

  it('report: asked for as soon as a draft is opened (its corpus still being indexed), it comes once the first check ends', async () => {
    const corpus = path.join(dir, 'sources');
    fs.mkdirSync(corpus);
    fs.writeFileSync(path.join(corpus, 'council.md'), '---\ntitle: Council\n---\nThe mayor said "the budget is balanced" at noon.\n');
    h = await startServer({ corpus: { paths: [corpus], includeBundled: false } });
    const { uri } = h.open(path.join(dir, 'draft.md'), 'The mayor said "the budget is balanced" on Monday.\n');
    const r = (await h.conn.sendRequest('corroborate/report', { uri })) as ReportResult | null;
    assert.ok(r, 'a report, not null');
    assert.equal(r.version, 1);
    assert.match(r.html, /the budget is balanced/);
  });
});
