// The client's commands: the summary behind the status bar item, adding a corpus folder, the
// example draft and the walkthrough.
import * as fs from 'fs';
import {
  commands,
  ConfigurationTarget,
  languages,
  QuickPickItemKind,
  Selection,
  window,
  workspace,
  type ExtensionContext,
  type QuickPickItem,
} from 'vscode';
import { COMMAND_REINDEX, COMMANDS, SETTINGS_SECTION, SOURCES_VIEW_ID, WALKTHROUGH_ID } from '../../server/src/shared/protocol';
import { isDraft, kindsOf, problemsOf, tallyLine, type StatusBar } from './statusBar';

/** Adds folders to `corroborate.corpus.paths` (workspace settings when a folder is open and trusted). */
export async function addCorpusFolder(): Promise<void> {
  const picked = await window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: true, openLabel: 'Add to corpus', title: 'Corroborate: choose a folder of source articles' });
  if (!picked?.length) return;
  const config = workspace.getConfiguration(SETTINGS_SECTION);
  const target = workspace.workspaceFolders?.length && workspace.isTrusted ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
  const inspected = config.inspect<string[]>('corpus.paths');
  const current = (target === ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  const added = picked.map((u) => u.fsPath).filter((p) => !current.includes(p));
  if (!added.length) {
    void window.showInformationMessage('Corroborate: that folder is in the corpus already.');
    return;
  }
  await config.update('corpus.paths', [...current, ...added], target);
  void window.showInformationMessage(`Corroborate: added ${added.join(', ')} to the corpus (${target === ConfigurationTarget.Workspace ? 'workspace' : 'user'} settings). Indexing starts when a draft is checked.`);
}

/** Opens the example draft as a new, unsaved Markdown document (the installed copy stays untouched). */
export async function openExample(context: ExtensionContext): Promise<void> {
  const file = context.asAbsolutePath('examples/iran-coalition-draft.md');
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch {
    void window.showErrorMessage('Corroborate: the example draft is missing from the installed extension.');
    return;
  }
  const doc = await workspace.openTextDocument({ language: 'markdown', content });
  await window.showTextDocument(doc);
}

export function openWalkthrough(context: ExtensionContext): Thenable<unknown> {
  return commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
}

/** Untrusted text (messages name sources; details quote the draft) without icon syntax: `$(x)` stays text. */
function noIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

interface Action extends QuickPickItem {
  run?: () => unknown;
}

/** The summary behind the status bar item: the tally, the problems (each jumps to its place), actions. */
export async function showSummary(status: StatusBar): Promise<void> {
  const editor = window.activeTextEditor;
  const doc = editor?.document;
  const items: Action[] = [];
  if (isDraft(doc)) {
    const st = status.lastChecked(doc);
    items.push({ label: 'This draft', kind: QuickPickItemKind.Separator });
    if (!st?.tally) items.push({ label: '$(circle-outline) Not checked yet', detail: status.serverStatus.indexing.length ? 'The sources are being indexed.' : undefined });
    else {
      const t = st.tally;
      for (const k of kindsOf(st)) items.push({ label: `$(${k.icon}) ${k.heading}: ${tallyLine(t[k.kind] ?? {}, k.names)}` });
      if (st.corpus) items.push({ label: `$(library) Corpus: ${noIcons(st.corpus.paths.map((p) => status.folderName(p)).join(', '))}`, description: st.corpus.sources !== undefined ? `${st.corpus.sources.toLocaleString('en')} sources` : undefined });
      const diags = languages.getDiagnostics(doc.uri).filter((d) => d.source === 'corroborate');
      if (problemsOf(t) && diags.length) {
        items.push({ label: 'Problems', kind: QuickPickItemKind.Separator });
        for (const d of diags) {
          items.push({
            label: `$(warning) ${noIcons(d.message)}`,
            description: `line ${d.range.start.line + 1}`,
            detail: noIcons(doc.getText(d.range).replace(/\s+/g, ' ').slice(0, 120)),
            run: () => window.showTextDocument(doc).then((e) => {
              e.selection = new Selection(d.range.start, d.range.end);
              e.revealRange(d.range);
            }),
          });
        }
      }
    }
  }
  items.push({ label: 'Actions', kind: QuickPickItemKind.Separator });
  items.push({ label: '$(preview) Open review report', run: () => commands.executeCommand(COMMANDS.openReport) });
  items.push({ label: '$(library) Show sources', run: () => commands.executeCommand(`${SOURCES_VIEW_ID}.focus`) });
  items.push({ label: '$(new-folder) Add corpus folder…', run: () => commands.executeCommand(COMMANDS.addCorpusFolder) });
  items.push({ label: '$(refresh) Reindex sources', run: () => commands.executeCommand(COMMAND_REINDEX) });
  items.push({ label: '$(book) Get started with Corroborate', run: () => commands.executeCommand(COMMANDS.gettingStarted) });
  const picked = await window.showQuickPick(items, { title: 'Corroborate', placeHolder: 'Summary of the active draft', matchOnDescription: true });
  await picked?.run?.();
}
