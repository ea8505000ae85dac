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
