// Sources that are not plain files on disk (the article text of a web page, a line of a JSON Lines
// archive) open as read-only virtual documents (`corroborate-source:`), their text served by the
// language server: go to definition, references and the hover's "Open source" land on the passage.
import { languages, workspace, type CancellationToken, type ExtensionContext, type TextDocumentContentProvider, type Uri } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SOURCE_DOCUMENT_REQUEST, SOURCE_SCHEME, type SourceDocumentParams, type SourceDocumentResult } from '../../server/src/shared/protocol';

export function registerSourceDocuments(context: ExtensionContext, client: LanguageClient): void {
  const provider: TextDocumentContentProvider = {
    async provideTextDocumentContent(uri: Uri, token: CancellationToken): Promise<string> {
      const params: SourceDocumentParams = { uri: uri.toString() };
      const result = await client.sendRequest<SourceDocumentResult>(SOURCE_DOCUMENT_REQUEST, params, token);
      return result ? result.text : `Corroborate: no loaded corpus has this source any more (${uri.path}).`;
    },
  };
  context.subscriptions.push(
    workspace.registerTextDocumentContentProvider(SOURCE_SCHEME, provider),
    // The text is plain text whatever the source's file name says (a page named .html).
    workspace.onDidOpenTextDocument((doc) => {
      if (doc.uri.scheme === SOURCE_SCHEME && doc.languageId !== 'plaintext') void languages.setTextDocumentLanguage(doc, 'plaintext');
    }),
  );
}
