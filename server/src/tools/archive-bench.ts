// Bench of the PostgreSQL archive (issue 16): import rate into a throwaway cluster (test/postgres.ts),
// then `check --database` cold (no cache) and warm (the persisted index), with peak RSS.
//   npm run build && npx tsx server/src/tools/archive-bench.ts ../shared/bench/news
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startPostgres } from '../../../test/postgres';

const corpus = process.argv[2];
if (!corpus) throw new Error('usage: archive-bench.ts CORPUS');
const BIN = path.join(__dirname, '..', '..', '..', 'bin', 'corroborate.js');
const pg = startPostgres();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corroborate-archive-bench-'));
function run(label: string, args: string[]): void {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = Number(r.stderr.trim().split('\n').pop()) / 1024;
  process.stdout.write(`${label}: ${s.toFixed(1)} s, peak RSS ${rss.toFixed(0)} MiB, exit ${r.status}${label.startsWith('import') ? `\n  ${r.stdout.trim()}` : ''}\n`);
}
try {
  run('import', ['archive', 'import', '--database', pg.url, corpus]);
  run('import again (unchanged)', ['archive', 'import', '--database', pg.url, corpus]);
  const status = spawnSync(process.execPath, [BIN, 'archive', 'status', '--database', pg.url], { encoding: 'utf8' });
  process.stdout.write(status.stdout);
  const draft = path.join(tmp, 'draft.md');
  fs.writeFileSync(draft, 'The minister said "we will not raise taxes this year" on Monday.\n\nOfficials said "the talks ended without a deal" in Brussels.\n');
  const cache = path.join(tmp, 'cache');
  run('check --database, no cache', ['check', '--no-cache', '--database', pg.url, draft]);
  run('check --database, cold cache', ['check', '--cache-dir', cache, '--database', pg.url, draft]);
  for (let k = 1; k <= 3; k++) run(`check --database, warm ${k}`, ['check', '--cache-dir', cache, '--database', pg.url, draft]);
  const sizes = fs.readdirSync(cache).map((f) => `${f} ${(fs.statSync(path.join(cache, f)).size / (1 << 20)).toFixed(1)} MiB`);
  process.stdout.write(`cache: ${sizes.join(', ')}\n`);
} finally {
  pg.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
