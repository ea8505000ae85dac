// The editor's own requests beyond LSP: the Sources view's lists (corroborate/sources) and the
// review report of a draft (corroborate/report).
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { sourceLanguage, type CheckConfig, type Checker } from '../core/index';
import type { SourceLines } from '../report';
import { renderReport } from '../reviewReport';
import type { ReportParams, ReportResult, SourcesParams, SourcesResult } from '../shared/protocol';
import type { Checked } from './codeActions';
import type { CorpusManager } from './corpusManager';
import { sourceItems, supportOf } from './editor';

/** What the requests read of the server's state. */
export interface EditorState {
  documents: TextDocuments<TextDocument>;
  results: ReadonlyMap<string, Checked>;
  /** A document's result, once its check (running or scheduled) ends. */
  whenChecked(uri: string): Promise<Checked | undefined>;
  corpora: CorpusManager;
  sourceLines(checker: Checker): SourceLines;
  configOf(uri: string): Promise<CheckConfig>;
  bundled(): string;
}

export function sourcesResult(d: EditorState, params: SourcesParams): SourcesResult {
  const checked = params.uri ? d.results.get(params.uri) : undefined;
  const support = supportOf(checked?.findings ?? []);
  if (params.corpus === undefined) {
    return {
      corpora: d.corpora.list().map((c) => {
        const ids = new Set(d.corpora.sourcesOf(c.key)?.map((s) => s.id) ?? []);
        let supports = 0;
        for (const [id, s] of support) if (ids.has(id)) supports += s.count;
        return { ...c, supports };
      }),
    };
  }
  const list = d.corpora.sourcesOf(params.corpus) ?? [];
  return { sources: sourceItems(list, support, checked ? d.sourceLines(checked.checker) : undefined) };
}

/** The review report of an open draft; one opened a moment ago is reported once its first check ends. */
export async function reportResult(d: EditorState, params: ReportParams): Promise<ReportResult | null> {
  const checked = d.results.get(params.uri) ?? (await d.whenChecked(params.uri));
  const doc = d.documents.get(params.uri);
  if (!doc || !checked) return null;
  let findings = checked.findings;
  const text = doc.getText();
  if (checked.version !== doc.version) {
    const config = await d.configOf(doc.uri);
    findings = checked.checker.check({ text, languageId: doc.languageId === 'markdown' ? 'markdown' : sourceLanguage(doc.uri) }, config).findings;
  }
  let name = doc.uri;
  try {
    if (doc.uri.startsWith('file:')) name = path.basename(fileURLToPath(doc.uri));
  } catch {
    // keep the URI
  }
  const html = renderReport({ name, text, findings, checker: checked.checker, corpusPaths: checked.corpusPaths.map((p) => (p === d.bundled() ? 'bundled corpus' : p)), generated: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' });
  return { html, version: doc.version };
}
