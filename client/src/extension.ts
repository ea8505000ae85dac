// The VS Code extension: starts the bundled language server and hands it the bundled corpus.
// Everything else (checks, hovers, fixes, the reindex command) lives in the server.
import * as path from 'path';
import { commands, workspace, type ExtensionContext } from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { COMMANDS, LANGUAGE_IDS, SETTINGS_SECTION, type InitOptions } from '../../server/src/shared/protocol';
import { databaseUrl, setDatabasePassword, storedPassword } from './databasePassword';
import { findInArchive } from './archiveFind';
import { registerSourceDocuments } from './sourceDocuments';
import { hoverMiddleware, registerEditorFeatures } from './editorFeatures';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'serverLaunch.js'));
  // The server's environment, with the archive database's stored password (databasePassword.ts):
  // worked out again before every (re)start.
  const env: NodeJS.ProcessEnv = { ...process.env };
  const withPassword = async () => {
    const password = await storedPassword(context);
    if (password !== undefined) env.PGPASSWORD = password;
    else if (process.env.PGPASSWORD !== undefined) env.PGPASSWORD = process.env.PGPASSWORD;
    else delete env.PGPASSWORD;
  };
  await withPassword();
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { env } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitOptions = {
    bundledCorpus: context.asAbsolutePath('corpus'),
    storagePath: context.globalStorageUri.fsPath,
    // In Restricted Mode VS Code hands the server only the user-level values of the corpus
    // settings (package.json: capabilities.untrustedWorkspaces); the server says so in its log.
    restricted: !workspace.isTrusted,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: SETTINGS_SECTION },
    initializationOptions,
    middleware: hoverMiddleware(),
  };
  client = new LanguageClient('corroborate', 'Corroborate', serverOptions, clientOptions);
  // Before start: the first status messages (indexing) arrive while the client starts.
  registerEditorFeatures(context, client);
  await client.start();
  registerSourceDocuments(context, client);
  let shownFor = databaseUrl();
  const restart = async () => {
    await withPassword();
    await client?.restart();
  };
  context.subscriptions.push(
    commands.registerCommand(COMMANDS.findInArchive, (given?: string) => (client ? findInArchive(client, given) : undefined)),
    commands.registerCommand(COMMANDS.setDatabasePassword, async (given?: string) => {
      if (await setDatabasePassword(context, given)) await restart();
    }),
    // Another database named: its own stored password (or none) applies, so the server starts again.
    workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(`${SETTINGS_SECTION}.corpus.database`) || databaseUrl() === shownFor) return;
      shownFor = databaseUrl();
      const before = env.PGPASSWORD;
      await withPassword();
      if (env.PGPASSWORD !== before) await client?.restart();
    }),
  );
  // Once the workspace is trusted, its corpus settings apply: the server reads the settings again.
  context.subscriptions.push(
    workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null })),
  );
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
