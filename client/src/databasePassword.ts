// The archive database's password (issue 16), kept in VS Code's secret storage, never in
// settings: `corroborate.corpus.database` is a URL without one. The language server gets it as
// PGPASSWORD in its environment (what the PostgreSQL client reads), so it never travels in an LSP
// message (which a protocol trace would show); setting or removing it restarts the server.
// Without a stored password the server's PostgreSQL client reads PGPASSWORD and ~/.pgpass as usual.
import { window, workspace, type ExtensionContext } from 'vscode';
import { SETTINGS_SECTION } from '../../server/src/shared/protocol';

/** The database URL named by the settings ('' when none). */
export function databaseUrl(): string {
  return (workspace.getConfiguration(SETTINGS_SECTION).get<string>('corpus.database') ?? '').trim();
}

/** The secret's key: one password per database URL. */
const keyOf = (url: string) => `corroborate.corpus.database.password:${url}`;

/** The stored password of the configured database, if any. */
export async function storedPassword(context: ExtensionContext): Promise<string | undefined> {
  const url = databaseUrl();
  return url ? context.secrets.get(keyOf(url)) : undefined;
}

/**
 * Asks for the configured database's password and stores it (an empty answer removes it);
 * `given` (from another extension or a test) stores that without asking. True when it changed.
 */
export async function setDatabasePassword(context: ExtensionContext, given?: string): Promise<boolean> {
  const url = databaseUrl();
  if (!url) {
    void window.showInformationMessage('Corroborate: no archive database is set (corroborate.corpus.database): set its URL first, without the password.');
    return false;
  }
  const password =
    typeof given === 'string'
      ? given
      : await window.showInputBox({
          title: 'Corroborate: archive database password',
          prompt: `The password for ${url}, kept in VS Code's secret storage. Leave it empty to remove the stored one.`,
          password: true,
          ignoreFocusOut: true,
        });
  if (password === undefined) return false;
  if (password === '') await context.secrets.delete(keyOf(url));
  else await context.secrets.store(keyOf(url), password);
  void window.showInformationMessage(password === '' ? 'Corroborate: the stored database password was removed; restarting the checker.' : 'Corroborate: the database password is stored; restarting the checker.');
  return true;
}
