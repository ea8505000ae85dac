// Protocol tests for the attribution check: diagnostic, hover with each source's speaker, quick fix.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeAction, Hover, MarkupContent, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { positionOf, startServer, type Harness } from './harness';

const TEXT = [
  'Secretary of State John Kerry said: "I am not going to outline every diplomatic discussion."',
  '',
  'Khamenei said: "I saw no point in cooperating with a country whose hands are dirty and intentions murky."',
  '',
].join('\n');

describe('language server: who said it', function () {
  this.timeout(30000);
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-att-'));
    h = await startServer({});
  });
  afterEach(async () => {
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('warns when the sources give a quotation to someone else, and fixes the speaker', async () => {
    const { uri } = h.open(path.join(dir, 'draft.md'), TEXT);
    const d = await h.diagnostics(uri, 1);
    assert.equal(d.diagnostics.length, 1, JSON.stringify(d.diagnostics));
    const [w] = d.diagnostics;
    assert.equal(w.code, 'attribution-misattributed');
    assert.equal(w.severity, 2);
    assert.match(String(w.message), /^Sources attribute this to Jen Paski, U\.S\. State Department spokeswoman$/);
    assert.deepEqual(w.range.start, positionOf(TEXT, 'I am not going'));

    const hover = (await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(TEXT, 'outline') })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Speaker: Jen Paski, U\\\.S\\\. State Department spokeswoman/);
    assert.match(md, /The sources give this quotation to someone else/);

    const actions = (await h.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: w.range,
      context: { diagnostics: d.diagnostics },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.match(actions[0].title, /^Attribute to Jen Paski$/);
    const change = actions[0].edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1);
    const [edit] = change.edits as TextEdit[];
    assert.equal(edit.range.start.line, 0);
    const line = TEXT.split('\n')[0];
    const fixed = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
    assert.equal(fixed, 'Jen Paski said: "I am not going to outline every diplomatic discussion."');
    const next = [fixed, ...TEXT.split('\n').slice(1)].join('\n');
    void h.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: next }] });
    const after = await h.diagnostics(uri, 2);
    assert.deepEqual(after.diagnostics, []);
  });

  it('the hover of a correctly attributed quotation names the speaker according to the source', async () => {
    const { uri } = h.open(path.join(dir, 'draft.md'), TEXT);
    await h.diagnostics(uri, 1);
    const hover = (await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(TEXT, 'intentions murky') })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Speaker: Ali Khamenei, Iran’s supreme leader/);
    assert.match(md, /Speaker agrees with the sources/);
  });
});
