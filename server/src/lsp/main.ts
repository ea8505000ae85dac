// The language server: a thin adapter from LSP to the checking core.
import * as path from 'path';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  DiagnosticSeverity,
  ErrorCodes,
  Location,
  MarkupKind,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'url';
import { sourceLanguage, type Checker, type Finding } from '../core/index';
import { bundledCorpusDir, type CorpusLimits } from '../node/corpusFiles';
import { IndexCacheCorrupt } from '../node/indexCache';
import type { ResultCache, ResultInput } from '../node/resultCache';
import { LineIndex } from '../positions';
import {
  ARCHIVE_FIND_REQUEST,
  COMMAND_REINDEX,
  LANGUAGE_IDS,
  REPORT_REQUEST,
  SETTINGS_SECTION,
  SOURCES_REQUEST,
  type ArchiveFindParams,
  type ArchiveFindResult,
  type InitOptions,
  type ReportParams,
  type SourcesParams,
} from '../shared/protocol';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../shared/settings';
import type { CheckConfig } from '../core/index';
import { CorpusManager } from './corpusManager';
import { FrameChecker } from './framing';
import { renderHover } from './hover';
import { registerSourceDocuments, sourceUri } from './sourceDocuments';
import { SourceLines } from '../report';
import { applySuppressions } from '../core/suppressions';
import { ProjectConfigs, WATCH_GLOBS } from './projectConfig';
import { codeActions, type Checked } from './codeActions';
import { reportResult, sourcesResult } from './requests';
import { archiveFindResult } from './archiveFind';
import { StatusReporter } from './status';
import { kindInfos, tallyOf, toDiagnostic, type DiagnosticOptions } from './editor';
import { WARM_EVENT } from '../launch/codeCache';

/**
 * Over stdio the server reads its own messages, so that a frame it cannot read (a malformed
 * `Content-Length`) is logged and ends the server: the stream cannot be resynchronised, and a
 * server that stays alive but reads nothing more would leave the editor waiting forever.
 */
const stdio = !process.argv.some((a) => a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'));
const reader = stdio ? new StreamMessageReader(process.stdin) : undefined;
const connection = reader ? createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout)) : createConnection(ProposedFeatures.all);
/** Once, before the first diagnostics: the launcher writes its code cache then (launch/codeCache.ts). */
let warm = false;
function signalWarm(): void {
  if (warm) return;
  warm = true;
  (process as NodeJS.EventEmitter).emit(WARM_EVENT);
}

function unreadable(what: string): void {
  const message = `Corroborate: unreadable message from the editor (${what}); the language server stops.`;
  process.stderr.write(message + '\n');
  try {
    connection.console.error(message);
  } catch {
    // the connection may be gone already
  }
  // Let the log line reach the editor, then stop.
  setImmediate(() => process.exit(1));
}
reader?.onError((e) => unreadable(e.message));
// Framing that the reader takes but can never finish reading (lsp/framing.ts) ends the server too.
if (reader) {
  const frames = new FrameChecker(unreadable);
  process.stdin.on('data', (chunk: Buffer) => frames.push(chunk));
}

/** Set by the `shutdown` request: from then on, requests get InvalidRequest (LSP) and edits are ignored. */
let shutDown = false;
function live<P, R>(handler: (params: P) => R): (params: P) => R {
  // A part of a persisted index read lazily that fails its checks while a request reads it (a
  // hover before the rest was read, say): the request fails, and the corpus is rebuilt without it.
  const corrupt = (e: unknown): never => {
    if (e instanceof IndexCacheCorrupt) corpora.corrupt(e);
    throw e;
  };
  return (params: P) => {
    if (shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down.');
    try {
      const r = handler(params);
      return (r instanceof Promise ? r.catch(corrupt) : r) as R;
    } catch (e) {
      return corrupt(e);
    }
  };
}
const documents = new TextDocuments(TextDocument);

let bundled = bundledCorpusDir(__dirname);
let configurationCapable = false;
let progressCapable = false;

/** What the client's status bar item shows (corroborate/status, corroborate/documentStatus). */
const reporter: StatusReporter = new StatusReporter((method, params) => void connection.sendNotification(method, params), () => corpora.list(), () => shutDown);

const corpora = new CorpusManager({
  log: (m) => connection.console.log(m),
  warnUser: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
  changed: () => documents.all().forEach((d) => schedule(d)),
  progress: (title, paths) => {
    const status = reporter.indexingStarted(paths);
    // Work-done progress while indexing (when the client can show it).
    if (!progressCapable) return { report: (_pct, _message, counts) => status.report(counts), done: () => status.done() };
    let last = -1;
    const progress = connection.window.createWorkDoneProgress().then((r) => (r.begin(title, 0, undefined, false), r), () => undefined);
    return {
      report: (pct, message, counts) => {
        status.report(counts);
        if (pct === last) return;
        last = pct;
        void progress.then((r) => r?.report(pct, message));
      },
      done: () => {
        status.done();
        void progress.then((r) => r?.done());
      },
    };
  },
});

/** The project configuration files (.corroborate.yaml, accepted findings) of the documents. */
const projects = new ProjectConfigs({
  log: (m) => connection.console.log(m),
  warnUser: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
  publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
  changed: () => documents.all().forEach((d) => schedule(d)),
});
let watchedFilesDynamic = false;
let createFilesSupported = false;
const results = new Map<string, Checked>();
/** Requests waiting for a document's result (the review report of a draft just opened): settled by its check, or with undefined when it gets none. */
const waitingFor = new Map<string, ((c: Checked | undefined) => void)[]>();
function settle(uri: string, c: Checked | undefined): void {
  const waiting = waitingFor.get(uri);
  if (!waiting) return;
  waitingFor.delete(uri);
  for (const resolve of waiting) resolve(c);
}
/** The document's result: now if there is one, else once its check ends (undefined when it is closed or cannot be checked). */
function whenChecked(uri: string): Promise<Checked | undefined> {
  const c = results.get(uri);
  if (c || !documents.get(uri) || shutDown) return Promise.resolve(c);
  return new Promise((resolve) => {
    const list = waitingFor.get(uri) ?? [];
    list.push(resolve);
    waitingFor.set(uri, list);
  });
}
/** Line indexes of source texts, built once per source of each corpus. */
const sourceLinesOf = new WeakMap<Checker, SourceLines>();
function sourceLines(checker: Checker): SourceLines {
  let sl = sourceLinesOf.get(checker);
  if (!sl) {
    sl = new SourceLines(checker);
    sourceLinesOf.set(checker, sl);
  }
  return sl;
}
/** Larger documents are not checked as you type (the CLI checks them). */
const MAX_DRAFT_CHARS = 500_000;
const tooLarge = new Set<string>();
const pending = new Map<string, NodeJS.Immediate>();
const settingsCache = new Map<string, Promise<{ settings: Settings; config: CheckConfig }>>();

const diagnosticOptions: DiagnosticOptions = { related: false, codeDescription: false };

function isChecked(doc: TextDocument): boolean {
  return (LANGUAGE_IDS as readonly string[]).includes(doc.languageId) || /\.(md|markdown|txt)$/i.test(doc.uri);
}

function settingsFor(uri: string): Promise<{ settings: Settings; config: CheckConfig }> {
  if (!configurationCapable) return Promise.resolve(readSettings(DEFAULT_SETTINGS));
  let s = settingsCache.get(uri);
  if (!s) {
    s = connection.workspace
      .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
      .then(readSettings, () => readSettings(undefined));
    settingsCache.set(uri, s);
  }
  return s;
}

/** The corpus paths of a document's settings, resolved once per settings and folder (the same array each time). */
const resolvedPaths = new WeakMap<Settings, Map<string, string[]>>();

function corpusPaths(settings: Settings, uri: string): string[] {
  const base = uri.startsWith('file:') ? path.dirname(fileURLToPath(uri)) : process.cwd();
  let byBase = resolvedPaths.get(settings);
  if (!byBase) resolvedPaths.set(settings, (byBase = new Map()));
  let out = byBase.get(base);
  if (!out) {
    const paths = settings.corpus.paths.map((p) => path.resolve(base, p.replace(/^~(?=$|\/)/, process.env.HOME ?? '~')));
    out = settings.corpus.includeBundled || paths.length === 0 ? [bundled, ...paths] : paths;
    byBase.set(base, out);
  }
  return out;
}

/** The corpus limits of a document's settings (the same object each time for the same settings). */
const limitsOf = new WeakMap<Settings, CorpusLimits>();
function corpusLimits(settings: Settings): CorpusLimits {
  let l = limitsOf.get(settings);
  if (!l) limitsOf.set(settings, (l = { maxFiles: settings.corpus.maxFiles, maxBytes: settings.corpus.maxMegabytes * (1 << 20) }));
  return l;
}

/** Checks the latest version of a document once the current burst of changes has been read. */
function schedule(doc: TextDocument): void {
  if (shutDown || !isChecked(doc)) return;
  const prev = pending.get(doc.uri);
  if (prev) clearImmediate(prev);
  else corpora.checkStarted(); // the corpus's idle warm-up waits for this check (ended below)
  pending.set(
    doc.uri,
    setImmediate(() => {
      pending.delete(doc.uri);
      void check(doc.uri).finally(() => corpora.checkEnded());
    }),
  );
}

/** Findings to keep for the next session, per document: written once the document has rested (KEEP_AFTER_MS), or closed, or at shutdown. */
const keeping = new Map<string, { timer: NodeJS.Timeout; write: () => void }>();
const KEEP_AFTER_MS = 2_000;

/** Keeps a document's latest findings (resultCache) when no newer check replaces them for a while: not at every keystroke. */
function keepLater(uri: string, kept: ResultCache, input: ResultInput, findings: readonly Finding[]): void {
  const prev = keeping.get(uri);
  if (prev) clearTimeout(prev.timer);
  const write = () => {
    keeping.delete(uri);
    kept.put(input, findings);
  };
  const timer = setTimeout(write, KEEP_AFTER_MS);
  timer.unref?.();
  keeping.set(uri, { timer, write });
}

/** Writes a document's findings waiting to be kept now (closed, or the server shutting down). */
function keepNow(uri: string): void {
  const k = keeping.get(uri);
  if (!k) return;
  clearTimeout(k.timer);
  k.write();
}

async function check(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  const version = doc.version;
  try {
    const project = projects.forDocument(uri);
    // The project's configuration file governs; the editor settings apply where there is none.
    const { settings, config } = projects.apply(project, await settingsFor(uri));
    const current = documents.get(uri);
    if (!current || current.version !== version) return; // a newer edit supersedes this one
    const paths = corpusPaths(settings, uri);
    const limits = corpusLimits(settings);
    const formats = { fields: settings.corpus.jsonlFields };
    const corpusKey = corpora.keyOf(paths, settings.corpus.watch, limits, formats, settings.corpus.database);
    // Until the first result the document has not been checked: say so (never a clean slate).
    const indexed = corpora.list().find((c) => c.key === corpusKey)?.sources !== undefined;
    if (!indexed) reporter.documentStatus({ uri, version, state: 'indexing', corpus: { paths } });
    else if (results.get(uri) === undefined) reporter.documentStatus({ uri, version, state: 'checking', corpus: { paths } });
    const checker = await corpora.get(paths, settings.corpus.watch, limits, formats, settings.corpus.database);
    if (documents.get(uri)?.version !== version) return; // edited while the corpus was indexed
    const text = current.getText();
    if (text.length > MAX_DRAFT_CHARS) {
      // Checking as you type would stall the server for seconds on every keystroke.
      results.delete(uri);
      if (!tooLarge.has(uri)) {
        tooLarge.add(uri);
        const message = `Corroborate: this document is too large to check as you type (${text.length.toLocaleString('en')} characters; the limit is ${MAX_DRAFT_CHARS.toLocaleString('en')}). Check it with the CLI: corroborate check FILE`;
        connection.console.warn(`${message} (${uri})`);
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
      }
      await connection.sendDiagnostics({ uri, version, diagnostics: [] });
      reporter.documentStatus({ uri, version, state: 'tooLarge', corpus: { paths, sources: checker.sourceCount } });
      settle(uri, undefined);
      return;
    }
    tooLarge.delete(uri);
    const languageId = current.languageId === 'markdown' ? 'markdown' : sourceLanguage(uri);
    // A document opened as it was when last checked, against the same unchanged index, shows the
    // findings of that check at once (node/resultCache.ts); it is then checked in the background,
    // which readies the checks for its edits (and corrects the findings, were they to differ).
    const kept = corpora.keptFor(corpusKey);
    const input = { text, languageId, config };
    let findings = results.get(uri) === undefined ? kept?.get(input) : undefined;
    const fromKept = findings !== undefined;
    if (fromKept) connection.console.log(`Corroborate: ${uri}: unchanged since its last check against this index: its findings shown, checking it again`);
    if (!findings) {
      // Stage by stage: between stages, pending messages are read, and a newer edit ends this check.
      const steps = checker.checkInSteps({ text, languageId }, config);
      let step = steps.next();
      while (!step.done) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (documents.get(uri)?.version !== version) return;
        step = steps.next();
      }
      findings = step.value.findings;
      if (kept) keepLater(uri, kept, input, findings);
    }
    const lines = new LineIndex(text);
    const draftPath = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    const sup = applySuppressions(text, languageId, findings, project.entries, draftPath);
    if (draftPath) projects.recordUse(project.acceptedFile, draftPath, sup.used);
    const suppressed = sup.suppressions.map((x) => x !== undefined);
    results.set(uri, { version, checker, lines, findings, suppressed, corpusKey, corpusPaths: paths });
    settle(uri, results.get(uri));
    const diagnostics: Diagnostic[] = [];
    for (const n of sup.notices) {
      diagnostics.push({ range: lines.range(n.start, n.end), severity: DiagnosticSeverity.Information, source: 'corroborate', code: 'directive-invalid', message: n.message });
    }
    const sl = sourceLines(checker);
    findings.forEach((f, i) => {
      if (suppressed[i]) return;
      const d = toDiagnostic(f, i, version, lines, checker, sl, diagnosticOptions);
      if (d) diagnostics.push(d);
    });
    signalWarm();
    await connection.sendDiagnostics({ uri, version, diagnostics });
    reporter.documentStatus({ uri, version, state: 'checked', tally: tallyOf(findings.filter((_, i) => !suppressed[i])), kinds: kindInfos(), corpus: { paths, sources: checker.sourceCount } });
    if (fromKept) schedule(current);
  } catch (e) {
    if (e instanceof IndexCacheCorrupt) {
      // A part of the persisted index failed its checks as the check read it: the corpus is
      // rebuilt without that file and the documents checked again (nothing from it is shown).
      corpora.corrupt(e);
      settle(uri, undefined);
      return;
    }
    connection.console.error(`Corroborate: checking ${uri} failed: ${(e as Error).stack ?? String(e)}`);
    reporter.documentStatus({ uri, version, state: 'failed' });
    settle(uri, undefined);
  }
}

function findingsAt(uri: string, offset: number, version: number): { checked: Checked; found: Finding[] } | undefined {
  const checked = results.get(uri);
  if (!checked || checked.version !== version) return undefined;
  const found = checked.findings.filter((f) => f.start <= offset && offset <= f.end);
  // Innermost first.
  found.sort((a, b) => a.end - a.start - (b.end - b.start));
  return { checked, found };
}

connection.onInitialize((params: InitializeParams) => {
  configurationCapable = !!params.capabilities.workspace?.configuration;
  watchedFilesDynamic = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  createFilesSupported = !!params.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create');
  projects.clientWatches = watchedFilesDynamic;
  projects.restricted = (params.initializationOptions as InitOptions | undefined)?.restricted === true;
  const folders = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri ? [params.rootUri] : []);
  projects.setRoots(folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)));
  progressCapable = !!params.capabilities.window?.workDoneProgress;
  const init = (params.initializationOptions ?? {}) as InitOptions;
  if (typeof init.storagePath === 'string' && init.storagePath) corpora.setCacheDir(path.join(init.storagePath, 'index'));
  if (typeof init.bundledCorpus === 'string' && init.bundledCorpus) bundled = init.bundledCorpus;
  const publish = params.capabilities.textDocument?.publishDiagnostics;
  diagnosticOptions.related = publish?.relatedInformation === true;
  diagnosticOptions.codeDescription = publish?.codeDescriptionSupport === true;
  // The explanation pages ship beside the bundled corpus (docs/findings in the extension).
  diagnosticOptions.docsDir = path.join(path.dirname(bundled), 'docs', 'findings');
  if (init.restricted === true) {
    connection.console.info('Corroborate: Restricted Mode: drafts are checked against the bundled corpus and the corpus folders of the user settings only (workspace corpus settings are ignored until the workspace is trusted).');
  }
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [COMMAND_REINDEX] },
    },
    serverInfo: { name: 'corroborate', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // Configuration and accepted-findings files are watched by the client when it can (VS Code can);
  // otherwise the server watches their folders itself.
  if (watchedFilesDynamic) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCH_GLOBS.map((globPattern) => ({ globPattern })) });
  }
});

connection.onDidChangeWatchedFiles((params) => {
  for (const c of params.changes) if (c.uri.startsWith('file:')) projects.fileChanged(fileURLToPath(c.uri));
});

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  documents.all().forEach(schedule);
});

documents.onDidOpen((e) => schedule(e.document));
documents.onDidChangeContent((e) => schedule(e.document));
documents.onDidClose((e) => {
  results.delete(e.document.uri);
  settle(e.document.uri, undefined);
  settingsCache.delete(e.document.uri);
  if (e.document.uri.startsWith('file:')) projects.forget(fileURLToPath(e.document.uri));
  keepNow(e.document.uri);
  const p = pending.get(e.document.uri);
  if (p) {
    clearImmediate(p);
    corpora.checkEnded();
  }
  pending.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(live((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const at = findingsAt(doc.uri, doc.offsetAt(params.position), doc.version);
  if (!at || at.found.length === 0) return null;
  const f = at.found.find((x) => x.kind === 'quote') ?? at.found[0];
  const value = renderHover([f, ...at.found.filter((x) => x !== f)], at.checked.checker, sourceLines(at.checked.checker));
  return { contents: { kind: MarkupKind.Markdown, value }, range: at.checked.lines.range(f.start, f.end) };
}));

function sourceLocations(uri: string, offset: number, version: number): Location[] {
  const at = findingsAt(uri, offset, version);
  if (!at) return [];
  const out: Location[] = [];
  for (const f of at.found) {
    for (const m of f.sources) {
      const s = at.checked.checker.source(m.sourceId);
      if (!s) continue;
      const li = sourceLines(at.checked.checker).of(s.id);
      if (!li) continue;
      out.push(Location.create(sourceUri(s.id), li.range(m.start, m.end)));
    }
    if (out.length) break;
  }
  return out;
}

connection.onDefinition(live((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const locs = sourceLocations(doc.uri, doc.offsetAt(params.position), doc.version);
  return locs.length ? locs : null;
}));

connection.onReferences(live((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  return sourceLocations(doc.uri, doc.offsetAt(params.position), doc.version);
}));

connection.onCodeAction(live((params) => {
  const doc = documents.get(params.textDocument.uri);
  const checked = doc && results.get(doc.uri);
  // Fixes are offered only for the version they were computed on.
  if (!doc || !checked || checked.version !== doc.version) return [];
  return codeActions(doc, checked, params, projects.acceptTarget(doc.uri), createFilesSupported);
}));

registerSourceDocuments(connection, (id) => corpora.findSource(id));

const editorRequests = { documents, results, whenChecked, corpora, sourceLines, configOf: async (uri: string) => (await settingsFor(uri)).config, bundled: () => bundled };
connection.onRequest(SOURCES_REQUEST, live((params: SourcesParams) => sourcesResult(editorRequests, params)));
connection.onRequest(REPORT_REQUEST, live((params: ReportParams) => reportResult(editorRequests, params)));
connection.onRequest(
  ARCHIVE_FIND_REQUEST,
  live(async (params: ArchiveFindParams): Promise<ArchiveFindResult> => {
    const uri = typeof params?.uri === 'string' ? params.uri : '';
    const { settings } = projects.apply(projects.forDocument(uri), await settingsFor(uri));
    return archiveFindResult(settings.corpus.database, params?.phrase);
  }),
);

connection.onExecuteCommand(live((params) => {
  if (params.command === COMMAND_REINDEX) {
    projects.reload();
    corpora.reindexAll();
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: 'Corroborate: sources reindexed.' });
  }
  return null;
}));

connection.onShutdown(() => {
  shutDown = true;
  for (const uri of [...keeping.keys()]) keepNow(uri);
  for (const p of pending.values()) clearImmediate(p);
  pending.clear();
  for (const uri of [...waitingFor.keys()]) settle(uri, undefined);
  corpora.dispose();
  projects.dispose();
});
// Requests the server has no handler for: after shutdown InvalidRequest, as for the others.
connection.onRequest((method) => {
  if (shutDown) return new ResponseError(ErrorCodes.InvalidRequest, 'The server is shutting down.');
  return new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
});

documents.listen(connection);
connection.listen();
