// Sources that are not plain files (web pages, lines of JSON Lines archives) open as read-only
// virtual documents served by the server (issue 16): go to definition, references and the hover's
// link point to `corroborate-source:` URIs, and the server's text at the returned range is the
// quoted passage.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { SOURCE_DOCUMENT_REQUEST, type SourceDocumentResult } from '../../server/src/shared/protocol';
import { positionOf, startServer, type Harness } from './harness';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'formats');

/** The text a range covers. */
function slice(text: string, range: Location['range']): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

describe('virtual documents for web pages and archive lines', function () {
  this.timeout(30000);
  let h: Harness;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-virtual-'));
    h = await startServer({ corpus: { paths: [FIXTURES], includeBundled: false } });
  });
  after(async () => {
    await h.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const DRAFT = [
    'Moreno said: "I will not let this contract become the government\'s burden."',
    '',
    'The director said "every ship model has been cleaned by hand."',
    '',
  ].join('\n');

  it('definition and references of a quotation from a page: a corroborate-source: location whose served text holds the passage', async () => {
    const { uri } = h.open(path.join(dir, 'draft.md'), DRAFT);
    await h.diagnostics(uri, 1);
    const position = positionOf(DRAFT, 'contract');
    const defs = (await h.conn.sendRequest('textDocument/definition', { textDocument: { uri }, position })) as Location[];
    assert.equal(defs.length, 1);
    assert.equal(defs[0].uri, `corroborate-source:${path.join(FIXTURES, 'pages', 'harbour-minister.html')}`);
    const served = (await h.conn.sendRequest(SOURCE_DOCUMENT_REQUEST, { uri: defs[0].uri })) as SourceDocumentResult;
    assert.ok(served);
    assert.ok(!served.text.includes('<'), 'the extracted text, not the page');
    assert.equal(slice(served.text, defs[0].range), 'I will not let this contract become the government’s burden');
    const refs = (await h.conn.sendRequest('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } })) as Location[];
    assert.deepEqual(refs, defs);
  });

  it('a quotation from an archive line: the location names the line (ARCHIVE:LINE, the colon encoded), and the hover links to it', async () => {
    const { uri } = h.open(path.join(dir, 'draft2.md'), DRAFT);
    await h.diagnostics(uri, 1);
    const position = positionOf(DRAFT, 'ship model');
    const defs = (await h.conn.sendRequest('textDocument/definition', { textDocument: { uri }, position })) as Location[];
    assert.equal(defs.length, 1);
    assert.equal(defs[0].uri, `corroborate-source:${path.join(FIXTURES, 'archive', 'wire.jsonl')}%3A7`);
    const served = (await h.conn.sendRequest(SOURCE_DOCUMENT_REQUEST, { uri: defs[0].uri })) as SourceDocumentResult;
    assert.equal(slice(served!.text, defs[0].range), 'Every ship model has been cleaned by hand');
    // VS Code hands the provider the URI as it prints it (with `//` and every colon encoded).
    const printed = `corroborate-source://${path.join(FIXTURES, 'archive', 'wire.jsonl').replace(/:/g, '%3A')}%3A7`;
    assert.deepEqual(await h.conn.sendRequest(SOURCE_DOCUMENT_REQUEST, { uri: printed }), served);
    const hover = (await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as Hover;
    const value = (hover.contents as MarkupContent).value;
    assert.ok(value.includes(`[Open source](${defs[0].uri}#L${defs[0].range.start.line + 1},${defs[0].range.start.character + 1})`), value);
  });

  it('a URI of no loaded source, of another scheme or malformed gets null', async () => {
    for (const uri of ['corroborate-source:/no/such/source.html', 'file:///etc/passwd', 'corroborate-source:/%E0%A4%A', 42]) {
      assert.equal(await h.conn.sendRequest(SOURCE_DOCUMENT_REQUEST, { uri }), null, String(uri));
    }
  });
});
