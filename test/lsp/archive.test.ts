// The language server over a PostgreSQL archive (corroborate.corpus.database, issue 16): its
// sources verify quotations and open as virtual documents; an unreachable database is reported
// and the other sources keep working. A real PostgreSQL started for the test (test/postgres.ts).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Location } from 'vscode-languageserver-protocol';
import { connect, importArchive } from '../../server/src/node/archiveDb';
import { ARCHIVE_FIND_REQUEST, SOURCE_DOCUMENT_REQUEST, type ArchiveFindResult, type SourceDocumentResult } from '../../server/src/shared/protocol';
import { startPostgres, type TestPostgres } from '../postgres';
import { positionOf, startServer, type Harness } from './harness';

const PAGES = path.join(__dirname, '..', 'fixtures', 'formats', 'pages');

describe('language server with a database archive', function () {
  this.timeout(120000);
  let pg: TestPostgres;
  let dir: string;
  before(async () => {
    pg = startPostgres();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-lsp-db-'));
    const client = await connect(pg.url);
    try {
      const r = await importArchive(client, [PAGES]);
      assert.equal(r.written, 2);
    } finally {
      await client.end();
    }
  });
  after(() => {
    pg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const DRAFT = 'Moreno said: "I will not let this contract become the government\'s burden."\n';

  it('a quotation from a page in the archive is verified, and go to definition opens its text', async () => {
    const h: Harness = await startServer({ corpus: { paths: [], includeBundled: false, database: pg.url } });
    try {
      const { uri } = h.open(path.join(dir, 'draft.md'), DRAFT);
      const d = await h.diagnostics(uri, 1, 60000);
      assert.deepEqual(d.diagnostics, [], 'the quotation is verified');
      const defs = (await h.conn.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionOf(DRAFT, 'contract') })) as Location[];
      assert.equal(defs.length, 1);
      const served = (await h.conn.sendRequest(SOURCE_DOCUMENT_REQUEST, { uri: defs[0].uri })) as SourceDocumentResult;
      assert.ok(served?.text.includes('I will not let this contract become the government’s burden'));
      await h.log(/added 2 sources from the database archive/);
    } finally {
      await h.stop();
    }
  });

  it('the database stopped mid-session: a message, the local corpus still checks; started again: its sources come back, no restart', async () => {
    const local = fs.mkdtempSync(path.join(dir, 'local-'));
    fs.writeFileSync(path.join(local, 'note.md'), 'Council note\n\nThe mayor said "the tunnel opens in May" at the depot.\n');
    process.env.CORROBORATE_DATABASE_POLL_MS = '300';
    const h: Harness = await startServer({ corpus: { paths: [local], includeBundled: false, database: pg.url } });
    const text = DRAFT + '\nThe mayor said "the tunnel opens in May".\n';
    const unsupported = (d: { diagnostics: { message: unknown }[] }) => d.diagnostics.filter((x) => /No source contains this quotation/.test(String(x.message))).length;
    try {
      const { uri } = h.open(path.join(dir, 'restart.md'), text);
      await h.diagnosticsWhere(uri, (d) => d.diagnostics.length === 0, 60000);
      await h.log(/added 2 sources from the database archive/, 60000);
      pg.pause();
      await h.message(/the source archive in the database is not used: cannot connect to the database/, 60000);
      // The archive's quotation is in no source now; the local one is still verified.
      const down = await h.diagnosticsWhere(uri, (d) => unsupported(d) === 1, 60000);
      assert.equal(down.diagnostics.length, 1, JSON.stringify(down.diagnostics));
      pg.resume();
      await h.message(/the source archive in the database is back/, 60000);
      await h.diagnosticsWhere(uri, (d) => d.diagnostics.length === 0, 60000);
      // An import meanwhile is picked up (the archive's fingerprint changed), reusing the rest.
      const extra = fs.mkdtempSync(path.join(dir, 'extra-'));
      fs.writeFileSync(path.join(extra, 'late.md'), 'Late news\n\nThe harbour master said "the quay reopens on Sunday" at noon.\n');
      const client = await connect(pg.url);
      try {
        await importArchive(client, [extra]);
      } finally {
        await client.end();
      }
      await h.log(/the database archive changed; reloading/, 60000);
      await h.log(/added 3 sources from the database archive/, 60000);
    } finally {
      delete process.env.CORROBORATE_DATABASE_POLL_MS;
      await h.stop();
    }
  });

  it('an unreachable database: a message, and the bundled corpus still checks the draft', async () => {
    const gone = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(path.join(dir, 'no-server'))}`;
    const h: Harness = await startServer({ corpus: { paths: [], includeBundled: true, database: gone } });
    try {
      const { uri } = h.open(path.join(dir, 'draft2.md'), DRAFT);
      await h.message(/the source archive in the database is not used: cannot connect to the database/, 60000);
      const d = await h.diagnostics(uri, 1, 60000);
      // Only the bundled corpus: the quotation is in no source.
      assert.ok(d.diagnostics.some((x) => /No source contains this quotation/.test(String(x.message))), JSON.stringify(d.diagnostics));
    } finally {
      await h.stop();
    }
  });

  it('a database that asks for a password: without one, a message that says where it comes from; with PGPASSWORD in the environment (as the VS Code client passes the stored one), the archive is used', async () => {
    const secret = 'desk-Secret-7';
    const locked = startPostgres({ password: secret });
    try {
      const withPassword = locked.url.replace('postgresql://postgres@', `postgresql://postgres:${secret}@`);
      const c = await connect(withPassword);
      try {
        assert.equal((await importArchive(c, [PAGES])).written, 2);
      } finally {
        await c.end();
      }
      const env = { ...process.env };
      delete env.PGPASSWORD;
      const settings = { corpus: { paths: [], includeBundled: false, database: locked.url } };
      const without: Harness = await startServer(settings, true, {}, undefined, { env: { ...env, PGPASSFILE: path.join(dir, 'no-pgpass') } });
      try {
        const { uri } = without.open(path.join(dir, 'locked.md'), DRAFT);
        const m = await without.message(/the source archive in the database is not used: .*password.*PGPASSWORD or ~\/\.pgpass, or in VS Code from the command 'Corroborate: Set archive database password…'/, 60000);
        assert.ok(!m.message.includes(secret));
        const d = await without.diagnosticsWhere(uri, (x) => x.diagnostics.some((y) => /No source contains this quotation/.test(String(y.message))), 60000);
        assert.equal(d.diagnostics.length, 1);
      } finally {
        await without.stop();
      }
      const h: Harness = await startServer(settings, true, {}, undefined, { env: { ...env, PGPASSWORD: secret } });
      try {
        const { uri } = h.open(path.join(dir, 'unlocked.md'), DRAFT);
        await h.diagnosticsWhere(uri, (d) => d.diagnostics.length === 0, 60000);
        await h.log(/added 2 sources from the database archive/, 60000);
        for (const m of h.messages()) assert.ok(!m.message.includes(secret), m.message);
      } finally {
        await h.stop();
      }
    } finally {
      locked.stop();
    }
  });

  it('"Find in the archive": each place of a phrase with its range in the document the server serves; none for a phrase in no source; a message without a database', async () => {
    const h: Harness = await startServer({ corpus: { paths: [], includeBundled: false, database: pg.url } });
    try {
      const { uri } = h.open(path.join(dir, 'find.md'), DRAFT);
      const phrase = 'this CONTRACT become … burden';
      const found = (await h.conn.sendRequest(ARCHIVE_FIND_REQUEST, { uri, phrase })) as ArchiveFindResult;
      assert.equal(found.error, undefined);
      assert.equal(found.hits.length, 1);
      assert.ok(found.complete);
      const hit = found.hits[0];
      assert.match(hit.uri, /^corroborate-source:.*harbour-minister\.html$/);
      assert.equal(hit.title, 'Harbour minister resigns over dredging contract');
      const served = (await h.conn.sendRequest(SOURCE_DOCUMENT_REQUEST, { uri: hit.uri })) as SourceDocumentResult;
      const lines = served!.text.split(/\r\n|\r|\n/);
      const at = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
      assert.equal(served!.text.slice(at(hit.range.start), at(hit.range.end)), 'this contract become the government’s burden');
      assert.ok(hit.sentence.includes('I will not let this contract become the government’s burden'), hit.sentence);
      const none = (await h.conn.sendRequest(ARCHIVE_FIND_REQUEST, { uri, phrase: 'the government’s contract' })) as ArchiveFindResult;
      assert.deepEqual(none, { complete: true, hits: [] });
      // No editor open (the command from the palette): the workspace's settings name the database.
      const noEditor = (await h.conn.sendRequest(ARCHIVE_FIND_REQUEST, { uri: '', phrase })) as ArchiveFindResult;
      assert.equal(noEditor.hits.length, 1, JSON.stringify(noEditor));
      const bad = (await h.conn.sendRequest(ARCHIVE_FIND_REQUEST, { uri, phrase: 42 })) as ArchiveFindResult;
      assert.match(bad.error ?? '', /no phrase to look for/);
    } finally {
      await h.stop();
    }
    const without: Harness = await startServer({ corpus: { paths: [], includeBundled: true } });
    try {
      const { uri } = without.open(path.join(dir, 'find2.md'), DRAFT);
      const r = (await without.conn.sendRequest(ARCHIVE_FIND_REQUEST, { uri, phrase: 'this contract' })) as ArchiveFindResult;
      assert.match(r.error ?? '', /no archive database is set \(corroborate\.corpus\.database\)/);
    } finally {
      await without.stop();
    }
  });
});
