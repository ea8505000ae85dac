// The language server on malformed traffic and after shutdown (issue 17).
import { strict as assert } from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { positionOf, SERVER, startServer } from './harness';

describe('language server hardening', function () {
  this.timeout(15000);
  const spawned: ReturnType<typeof spawn>[] = [];
  afterEach(() => spawned.splice(0).forEach((p) => p.exitCode === null && p.signalCode === null && p.kill()));

  it('after shutdown, requests get InvalidRequest', async () => {
    const h = await startServer({});
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-lsp-'));
    try {
      const { uri } = h.open(path.join(dir, 'draft.md'), 'He said "no point in cooperating".\n');
      await h.diagnostics(uri, 1);
      await h.conn.sendRequest('shutdown');
      for (const [method, params] of [
        ['textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } }],
        ['textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 12 } }],
        ['corroborate/unknown', {}],
      ] as const) {
        await assert.rejects(h.conn.sendRequest(method, params), (e: { code?: number }) => e.code === -32600, method);
      }
    } finally {
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // The first two the reader itself refuses; the others it took and then waited forever for bytes
  // that never came (found by npm run fuzz -- --lsp N; lsp/framing.ts).
  for (const header of ['Content-Length: abc', 'Content-Type: application/json', 'Content-Length: 99999999999999999999', 'Content-Length: 60\n\n{}\r\nX: y']) {
    it(`a malformed frame (${header}) is logged and the server exits`, async () => {
      const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      spawned.push(proc);
      let stderr = '';
      let stdout = '';
      proc.stderr!.on('data', (d) => (stderr += d));
      proc.stdout!.on('data', (d) => (stdout += d));
      const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
      proc.stdin!.write(`${header}\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`);
      const code = await exited;
      assert.equal(code, 1);
      assert.match(stderr, /unreadable message from the editor/);
      assert.match(stdout, /unreadable message from the editor/, 'logged to the editor too');
    });
  }

  it('a URL in a source is not a link in the hover: only file: links to sources are', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-lsp-'));
    const corpus = path.join(dir, 'corpus');
    fs.mkdirSync(corpus);
    const sentence = 'The spokesman said the file was at http://3232235777/steal?q=1 and at www.example.com, mail x@example.com.';
    fs.writeFileSync(path.join(corpus, 'source.md'), `---\ntitle: A page http://3232235777/title\noutlet: www.example.org\n---\n${sentence}\n`);
    const h = await startServer({ corpus: { paths: [corpus], includeBundled: false } });
    try {
      const draft = `He said "the file was at http://3232235777/steal?q=1 and at www.example.com".\n`;
      const { uri } = h.open(path.join(dir, 'draft.md'), draft);
      await h.diagnostics(uri, 1);
      const hover = (await h.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(draft, 'the file', 2) })) as Hover | null;
      assert.ok(hover, 'no hover');
      const md = (hover!.contents as MarkupContent).value;
      // Rendered as editors render Markdown, with bare URLs, www. names and addresses made links.
      const renderer = new MarkdownIt({ linkify: true });
      renderer.validateLink = () => true; // show every link, file: ones included (markdown-it drops those)
      const html = renderer.render(md);
      const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
      assert.ok(links.length >= 1, `the source link is there: ${html}`);
      for (const l of links) assert.match(l, /^file:\/\//, `only file: links: ${html}`);
      assert.match(html, /3232235777/, 'the URL is still shown, as text');
    } finally {
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a system folder in corroborate.corpus.paths is refused with a message; skipped entries get one summary', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-lsp-'));
    const corpus = path.join(dir, 'corpus');
    fs.mkdirSync(corpus);
    fs.writeFileSync(path.join(corpus, 'a.md'), 'The mayor said "the budget is balanced today".\n');
    fs.symlinkSync(path.join(corpus, 'gone.md'), path.join(corpus, 'dangling.md'));
    fs.symlinkSync(path.join(corpus, 'gone2.md'), path.join(corpus, 'dangling2.md'));
    const h = await startServer({ corpus: { paths: ['/', '/etc/passwd', corpus], includeBundled: false } });
    try {
      const text = 'The mayor said "the budget is balanced today".\n';
      const { uri } = h.open(path.join(dir, 'draft.md'), text);
      const refused = await h.message(/corpus folder “\/” is not indexed: a system or home folder/);
      assert.equal(refused.type, 2);
      await h.log(/dangling\.md: skipped: dangling symbolic link/);
      await h.log(/\/etc\/passwd: skipped: not a source file/);
      await h.message(/3 corpus entries were skipped \(see the Corroborate log/);
      const d = await h.diagnostics(uri, 1);
      assert.deepEqual(d.diagnostics, [], 'the quotation is verified against the folder that was read');
      assert.equal(h.messages().filter((m) => /skipped/.test(m.message)).length, 1, 'one summary');
    } finally {
      await h.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
