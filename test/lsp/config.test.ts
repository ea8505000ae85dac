// The project configuration over the real server: the same .corroborate.yaml, suppressions and
// accepted file give the same findings in the editor as in `corroborate check`; an invalid file is
// reported on itself and the last valid one stays in force; changes apply without a restart; the
// "Accept" action writes an entry that then hides the finding.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CodeAction, CreateFile, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { parseAccepted } from '../../server/src/node/configFile';
import { ROOT, startServer, type Harness } from './harness';

const EXAMPLE = fs.readFileSync(path.join(ROOT, 'examples', 'iran-coalition-draft.md'), 'utf8');

/** The example draft with a suppression comment before the Gulf official's paragraph. */
const DRAFT = EXAMPLE.replace('A senior Gulf official defended', '<!-- corroborate-disable-next-line quote -- from a press release not in the archive -->\nA senior Gulf official defended');

const CONFIG = 'check:\n  unsupportedQuoteSeverity: error\n  checkDates: false\n';
const ACCEPTED = 'accepted:\n  - kind: quote\n    quote: "this is the BEGINNING of a long campaign — not a single battle"\n    reason: own interview\n';

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-cfg-'));
  fs.mkdirSync(path.join(dir, '.git')); // a repository root: the search for configuration files stops here
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function cliJson(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'corroborate.js'), 'check', '--no-cache', '--format', 'json', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: JSON.parse(r.stdout), stderr: r.stderr };
}

const SEVERITY: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };

/** Applies one TextDocumentEdit's edits to a text (what the editor does). */
function apply(text: string, edits: { range: Diagnostic['range']; newText: string }[]): string {
  const lines = text.split('\n');
  const off = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) text = text.slice(0, off(e.range.start)) + e.newText + text.slice(off(e.range.end));
  return text;
}

function watchedFilesChanged(h: Harness, file: string, type: 1 | 2 | 3 = 2): void {
  void h.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type }] });
}

const WATCHING = { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } };

describe('project configuration in the language server', function () {
  this.timeout(30000);
  let h: Harness;
  let dir: string;
  afterEach(async () => {
    await h?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the same configuration, comments and accepted file give the same findings as the CLI', async () => {
    dir = project({ '.corroborate.yaml': CONFIG, '.corroborate-accepted.yaml': ACCEPTED, 'stories/draft.md': DRAFT });
    const draft = path.join(dir, 'stories', 'draft.md');
    // Editor settings say otherwise: the file governs.
    h = await startServer({ check: { unsupportedQuoteSeverity: 'hint', checkDates: true } }, true, WATCHING);
    const { uri } = h.open(draft, DRAFT);
    const lsp = (await h.diagnostics(uri, 1)).diagnostics;
    const cli = cliJson(draft);
    assert.equal(cli.code, 1, cli.stderr);
    assert.equal(cli.out.drafts[0].config, path.join(dir, '.corroborate.yaml'));
    const findings = cli.out.drafts[0].findings as { kind: string; status: string; severity: string; range: Diagnostic['range']; text: string; suppressions?: { kind: string; justification?: string }[] }[];
    const shown = findings.filter((f) => f.status !== 'verified' && f.severity !== 'none' && !f.suppressions);
    const key = (code: string, range: Diagnostic['range'], severity: number) => `${code}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}/${severity}`;
    assert.deepEqual(lsp.map((d) => key(String(d.code), d.range, d.severity!)).sort(), shown.map((f) => key(`${f.kind}-${f.status}`, f.range, SEVERITY[f.severity])).sort());
    // What the file says: unsupported quotations are errors, dates are not checked.
    assert.ok(lsp.some((d) => d.code === 'quote-unsupported' && d.severity === 1), JSON.stringify(lsp));
    assert.ok(!lsp.some((d) => String(d.code).startsWith('date-')));
    assert.ok(!findings.some((f) => f.kind === 'date'));
    // The comment and the accepted entry hid one quotation each; JSON keeps them, marked.
    const suppressed = findings.filter((f) => f.suppressions);
    assert.deepEqual(
      suppressed.map((f) => [f.text.slice(0, 20), f.suppressions![0].kind, f.suppressions![0].justification]),
      [
        ['Tehran cannot be par', 'inSource', 'from a press release not in the archive'],
        ['This is the beginnin', 'external', 'own interview'],
      ],
    );
    assert.ok(!lsp.some((d) => /^(Tehran|This is the)/.test(DRAFT.split('\n')[d.range.start.line].slice(d.range.start.character))));
  });

  it('asks the client to watch the configuration files, and applies a change it reports', async () => {
    dir = project({ '.corroborate.yaml': CONFIG, 'draft.md': DRAFT });
    const draft = path.join(dir, 'draft.md');
    h = await startServer({}, true, WATCHING);
    const { uri } = h.open(draft, DRAFT);
    await h.diagnosticsWhere(uri, (d) => d.diagnostics.some((x) => x.code === 'quote-unsupported' && x.severity === 1));
    const reg = h.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(reg, JSON.stringify(h.registrations));
    const globs = (reg!.registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.ok(globs.some((g) => g.includes('.corroborate.yaml')) && globs.some((g) => g.includes('.corroborate-accepted.yaml')), globs.join());
    fs.writeFileSync(path.join(dir, '.corroborate.yaml'), 'check:\n  unsupportedQuoteSeverity: information\n');
    watchedFilesChanged(h, path.join(dir, '.corroborate.yaml'));
    const d = await h.diagnosticsWhere(uri, (p) => p.diagnostics.some((x) => x.code === 'quote-unsupported') && p.diagnostics.every((x) => x.code !== 'quote-unsupported' || x.severity === 3));
    // checkDates is back to its default: the file no longer turns it off.
    assert.ok(d.diagnostics.some((x) => String(x.code).startsWith('date-')), JSON.stringify(d.diagnostics));
  });

  it('an invalid file is reported on itself (line and column) and the last valid version stays in force', async () => {
    dir = project({ '.corroborate.yaml': CONFIG, 'draft.md': DRAFT });
    const cfg = path.join(dir, '.corroborate.yaml');
    const cfgUri = pathToFileURL(cfg).toString();
    h = await startServer({}, true, WATCHING);
    const { uri } = h.open(path.join(dir, 'draft.md'), DRAFT);
    await h.diagnosticsWhere(uri, (d) => d.diagnostics.some((x) => x.code === 'quote-unsupported' && x.severity === 1));
    fs.writeFileSync(cfg, 'check:\n  unsupportedQuoteSeverity: loud\n  checkDates: false\n');
    watchedFilesChanged(h, cfg);
    const onFile = await h.diagnosticsWhere(cfgUri, (d) => d.diagnostics.length > 0);
    assert.equal(onFile.diagnostics.length, 1);
    assert.equal(onFile.diagnostics[0].severity, 1);
    assert.equal(onFile.diagnostics[0].code, 'config-invalid');
    assert.deepEqual(onFile.diagnostics[0].range.start, { line: 1, character: 28 });
    assert.match(String(onFile.diagnostics[0].message), /check\.unsupportedQuoteSeverity must be one of error, warning, information, hint, none, not "loud"/);
    const m = await h.message(/configuration file .*\.corroborate\.yaml is invalid \(line 2, column 29/);
    assert.match(m.message, /last valid version stays in force/);
    // Re-checked with the last valid version: still errors, still no dates.
    const after = await h.diagnosticsWhere(uri, (d) => d.version === 1 && d.diagnostics.some((x) => x.code === 'quote-unsupported'), 10000);
    assert.ok(after.diagnostics.some((x) => x.code === 'quote-unsupported' && x.severity === 1));
    // Fixed: the diagnostic on the file goes away and the new version applies.
    fs.writeFileSync(cfg, 'check:\n  unsupportedQuoteSeverity: hint\n');
    watchedFilesChanged(h, cfg);
    await h.diagnosticsWhere(cfgUri, (d) => d.diagnostics.length === 0);
    await h.diagnosticsWhere(uri, (d) => d.diagnostics.some((x) => x.code === 'quote-unsupported' && x.severity === 4));
  });

  it('without the client watching files, the server notices a new configuration file itself', async () => {
    dir = project({ 'draft.md': DRAFT });
    h = await startServer({}, true, {});
    assert.ok(!h.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));
    const { uri } = h.open(path.join(dir, 'draft.md'), DRAFT);
    await h.diagnosticsWhere(uri, (d) => d.diagnostics.some((x) => x.code === 'quote-unsupported' && x.severity === 2));
    fs.writeFileSync(path.join(dir, '.corroborate.yaml'), 'check:\n  unsupportedQuoteSeverity: error\n');
    await h.diagnosticsWhere(uri, (d) => d.diagnostics.some((x) => x.code === 'quote-unsupported' && x.severity === 1));
  });

  it('"Accept: …" creates the accepted file with an entry; once saved, the finding is gone', async () => {
    dir = project({ 'stories/draft.md': DRAFT });
    const draft = path.join(dir, 'stories', 'draft.md');
    h = await startServer({}, true, WATCHING);
    const { uri } = h.open(draft, DRAFT);
    const d = await h.diagnostics(uri, 1);
    const target = d.diagnostics.find((x) => x.code === 'quote-unsupported' && DRAFT.split('\n')[x.range.start.line].slice(x.range.start.character).startsWith('Iran is our neighbour'));
    assert.ok(target, JSON.stringify(d.diagnostics));
    const actions = (await h.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: target!.range, context: { diagnostics: [target] } })) as CodeAction[];
    const accept = actions.filter((a) => a.title.startsWith('Accept: '));
    assert.deepEqual(accept.map((a) => a.title), ['Accept: own interview', 'Accept: from a press release not in the archive', 'Accept: translated']);
    const changes = accept[0].edit!.documentChanges!;
    const create = changes[0] as CreateFile;
    const accepted = path.join(dir, 'stories', '.corroborate-accepted.yaml');
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, pathToFileURL(accepted).toString());
    const text = apply('', (changes[1] as TextDocumentEdit).edits as { range: Diagnostic['range']; newText: string }[]);
    const parsed = parseAccepted(text, accepted);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.entries.map((e) => [e.kind, e.status, e.quote, e.draft, e.reason]),
      [['quote', 'unsupported', "iran is our neighbour and it has stood with iraq since the first day of this crisis", draft, 'own interview']],
    );
    // The editor applies the edit and saves the file; the client reports the change.
    fs.writeFileSync(accepted, text);
    watchedFilesChanged(h, accepted, 1);
    const after = await h.diagnosticsWhere(uri, (p) => p.diagnostics.length === d.diagnostics.length - 1);
    assert.ok(!after.diagnostics.some((x) => x.range.start.line === target!.range.start.line && x.code === 'quote-unsupported'));
    // A second acceptance appends to the same list, leaving the first entry as it was.
    const other = after.diagnostics.find((x) => x.code === 'quote-unsupported')!;
    const more = (await h.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: other.range, context: { diagnostics: [other] } })) as CodeAction[];
    const edit = more.find((a) => a.title === 'Accept: translated')!.edit!.documentChanges![0] as TextDocumentEdit;
    const text2 = apply(text, edit.edits as { range: Diagnostic['range']; newText: string }[]);
    assert.ok(text2.startsWith(text), text2);
    assert.equal(parseAccepted(text2, accepted).entries.length, 2);
  });

  it('an accepted entry for an open draft that matches nothing is reported as information on the accepted file', async () => {
    const stale = 'accepted:\n  - kind: quote\n    quote: words nobody wrote here\n    draft: draft.md\n    reason: own interview\n';
    dir = project({ '.corroborate-accepted.yaml': stale, 'draft.md': DRAFT });
    h = await startServer({}, true, WATCHING);
    h.open(path.join(dir, 'draft.md'), DRAFT);
    const acceptedUri = pathToFileURL(path.join(dir, '.corroborate-accepted.yaml')).toString();
    const d = await h.diagnosticsWhere(acceptedUri, (p) => p.diagnostics.length > 0);
    assert.equal(d.diagnostics[0].severity, 3);
    assert.equal(d.diagnostics[0].code, 'accepted-unused');
    assert.deepEqual(d.diagnostics[0].range.start, { line: 1, character: 4 });
    assert.match(String(d.diagnostics[0].message), /no longer matches any finding/);
  });

  it("the file's corpus applies; in Restricted Mode it is ignored while its checks still apply", async () => {
    const SOURCE = '---\ntitle: Talks\noutlet: Wire\ndate: 2014-09-15\n---\nA diplomat said on Monday: "We will never negotiate with anyone about anything, anywhere."\n';
    const cfg = 'corpus:\n  paths: [own]\n  includeBundled: false\ncheck:\n  unsupportedQuoteSeverity: error\n';
    const draftText = 'A diplomat added: "We will never negotiate with anyone about anything, anywhere."\n';
    dir = project({ '.corroborate.yaml': cfg, 'own/talks.md': SOURCE, 'draft.md': draftText });
    h = await startServer({}, true, WATCHING);
    const open1 = h.open(path.join(dir, 'draft.md'), draftText);
    assert.deepEqual((await h.diagnostics(open1.uri, 1)).diagnostics, []); // found in the file's corpus
    await h.stop();
    h = await startServer({}, true, WATCHING, { restricted: true });
    const open2 = h.open(path.join(dir, 'draft.md'), draftText);
    const d = await h.diagnostics(open2.uri, 1);
    assert.deepEqual(d.diagnostics.map((x) => [x.code, x.severity]), [['quote-unsupported', 1]]);
    await h.log(/Restricted Mode: the corpus settings of .*\.corroborate\.yaml are ignored/);
  });
});
