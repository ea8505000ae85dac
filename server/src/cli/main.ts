// corroborate check [--corpus DIR]... [--with-bundled] [--format text|json|sarif] [--config FILE | --no-config] [--date YYYY-MM-DD] [--cache-dir DIR | --no-cache] [--recheck] DRAFT...
// corroborate cache clean [--cache-dir DIR]
// A thin adapter over the core: reads files, prints findings. Exit 0: every finding verified;
// 1: a problem was found; 2: usage or I/O error (reason on stderr).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledCorpusDir, DEFAULT_CORPUS_LIMITS, type FormatOptions } from '../node/corpusFiles';
import { parseFieldMap } from '../node/formats/jsonl';
import { cleanCache, DEFAULT_CACHE_MAX_BYTES } from '../node/indexCache';
import { defaultCacheDir } from '../node/folders';
import { ARCHIVE_USAGE, runArchive } from './archive';
import { runCheck, type CheckOptions } from './checkRun';

const USAGE = `Usage: corroborate check [options] DRAFT...
       corroborate report [options] [--out FILE|DIR] DRAFT...
       corroborate cache clean [--cache-dir DIR]
${ARCHIVE_USAGE}

Checks the quotations, dates and attributions of each draft against a corpus of sources.
A DRAFT is a file, a folder (searched for .md, .markdown and .txt files), a quoted glob
("stories/**/*.md"), or - for standard input. The nearest .corroborate.yaml (or .yml, .json)
from a draft's folder upwards configures it; options override the file.
\`report\` writes each draft's review report: one self-contained HTML page (no scripts, nothing
loaded) with the findings highlighted and their sources beside them. --out names the file (one
draft; - for stdout) or a folder (several drafts); default: DRAFT.report.html beside each draft.
\`cache clean\` removes the persisted indexes, the compiled-code cache and kept findings (and leftovers of interrupted runs).

Options:
  --corpus DIR        a folder (or file) of sources; repeatable. Default: the bundled corpus
  --with-bundled      also use the bundled corpus when --corpus is given
  --cache-dir DIR     where the persisted index of each corpus folder lives
                      (default: $XDG_CACHE_HOME/corroborate or ~/.cache/corroborate)
  --no-cache          neither read nor write a persisted index (nor kept findings)
  --recheck           check every draft again, even one unchanged since it was last checked
                      against the same unchanged corpus (its findings are kept in the cache folder)
  --cache-max MB      the cache folder's size cap; least recently used indexes go first
                      (default: ${DEFAULT_CACHE_MAX_BYTES / (1 << 20)})
  --max-files N       refuse a corpus folder of more than N source files (default: ${DEFAULT_CORPUS_LIMITS.maxFiles})
  --max-mb N          refuse a corpus folder of more than N MiB of sources (default: ${DEFAULT_CORPUS_LIMITS.maxBytes / (1 << 20)})
  --database URL      also check against a PostgreSQL archive (corroborate archive import)
  --jsonl-fields MAP  JSON Lines field names, e.g. title=headline,text=body
                      (fields: id, title, outlet, authors, date, url, text; default: the same names)
  --format text|json|sarif  output format (default: text)
  --date YYYY-MM-DD   the drafts' own date, when they do not give one
  --config FILE       use this configuration file for every draft (no search)
  --no-config         use no configuration file (nor accepted-findings file)
  --stdin-name NAME   the path shown for the draft read from standard input (-); its
                      extension gives the language, its folder the configuration
  --max-warnings N    exit 1 only for errors or more than N warnings (information
                      and hints never fail the run)
  -q, --quiet         report errors only (and count only errors for the exit status)
  -h, --help          show this help
  --version           print the version

Exit status: 0 every finding verified, 1 problems found, 2 usage or I/O error.`;

class UsageError extends Error {}

function jsonlFieldsOption(spec: string): FormatOptions {
  try {
    return { fields: parseFieldMap(spec) };
  } catch (e) {
    throw new UsageError(`--jsonl-fields: ${(e as Error).message}`);
  }
}

type Options = CheckOptions;

type Parsed = Options | 'help' | 'version' | { clean: string } | { archive: string[] };

function parseArgs(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given');
  if (command === '-h' || command === '--help') return 'help';
  if (command === '--version') return 'version';
  if (command === 'cache') return parseCache(rest);
  if (command === 'archive') return { archive: rest };
  if (command !== 'check' && command !== 'report') throw new UsageError(`unknown command '${command}' (expected 'check' or 'report')`);
  const opts: Options = { corpus: [], withBundled: false, format: 'text', drafts: [], cacheDir: defaultCacheDir(process.env, os.homedir()), limits: {}, quiet: false };
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
    else if (name === '--recheck') opts.recheck = true;
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
    else if (name === '--database') opts.database = value();
    else if (name === '--jsonl-fields') opts.formats = jsonlFieldsOption(value());
    else if (name === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not '${f}'`);
      opts.format = f;
    } else if (name === '--config') opts.config = value();
    else if (name === '--no-config') opts.config = null;
    else if (name === '--stdin-name') opts.stdinName = value();
    else if (name === '--quiet' || name === '-q') opts.quiet = true;
    else if (name === '--max-warnings') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings must be a whole number (0 or more), not '${v}'`);
      opts.maxWarnings = Number(v);
    } else if (name === '--date') {
      const d = value();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || isNaN(Date.parse(d))) throw new UsageError(`--date must be YYYY-MM-DD, not '${d}'`);
      opts.date = d;
    } else if (name === '--') {
      for (const d of rest.slice(i + 1)) opts.drafts.push(d);
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
  let dir = defaultCacheDir(process.env, os.homedir());
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
  if ('archive' in opts) return runArchive(opts.archive);
  return runCheck(opts, bundledCorpusDir(__dirname), readVersion());
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
