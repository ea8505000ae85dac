// What the editor shows beyond diagnostics and hovers: diagnostics a user can act on (the source
// passage as related information, a page explaining the kind of finding), the tally of a draft
// for the status bar item, and the listing of the Sources view. Plain functions over the
// server's state, so main.ts only wires them to messages.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { CHECKS, shortDate, sourceLabel, type Checker, type Finding, type Severity } from '../core/index';
import type { LineIndex } from '../positions';
import type { SourceLines } from '../report';
import type { KindInfo, SourceItem, Tally } from '../shared/protocol';
import type { CheckModule } from '../core/checks/contract';

const SEVERITY: Record<Severity, DiagnosticSeverity | undefined> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
  none: undefined,
};

/** Related information per diagnostic: at most this many source passages. */
const MAX_RELATED = 6;

export interface DiagnosticOptions {
  /** The client shows relatedInformation (publishDiagnostics.relatedInformation). */
  related: boolean;
  /** The client opens codeDescription links (publishDiagnostics.codeDescriptionSupport). */
  codeDescription: boolean;
  /** Folder of the explanation pages (docs/findings, shipped with the extension). */
  docsDir?: string;
}

/** Explanation pages that exist, by diagnostic code (looked up once per folder). */
const pages = new Map<string, Map<string, string | undefined>>();
function pageFor(docsDir: string, code: string): string | undefined {
  let byCode = pages.get(docsDir);
  if (!byCode) pages.set(docsDir, (byCode = new Map()));
  if (!byCode.has(code)) {
    const file = path.join(docsDir, `${code}.md`);
    byCode.set(code, fs.existsSync(file) ? pathToFileURL(file).toString() : undefined);
  }
  return byCode.get(code);
}

function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

/** The LSP diagnostic of a finding, or undefined when it is not shown (verified, severity none). */
export function toDiagnostic(
  f: Finding,
  index: number,
  version: number,
  lines: LineIndex,
  checker: Checker,
  sourceLines: SourceLines,
  opts: DiagnosticOptions,
): Diagnostic | undefined {
  const severity = SEVERITY[f.severity];
  if (f.status === 'verified' || severity === undefined) return undefined;
  const code = `${f.kind}-${f.status}`;
  const d: Diagnostic = {
    range: lines.range(f.start, f.end),
    severity,
    source: 'corroborate',
    code,
    message: f.message,
    data: { version, index },
  };
  if (opts.codeDescription && opts.docsDir) {
    const href = pageFor(opts.docsDir, code);
    if (href) d.codeDescription = { href };
  }
  if (opts.related) {
    const related: DiagnosticRelatedInformation[] = [];
    const seen = new Set<string>();
    for (const m of f.sources) {
      if (related.length >= MAX_RELATED) break;
      const key = `${m.sourceId}:${m.start}:${m.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = checker.source(m.sourceId);
      const li = s && sourceLines.of(s.id);
      if (!s || !li) continue;
      let uri: string;
      try {
        uri = pathToFileURL(s.id).toString();
      } catch {
        continue;
      }
      const what = m.closest ? ' (closest passage, not the origin)' : m.variant ? ' (another version)' : m.speaker && f.kind === 'attribution' ? ` (speaker: ${m.speaker})` : '';
      // Plain text (the Problems panel shows it as it is): the source, what the passage is, the passage.
      // A source named only by its file name: the location shows that already.
      const named = s.meta.outlet !== undefined || s.meta.title !== path.basename(s.id).replace(/\.[^.]+$/, '');
      const label = named ? sourceLabel(s.meta) : shortDate(s.meta.date) ?? '';
      const message = `${label}${what}${label || what ? ': ' : ''}“${clip(s.text.slice(m.start, m.end), 160)}”`;
      related.push({ location: { uri, range: li.range(m.start, m.end) }, message });
    }
    if (related.length) d.relatedInformation = related;
  }
  return d;
}

/** Every kind and status at zero, in registry order. */
export function emptyTally(): Tally {
  return Object.fromEntries((CHECKS as readonly CheckModule[]).map((m) => [m.kind, Object.fromEntries(m.statuses.map((st) => [st, 0]))]));
}

/** How the client shows each kind (sent with a tally). */
export function kindInfos(): KindInfo[] {
  return (CHECKS as readonly CheckModule[]).map((m) => ({ kind: m.kind, heading: m.presentation.heading, icon: m.presentation.icon, names: { ...(m.presentation.statusNames as Record<string, string> | undefined) } }));
}

/** Counts of a draft's findings by kind and status; problems the settings hide are left out. */
export function tallyOf(findings: readonly Finding[]): Tally {
  const t = emptyTally();
  for (const f of findings) {
    if (f.status !== 'verified' && f.severity === 'none') continue;
    const byStatus = t[f.kind] as Record<string, number> | undefined;
    if (byStatus && f.status in byStatus) byStatus[f.status]++;
  }
  return t;
}

/** Per source id: how many findings it supports, and the first passage (offsets) of them. */
export function supportOf(findings: readonly Finding[]): Map<string, { count: number; start: number; end: number }> {
  const out = new Map<string, { count: number; start: number; end: number }>();
  for (const f of findings) {
    const ids = new Set<string>();
    for (const m of f.sources) {
      if (m.closest || ids.has(m.sourceId)) continue;
      ids.add(m.sourceId);
      const e = out.get(m.sourceId);
      if (e) e.count++;
      else out.set(m.sourceId, { count: 1, start: m.start, end: m.end });
    }
  }
  return out;
}

/** The Sources view's items of one corpus: supporting sources first, then by outlet/title. */
export function sourceItems(
  sources: ReadonlyArray<{ id: string; meta: { title: string; outlet?: string; date?: string } }>,
  support: Map<string, { count: number; start: number; end: number }>,
  sourceLines: SourceLines | undefined,
): SourceItem[] {
  const items: SourceItem[] = [];
  for (const s of sources) {
    let uri: string;
    try {
      uri = pathToFileURL(s.id).toString();
    } catch {
      continue;
    }
    const sup = support.get(s.id);
    const item: SourceItem = { id: s.id, uri, title: s.meta.title, supports: sup?.count ?? 0 };
    if (s.meta.outlet) item.outlet = s.meta.outlet;
    if (s.meta.date) item.date = s.meta.date;
    if (sup && sourceLines) {
      const li = sourceLines.of(s.id);
      if (li) item.passage = li.range(sup.start, sup.end);
    }
    items.push(item);
  }
  const name = (i: SourceItem) => (i.outlet ?? i.title).toLowerCase();
  items.sort((a, b) => b.supports - a.supports || name(a).localeCompare(name(b)) || (b.date ?? '').localeCompare(a.date ?? '') || a.id.localeCompare(b.id));
  return items;
}
