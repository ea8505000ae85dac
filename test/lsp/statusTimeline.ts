// Measures what a user sees of a large corpus while it is indexed: when the draft is first said
// to be "not checked yet", how many status updates follow, and when its tally arrives, cold
// (nothing persisted) and warm (the index persisted by the cold run). Not a test: run it with
//   npm run build && npx tsx test/lsp/statusTimeline.ts ../shared/bench/news
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DocumentStatusParams, StatusParams } from '../../server/src/shared/protocol';
import { startServer } from './harness';

const DRAFT = 'Khamenei said: "I saw no point in cooperating with a country whose hands are dirty and intentions murky."\n\nA diplomat added: "We will never negotiate with anyone about anything, anywhere."\n';

async function once(corpus: string, storage: string, label: string): Promise<void> {
  const h = await startServer({ corpus: { paths: [path.resolve(corpus)], includeBundled: true } }, true, {}, { storagePath: storage });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-timeline-'));
  const t0 = performance.now();
  const { uri } = h.open(path.join(dir, 'draft.md'), DRAFT);
  const first = await h.notification<DocumentStatusParams>('corroborate/documentStatus', (p) => p.uri === uri, 120_000);
  const tFirst = performance.now() - t0;
  const checked = await h.notification<DocumentStatusParams>('corroborate/documentStatus', (p) => p.uri === uri && p.state === 'checked', 300_000);
  const tChecked = performance.now() - t0;
  const statuses = h.notifications<StatusParams>('corroborate/status');
  const counted = statuses.filter((s) => s.indexing.some((i) => i.total > 0)).length;
  console.log(
    `${label}: first document state “${first.state}” after ${tFirst.toFixed(0)} ms; ${statuses.length} status updates (${counted} with counts); ` +
      `checked after ${(tChecked / 1000).toFixed(2)} s against ${checked.corpus?.sources?.toLocaleString('en')} sources`,
  );
  await h.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}

(async () => {
  const corpus = process.argv[2];
  if (!corpus) throw new Error('usage: npx tsx test/lsp/statusTimeline.ts CORPUS_DIR');
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-timeline-storage-'));
  try {
    await once(corpus, storage, 'cold');
    await once(corpus, storage, 'warm');
  } finally {
    fs.rmSync(storage, { recursive: true, force: true });
  }
})();
