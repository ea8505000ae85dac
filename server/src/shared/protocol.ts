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
