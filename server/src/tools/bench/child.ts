// Loading the index in a new process, as an editor or a CI job starts one (the bench script run
// again with `--load-child`).
import { spawn } from 'child_process';
import * as fs from 'fs';
import { loadIndex } from '../../node/indexCache';

interface ChildRun {
  ms: number;
  cache: string;
  cacheBytes: number;
}

/** Loads the index in a new Node process (this script with `--load-child`); checks how the cache was used. */
export function loadInChild(listFile: string, cacheDir: string, expect: 'absent' | 'hit'): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [__filename, '--load-child', listFile, cacheDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    // 'close', not 'exit': the child's output is then read to its end.
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`index loading in a new process exited with ${code}`));
      const run = JSON.parse(out) as ChildRun;
      if (run.cache !== expect) return reject(new Error(`expected the cache to be ${expect}, got ${run.cache}`));
      resolve(run);
    });
  });
}

/** `--load-child <paths.json> <cacheDir>`: load once, print the time as JSON. */
export async function loadChild(listFile: string, cacheDir: string): Promise<number> {
  const paths = JSON.parse(fs.readFileSync(listFile, 'utf8')) as string[];
  const t0 = performance.now();
  const loaded = await loadIndex(paths, { cacheDir, tool: 'bench' });
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, cache: loaded.stats.cache, cacheBytes: loaded.stats.cacheBytes ?? 0 } satisfies ChildRun));
  return 0;
}
