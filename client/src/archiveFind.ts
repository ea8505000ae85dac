// "Corroborate: Find in the archive": where the archive database (corroborate.corpus.database) has
// the selected words (or words asked for), word for word, as `corroborate archive find` prints
// them; a pick opens the source at the place. The language server looks them up
// (ARCHIVE_FIND_REQUEST): the client only asks and shows.
import { ProgressLocation, Range, Uri, window, type QuickPickItem } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ARCHIVE_FIND_REQUEST, type ArchiveFindHit, type ArchiveFindParams, type ArchiveFindResult } from '../../server/src/shared/protocol';

export async function findInArchive(client: LanguageClient, given?: string): Promise<void> {
  const editor = window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const phrase =
    typeof given === 'string'
      ? given
      : selected ||
        (await window.showInputBox({ title: 'Corroborate: find in the archive', prompt: 'Words to find in the archive, word for word (… or [ ] for words left out)', ignoreFocusOut: true }));
  if (!phrase?.trim()) return;
  const params: ArchiveFindParams = { uri: editor?.document.uri.toString() ?? '', phrase };
  const shown = phrase.length > 60 ? `${phrase.slice(0, 57)}…` : phrase;
  // A slow or distant database: say what is going on, and let the reporter give up waiting.
  const result = await window.withProgress(
    { location: ProgressLocation.Notification, title: `Corroborate: searching the archive for “${shown}”…`, cancellable: true },
    (_progress, token) =>
      client.sendRequest<ArchiveFindResult>(ARCHIVE_FIND_REQUEST, params, token).catch((e: Error) => {
        if (!token.isCancellationRequested) void window.showWarningMessage(`Corroborate: cannot search the archive: ${e.message}`);
        return undefined;
      }),
  );
  if (!result) return;
  if (result.error) {
    void window.showWarningMessage(`Corroborate: cannot search the archive: ${result.error}`);
    return;
  }
  if (!result.hits.length) {
    void window.showInformationMessage(`Corroborate: “${shown}” is in no source of the archive${result.complete ? '' : ' (its words are common: only some of the sources holding them were searched)'}.`);
    return;
  }
  const items: (QuickPickItem & { hit: ArchiveFindHit })[] = result.hits.map((hit) => ({
    label: hit.label,
    description: hit.title === hit.label ? hit.id : `${hit.title} · ${hit.id}`,
    detail: hit.sentence,
    hit,
  }));
  const picked = await window.showQuickPick(items, {
    title: `Corroborate: “${shown}” in ${result.hits.length} ${result.hits.length === 1 ? 'place' : 'places'} of the archive${result.complete ? '' : ' (not every source holding its words was searched)'}`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  const r = picked.hit.range;
  await window.showTextDocument(Uri.parse(picked.hit.uri), { selection: new Range(r.start.line, r.start.character, r.end.line, r.end.character), preview: true });
}
