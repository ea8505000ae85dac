// The Sources view: the loaded corpora and their sources (outlet, date, title), each with how many
// of the active draft's findings it supports; a click opens the source at the passage. Labels and
// tooltips are plain strings (a tree item renders them as text, never as Markdown or HTML).
import * as path from 'path';
import {
  EventEmitter,
  Range,
  ThemeIcon,
  TreeItem,
  TreeItemCollapsibleState,
  Uri,
  window,
  type Disposable,
  type Event,
  type TreeDataProvider,
  type TreeView,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SOURCES_REQUEST, SOURCES_VIEW_ID, type CorpusState, type SourceItem, type SourcesResult } from '../../server/src/shared/protocol';
import { isDraft, type StatusBar } from './statusBar';

type Node = { kind: 'corpus'; corpus: CorpusState & { supports: number } } | { kind: 'source'; source: SourceItem };

const n = (x: number) => x.toLocaleString('en');

/** Control characters and line breaks out of a label (a source title is untrusted text). */
export function plain(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const t = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

export class SourcesView implements TreeDataProvider<Node>, Disposable {
  private readonly changed = new EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData: Event<Node | undefined> = this.changed.event;
  readonly view: TreeView<Node>;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: Disposable[] = [];

  constructor(private readonly client: LanguageClient, status: StatusBar, private readonly bundledCorpus: string) {
    this.view = window.createTreeView(SOURCES_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    status.onDocumentStatus(() => this.refreshSoon());
    this.subscriptions.push(
      this.view,
      window.onDidChangeActiveTextEditor(() => this.refreshSoon()),
      client.onNotification('corroborate/status', () => this.refreshSoon()),
    );
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Coalesces bursts (a check per keystroke) into one refresh. */
  private refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.view.visible) this.refresh();
    }, 250);
  }

  /** The draft whose support is shown: the active one, else the last active (a report or a source may be in front). */
  private lastDraft: string | undefined;
  private draftUri(): string | undefined {
    const doc = window.activeTextEditor?.document;
    if (isDraft(doc) && !this.isSource(doc.uri.fsPath)) this.lastDraft = doc.uri.toString();
    return this.lastDraft;
  }

  /** Files of a loaded corpus are sources, not drafts (opening one from the view keeps the draft's counts). */
  private readonly sourceFiles = new Set<string>();
  private isSource(file: string): boolean {
    return this.sourceFiles.has(file);
  }

  corpusLabel(paths: readonly string[]): string {
    const names = paths.map((p) => (p === this.bundledCorpus ? 'Bundled corpus' : path.basename(p) || p));
    return names.join(' + ') || 'No folders';
  }

  getTreeItem(node: Node): TreeItem {
    if (node.kind === 'corpus') {
      const c = node.corpus;
      const item = new TreeItem(plain(this.corpusLabel(c.paths)), TreeItemCollapsibleState.Collapsed);
      item.id = `corpus:${c.key}`;
      item.iconPath = new ThemeIcon('library');
      item.description = c.sources === undefined ? 'indexing…' : `${n(c.sources)} sources${c.supports ? ` · supports ${n(c.supports)}` : ''}`;
      item.tooltip = [...c.paths.map((p) => (p === this.bundledCorpus ? `${p} (bundled with Corroborate)` : p)), c.sources === undefined ? 'Indexing…' : `${n(c.sources)} sources`].join('\n');
      item.contextValue = 'corpus';
      return item;
    }
    const s = node.source;
    const label = plain(s.outlet ?? s.title);
    const item = new TreeItem(label, TreeItemCollapsibleState.None);
    item.id = `source:${s.id}`;
    const bits = [s.supports ? `supports ${n(s.supports)}` : '', s.date ?? '', s.outlet ? plain(s.title) : ''].filter((x) => x);
    item.description = bits.join(' · ');
    item.iconPath = new ThemeIcon(s.supports ? 'pass' : 'file');
    item.tooltip = [plain(s.title, 500), s.outlet ? `Outlet: ${plain(s.outlet)}` : '', s.date ? `Date: ${s.date}` : '', s.id, s.supports ? `Supports ${n(s.supports)} of this draft’s findings` : 'Supports none of this draft’s findings'].filter((x) => x).join('\n');
    item.resourceUri = Uri.parse(s.uri);
    item.contextValue = 'source';
    const selection = s.passage ? new Range(s.passage.start.line, s.passage.start.character, s.passage.end.line, s.passage.end.character) : undefined;
    item.command = { command: 'vscode.open', title: 'Open source', arguments: [Uri.parse(s.uri), { selection, preview: true }] };
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    try {
      if (!node) {
        const r = (await this.client.sendRequest(SOURCES_REQUEST, { uri: this.draftUri() })) as SourcesResult;
        const corpora = r.corpora ?? [];
        this.view.message = corpora.length ? undefined : 'No corpus loaded yet: open a Markdown or text draft, or add a corpus folder.';
        return corpora.map((corpus) => ({ kind: 'corpus', corpus }));
      }
      if (node.kind === 'corpus') {
        const r = (await this.client.sendRequest(SOURCES_REQUEST, { uri: this.draftUri(), corpus: node.corpus.key })) as SourcesResult;
        for (const s of r.sources ?? []) this.sourceFiles.add(s.id);
        return (r.sources ?? []).map((source) => ({ kind: 'source', source }));
      }
    } catch {
      // The server is starting or stopping: nothing to list yet.
    }
    return [];
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
