// Findings as the JSON contract (`--format json`, version 1) and as compiler-style text lines.
// Shared by the CLI and the evaluation tool so both print exactly what a user would see.
import type { Checker, Finding } from './core/index';
import { LineIndex, type Range } from './positions';

export const JSON_VERSION = 1;

export interface JsonSource {
  id: string;
  title: string;
  outlet: string | null;
  date: string | null;
  path: string;
  range: Range;
  excerpt: string;
  wording: string;
  speaker?: string;
  value?: string;
  variant?: boolean;
  /** An unsupported quotation's closest passage: shown for information, not an origin. */
  closest?: boolean;
}

export interface JsonFinding {
  kind: string;
  status: string;
  severity: string;
  range: Range;
  text: string;
  message: string;
  sources: JsonSource[];
  suggestion?: string;
  value?: string;
  expected?: string;
  speaker?: string;
}

/** Line indexes of source texts, built once per source. */
export class SourceLines {
  private readonly cache = new Map<string, LineIndex>();
  constructor(private readonly checker: Checker) {}
  of(id: string): LineIndex | undefined {
    let li = this.cache.get(id);
    if (!li) {
      const s = this.checker.source(id);
      if (!s) return undefined;
      li = new LineIndex(s.text);
      this.cache.set(id, li);
    }
    return li;
  }
}

export function findingToJson(f: Finding, draftLines: LineIndex, checker: Checker, sourceLines: SourceLines): JsonFinding {
  const out: JsonFinding = {
    kind: f.kind,
    status: f.status,
    severity: f.severity,
    range: draftLines.range(f.start, f.end),
    text: f.text,
    message: f.message,
    sources: f.sources.map((m) => {
      const s = checker.source(m.sourceId);
      const li = sourceLines.of(m.sourceId);
      const text = s?.text ?? '';
      const js: JsonSource = {
        id: m.sourceId,
        title: s?.meta.title ?? m.sourceId,
        outlet: s?.meta.outlet ?? null,
        date: s?.meta.date ?? null,
        path: m.sourceId,
        range: li ? li.range(m.start, m.end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        excerpt: text.slice(m.contextStart, m.contextEnd).replace(/\s+/g, ' '),
        wording: m.wording,
      };
      if (m.variant) js.variant = true;
      if (m.closest) js.closest = true;
      if (m.speaker) js.speaker = m.speaker;
      if (m.value) js.value = m.value;
      return js;
    }),
  };
  if (f.suggestion !== undefined) out.suggestion = f.suggestion;
  if (f.value !== undefined) out.value = f.value;
  if (f.expected !== undefined) out.expected = f.expected;
  if (f.speaker !== undefined) out.speaker = f.speaker;
  return out;
}

/** A finding counts against the draft unless it is verified or its severity is 'none'. */
export function isProblem(f: Finding): boolean {
  return f.status !== 'verified' && f.severity !== 'none';
}

/** `path:line:col: severity: message` with one-based line and column, like a compiler. */
export function textLine(path: string, f: Finding, lines: LineIndex): string {
  const p = lines.position(f.start);
  const snippet = f.text.replace(/\s+/g, ' ');
  const shown = snippet.length > 60 ? snippet.slice(0, 57) + '...' : snippet;
  return `${path}:${p.line + 1}:${p.character + 1}: ${f.severity}: ${f.message} [${f.kind}: “${shown}”]`;
}
