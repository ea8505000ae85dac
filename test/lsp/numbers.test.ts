// Protocol tests for the numbers check: diagnostics, hover, quick fix, over stdio.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { CodeAction, Diagnostic, Hover, MarkupContent, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { positionOf, ROOT, startServer, type Harness } from './harness';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'numbers');
const DRAFT = path.join(FIXTURES, 'statuses.md');

describe('language server: numbers', function () {
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

  const at = (needle: string) => diagnostics.find((d) => d.range.start.line === positionOf(text, needle).line && d.code?.toString().startsWith('number-'));

  it('a figure the sources give differently is a warning that quotes the source sentence', () => {
    const d = at('sent three');
    assert.ok(d, 'no number diagnostic on the Rafale line');
    assert.equal(d!.code, 'number-mismatch');
    assert.equal(d!.severity, 2);
    assert.deepEqual(d!.range.start, positionOf(text, 'three'));
    assert.match(String(d!.message), /Wire gives 2: “France sent two Rafale fighters/);
  });

  it('a figure no source gives is information; verified figures get no diagnostic', () => {
    assert.equal(at('met 14')?.code, 'number-unsupported');
    assert.equal(at('met 14')?.severity, 3);
    assert.equal(at('Delegates of 24'), undefined);
  });

  it('the quick fix writes the sources’ figure in the draft’s style', async () => {
    const d = at('sent three')!;
    const actions = (await h.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.ok(actions.length >= 1);
    const edit = (actions[0].edit!.documentChanges![0] as TextDocumentEdit).edits[0] as TextEdit;
    assert.equal(edit.newText, 'two');
    assert.deepEqual(edit.range, d.range);
  });

  it('hover on a verified figure shows the source’s figure and sentence', async () => {
    const hover = (await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '$1,200 million', 2) })) as Hover;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /Figure agrees with the sources/);
    assert.match(md, /Figure: \$1\\\.2 billion/);
    assert.match(md, /pledged \*\*\$1\\\.2 billion\*\* in aid/);
  });
});
