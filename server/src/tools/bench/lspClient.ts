// A minimal editor for the bench: spawns the built language server over stdio, answers its
// workspace/configuration and progress requests, and times didChange → publishDiagnostics.
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../positions';

export interface ServerOptions {
  serverJs: string;
  storagePath: string;
  corpusPaths: string[];
  /** Node options for the server process (e.g. --cpu-prof, to profile a warm start). */
  execArgv?: string[];
  /** The `corroborate.check` settings to start with. */
  check?: Record<string, unknown>;
  /** The server process's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

export interface BenchServer {
  /** From spawning the process to the answer to `initialize` (ms). */
  startMs: number;
  /** Opens a document; resolves with the time to its first diagnostics (ms). */
  open(uri: string, text: string): Promise<number>;
  /** Replaces [start, end) of the document with `text`; resolves with the latency (ms), or just sends when `wait` is false. */
  edit(uri: string, start: number, end: number, text: string, wait?: boolean): Promise<number>;
  text(uri: string): string;
  /** Resident set size now and at its peak (bytes), from /proc. */
  memory(): { rss: number; peak: number } | undefined;
  /** Changes the `corroborate.check` settings (workspace/didChangeConfiguration). */
  configure(check: Record<string, unknown>): Promise<void>;
  /** Log lines the server wrote (window/logMessage). */
  logs: string[];
  progress: string[];
  stop(): Promise<void>;
}

function procStatus(pid: number): { rss: number; peak: number } | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

export async function startServer(opts: ServerOptions): Promise<BenchServer> {
  const spawnedAt = performance.now();
  const proc: ChildProcess = spawn(process.execPath, [...(opts.execArgv ?? []), opts.serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
  proc.stderr!.on('data', () => undefined);
  const conn: ProtocolConnection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const docs = new Map<string, { text: string; version: number }>();
  const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
  const logs: string[] = [];
  const progress: string[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const key = `${p.uri}#${p.version}`;
    const w = waiting.get(key);
    if (w) {
      waiting.delete(key);
      w(p);
    }
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
  conn.onNotification('window/showMessage', (p: { message: string }) => void logs.push(p.message));
  conn.onNotification('$/progress', (p: { value: { kind: string; message?: string; percentage?: number } }) => {
    progress.push(`${p.value.kind}${p.value.percentage !== undefined ? ` ${p.value.percentage}%` : ''}`);
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('client/registerCapability', () => null);
  let check: Record<string, unknown> = opts.check ?? {};
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map(() => ({ corpus: { paths: opts.corpusPaths, includeBundled: false, watch: false }, check })),
  );
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    initializationOptions: { storagePath: opts.storagePath },
  });
  await conn.sendNotification('initialized', {});
  const startMs = performance.now() - spawnedAt;

  const diagnosticsOf = (uri: string, version: number) =>
    new Promise<PublishDiagnosticsParams>((resolve) => waiting.set(`${uri}#${version}`, resolve));

  return {
    startMs,
    logs,
    progress,
    async open(uri, text) {
      docs.set(uri, { text, version: 1 });
      const got = diagnosticsOf(uri, 1);
      const t0 = performance.now();
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      await got;
      return performance.now() - t0;
    },
    async edit(uri, start, end, text, wait = true) {
      const doc = docs.get(uri)!;
      const lines = new LineIndex(doc.text);
      const range = lines.range(start, end);
      doc.text = doc.text.slice(0, start) + text + doc.text.slice(end);
      doc.version++;
      const got = wait ? diagnosticsOf(uri, doc.version) : undefined;
      const t0 = performance.now();
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: doc.version }, contentChanges: [{ range, text }] });
      if (!got) return 0;
      await got;
      return performance.now() - t0;
    },
    text: (uri) => docs.get(uri)!.text,
    async configure(next) {
      check = next;
      await conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    },
    memory: () => (proc.pid ? procStatus(proc.pid) : undefined),
    async stop() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await conn.sendNotification('exit');
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        const timer = setTimeout(() => (proc.kill(), resolve()), 3000);
        proc.on('exit', () => (clearTimeout(timer), resolve()));
      });
      conn.dispose();
    },
  };
}
