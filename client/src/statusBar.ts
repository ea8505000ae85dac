// The status bar item: what Corroborate is doing for the active document. Indexing n of N
// sources, checking, not checked yet, or the draft's tally. Never a clean state for a version
// that has not been checked. Its tooltip names the corpus; a click opens the summary.
import * as path from 'path';
import { MarkdownString, StatusBarAlignment, window, workspace, type Disposable, type StatusBarItem, type TextDocument } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  COMMANDS,
  DOCUMENT_STATUS_NOTIFICATION,
  LANGUAGE_IDS,
  STATUS_NOTIFICATION,
  type DocumentStatusParams,
  type StatusParams,
  type KindInfo,
  type Tally,
} from '../../server/src/shared/protocol';

const n = (x: number) => x.toLocaleString('en');

/** Every finding but the verified ones. */
export function problemsOf(t: Tally): number {
  let n = 0;
  for (const counts of Object.values(t)) for (const [status, v] of Object.entries(counts)) if (status !== 'verified') n += v;
  return n;
}

/** The tally's kinds as the server describes them (registry order), else as the tally lists them. */
export function kindsOf(st: Pick<DocumentStatusParams, 'tally' | 'kinds'>): KindInfo[] {
  return st.kinds ?? Object.keys(st.tally ?? {}).map((kind) => ({ kind, heading: kind, icon: 'circle-outline', names: {} }));
}

/** "9 verified, 1 altered, 3 unsupported" (zero counts left out). */
export function tallyLine(counts: Record<string, number>, names: Record<string, string> = {}): string {
  const parts = Object.entries(counts)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${n(v)} ${names[k] ?? k}`);
  return parts.join(', ') || 'none';
}


export function isDraft(doc: TextDocument | undefined): doc is TextDocument {
  return !!doc && ((LANGUAGE_IDS as readonly string[]).includes(doc.languageId) || /\.(md|markdown|txt)$/i.test(doc.fileName)) && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

export class StatusBar implements Disposable {
  readonly item: StatusBarItem;
  private server: StatusParams = { indexing: [], corpora: [] };
  private readonly docs = new Map<string, DocumentStatusParams>();
  private readonly subscriptions: Disposable[] = [];
  private readonly listeners: Array<() => void> = [];

  constructor(client: LanguageClient, private readonly bundledCorpus: string) {
    this.item = window.createStatusBarItem('corroborate.status', StatusBarAlignment.Right, 100);
    this.item.name = 'Corroborate';
    this.item.command = COMMANDS.showSummary;
    this.subscriptions.push(
      client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
        this.server = p;
        this.update();
      }),
      client.onNotification(DOCUMENT_STATUS_NOTIFICATION, (p: DocumentStatusParams) => {
        const prev = this.docs.get(p.uri);
        // Messages arrive in order; a state of an older version never replaces a newer one.
        if (prev && prev.version > p.version) return;
        this.docs.set(p.uri, p);
        if (p.state === 'checked') this.checkedOf.set(p.uri, p);
        this.update();
        this.listeners.forEach((l) => l());
      }),
      window.onDidChangeActiveTextEditor(() => this.update()),
      workspace.onDidChangeTextDocument((e) => {
        if (e.document === window.activeTextEditor?.document) this.update();
      }),
      workspace.onDidCloseTextDocument((d) => {
        this.docs.delete(d.uri.toString());
        this.checkedOf.delete(d.uri.toString());
      }),
    );
    this.update();
  }

  /** Called after each document state change (the Sources view refreshes its counts). */
  onDocumentStatus(listener: () => void): void {
    this.listeners.push(listener);
  }

  statusOf(doc: TextDocument): DocumentStatusParams | undefined {
    return this.docs.get(doc.uri.toString());
  }

  get serverStatus(): StatusParams {
    return this.server;
  }

  /** A corpus folder as the user knows it: the bundled corpus by that name. */
  folderName(p: string): string {
    return p === this.bundledCorpus ? 'the bundled corpus' : p;
  }

  private corpusText(paths: readonly string[] | undefined, sources?: number): string {
    const names = (paths ?? []).map((p) => this.folderName(p));
    const what = names.length ? names.join(', ') : 'no corpus';
    return sources === undefined ? what : `${what} (${n(sources)} ${sources === 1 ? 'source' : 'sources'})`;
  }

  update(): void {
    const doc = window.activeTextEditor?.document;
    const indexing = this.server.indexing;
    const tip = new MarkdownString(undefined, true);
    tip.isTrusted = false;
    tip.supportHtml = false;
    const done = indexing.reduce((a, i) => a + i.done, 0);
    const total = indexing.reduce((a, i) => a + i.total, 0);
    const indexingText = total > 0 ? `indexing ${n(done)} of ${n(total)} sources` : 'indexing sources…';
    if (!isDraft(doc)) {
      if (!indexing.length) {
        this.item.hide();
        return;
      }
      this.item.text = `$(sync~spin) Corroborate: ${indexingText}`;
      tip.appendText(`Indexing ${indexing.map((i) => this.corpusText(i.paths)).join('; ')}`);
      this.item.tooltip = tip;
      this.item.show();
      return;
    }
    const st = this.statusOf(doc);
    const name = doc.uri.scheme === 'file' ? path.basename(doc.fileName) : doc.uri.path;
    tip.appendMarkdown('**Corroborate**\n\n');
    if (!st || st.state === 'indexing' || (st.state === 'checking' && !this.lastChecked(doc))) {
      const busy = indexing.length > 0 || st?.state === 'indexing';
      this.item.text = busy ? `$(sync~spin) Corroborate: not checked yet, ${indexingText}` : st?.state === 'checking' ? '$(sync~spin) Corroborate: checking…' : '$(circle-outline) Corroborate: not checked yet';
      tip.appendText(`${name} has not been checked yet.`);
      if (busy) tip.appendText(` Indexing ${indexing.map((i) => this.corpusText(i.paths)).join('; ') || 'the sources'}: ${indexingText}.`);
      if (st?.corpus) tip.appendMarkdown('\n\n').appendText(`Corpus: ${this.corpusText(st.corpus.paths, st.corpus.sources)}`);
    } else if (st.state === 'tooLarge') {
      this.item.text = '$(circle-slash) Corroborate: too large to check as you type';
      tip.appendText(`${name} is too large to check as you type. Check it with the CLI: corroborate check FILE`);
    } else if (st.state === 'failed') {
      this.item.text = '$(error) Corroborate: check failed';
      tip.appendText('Checking this document failed: see the Corroborate output for why.');
    } else {
      const checked = this.lastChecked(doc)!;
      const t = checked.tally!;
      const problems = problemsOf(t);
      const stale = checked.version !== doc.version;
      const quoteCounts = t.quote ?? {};
      const quotes = Object.values(quoteCounts).reduce((a, b) => a + b, 0);
      const icon = stale ? '$(sync~spin)' : problems ? '$(warning)' : '$(pass)';
      const head = quotes ? `${n(quoteCounts.verified ?? 0)}/${n(quotes)} quotations verified` : 'no quotations';
      this.item.text = `${icon} Corroborate: ${head}${problems ? `, ${n(problems)} to check` : ''}`;
      tip.appendText(stale ? `${name}: results of an earlier version (checking the latest).` : `${name}: checked.`);
      tip.appendMarkdown('\n\n');
      kindsOf(checked).forEach((k, i) => {
        if (i) tip.appendMarkdown('  \n');
        tip.appendText(`${k.heading}: ${tallyLine(t[k.kind] ?? {}, k.names)}`);
      });
      tip.appendMarkdown('\n\n');
      tip.appendText(`Corpus: ${this.corpusText(checked.corpus?.paths, checked.corpus?.sources)}`);
      if (indexing.length) tip.appendMarkdown('\n\n').appendText(`Indexing: ${indexingText}`);
    }
    tip.appendMarkdown('\n\n');
    tip.appendText('Click for the summary.');
    this.item.tooltip = tip;
    this.item.show();
  }

  /** The last checked state of the document (of this or an earlier version). */
  private readonly checkedOf = new Map<string, DocumentStatusParams>();
  lastChecked(doc: TextDocument): DocumentStatusParams | undefined {
    return this.checkedOf.get(doc.uri.toString());
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.item.dispose();
  }
}
