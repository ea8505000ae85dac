// Names shared by the VS Code client and the language server.

export const LANGUAGE_IDS = ['markdown', 'plaintext'] as const;
export const SETTINGS_SECTION = 'corroborate';
export const COMMAND_REINDEX = 'corroborate.reindex';

/** Sent by the client in initializationOptions. */
export interface InitOptions {
  /** Folder of the bundled corpus (inside the installed extension). */
  bundledCorpus?: string;
  /** A folder the server may write its caches to (the extension's global storage). */
  storagePath?: string;
  /** The workspace is not trusted (Restricted Mode): workspace corpus settings are not applied. */
  restricted?: boolean;
}

/**
 * Sources that are not plain files on disk (the article text of a web page, a line of a JSON
 * Lines archive) open as read-only virtual documents of this scheme: the client's content
 * provider asks the server for the text with the request below. The URI's path is the source's id.
 */
export const SOURCE_SCHEME = 'corroborate-source';
export const SOURCE_DOCUMENT_REQUEST = 'corroborate/sourceDocument';
export interface SourceDocumentParams {
  /** A `corroborate-source:` URI. */
  uri: string;
}
/** The source's text as indexed (offsets of findings refer to it); null when no corpus has it. */
export type SourceDocumentResult = { text: string } | null;

// ── Editor experience (issue 14) ─────────────────────────────────────────────────────────────
// Indexing progress is also reported with standard work-done progress ($/progress); the
// notifications below carry what the status bar item and the Sources view need and LSP has no
// message for: the state of each document (not checked yet / checked, with its tally) and the
// loaded corpora.

/** Commands the client contributes (package.json `contributes.commands`). */
export const COMMANDS = {
  showSummary: 'corroborate.showSummary',
  openReport: 'corroborate.openReport',
  saveReport: 'corroborate.saveReport',
  addCorpusFolder: 'corroborate.addCorpusFolder',
  openExample: 'corroborate.openExample',
  gettingStarted: 'corroborate.gettingStarted',
  refreshSources: 'corroborate.refreshSources',
  setDatabasePassword: 'corroborate.setDatabasePassword',
  findInArchive: 'corroborate.findInArchive',
} as const;

export const SOURCES_VIEW_ID = 'corroborate.sources';
export const WALKTHROUGH_ID = 'corroborate.gettingStarted';

/** Server → client: what the server is doing (sent when indexing starts, progresses, ends). */
export const STATUS_NOTIFICATION = 'corroborate/status';
export interface IndexingState {
  /** The folders being indexed. */
  paths: string[];
  phase: string;
  done: number;
  total: number;
}
export interface CorpusState {
  key: string;
  paths: string[];
  /** Sources indexed (undefined while the first index is built). */
  sources?: number;
}
export interface StatusParams {
  /** Indexing runs in progress (empty: none). */
  indexing: IndexingState[];
  corpora: CorpusState[];
}

/** What was found in one draft, by kind and status (findings of severity none left out, verified kept). */
export type Tally = Record<string, Record<string, number>>;

/** How the client shows one kind of finding: from its check module (core/checks/registry.ts), in registry order. */
export interface KindInfo {
  kind: string;
  /** "Quotations", "Figures". */
  heading: string;
  /** A codicon name. */
  icon: string;
  /** Short names of statuses in tallies, where they are not the status ("other date"). */
  names: Record<string, string>;
}

/** Server → client: the state of one document. */
export const DOCUMENT_STATUS_NOTIFICATION = 'corroborate/documentStatus';
export type DocumentState = 'indexing' | 'checking' | 'checked' | 'tooLarge' | 'failed';
export interface DocumentStatusParams {
  uri: string;
  version: number;
  state: DocumentState;
  /** state checked: the findings of this version. */
  tally?: Tally;
  /** state checked: how to show the tally's kinds, in order. */
  kinds?: KindInfo[];
  /** The corpus the document is checked against (its folders, and how many sources). */
  corpus?: { paths: string[]; sources?: number };
}

/** Client → server: the loaded corpora, or the sources of one, with the support they give a draft. */
export const SOURCES_REQUEST = 'corroborate/sources';
export interface SourcesParams {
  /** The draft whose findings are counted (its latest check). */
  uri?: string;
  /** A corpus key (CorpusState.key): list its sources; absent: list the corpora. */
  corpus?: string;
}
export interface SourceItem {
  id: string;
  /** file: URI of the source. */
  uri: string;
  title: string;
  outlet?: string;
  date?: string;
  /** How many of the draft's findings this source supports (verified, or as the origin of a change). */
  supports: number;
  /** The first passage of the draft's findings in this source (LSP range), when it supports one. */
  passage?: { start: { line: number; character: number }; end: { line: number; character: number } };
}
export interface SourcesResult {
  corpora?: Array<CorpusState & { supports: number }>;
  sources?: SourceItem[];
}

/**
 * Client → server: where the archive database the draft's settings name (corroborate.corpus.database)
 * has a phrase, word for word (`corroborate archive find`).
 */
export const ARCHIVE_FIND_REQUEST = 'corroborate/findInArchive';
export interface ArchiveFindParams {
  /** The draft (its settings name the database). */
  uri: string;
  phrase: string;
}
export interface ArchiveFindHit {
  id: string;
  /** Where an editor opens the source (a file, or a corroborate-source: document). */
  uri: string;
  /** Outlet and date, or the title. */
  label: string;
  title: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  sentence: string;
}
export interface ArchiveFindResult {
  /** Why nothing was looked up (no database set, the database failed). */
  error?: string;
  hits: ArchiveFindHit[];
  /** False when more sources held the phrase's words than were searched. */
  complete: boolean;
}

/** Client → server: the review report of a draft as one self-contained HTML page (null: not checked). */
export const REPORT_REQUEST = 'corroborate/report';
export interface ReportParams {
  uri: string;
}
export interface ReportResult {
  html: string;
  /** The version of the document the report shows. */
  version: number;
}
