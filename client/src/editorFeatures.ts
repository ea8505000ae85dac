// The editor experience around the language client (issue 14): status bar item, Sources view,
// review report, summary, corpus folder, example draft and walkthrough commands.
import { commands, type ExtensionContext } from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';
import { COMMANDS } from '../../server/src/shared/protocol';
import { addCorpusFolder, openExample, openWalkthrough, showSummary } from './commands';
import { ReportView } from './reportView';
import { SourcesView } from './sourcesView';
import { StatusBar } from './statusBar';

/** Context key set once a Corroborate hover was shown (the walkthrough's "hover a quotation" step). */
export const HOVER_SEEN_CONTEXT = 'corroborate.hoverSeen';

/** Client middleware: notes the first hover with content for the walkthrough. */
export function hoverMiddleware(): Middleware {
  let seen = false;
  return {
    provideHover: async (document, position, token, next) => {
      const hover = await next(document, position, token);
      if (hover && !seen) {
        seen = true;
        void commands.executeCommand('setContext', HOVER_SEEN_CONTEXT, true);
      }
      return hover;
    },
  };
}

export function registerEditorFeatures(context: ExtensionContext, client: LanguageClient): void {
  const bundled = context.asAbsolutePath('corpus');
  const status = new StatusBar(client, bundled);
  const sources = new SourcesView(client, status, bundled);
  const report = new ReportView(client);
  context.subscriptions.push(
    status,
    sources,
    report,
    commands.registerCommand(COMMANDS.showSummary, () => showSummary(status)),
    commands.registerCommand(COMMANDS.openReport, () => report.open()),
    commands.registerCommand(COMMANDS.saveReport, () => report.save()),
    commands.registerCommand(COMMANDS.addCorpusFolder, () => addCorpusFolder()),
    commands.registerCommand(COMMANDS.openExample, () => openExample(context)),
    commands.registerCommand(COMMANDS.gettingStarted, () => openWalkthrough(context)),
    commands.registerCommand(COMMANDS.refreshSources, () => sources.refresh()),
  );
}
