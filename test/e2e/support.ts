// Shared pieces of the real-editor end-to-end tests: where things are, what must be
// installed first, private run folders, waiting for conditions, and process groups.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');
export const DIST = path.join(ROOT, 'dist');
export const SERVER_JS = path.join(DIST, 'server.js');
export const CLIENT_JS = path.join(DIST, 'client.js');
export const FIXTURE_WORKSPACE = path.join(ROOT, 'test/fixtures/e2e/workspace');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_BIN = path.join(ROOT, '.cache/code-server/node_modules/.bin/code-server');
export const CHROMIUM = '/usr/bin/chromium';
export const NVIM = '/usr/bin/nvim';

/** What the fixture draft contains and what the checks must say about it. */
export const EXPECT = {
  unsupportedMessage: 'No source contains this quotation',
  unsupportedQuote: 'We will never negotiate with anyone about anything at all',
  /** Verbatim in corpus/reuters-iran-supreme-leader-spurns-us-overture.md. */
  verifiedQuote: 'I saw no point in cooperating with a country whose hands are dirty and intentions murky',
  /** A word inside the verified quote to hover. */
  verifiedHoverWord: 'cooperating',
  outlet: 'Reuters',
  title: 'Iran supreme leader spurns U.S. overture to fight Islamic State',
  /** Verbatim in corpus/paris-us-rules-out-military-coordination-with-iran.md (dated 2014-09-15). */
  secondVerifiedQuote: 'I am not going to outline every diplomatic discussion',
  secondSourceDate: '15 Sep 2014',
  secondSourceSentence: 'we are not and will not coordinate militarily',
} as const;

/**
 * Throws (so the test fails, never skips) when something the test needs is missing,
 * saying what to run.
 */
export function requireFiles(needs: Array<{ file: string; fix: string }>): void {
  const missing = needs.filter((n) => !fs.existsSync(n.file));
  if (missing.length) {
    throw new Error(
      'Missing prerequisites for the end-to-end test:\n' +
        missing.map((m) => `  - ${path.relative(ROOT, m.file) || m.file}: run \`${m.fix}\``).join('\n'),
    );
  }
}

export const BUILD_NEEDS = [
  { file: SERVER_JS, fix: 'npm run build' },
  { file: CLIENT_JS, fix: 'npm run build' },
];

/** A private folder for one run, with HOME, XDG_* and TMPDIR inside it. */
export class RunDir {
  readonly dir: string;
  readonly home: string;
  readonly tmp: string;
  constructor(prefix: string) {
    this.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `corroborate-${prefix}-`)));
    this.home = this.mkdir('home');
    this.tmp = this.mkdir('tmp');
  }
  mkdir(rel: string): string {
    const p = path.join(this.dir, rel);
    fs.mkdirSync(p, { recursive: true });
    return p;
  }
  path(rel: string): string {
    return path.join(this.dir, rel);
  }
  /** The environment for a program of this run: nothing of the real home is seen or written. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: this.home,
      XDG_CONFIG_HOME: path.join(this.home, '.config'),
      XDG_DATA_HOME: path.join(this.home, '.local/share'),
      XDG_CACHE_HOME: path.join(this.home, '.cache'),
      XDG_STATE_HOME: path.join(this.home, '.local/state'),
      XDG_RUNTIME_DIR: this.mkdir('runtime'),
      TMPDIR: this.tmp,
      ...extra,
    };
  }
  /** Copies the fixture workspace so the run never writes into the repository. */
  copyWorkspace(): string {
    const ws = this.path('workspace');
    fs.cpSync(FIXTURE_WORKSPACE, ws, { recursive: true });
    return ws;
  }
  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** Polls `probe` until it returns a value other than undefined/false, or throws `describe()` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  detail: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) {
      const d = detail();
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${d ? `\n${d}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A program started in its own process group (like setsid), logging to a file. */
export class Group {
  readonly child: ChildProcess;
  readonly logFile: string;
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<void>;
  constructor(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; logFile: string }) {
    this.logFile = opts.logFile;
    const fd = fs.openSync(opts.logFile, 'a');
    try {
      this.child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', fd, fd] });
    } finally {
      fs.closeSync(fd);
    }
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      });
      this.child.on('error', (err) => {
        fs.appendFileSync(opts.logFile, `\nspawn error: ${err.message}\n`);
        this.exit = { code: null, signal: null };
        resolve();
      });
    });
  }
  log(): string {
    try {
      return fs.readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }
  logTail(lines = 40): string {
    return this.log().split('\n').slice(-lines).join('\n');
  }
  private groupAlive(): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  /** Ends the whole process group: TERM, then KILL if anything is left after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(-pid, s);
      } catch {
        /* already gone */
      }
    };
    signal('SIGTERM');
    try {
      await waitFor('the process group to end', () => !this.groupAlive(), graceMs);
    } catch {
      signal('SIGKILL');
      await waitFor('the process group to end after SIGKILL', () => !this.groupAlive(), 5000).catch(() => undefined);
    }
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 1000))]);
  }
}

export function ensureResultsDir(): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  return RESULTS_DIR;
}
