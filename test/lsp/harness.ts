// Drives the built language server (dist/server.js) over stdio, as an editor does.
// Every wait is for a message from the server, never a fixed delay.
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.join(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export interface Harness {
  conn: ProtocolConnection;
  proc: ChildProcess;
  settings: Record<string, unknown>;
  /** Every registration the server asked for (client/registerCapability). */
  registrations: { id: string; method: string; registerOptions?: unknown }[];
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Waits for published diagnostics of `uri` that satisfy `test` (already seen ones count). */
  diagnosticsWhere(uri: string, test: (d: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  message(pattern: RegExp, timeoutMs?: number): Promise<ShowMessageParams>;
  /** Every window/showMessage received so far. */
  messages(): ShowMessageParams[];
  log(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Diagnostics ("diagnostics URI vN") and log lines ("log MESSAGE") in the order they arrived. */
  timeline: string[];
  /** Waits for a notification of `method` (corroborate/status, corroborate/documentStatus, $/progress) whose params satisfy `test` (already received ones count). */
  notification<T = unknown>(method: string, test?: (params: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Every notification of `method` received so far. */
  notifications<T = unknown>(method: string): T[];
  open(file: string, text: string, languageId?: string): { uri: string; version: number };
  stop(): Promise<void>;
}

type Waiter<T> = { test: (v: T) => boolean; resolve: (v: T) => void };

function waitable<T>() {
  const seen: T[] = [];
  const waiters: Waiter<T>[] = [];
  return {
    push(v: T) {
      seen.push(v);
      for (const w of [...waiters]) {
        if (w.test(v)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(v);
        }
      }
    },
    wait(test: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
      const found = seen.find(test);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
        waiters.push({ test, resolve: (v) => (clearTimeout(timer), resolve(v)) });
      });
    },
    all(): T[] {
      return [...seen];
    },
  };
}

export async function startServer(
  settings: Record<string, unknown> = {},
  workspaceConfiguration = true,
  /** Added to the client's workspace capabilities (e.g. didChangeWatchedFiles). */
  workspaceCapabilities: Record<string, unknown> = {},
  initializationOptions?: Record<string, unknown>,
  /** Another entry (dist/serverLaunch.js, as the VS Code client starts it) and environment. */
  launch: { script?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Harness> {
  const proc = spawn(process.execPath, [launch.script ?? SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: launch.env ?? process.env });
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diags = waitable<PublishDiagnosticsParams>();
  const messages = waitable<ShowMessageParams>();
  const logs = waitable<string>();
  const notes = waitable<{ method: string; params: unknown }>();
  const h: Harness = {
    conn,
    proc,
    settings,
    registrations: [],
    timeline: [],
    diagnostics: (uri, version, timeoutMs = 10000) =>
      diags.wait((d) => d.uri === uri && (version === undefined || d.version === version), timeoutMs, `diagnostics of ${uri} v${version}`),
    diagnosticsWhere: (uri, test, timeoutMs = 10000) => diags.wait((d) => d.uri === uri && test(d), timeoutMs, `matching diagnostics of ${uri}`),
    messages: () => messages.all(),
    message: (pattern, timeoutMs = 10000) => messages.wait((m) => pattern.test(m.message), timeoutMs, `a message matching ${pattern}`),
    log: (pattern, timeoutMs = 10000) => logs.wait((m) => pattern.test(m), timeoutMs, `a log line matching ${pattern}`),
    notification: <T>(method: string, test: (p: T) => boolean = () => true, timeoutMs = 10000) =>
      notes.wait((n) => n.method === method && test(n.params as T), timeoutMs, `a ${method} notification`).then((n) => n.params as T),
    notifications: <T>(method: string) => notes.all().filter((n) => n.method === method).map((n) => n.params as T),
    open(file, text, languageId = /\.md$/.test(file) ? 'markdown' : 'plaintext') {
      const uri = pathToFileURL(file).toString();
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return { uri, version: 1 };
    },
    async stop() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        void conn.sendNotification('exit');
      } catch {
        // already gone
      }
      conn.dispose();
      if (proc.exitCode === null) proc.kill();
    },
  };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => (h.timeline.push(`diagnostics ${p.uri} v${p.version}`), diags.push(p)));
  conn.onNotification('window/showMessage', (p: ShowMessageParams) => messages.push(p));
  conn.onNotification('window/logMessage', (p: { message: string }) => (h.timeline.push(`log ${p.message}`), logs.push(p.message)));
  for (const method of ['corroborate/status', 'corroborate/documentStatus', '$/progress']) {
    conn.onNotification(method, (params: unknown) => notes.push({ method, params }));
  }
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => h.settings));
  conn.onRequest('client/registerCapability', (p: { registrations: Harness['registrations'] }) => {
    h.registrations.push(...p.registrations);
    return null;
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: workspaceConfiguration, workspaceEdit: { documentChanges: true }, ...workspaceCapabilities },
      textDocument: {
        publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
      window: { workDoneProgress: true },
    },
    workspaceFolders: null,
    initializationOptions,
  });
  await conn.sendNotification('initialized', {});
  return h;
}

/** The position (line, character; UTF-16) of the n-th occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, n = 1): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i < n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`“${needle}” not in text`);
  }
  const offset = at + delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
