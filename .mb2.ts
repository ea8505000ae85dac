const ROOT = process.env.ROOT!;
const { loadIndex } = require(ROOT + '/server/src/node/indexCache');
const { createCheckerFromIndex } = require(ROOT + '/server/src/core/index');
const { DraftGenerator } = require(ROOT + '/server/src/tools/bench/drafts');
const { seeded } = require(ROOT + '/server/src/tools/bench/random');
import * as os from 'os';
(async () => {
  const loaded = await loadIndex(['/work/shared/bench/news'], { cacheDir: os.tmpdir() + '/mbcache-new', tool: 'mb' });
  const index = loaded.index;
  const checker = createCheckerFromIndex(index);
  const gen = new DraftGenerator(index, seeded(1));
  gen.draft(1000);
  for (let k = 0; k < 3; k++) {
    const d = gen.draft(10000);
    const r = checker.check({ text: d.text, languageId: 'markdown' });
    for (const q of d.quotes) {
      const f = r.findings.find((f: any) => f.kind === 'quote' && f.start === q.start);
      if (f?.status !== q.expected) console.log(q.expected, '->', f?.status, JSON.stringify(q.text), q.change ?? '', f?.sources[0] ? 'closest' : '');
    }
  }
})();
