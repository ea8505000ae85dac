// micro bench: new 10k-word drafts and keystroke-like edits, checker only (no LSP)
const ROOT = process.env.ROOT!;
const { loadIndex } = require(ROOT + '/server/src/node/indexCache');
const { createCheckerFromIndex } = require(ROOT + '/server/src/core/index');
const { DraftGenerator } = require(ROOT + '/server/src/tools/bench/drafts');
const { seeded } = require(ROOT + '/server/src/tools/bench/random');
import * as os from 'os';
(async () => {
  const loaded = await loadIndex(['/work/shared/bench/news'], { cacheDir: os.tmpdir() + '/mbcache-' + (process.env.TAG ?? 'x'), tool: 'mb' });
  const index = loaded.index;
  const checker = createCheckerFromIndex(index);
  const gen = new DraftGenerator(index, seeded(1));
  checker.check({ text: gen.draft(1000).text, languageId: 'markdown' });
  const times: number[] = [];
  let right = 0, total = 0;
  for (let k = 0; k < 3; k++) {
    const d = gen.draft(10000);
    const t0 = process.cpuUsage();
    const r = checker.check({ text: d.text, languageId: 'markdown' });
    { const u = process.cpuUsage(t0); times.push((u.user + u.system) / 1000); }
    for (const q of d.quotes) { total++; if (r.findings.find((f: any) => f.kind === 'quote' && f.start === q.start)?.status === q.expected) right++; }
  }
  const d3 = gen.draft(3000);
  let text = d3.text;
  checker.check({ text, languageId: 'markdown' });
  const rng = seeded(5);
  const ks: number[] = [];
  for (let e = 0; e < 150; e++) {
    const at = rng.int(0, text.length - 1);
    text = text.slice(0, at) + 'x' + text.slice(at);
    const t0 = process.cpuUsage();
    checker.check({ text, languageId: 'markdown' });
    { const u = process.cpuUsage(t0); ks.push((u.user + u.system) / 1000); }
  }
  ks.sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  console.log(`${process.env.TAG}: new 10k median ${times[1].toFixed(0)} ms (${times.map((x) => x.toFixed(0)).join(', ')}); keystroke p50 ${ks[75].toFixed(2)} p95 ${ks[142].toFixed(2)} ms; quotes ${right}/${total}`);
})();
