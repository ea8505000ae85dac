// "Corroborate: Open review report": the server renders the active draft's review report (one
// self-contained HTML page, the same as `corroborate report`); it is shown in a webview with
// scripts disabled and the page's own strict Content-Security-Policy (nothing loads, nothing
// runs). "Save review report…" writes the same page to a file.
import * as path from 'path';
import { ProgressLocation, Uri, ViewColumn, window, workspace, type Disposable, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { REPORT_REQUEST, type ReportResult } from '../../server/src/shared/protocol';
import { isDraft } from './statusBar';

export const REPORT_VIEW_TYPE = 'corroborate.report';

export class ReportView implements Disposable {
  private panel: WebviewPanel | undefined;
  private last: { html: string; uri: Uri } | undefined;

  constructor(private readonly client: LanguageClient) {}

  async open(): Promise<void> {
    const doc = window.activeTextEditor?.document ?? (this.last ? workspace.textDocuments.find((d) => d.uri.toString() === this.last!.uri.toString()) : undefined);
    if (!isDraft(doc)) {
      void window.showInformationMessage('Corroborate: open a Markdown or text draft first, then run “Open review report”.');
      return;
    }
    // A draft opened a moment ago is reported once its first check ends (the server waits for it).
    const r = await window.withProgress({ location: ProgressLocation.Window, title: 'Corroborate: review report' }, async () =>
      (await this.client.sendRequest(REPORT_REQUEST, { uri: doc.uri.toString() })) as ReportResult | null,
    );
    if (!r) {
      void window.showInformationMessage('Corroborate: this draft could not be checked, so it has no report (see the Corroborate output).');
      return;
    }
    const name = doc.uri.scheme === 'file' ? path.basename(doc.fileName) : doc.uri.path;
    this.last = { html: r.html, uri: doc.uri };
    if (!this.panel) {
      this.panel = window.createWebviewPanel(REPORT_VIEW_TYPE, `Review: ${name}`, { viewColumn: ViewColumn.Beside, preserveFocus: false }, {
        enableScripts: false,
        enableCommandUris: false,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = `Review: ${name}`;
    this.panel.webview.html = r.html;
    this.panel.reveal(undefined, false);
  }

  async save(): Promise<void> {
    if (!this.last) await this.open();
    if (!this.last) return;
    const base = this.last.uri.scheme === 'file' ? this.last.uri.fsPath.replace(/\.[^./]+$/, '') : 'draft';
    const target = await window.showSaveDialog({ defaultUri: Uri.file(`${base}.report.html`), filters: { 'HTML page': ['html'] }, saveLabel: 'Save report' });
    if (!target) return;
    await workspace.fs.writeFile(target, Buffer.from(this.last.html, 'utf8'));
    void window.showInformationMessage(`Corroborate: review report saved to ${target.fsPath}`);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
