// Protocol tests for the date check: diagnostics, hover, quick fix, over stdio.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Diagnostic, Hover, MarkupContent, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { positionOf, ROOT, startServer, type Harness } from './harness';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'dates');
const DRAFT = path.join(FIXTURES, 'statuses.md');

describe('language server: dates', function () {
  this.timeout(30000);
  let h: Harness;
  let text: string;
  let uri: string;
  let diagnostics: Diagnostic[];
  before(async () => {
    h = await startServer({ corpus: { paths: [path.join(FIXTURES, 'corpus')], includeBundled: false } });
    text = fs.readFileSync(DRAFT, 'utf8');
    uri = h.open(DRAFT, text).uri;
    diagnostics = (await h.diagnostics(uri, 1)).diagnostics;
  });
  after(() => h.stop());

  const at = (needle: string) => diagnostics.find((d) => d.range.start.line === positionOf(text, needle).line && d.code?.toString().startsWith('date-'));

  it('a date the sources give differently is a warning that says what the sources say', () => {
    const d = at('on Wednesday');
    assert.ok(d, 'no date diagnostic on the Wednesday line');
    assert.equal(d!.code, 'date-mismatch');
    assert.equal(d!.severity, 2);
    assert.deepEqual(d!.range.start, positionOf(text, 'on Wednesday'));
    assert.match(String(d!.message), /Thursday/);
  });

  it('a weekday that does not fall on the stated date is an error', () => {
    const d = at('on Monday, Sept. 14');
    assert.ok(d);
    assert.equal(d!.code, 'date-inconsistent');
    assert.equal(d!.severity, 1);
    assert.match(String(d!.message), /Sunday/);
  });

  it('the quick fix replaces the date with the sources’ date in the draft’s style', async () => {
    const d = at('on Wednesday')!;
    const actions = (await h.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.ok(actions.length >= 1);
    const edit = (actions[0].edit!.documentChanges![0] as TextDocumentEdit).edits[0] as TextEdit;
    assert.equal(edit.newText, 'on Thursday');
    assert.deepEqual(edit.range, d.range);
  });

  it('hover on a verified date shows how it was read and the supporting source sentence', async () => {
    const hover = (await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'on Monday <!--date verified') })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Date agrees with the sources/);
    assert.match(md, /Monday, 15 Sep 2014/);
    assert.match(md, /Geneva/);
  });
});
