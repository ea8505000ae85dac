// Code actions on a checked document: each finding's fixes (the best one preferred), and
// "Accept: <reason>" entries for the accepted-findings file.
import { fileURLToPath } from 'url';
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Checker, Finding } from '../core/index';
import type { LineIndex } from '../positions';
import { acceptEdit, reasonsFor } from './accept';

/** What was last computed for a document: the findings of one exact version. */
export interface Checked {
  version: number;
  checker: Checker;
  lines: LineIndex;
  findings: Finding[];
  /** Aligned with findings: suppressed by a comment or an accepted entry (not shown). */
  suppressed?: boolean[];
  /** The corpus (CorpusManager key) and its folders. */
  corpusKey: string;
  corpusPaths: string[];
}

/** The actions for `params.range` of `doc`, whose findings `checked` are (of this very version). */
export function codeActions(doc: TextDocument, checked: Checked, params: CodeActionParams, target: Parameters<typeof acceptEdit>[0] | undefined, createFilesSupported: boolean): CodeAction[] {
  const start = doc.offsetAt(params.range.start);
  const end = doc.offsetAt(params.range.end);
  const actions: CodeAction[] = [];
  // Innermost finding first (the one under the cursor), each finding's best fix first and marked
  // preferred (what "Auto Fix" applies), never more than one preferred fix per diagnostic.
  // Suppressed findings (a comment, an accepted entry) offer none.
  const candidates = checked.findings
    .filter((f, i) => f.fixes.length > 0 && !(f.end < start || f.start > end) && !checked.suppressed?.[i])
    .sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  for (const f of candidates) {
    const diagnostic = params.context.diagnostics.find((d) => d.code === `${f.kind}-${f.status}` && doc.offsetAt(d.range.start) === f.start);
    f.fixes.forEach((fix, i) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: i === 0,
        diagnostics: diagnostic ? [diagnostic] : undefined,
        edit: {
          documentChanges: [
            {
              textDocument: { uri: doc.uri, version: checked.version },
              edits: fix.edits.map((e) => ({ range: checked.lines.range(e.start, e.end), newText: e.newText })),
            },
          ],
        },
      });
    });
  }
  // "Accept: <reason>" on each finding shown here: an entry in the accepted-findings file.
  if (target) {
    checked.findings.forEach((f, i) => {
      if (f.status === 'verified' || f.severity === 'none' || checked.suppressed?.[i] || f.end < start || f.start > end) return;
      const diagnostic = params.context.diagnostics.find((d) => d.code === `${f.kind}-${f.status}` && doc.offsetAt(d.range.start) === f.start);
      for (const reason of reasonsFor(f)) {
        const edit = acceptEdit(target, fileURLToPath(doc.uri), f, reason, createFilesSupported);
        if (!edit) break;
        actions.push({ title: `Accept: ${reason}`, kind: CodeActionKind.QuickFix, diagnostics: diagnostic ? [diagnostic] : undefined, edit });
      }
    });
  }
  return actions;
}
