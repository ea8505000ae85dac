// Protocol tests: the real server over stdio, driven as an editor drives it.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { CodeAction, Hover, Location, MarkupContent, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { positionOf, startServer, type Harness } from './harness';

const DRAFT = [
  '# Iran rebuffs Washington',
  '',
  'Khamenei said he saw "no point in cooperating with a country whose hands are dirty and intentions murky".',
  '',
  'A diplomat added: "We will never negotiate with anyone about anything, anywhere."',
  '',
].join('\n');

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-lsp-'));
}

function hoverText(h: Hover | null): string {
  assert.ok(h, 'no hover');
  return (h!.contents as MarkupContent).value;
}

/** Applies LSP text edits (non-overlapping) to a text. */
function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('language server over stdio', function () {
  this.timeout(30000);
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    dir = tmpdir();
    h = await startServer({});
  });
  afterEach(async () => {
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a warning for a quotation no source contains, and nothing for a verified one', async () => {
    const { uri } = h.open(path.join(dir, 'draft.md'), DRAFT);
    const d = await h.diagnostics(uri, 1);
    assert.equal(d.diagnostics.length, 1);
    const [w] = d.diagnostics;
    assert.equal(w.message, 'No source contains this quotation');
    assert.equal(w.severity, 2);
    assert.equal(w.source, 'corroborate');
    assert.deepEqual(w.range.start, positionOf(DRAFT, 'We will never'));
    assert.deepEqual(w.range.end, positionOf(DRAFT, '."', 1));
  });

  it('re-checks on change; the latest version wins', async () => {
    const { uri } = h.open(path.join(dir, 'draft.md'), DRAFT);
    await h.diagnostics(uri, 1);
    // Three quick edits: append an altered quote word by word.
    const end = positionOf(DRAFT + 'X', 'X');
    const pieces = ['\n"Terrorists ', 'cannot be ', 'good or bad," he said.\n'];
    let text = DRAFT;
    for (let v = 0; v < pieces.length; v++) {
      const at = positionOf(text + 'X', 'X');
      void h.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v + 2 },
        contentChanges: [{ range: { start: at, end: at }, text: pieces[v] }],
      });
      text += pieces[v];
    }
    void end;
    const d = await h.diagnostics(uri, 4);
    const messages = d.diagnostics.map((x) => String(x.message)).sort();
    assert.equal(messages.length, 2);
    assert.match(messages[0], /^Differs from Reuters: draft has “cannot”; source has “can’t”$/);
    assert.equal(messages[1], 'No source contains this quotation');
  });

  it('hover on a verified quote cites the source: outlet, title, the sentence with the matched words, a link', async () => {
    const { uri } = h.open(path.join(dir, 'draft.md'), DRAFT);
    await h.diagnostics(uri, 1);
    const hover = (await h.conn.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(DRAFT, 'cooperating with a country'),
    })) as Hover;
    const md = hoverText(hover);
    assert.match(md, /Quotation found in the sources/);
    assert.match(md, /\*\*Reuters\*\*/);
    assert.match(md, /\*Iran supreme leader spurns U\\\.S\\\. overture to fight Islamic State\*/);
    assert.match(md, /\*\*no point in cooperating with a country whose hands are dirty and intentions murky\*\*/);
    assert.match(md, /\[Open source\]\(file:\/\/\/.*reuters-iran-supreme-leader-spurns-us-overture\.md#L\d+,\d+\)/);
    assert.doesNotMatch(md, /command:/);
    assert.deepEqual(hover.range!.start, positionOf(DRAFT, 'no point'));
  });

  it('go to definition opens the matching passage in the source file; references list every source', async () => {
    const text = 'He called them "blank, hollow and self-serving" twice.\n';
    const { uri } = h.open(path.join(dir, 'draft.md'), text);
    await h.diagnostics(uri, 1);
    const position = positionOf(text, 'hollow');
    const defs = (await h.conn.sendRequest('textDocument/definition', { textDocument: { uri }, position })) as Location[];
    assert.ok(Array.isArray(defs) && defs.length >= 2, 'two outlets carry this quote');
    for (const loc of defs) {
      const src = fs.readFileSync(fileURLToPath(loc.uri), 'utf8').split('\n');
      const passage =
        loc.range.start.line === loc.range.end.line
          ? src[loc.range.start.line].slice(loc.range.start.character, loc.range.end.character)
          : [src[loc.range.start.line].slice(loc.range.start.character), ...src.slice(loc.range.start.line + 1, loc.range.end.line), src[loc.range.end.line].slice(0, loc.range.end.character)].join('\n');
      assert.match(passage.replace(/\s+/g, ' '), /^blank, hollow,? and self-serving$/);
    }
    const refs = (await h.conn.sendRequest('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } })) as Location[];
    assert.equal(refs.length, defs.length);
  });

  it('offers the source wording for an altered quote; the fix, applied, verifies', async () => {
    const text = 'Khamenei said: "I saw no point in cooperating with a nation whose hands are dirty and intentions murky."\n';
    const { uri } = h.open(path.join(dir, 'draft.md'), text);
    const d = await h.diagnostics(uri, 1);
    assert.equal(d.diagnostics.length, 1);
    assert.match(String(d.diagnostics[0].message), /^Differs from Reuters: draft has “nation”; source has “country”$/);
    const actions = (await h.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.diagnostics[0].range,
      context: { diagnostics: d.diagnostics },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Use the wording of Reuters');
    const change = actions[0].edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1, 'the edit is for the version it was computed on');
    const fixed = applyEdits(text, change.edits as never);
    assert.equal(fixed, 'Khamenei said: "I saw no point in cooperating with a country whose hands are dirty and intentions murky."\n');
    void h.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await h.diagnostics(uri, 2);
    assert.deepEqual(after.diagnostics, []);
    // The old fix is not offered for the new version.
    const stale = (await h.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.diagnostics[0].range,
      context: { diagnostics: d.diagnostics },
    })) as CodeAction[];
    assert.deepEqual(stale, []);
  });

  it('hover on a verified quote shows every version the sources carry, with the differences', async () => {
    const text = 'Khamenei wants to turn Iraq into "Pakistan, were it can commit crimes whenever it wants."\n';
    const { uri } = h.open(path.join(dir, 'draft.md'), text);
    const d = await h.diagnostics(uri, 1);
    assert.deepEqual(d.diagnostics, []);
    const md = hoverText((await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'commit') })) as Hover);
    assert.match(md, /Found in 1 source; 1 other source has another version/);
    assert.match(md, /\*\*Pakistan, were it can commit crimes whenever it wants\*\*/);
    assert.match(md, /Another version \(~~draft~~ → \*\*source\*\*\): Pakistan, ~~were~~ \*\*where\*\* it can commit crimes whenever it wants/);
  });

  it('a document too large to check as you type is reported once, and the server keeps working', async () => {
    const big = 'Lorem ipsum dolor sit amet. '.repeat(20000) + '"we will never ever negotiate with anyone"';
    const a = h.open(path.join(dir, 'big.txt'), big);
    const msg = await h.message(/too large to check as you type/);
    assert.equal(msg.type, 2);
    assert.deepEqual((await h.diagnostics(a.uri, 1)).diagnostics, []);
    const b = h.open(path.join(dir, 'small.md'), DRAFT);
    assert.equal((await h.diagnostics(b.uri, 1)).diagnostics.length, 1);
  });

  it('hover on an altered quote shows the source wording with the differences marked', async () => {
    const text = '"I am not going to outline any diplomatic discussion," she said.\n';
    const { uri } = h.open(path.join(dir, 'draft.md'), text);
    await h.diagnostics(uri, 1);
    const md = hoverText((await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'outline') })) as Hover);
    assert.match(md, /Quotation differs from its source/);
    assert.match(md, /~~any~~ \*\*every\*\*/);
  });
});

describe('language server: corpus folders', function () {
  this.timeout(30000);
  let h: Harness | undefined;
  let dir: string;
  beforeEach(() => {
    dir = tmpdir();
  });
  afterEach(async () => {
    await h?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses the folders in corroborate.corpus.paths, skips binary files with a log line, and escapes source text in hovers', async () => {
    const corpus = path.join(dir, 'sources');
    fs.mkdirSync(corpus);
    fs.writeFileSync(
      path.join(corpus, 'council.md'),
      '---\ntitle: "Council *minutes*"\noutlet: "<b>Gazette</b>"\ndate: 2020-01-02\n---\nThe mayor said "the [budget](command:evil) is <img src=x onerror=alert(1)> balanced today".\n',
    );
    fs.writeFileSync(path.join(corpus, 'photo.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    h = await startServer({ corpus: { paths: [corpus], includeBundled: true } });
    const text = 'The mayor said "the budget is balanced today" and "we are not and will not coordinate militarily".\n';
    const { uri } = h.open(path.join(dir, 'draft.md'), text);
    const logged = await h.log(/photo\.txt: skipped: binary file/);
    assert.ok(logged);
    const d = await h.diagnostics(uri, 1);
    assert.deepEqual(d.diagnostics, [], 'both quotes verified: one from the folder, one from the bundled corpus');
    const md = hoverText((await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'budget') })) as Hover);
    assert.match(md, /&lt;b&gt;Gazette&lt;\\\/b&gt;/);
    assert.match(md, /Council \\\*minutes\\\*/);
    assert.doesNotMatch(md, /<img|<b>|\]\(command:/);
  });

  it('reports a missing corpus folder once with window/showMessage, and the bundled corpus keeps working', async () => {
    const missing = path.join(dir, 'no-such-folder');
    h = await startServer({ corpus: { paths: [missing], includeBundled: true } });
    const a = h.open(path.join(dir, 'a.md'), 'She said "we are not and will not coordinate militarily".\n');
    const msg = await h.message(/no-such-folder.*does not exist/);
    assert.equal(msg.type, 2);
    const d = await h.diagnostics(a.uri, 1);
    assert.deepEqual(d.diagnostics, []);
    const b = h.open(path.join(dir, 'b.md'), '"Made up words entirely, nothing real here," he said.\n');
    await h.diagnostics(b.uri, 1);
    assert.equal(h.messages().filter((m) => /no-such-folder/.test(m.message)).length, 1, 'reported once only');
  });

  it('picks up a source file added on disk without a restart', async () => {
    const corpus = path.join(dir, 'sources');
    fs.mkdirSync(corpus);
    fs.writeFileSync(path.join(corpus, 'old.txt'), 'Nothing to see here.\n');
    h = await startServer({ corpus: { paths: [corpus], includeBundled: false } });
    const text = 'The minister said "the harvest was the best in forty years".\n';
    const { uri } = h.open(path.join(dir, 'draft.md'), text);
    const before = await h.diagnostics(uri, 1);
    assert.equal(before.diagnostics.length, 1);
    fs.writeFileSync(path.join(corpus, 'new.txt'), 'The minister said the harvest was the best in forty years, officials reported.\n');
    const after = await h.diagnosticsWhere(uri, (d) => d.diagnostics.length === 0);
    assert.deepEqual(after.diagnostics, []);
  });

  it('"Corroborate: Reindex sources" rebuilds the index from disk', async () => {
    const corpus = path.join(dir, 'sources');
    fs.mkdirSync(corpus);
    // Not watched: only the command can bring the new file in.
    h = await startServer({ corpus: { paths: [corpus], includeBundled: false, watch: false } });
    const text = 'She said "the river rose faster than anyone expected".\n';
    const { uri } = h.open(path.join(dir, 'draft.md'), text);
    await h.diagnostics(uri, 1);
    fs.writeFileSync(path.join(corpus, 'flood.md'), 'Officials said the river rose faster than anyone expected.\n');
    await h.conn.sendRequest('workspace/executeCommand', { command: 'corroborate.reindex', arguments: [] });
    const after = await h.diagnosticsWhere(uri, (d) => d.diagnostics.length === 0);
    assert.deepEqual(after.diagnostics, []);
  });
});

