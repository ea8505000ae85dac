// The language server reads its persisted index lazily (issue 15): an open draft is checked
// first, with the arrays its check needs (each checked as it is read); the rest is read in idle
// time, then the file is closed; the checks' own preparation comes after. A part that fails its
// checks, in a check or in idle time, is never used: the corpus is rebuilt without that file and
// the documents are checked again. Several folders (the bundled corpus beside the user's) are
// persisted together and read the same way.
import { strict as assert } from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { sectionSpans } from '../../server/src/node/indexCache';
import { sectionNumbers } from '../../server/src/node/indexCache/format';
import { edit, headerOf, openIndexFiles, writeCorpus } from '../indexFiles';
import { ROOT, startServer, type Harness } from './harness';

const DRAFT = fs.readFileSync(path.join(ROOT, 'examples', 'iran-coalition-draft.md'), 'utf8');
const PREPARED = /corpus prepared ahead of checks/;
const REBUILDING = /index cache not used \(checksum mismatch\); rebuilding/;

/** What a diagnostic says, where (for comparing sessions). */
const said = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`).sort();

describe('language server: the persisted index read lazily', function () {
  this.timeout(120_000);
  let dir: string;
  let sources: string;
  let storage: string;
  let draftFile: string;
  let h: Harness | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-lsp-lazy-'));
    sources = path.join(dir, 'sources');
    storage = path.join(dir, 'storage');
    draftFile = path.join(dir, 'draft.md');
    writeCorpus(sources);
  });
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A server on the corpus (with the bundled one beside it or not), the draft opened at once; its first diagnostics and the harness. */
  async function session(text: string, includeBundled = false, keptFindings = false): Promise<{ h: Harness; first: Diagnostic[]; uri: string }> {
    await h?.stop();
    // Unless a test is about them, no findings kept from the last session: the draft is checked.
    if (!keptFindings) fs.rmSync(path.join(storage, 'index', 'results'), { recursive: true, force: true });
    // The sources were just written: without a racy window the persisted index is used as it is.
    h = await startServer({ corpus: { paths: [sources], includeBundled } }, true, {}, { storagePath: storage }, { env: { ...process.env, CORROBORATE_INDEX_RACY_MS: '0' } });
    const { uri } = h.open(draftFile, text);
    const first = (await h.diagnostics(uri, 1, 60_000)).diagnostics;
    return { h, first, uri };
  }

  const indexFiles = () => fs.readdirSync(path.join(storage, 'index')).filter((f) => f.endsWith('.idx'));

  it('checks the open draft first, then reads the rest of the index and closes it, then prepares the corpus', async () => {
    const cold = await session(DRAFT);
    await cold.h.log(PREPARED, 60_000);
    assert.ok(cold.first.length > 0);
    const warm = await session(DRAFT);
    await warm.h.log(/indexed \d+ sources .*index cache: hit/);
    assert.deepEqual(said(warm.first), said(cold.first));
    await warm.h.log(PREPARED, 60_000);
    const t = warm.h.timeline;
    const diagnosed = t.indexOf(`diagnostics ${warm.uri} v1`);
    const prepared = t.findIndex((l) => PREPARED.test(l));
    assert.ok(diagnosed >= 0 && diagnosed < prepared, `the draft's diagnostics come before the corpus's preparation:\n${t.join('\n')}`);
    assert.deepEqual(openIndexFiles(warm.h.proc.pid!), [], 'the index file is closed once read');
  });

  it('a part found corrupt by the first check: the corpus is rebuilt without that file, the draft checked again with the same diagnostics', async () => {
    const cold = await session(DRAFT);
    await cold.h.log(PREPARED, 60_000);
    const [file] = indexFiles().map((f) => path.join(storage, 'index', f));
    // A word id's lowest bit: still a word of the vocabulary, so only the block's checksum can tell.
    edit(file, sectionNumbers(headerOf(file).tables.length).ids, 4 * 7, (b) => b ^ 1);
    const damaged = await session(DRAFT);
    await damaged.h.log(REBUILDING, 60_000);
    await damaged.h.log(PREPARED, 60_000);
    assert.deepEqual(said(damaged.first), said(cold.first), 'nothing from the corrupt part was shown');
    const after = await session(DRAFT);
    await after.h.log(PREPARED, 60_000);
    assert.ok(!after.h.timeline.some((l) => REBUILDING.test(l)), 'written again, read again');
    assert.deepEqual(said(after.first), said(cold.first));
  });

  it('a part found corrupt in idle time, after the draft was checked: rebuilt, the draft checked again', async () => {
    const text = 'A short note with nothing to check.\n';
    const cold = await session(text);
    await cold.h.log(PREPARED, 60_000);
    const [file] = indexFiles().map((f) => path.join(storage, 'index', f));
    // The postings' last block: the made-up words of the last filler stories, which no check of this note reads.
    const header = headerOf(file);
    const positions = sectionNumbers(header.tables.length).positions;
    edit(file, positions, sectionSpans(header)[positions][1] - 1, (b) => b ^ 1);
    const damaged = await session(text);
    await damaged.h.log(REBUILDING, 60_000);
    const t = damaged.h.timeline;
    assert.ok(t.indexOf(`diagnostics ${damaged.uri} v1`) < t.findIndex((l) => REBUILDING.test(l)), t.join('\n'));
    await damaged.h.diagnosticsWhere(damaged.uri, () => damaged.h.timeline.filter((l) => l === `diagnostics ${damaged.uri} v1`).length >= 2, 60_000);
    await damaged.h.log(PREPARED, 60_000);
    const after = await session(text);
    await after.h.log(PREPARED, 60_000);
    assert.ok(!after.h.timeline.some((l) => REBUILDING.test(l)));
  });

  it('a draft reopened as it was last checked shows those findings at once, then is checked again in the background', async () => {
    const cold = await session(DRAFT);
    await cold.h.log(PREPARED, 60_000);
    await cold.h.stop(); // the findings are kept at shutdown (or once the document rests)
    h = undefined;
    const resultsDir = path.join(storage, 'index', 'results');
    const kept = fs.readdirSync(resultsDir).map((f) => path.join(resultsDir, f));
    assert.equal(kept.length, 1);
    const warm = await session(DRAFT, false, true);
    await warm.h.log(/unchanged since its last check against this index/);
    assert.deepEqual(said(warm.first), said(cold.first));
    await warm.h.stop();
    h = undefined;
    // Kept findings are used as they are: forged ones show first, and the background check corrects them.
    const stored = JSON.parse(fs.readFileSync(kept[0], 'utf8'));
    stored.findings.find((f: { severity: string }) => f.severity !== 'none').message = 'FORGED'; // one the editor shows
    stored.sum = crypto.createHash('sha256').update(JSON.stringify(stored.findings)).digest('hex');
    fs.writeFileSync(kept[0], JSON.stringify(stored));
    const forged = await session(DRAFT, false, true);
    assert.ok(forged.first.some((d) => String(d.message).includes('FORGED')), 'the kept findings were shown first');
    const corrected = await forged.h.diagnosticsWhere(forged.uri, (d) => d.version === 1 && !d.diagnostics.some((x) => String(x.message).includes('FORGED')), 60_000);
    assert.deepEqual(said(corrected.diagnostics), said(cold.first));
    // Another text: checked, never the kept findings of another.
    const edited = await session(DRAFT + '\nOne more line.\n', false, true);
    assert.ok(!edited.first.some((d) => String(d.message).includes('FORGED')));
  });

  it('the bundled corpus beside the user’s: persisted together, then read from there lazily, with the same diagnostics', async () => {
    const cold = await session(DRAFT, true);
    await cold.h.log(PREPARED, 60_000);
    assert.equal(indexFiles().length, 3, `each folder's own index and the two folders' together: ${indexFiles().join(', ')}`);
    const warm = await session(DRAFT, true);
    await warm.h.log(/indexed \d+ sources .*index cache: hit; \d+ reused, 0 read/);
    assert.deepEqual(said(warm.first), said(cold.first));
    await warm.h.log(PREPARED, 60_000);
    assert.deepEqual(openIndexFiles(warm.h.proc.pid!), []);
  });
});
