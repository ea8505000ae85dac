// The language server's side of the project configuration: which .corroborate.yaml governs a
// document, the accepted-findings file it names, problems in either reported on the file itself
// (a diagnostic there and a message), the last valid version kept in force, and changes picked up
// without a restart (workspace/didChangeWatchedFiles when the client offers it, else fs.watch).
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { resolveConfig, type CheckConfig } from '../core/index';
import type { AcceptedEntry } from '../core/suppressions';
import { ACCEPTED_NAME, CONFIG_NAMES, findAccepted, findConfig, loadAccepted, loadConfig, type FileProblem, type ProjectConfig } from '../node/configFile';
import { LineIndex } from '../positions';
import { unusedMessage } from '../sarif';
import type { Settings } from '../shared/settings';

export interface ProjectHost {
  log(message: string): void;
  warnUser(message: string): void;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** Something a document's configuration depends on changed: check the open documents again. */
  changed(): void;
}

interface Loaded<T> {
  /** The last valid content (kept while the file is invalid). */
  good?: T;
  problems: FileProblem[];
  text: string;
}

export interface DocumentProject {
  config?: ProjectConfig;
  /** The accepted-findings file for the document (it may not exist yet). */
  acceptedFile?: string;
  entries: AcceptedEntry[];
}

/** Globs the server asks the client to watch (relative to every workspace folder). */
export const WATCH_GLOBS = [`**/{${CONFIG_NAMES.join(',')}}`, `**/${ACCEPTED_NAME}`];

export class ProjectConfigs {
  private roots: string[] = [];
  private readonly found = new Map<string, { file?: string; ignored: string[] }>();
  private readonly acceptedFound = new Map<string, string | undefined>();
  private readonly configs = new Map<string, Loaded<ProjectConfig>>();
  private readonly accepted = new Map<string, Loaded<AcceptedEntry[]>>();
  /** Per accepted file: per draft checked under it, the entries that matched. */
  private readonly usage = new Map<string, Map<string, Set<AcceptedEntry>>>();
  private readonly warned = new Set<string>();
  private watchers = new Map<string, fs.FSWatcher>();
  /** Set when the client watches files for us. */
  clientWatches = false;
  restricted = false;

  constructor(private readonly host: ProjectHost) {}

  setRoots(roots: string[]): void {
    this.roots = roots.map((r) => path.resolve(r));
  }

  /** The project of a document (file: URIs only; others have none). */
  forDocument(uri: string): DocumentProject {
    if (!uri.startsWith('file:')) return { entries: [] };
    const file = fileURLToPath(uri);
    const dir = path.dirname(file);
    let f = this.found.get(dir);
    if (!f) {
      f = findConfig(dir, this.roots);
      this.found.set(dir, f);
      this.watchFolder(dir);
      for (const i of f.ignored) this.warnOnce(`Corroborate: ${i} is ignored: ${f.file} in the same folder takes precedence.`);
    }
    const config = f.file ? this.config(f.file) : undefined;
    let acceptedFile = config?.accepted;
    if (!acceptedFile && !(f.file && this.configs.get(f.file)?.problems.length)) {
      if (!this.acceptedFound.has(dir)) this.acceptedFound.set(dir, findAccepted(dir, this.roots));
      acceptedFile = this.acceptedFound.get(dir);
    }
    const entries = acceptedFile ? this.acceptedEntries(acceptedFile) : [];
    return { config, acceptedFile, entries };
  }

  /** Where "Accept" writes for a document: the file in force, else one beside the draft. */
  acceptTarget(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    const p = this.forDocument(uri);
    return p.acceptedFile ?? path.join(path.dirname(fileURLToPath(uri)), ACCEPTED_NAME);
  }

  private config(file: string): ProjectConfig | undefined {
    let l = this.configs.get(file);
    if (!l) {
      const r = loadConfig(file);
      l = { good: r.config, problems: r.problems, text: r.text };
      this.configs.set(file, l);
      this.watchFolder(path.dirname(file));
      this.report(file, l, 'configuration');
    }
    return l.good;
  }

  private acceptedEntries(file: string): AcceptedEntry[] {
    let l = this.accepted.get(file);
    if (!l) {
      const r = loadAccepted(file);
      l = { good: r.problems.length ? undefined : r.entries, problems: r.problems, text: r.text };
      this.accepted.set(file, l);
      this.watchFolder(path.dirname(file));
      this.report(file, l, 'accepted-findings');
    }
    return l.good ?? [];
  }

  /** Problems on the file itself, and once per distinct problem a message to the user. */
  private report(file: string, l: Loaded<unknown>, what: string): void {
    if (l.problems.length === 0) {
      if (what === 'configuration') this.host.publish(pathToFileURL(file).toString(), []);
      else this.publishAccepted(file);
      return;
    }
    const lines = new LineIndex(l.text);
    const diagnostics: Diagnostic[] = l.problems.map((p) => ({
      range: lines.range(p.offset, p.offset),
      severity: DiagnosticSeverity.Error,
      source: 'corroborate',
      code: what === 'configuration' ? 'config-invalid' : 'accepted-invalid',
      message: p.message,
    }));
    this.host.publish(pathToFileURL(file).toString(), diagnostics);
    const first = l.problems[0];
    const fallback = l.good ? 'its last valid version stays in force' : what === 'configuration' ? 'the editor settings apply until it is valid' : 'no finding is accepted from it until it is valid';
    const message = `Corroborate: the ${what} file ${file} is invalid (line ${first.line}, column ${first.column}: ${first.message})${l.problems.length > 1 ? ` and ${l.problems.length - 1} more problem${l.problems.length > 2 ? 's' : ''}` : ''}; ${fallback}.`;
    this.host.log(message);
    this.warnOnce(message);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.host.warnUser(message);
  }

  /** The check configuration and corpus settings in force for a document (the file governs). */
  private readonly effective = new WeakMap<Settings, WeakMap<ProjectConfig, { settings: Settings; config: CheckConfig }>>();
  apply(project: DocumentProject, editor: { settings: Settings; config: CheckConfig }): { settings: Settings; config: CheckConfig } {
    const pc = project.config;
    if (!pc) return editor;
    let byConfig = this.effective.get(editor.settings);
    if (!byConfig) this.effective.set(editor.settings, (byConfig = new WeakMap()));
    let e = byConfig.get(pc);
    if (!e) {
      const s = editor.settings;
      // In Restricted Mode a workspace file cannot name corpus folders nor raise the limits.
      const corpus = this.restricted
        ? s.corpus
        : {
            paths: pc.corpus.paths ?? [],
            includeBundled: pc.corpus.includeBundled ?? true,
            watch: s.corpus.watch,
            maxFiles: pc.corpus.maxFiles ?? 50_000,
            maxMegabytes: pc.corpus.maxMegabytes ?? 1024,
            // Not in the file: the editor's (already restricted in Restricted Mode).
            jsonlFields: s.corpus.jsonlFields,
            database: s.corpus.database,
          };
      if (this.restricted && (pc.corpus.paths || pc.corpus.maxFiles || pc.corpus.maxMegabytes)) {
        this.host.log(`Corroborate: Restricted Mode: the corpus settings of ${pc.file} are ignored until the workspace is trusted.`);
      }
      const config = resolveConfig(pc.check);
      e = { settings: { corpus, check: config }, config };
      byConfig.set(pc, e);
    }
    return e;
  }

  /** Records which accepted entries a check of `draft` used, and reports the unused ones. */
  recordUse(acceptedFile: string | undefined, draft: string, used: Set<AcceptedEntry>): void {
    if (!acceptedFile) return;
    let u = this.usage.get(acceptedFile);
    if (!u) this.usage.set(acceptedFile, (u = new Map()));
    const prev = u.get(draft);
    if (prev && prev.size === used.size && [...used].every((e) => prev.has(e))) return;
    u.set(draft, used);
    this.publishAccepted(acceptedFile);
  }

  forget(draft: string): void {
    for (const [file, u] of this.usage) if (u.delete(draft)) this.publishAccepted(file);
  }

  /**
   * Entries for one draft (`draft:`) that a check of that open draft did not use are reported as
   * information on the accepted file. Entries for every draft are not: the server sees only the
   * open drafts (the CLI, run over the stories, reports them).
   */
  private publishAccepted(file: string): void {
    const l = this.accepted.get(file);
    if (!l || l.problems.length) return;
    const u = this.usage.get(file);
    const lines = new LineIndex(l.text);
    const diagnostics: Diagnostic[] = [];
    for (const e of l.good ?? []) {
      if (e.draft === undefined || !u?.has(e.draft) || u.get(e.draft)!.has(e)) continue;
      diagnostics.push({ range: lines.range(e.offset, e.offset), severity: DiagnosticSeverity.Information, source: 'corroborate', code: 'accepted-unused', message: unusedMessage(e) });
    }
    this.host.publish(pathToFileURL(file).toString(), diagnostics);
  }

  /** A watched file changed (created, changed or deleted). */
  fileChanged(file: string): void {
    const base = path.basename(file);
    const isConfig = (CONFIG_NAMES as readonly string[]).includes(base);
    const isAccepted = this.accepted.has(file) || base === ACCEPTED_NAME;
    if (!isConfig && !isAccepted) return;
    if (isConfig) {
      this.found.clear();
      this.acceptedFound.clear();
      const prev = this.configs.get(file)?.good;
      this.configs.delete(file);
      if (!fs.existsSync(file)) this.host.publish(pathToFileURL(file).toString(), []);
      else {
        // An invalid new version leaves the last valid one in force.
        const r = loadConfig(file);
        const l = { good: r.config ?? prev, problems: r.problems, text: r.text };
        this.configs.set(file, l);
        this.report(file, l, 'configuration');
      }
    }
    if (isAccepted) {
      this.acceptedFound.clear();
      const prev = this.accepted.get(file);
      this.accepted.delete(file);
      const r = loadAccepted(file);
      if (!r.exists) this.host.publish(pathToFileURL(file).toString(), []);
      else {
        const l = { good: r.problems.length ? prev?.good : r.entries, problems: r.problems, text: r.text };
        this.accepted.set(file, l);
        this.report(file, l, 'accepted-findings');
      }
      this.usage.delete(file);
    }
    this.host.changed();
  }

  /** Without the client's file watching: fs.watch on the folders a document's project lives in. */
  private watchFolder(dir: string): void {
    if (this.clientWatches || this.watchers.has(dir)) return;
    try {
      const w = fs.watch(dir, { persistent: false }, (_event, name) => {
        if (!name) return;
        const base = String(name);
        if ((CONFIG_NAMES as readonly string[]).includes(base) || base === ACCEPTED_NAME || this.accepted.has(path.join(dir, base))) this.fileChanged(path.join(dir, base));
      });
      w.on('error', () => {
        w.close();
        this.watchers.delete(dir);
      });
      this.watchers.set(dir, w);
    } catch {
      // A folder that cannot be watched: changes are picked up on the next restart.
    }
  }

  /** Forgets everything read (the reindex command): files are read again when next needed. */
  reload(): void {
    this.found.clear();
    this.acceptedFound.clear();
    this.configs.clear();
    this.accepted.clear();
    this.usage.clear();
    this.warned.clear();
  }

  dispose(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
