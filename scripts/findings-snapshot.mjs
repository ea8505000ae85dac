#!/usr/bin/env node
// Snapshot of the CLI's JSON findings on every draft of the eval sets and examples/, for
// refactorings that must not change behaviour:
//   node scripts/findings-snapshot.mjs OUT_DIR [--dist DIR] [--eval DIR]... [--extra-corpus DIR]...
// `--extra-corpus` adds distractor sources to every run (an archive around each draft's sources,
// as `npm run eval -- --extra-corpus`); their index is persisted in a cache folder of this run.
// writes one file per (set, corpus) to OUT_DIR; compare two snapshots with `diff -r A B`.
// Default eval sets: ../shared/eval/* (labels.jsonl names each draft and its corpus; null = bundled).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const argv = process.argv.slice(2);
let out = '';
let dist = 'dist';
const sets = [];
const extra = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--dist') dist = argv[++i];
  else if (argv[i] === '--eval') sets.push(argv[++i]);
  else if (argv[i] === '--extra-corpus') extra.push(path.resolve(argv[++i]));
  else out = argv[i];
}
if (!out) {
  process.stderr.write('usage: node scripts/findings-snapshot.mjs OUT_DIR [--dist DIR] [--eval SET_DIR]... [--extra-corpus DIR]...\n');
  process.exit(2);
}
if (!sets.length) {
  const root = path.resolve('..', 'shared', 'eval');
  for (const s of fs.readdirSync(root).sort()) if (fs.existsSync(path.join(root, s, 'labels.jsonl'))) sets.push(path.join(root, s));
}
fs.mkdirSync(out, { recursive: true });
const cacheDir = extra.length ? fs.mkdtempSync(path.join(os.tmpdir(), 'findings-snapshot-')) : '';
const cli = path.resolve(dist, 'cli.js');

function run(name, drafts, corpus) {
  const args = [cli, 'check', '--format', 'json', ...(cacheDir ? ['--cache-dir', cacheDir] : ['--no-cache'])];
  if (corpus) args.push('--corpus', corpus);
  for (const x of extra) args.push('--corpus', x);
  if (!corpus && extra.length) args.push('--with-bundled');
  args.push(...drafts);
  let stdout;
  try {
    stdout = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.status !== 1) throw e; // 1: problems found
    stdout = e.stdout;
  }
  // The bundled corpus lives beside the build: one name for it, whichever build ran.
  const bundled = JSON.stringify(path.resolve(dist, '..', 'corpus')).slice(1, -1);
  fs.writeFileSync(path.join(out, name.replace(/[^\w.-]+/g, '_') + '.json'), stdout.split(bundled).join('<bundled>'));
}

let n = 0;
for (const set of sets) {
  const groups = new Map();
  for (const line of fs.readFileSync(path.join(set, 'labels.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const l = JSON.parse(line);
    const corpus = l.corpus === null ? '' : path.resolve(set, l.corpus);
    const g = groups.get(corpus) ?? new Set();
    g.add(path.resolve(set, l.draft));
    groups.set(corpus, g);
  }
  for (const [corpus, drafts] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    run(`${path.basename(set)}__${corpus ? path.basename(path.dirname(corpus)) + '_' + path.basename(corpus) : 'bundled'}`, [...drafts].sort(), corpus);
    n++;
  }
}
const examples = fs.readdirSync('examples').filter((f) => /\.(md|txt)$/.test(f)).map((f) => path.resolve('examples', f));
run('examples__bundled', examples, '');
if (cacheDir) fs.rmSync(cacheDir, { recursive: true, force: true });
process.stderr.write(`findings-snapshot: ${n + 1} runs written to ${out}\n`);
