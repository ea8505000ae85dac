// corroborate check [--corpus DIR]... [--no-bundled] [--format text|json] [--date YYYY-MM-DD] [--cache-dir DIR | --no-cache] DRAFT...
// corroborate cache clean [--cache-dir DIR]
// A thin adapter over the core: reads files, prints findings. Exit 0: every finding verified;
// 1: a problem was found; 2: usage or I/O error (reason on stderr).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCheckerFromIndex, DEFAULT_CONFIG, type CheckConfig, type Finding, sourceLanguage } from '../core/index';
import { bundledCorpusDir, decodeText, DEFAULT_CORPUS_LIMITS, type CorpusLimits } from '../node/corpusFiles';
import { cleanCache, DEFAULT_CACHE_MAX_BYTES, loadIndex } from '../node/indexCache';
import { LineIndex } from '../positions';
import { findingToJson, isProblem, JSON_VERSION, SourceLines, textLine, type JsonFinding } from '../report';
import { writeReports, type ReportDraft } from './reportCommand';

const USAGE = `Usage: corroborate check [options] DRAFT...
       corroborate report [options] [--out FILE|DIR] DRAFT...
       corroborate cache clean [--cache-dir DIR]

Checks the quotations, dates and attributions of each draft against a corpus of sources.
\`report\` writes each draft's review report: one self-contained HTML page (no scripts, nothing
loaded) with the findings highlighted and their sources beside them. --out names the file (one
draft; - for stdout) or a folder (several drafts); default: DRAFT.report.html beside each draft.
\`cache clean\` removes the persisted indexes (and leftovers of interrupted runs).

Options:
  --corpus DIR        a folder (or file) of sources; repeatable. Default: the bundled corpus
  --with-bundled      also use the bundled corpus when --corpus is given
  --cache-dir DIR     where the persisted index of a corpus of 200 files or more lives
                      (default: $XDG_CACHE_HOME/corroborate or ~/.cache/corroborate)
  --no-cache          neither read nor write a persisted index
  --cache-max MB      the cache folder's size cap; least recently used indexes go first
                      (default: ${DEFAULT_CACHE_MAX_BYTES / (1 << 20)})
  --max-files N       refuse a corpus folder of more than N source files (default: ${DEFAULT_CORPUS_LIMITS.maxFiles})
  --max-mb N          refuse a corpus folder of more than N MiB of sources (default: ${DEFAULT_CORPUS_LIMITS.maxBytes / (1 << 20)})
  --format text|json  output format (default: text)
  --date YYYY-MM-DD   the drafts' own date, when they do not give one
  -h, --help          show this help
  --version           print the version

Exit status: 0 every finding verified, 1 problems found, 2 usage or I/O error.`;

class UsageError extends Error {}

interface Options {
  corpus: string[];
  withBundled: boolean;
  /** undefined: no persisted index. */
  cacheDir?: string;
  cacheMaxBytes?: number;
  limits: CorpusLimits;
  format: 'text' | 'json';
  date?: string;
  drafts: string[];
  /** `report`: write review reports (to `out`, see USAGE) instead of printing findings. */
  report?: { out?: string };
}

type Parsed = Options | 'help' | 'version' | { clean: string };

function parseArgs(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  if (command === '-h' || command === '--help') return 'help';
  if (command === '--version') return 'version';
  if (command === 'cache') return parseCache(rest);
  if (command !== 'check' && command !== 'report') throw new UsageError(`unknown command '${command}' (expected 'check' or 'report')`);
  const opts: Options = { corpus: [], withBundled: false, format: 'text', drafts: [], cacheDir: defaultCacheDir(), limits: { ...DEFAULT_CORPUS_LIMITS } };
  if (command === 'report') opts.report = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const name = a.startsWith('--') && a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (name === '-h' || name === '--help') return 'help';
    else if (name === '--corpus') opts.corpus.push(value());
    else if (name === '--out' && opts.report) opts.report.out = value();
    else if (name === '--with-bundled') opts.withBundled = true;
    else if (name === '--cache-dir') opts.cacheDir = value();
    else if (name === '--no-cache') opts.cacheDir = undefined;
    else if (name === '--max-files' || name === '--max-mb') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`${name} must be a whole number (1 or more), not '${v}'`);
      if (name === '--max-files') opts.limits.maxFiles = Number(v);
      else opts.limits.maxBytes = Number(v) * (1 << 20);
    } else if (name === '--cache-max') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--cache-max must be a number of megabytes (1 or more), not '${v}'`);
      opts.cacheMaxBytes = Number(v) * (1 << 20);
    }
    else if (name === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not '${f}'`);
      opts.format = f;
    } else if (name === '--date') {
      const d = value();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || isNaN(Date.parse(d))) throw new UsageError(`--date must be YYYY-MM-DD, not '${d}'`);
      opts.date = d;
    } else if (name === '--') {
      opts.drafts.push(...rest.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else opts.drafts.push(a);
  }
  if (opts.drafts.length === 0) throw new UsageError('no draft given');
  return opts;
}

function parseCache(rest: string[]): { clean: string } {
  const [sub, ...args] = rest;
  if (sub !== 'clean') throw new UsageError(sub === undefined ? "'cache' needs a subcommand: clean" : `unknown cache subcommand '${sub}' (expected 'clean')`);
  let dir = defaultCacheDir();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--cache-dir') {
      const v = args[++i];
      if (v === undefined) throw new UsageError('--cache-dir needs a value');
      dir = v;
    } else if (a.startsWith('--cache-dir=')) dir = a.slice('--cache-dir='.length);
    else throw new UsageError(`unknown option '${a}'`);
  }
  return { clean: dir };
}

function clean(dir: string): number {
  try {
    const r = cleanCache(dir);
    for (const w of r.warnings) process.stderr.write(`corroborate: warning: ${w}\n`);
    process.stdout.write(`removed ${r.files} file${r.files === 1 ? '' : 's'} (${(r.bytes / (1 << 20)).toFixed(1)} MiB) from ${dir}\n`);
    return r.warnings.length ? 2 : 0;
  } catch (e) {
    process.stderr.write(`corroborate: ${(e as Error).message}\n`);
    return 2;
  }
}

export async function main(argv: string[]): Promise<number> {
  let opts: Parsed;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`corroborate: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (opts === 'version') {
    process.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  if ('clean' in opts) return clean(opts.clean);
  let ioError = false;
  const bundled = bundledCorpusDir(__dirname);
  const corpusPaths = opts.corpus.length ? [...opts.corpus, ...(opts.withBundled ? [bundled] : [])] : [bundled];
  const tty = process.stderr.isTTY;
  const corpus = await loadIndex(corpusPaths, {
    cacheDir: opts.cacheDir,
    cacheMaxBytes: opts.cacheMaxBytes,
    limits: opts.limits,
    tool: 'cli',
    minFiles: 200,
    onProgress: tty ? (p) => process.stderr.write(`\rcorroborate: ${p.phase} sources ${p.done}/${p.total}\x1b[K`) : undefined,
  });
  if (tty) process.stderr.write('\r\x1b[K');
  for (const w of corpus.warnings) process.stderr.write(`corroborate: warning: ${w}\n`);
  for (const r of corpus.refused) {
    process.stderr.write(`corroborate: corpus folder refused: ${r.path}: ${r.reason}\n`);
    ioError = true;
  }
  for (const m of corpus.missing) {
    process.stderr.write(`corroborate: corpus folder not found: ${m}\n`);
    ioError = true;
  }
  if (corpus.index.sources.length === 0) {
    // A missing folder was reported above: name only the folders that exist and hold no sources.
    const empty = corpusPaths.filter((p) => !corpus.missing.includes(p) && !corpus.refused.some((r) => r.path === p));
    if (empty.length) process.stderr.write(`corroborate: no source files (.md, .txt) found in ${empty.join(', ')}\n`);
    return 2;
  }
  const checker = createCheckerFromIndex(corpus.index);
  const config: CheckConfig = { ...DEFAULT_CONFIG };
  const sourceLines = new SourceLines(checker);
  const drafts: { path: string; findings: JsonFinding[] }[] = [];
  const reports: ReportDraft[] = [];
  let problems = 0;
  let verified = 0;
  let read = 0;
  for (const draftPath of opts.drafts) {
    let text: string;
    try {
      const st = fs.statSync(draftPath);
      if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
      const decoded = decodeText(fs.readFileSync(draftPath));
      if ('reason' in decoded) throw new Error(decoded.reason);
      text = decoded.text;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const why = err.code === 'ENOENT' ? 'no such file' : err.code === 'EISDIR' ? 'is a folder, not a draft' : err.message;
      process.stderr.write(`corroborate: cannot read ${draftPath}: ${why}\n`);
      ioError = true;
      continue;
    }
    read++;
    const lines = new LineIndex(text);
    const findings: Finding[] = checker.check({ text, languageId: sourceLanguage(draftPath), date: opts.date }, config).findings;
    for (const f of findings) {
      if (isProblem(f)) problems++;
      else if (f.status === 'verified') verified++;
    }
    if (opts.report) reports.push({ path: draftPath, text, findings });
    else if (opts.format === 'json') {
      drafts.push({ path: draftPath, findings: findings.map((f) => findingToJson(f, lines, checker, sourceLines)) });
    } else {
      for (const f of findings) if (isProblem(f)) process.stdout.write(textLine(draftPath, f, lines) + '\n');
    }
  }
  if (opts.report) {
    if (!writeReports(reports, opts.report.out, checker, corpusPaths.map((p) => (p === bundled ? 'bundled corpus' : p)), opts.drafts.length)) ioError = true;
    return ioError ? 2 : 0;
  }
  if (opts.format === 'json') {
    const out = { version: JSON_VERSION, corpus: { sources: checker.sourceCount, paths: corpusPaths.map((p) => path.resolve(p)) }, drafts };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  } else if (read > 0) {
    // No summary when no draft could be read: "0 problems" would read as a clean result.
    process.stdout.write(`${problems} problem${problems === 1 ? '' : 's'}, ${verified} verified (${checker.sourceCount} sources)\n`);
  }
  if (ioError) return 2;
  return problems > 0 ? 1 : 0;
}

function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'corroborate');
}

function readVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** Runs the CLI and sets the exit code (stdout is flushed by Node before it exits). */
export function run(argv: string[]): void {
  // The reader went away (`corroborate check … | head`): stop quietly, as other tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(2);
    process.stderr.write(`corroborate: cannot write the output: ${e.message}\n`);
    process.exit(2);
  });
  main(argv).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`corroborate: internal error: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}

if (require.main === module) run(process.argv.slice(2));
