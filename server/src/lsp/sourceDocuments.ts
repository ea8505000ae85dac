// Sources that are not plain files (web pages, lines of archives) as read-only virtual documents:
// their URIs (`corroborate-source:`) for definitions, references and hover links, and the request
// that serves their text to the client's content provider (client/src/sourceDocuments.ts).
import { pathToFileURL } from 'url';
import type { Connection } from 'vscode-languageserver/node';
import type { SourceInfo } from '../core/index';
import { isPlainSourceFile } from '../node/corpusFiles';
import { SOURCE_DOCUMENT_REQUEST, SOURCE_SCHEME, type SourceDocumentParams, type SourceDocumentResult } from '../shared/protocol';

/**
 * Where an editor opens a source: its file when the source's text is the file's, else a virtual
 * document whose path is the source's id (every character that could end a path encoded).
 */
export function sourceUri(id: string): string {
  if (isPlainSourceFile(id)) return pathToFileURL(id).toString();
  const path = id.split('/').map(encodeURIComponent).join('/');
  return `${SOURCE_SCHEME}:${path.startsWith('/') ? path : `/${path}`}`;
}

/** The source id a `corroborate-source:` URI names (query and fragment ignored), or undefined. */
export function sourceIdOf(uri: string): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith(`${SOURCE_SCHEME}:`)) return undefined;
  const rest = uri.slice(SOURCE_SCHEME.length + 1).replace(/^\/\/[^/]*/, '').replace(/[?#].*$/, '');
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}

/** Serves the text of virtual source documents from whichever loaded corpus holds the source. */
export function registerSourceDocuments(connection: Connection, find: (id: string) => Promise<SourceInfo | undefined>): void {
  connection.onRequest(SOURCE_DOCUMENT_REQUEST, async (params: SourceDocumentParams): Promise<SourceDocumentResult> => {
    const id = sourceIdOf(params?.uri);
    if (id === undefined) return null;
    const source = await find(id);
    return source ? { text: source.text } : null;
  });
}
