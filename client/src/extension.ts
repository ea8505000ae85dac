// The VS Code extension: starts the bundled language server and hands it the bundled corpus.
// Everything else (checks, hovers, fixes, the reindex command) lives in the server.
import * as path from 'path';
import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_IDS, SETTINGS_SECTION, type InitOptions } from '../../server/src/shared/protocol';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitOptions = {
    bundledCorpus: context.asAbsolutePath('corpus'),
    storagePath: context.globalStorageUri.fsPath,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: SETTINGS_SECTION },
    initializationOptions,
  };
  client = new LanguageClient('corroborate', 'Corroborate', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
