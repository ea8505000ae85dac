// Saying "this is right": inline suppression comments in a draft and entries of an accepted-findings
// file. Pure: the adapters read the files and hand over texts and parsed entries; the CLI and the
// language server call `applySuppressions` alike, so they hide exactly the same findings.
//
// Directives (Markdown: real HTML comments, not in code; plain text: the same comment text anywhere):
//   <!-- corroborate-disable [KIND...] [-- reason] -->        until corroborate-enable (or the end)
//   <!-- corroborate-enable [KIND...] -->
//   <!-- corroborate-disable-next-line [KIND...] [-- reason] -->
//   <!-- corroborate-disable-line [KIND...] [-- reason] -->     the line the comment is on
//   <!-- corroborate-disable-file [KIND...] [-- reason] -->
// KIND is a finding kind (quote, date, attribution) or a kind and status (quote-unsupported, the
// diagnostic code). No KIND: every kind.
import { fromMarkdown } from 'mdast-util-from-markdown';
import { words } from './text/tokens';
import type { Finding, FindingKind } from './types';
import { CHECKS } from './checks/registry';

export const FINDING_KINDS: readonly FindingKind[] = CHECKS.map((m) => m.kind);
/** Every status a problem finding may have, by kind (verified findings are never suppressed). */
export const PROBLEM_STATUSES: Readonly<Record<FindingKind, readonly string[]>> = Object.fromEntries(
  CHECKS.map((m) => [m.kind, (m.statuses as readonly string[]).filter((s) => s !== 'verified')]),
) as unknown as Record<FindingKind, readonly string[]>;

/** As SARIF has it: `inSource` (a comment in the draft) or `external` (the accepted file). */
export interface Suppression {
  kind: 'inSource' | 'external';
  justification?: string;
  /** inSource: the directive's offsets in the draft. */
  start?: number;
  end?: number;
  /** external: the accepted entry. */
  entry?: AcceptedEntry;
}

/** One entry of an accepted-findings file, as the adapter read it (paths already absolute). */
export interface AcceptedEntry {
  kind: FindingKind;
  status?: string;
  /** quote and attribution findings: the quotation's words. */
  quote?: string;
  /** date findings: the value (ISO date or period) or the words as written. */
  date?: string;
  /** Absolute path (or URI) of the one draft it is for; absent: every draft. */
  draft?: string;
  reason: string;
  /** Where the entry is (for reporting it): the accepted file and its one-based line and column. */
  file: string;
  line: number;
  column: number;
  /** The same place as an offset into the accepted file's text. */
  offset: number;
}

/** A directive that says something the checker cannot use (reported as information). */
export interface DirectiveNotice {
  start: number;
  end: number;
  message: string;
}

type DirectiveName = 'disable' | 'enable' | 'disable-next-line' | 'disable-line' | 'disable-file';

interface Directive {
  name: DirectiveName;
  /** Kind or kind-status tokens; empty: all. */
  targets: string[];
  reason?: string;
  start: number;
  end: number;
}

/** Directive comments: `<!--`, optional white space, `corroborate-NAME`, the rest up to `-->`. Linear in the text. */
function* comments(text: string): Generator<{ start: number; end: number; name: string; body: string }> {
  let close = -1;
  for (let i = text.indexOf('<!--'); i >= 0; i = text.indexOf('<!--', i + 4)) {
    let j = i + 4;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
    if (!text.startsWith('corroborate-', j)) continue;
    // The next `-->` after this comment's start, searched again only once passed: linear overall.
    if (close < j) close = text.indexOf('-->', j);
    if (close < 0) return;
    const inner = text.slice(j + 'corroborate-'.length, close);
    const name = /^[a-z-]*/.exec(inner)![0];
    yield { start: i, end: close + 3, name, body: inner.slice(name.length) };
    i = close - 1;
  }
}
/** A draft's directives beyond this many are ignored (each costs a parse of its paragraph). */
const MAX_DIRECTIVES = 1000;
const NAMES: readonly string[] = ['disable', 'enable', 'disable-next-line', 'disable-line', 'disable-file'];

function validTarget(t: string): boolean {
  if ((FINDING_KINDS as readonly string[]).includes(t)) return true;
  const dash = t.indexOf('-');
  if (dash < 0) return false;
  const kind = t.slice(0, dash) as FindingKind;
  return (FINDING_KINDS as readonly string[]).includes(kind) && PROBLEM_STATUSES[kind].includes(t.slice(dash + 1));
}

function targets(d: { targets: string[] }, f: Finding): boolean {
  return d.targets.length === 0 || d.targets.includes(f.kind) || d.targets.includes(`${f.kind}-${f.status}`);
}

/** Fenced code blocks (``` or ~~~, CommonMark's rules for opening and closing), as offset spans. */
function fences(text: string): [number, number][] {
  const out: [number, number][] = [];
  const line = /^( {0,3})(`{3,}|~{3,})([^\n]*)$/gm;
  let open: { at: number; mark: string } | undefined;
  for (const m of text.matchAll(line)) {
    const mark = m[2];
    if (!open) {
      if (mark[0] === '`' && m[3].includes('`')) continue; // an info string with a backtick opens nothing
      open = { at: m.index!, mark };
    } else if (mark[0] === open.mark[0] && mark.length >= open.mark.length && /^[ \t\r]*$/.test(m[3])) {
      out.push([open.at, m.index! + m[0].length]);
      open = undefined;
    }
  }
  if (open) out.push([open.at, text.length]);
  return out;
}

/** The HTML nodes of one run of non-blank lines, parsed as Markdown (cached: a keystroke re-parses one run). */
const chunkHtml = new Map<string, [number, number][]>();
function htmlSpansOf(chunk: string): [number, number][] {
  let spans = chunkHtml.get(chunk);
  if (spans) return spans;
  spans = [];
  try {
    const visit = (n: { type: string; position?: { start: { offset?: number }; end: { offset?: number } }; children?: unknown[] }) => {
      if (n.type === 'html' && n.position?.start.offset !== undefined && n.position.end.offset !== undefined) spans!.push([n.position.start.offset, n.position.end.offset]);
      for (const c of (n.children ?? []) as (typeof n)[]) visit(c);
    };
    visit(fromMarkdown(chunk) as never);
  } catch {
    // A text the parser cannot read: no directive counts.
  }
  if (chunkHtml.size >= 2048) chunkHtml.clear();
  chunkHtml.set(chunk, spans);
  return spans;
}

/**
 * Whether a comment of a Markdown text is a real HTML comment: not in fenced code, and an HTML
 * node when its run of non-blank lines is parsed (not a code span, not indented code).
 */
function isHtmlComment(text: string, md: MarkdownLayout, start: number, end: number): boolean {
  if (md.fenced.some(([s, e]) => s <= start && start < e)) return false;
  // The run of non-blank lines around the comment: from the last blank line before it to the first after it.
  const gaps = md.gaps;
  let lo = 0;
  let hi = gaps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (gaps[mid][1] <= start) lo = mid + 1;
    else hi = mid;
  }
  const from = lo > 0 ? gaps[lo - 1][1] : 0;
  let k = lo;
  while (k < gaps.length && gaps[k][0] < end) k++;
  const to = k < gaps.length ? gaps[k][0] : text.length;
  let spans = md.chunks.get(from);
  if (!spans) md.chunks.set(from, (spans = htmlSpansOf(text.slice(from, to))));
  return spans.some(([s, e]) => s <= start - from && end - from <= e);
}

interface MarkdownLayout {
  fenced: [number, number][];
  /** Blank-line gaps ([start, end) of each run of line breaks with only white space between). */
  gaps: [number, number][];
  /** The HTML spans of the runs looked at in this text, by their start. */
  chunks: Map<number, [number, number][]>;
}

function layout(text: string): MarkdownLayout {
  const gaps: [number, number][] = [];
  for (const m of text.matchAll(/\n(?:[ \t\r]*\n)+/g)) gaps.push([m.index!, m.index! + m[0].length]);
  return { fenced: fences(text), gaps, chunks: new Map() };
}

/** The suppression directives of a draft, and what is wrong with any of them. */
export function parseDirectives(text: string, languageId: string): { directives: Directive[]; notices: DirectiveNotice[] } {
  const directives: Directive[] = [];
  const notices: DirectiveNotice[] = [];
  if (!text.includes('corroborate-')) return { directives, notices };
  let md: MarkdownLayout | undefined;
  let seen = 0;
  for (const m of comments(text)) {
    if (++seen > MAX_DIRECTIVES) {
      notices.push({ start: m.start, end: m.end, message: `More than ${MAX_DIRECTIVES} corroborate- comments: the rest are ignored` });
      break;
    }
    const { start, end } = m;
    // In Markdown only an HTML comment counts: not one shown in code, not one in a code span.
    if (languageId === 'markdown' && !isHtmlComment(text, (md ??= layout(text)), start, end)) continue;
    const name = m.name;
    if (!NAMES.includes(name)) {
      notices.push({ start, end, message: `Unknown Corroborate directive 'corroborate-${name}' (expected one of ${NAMES.map((n) => 'corroborate-' + n).join(', ')})` });
      continue;
    }
    let body = m.body;
    let reason: string | undefined;
    const sep = body.search(/(^|\s)--(\s|$)/);
    if (sep >= 0) {
      reason = body.slice(body.indexOf('--', sep) + 2).trim() || undefined;
      body = body.slice(0, sep);
    }
    const tokens = body.split(/[\s,]+/).filter(Boolean);
    const bad = tokens.filter((t) => !validTarget(t));
    if (bad.length) {
      notices.push({ start, end, message: `Unknown finding kind ${bad.map((b) => `'${b}'`).join(', ')} in corroborate-${name} (expected quote, date, attribution, or a kind and status such as quote-unsupported): the directive is ignored` });
      continue;
    }
    if (name === 'enable' && reason) reason = undefined;
    directives.push({ name: name as DirectiveName, targets: tokens, reason, start, end });
  }
  return { directives, notices };
}

/** The zero-based line of each offset, by binary search over line starts. */
function lineStarts(text: string): number[] {
  // Line breaks as everywhere else: \n, \r\n and \r.
  const out = [0];
  for (const m of text.matchAll(/\r\n?|\n/g)) out.push(m.index! + m[0].length);
  return out;
}
function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The words of a quotation as the checker compares them. */
export function quoteKey(text: string): string {
  return words(text).join(' ');
}

/** Whether an accepted entry matches a finding of a draft (`draft`: the same form as entry.draft). */
export function entryMatches(e: AcceptedEntry, f: Finding, draft: string | undefined): boolean {
  if (f.status === 'verified' || e.kind !== f.kind) return false;
  if (e.status !== undefined && e.status !== f.status) return false;
  if (e.draft !== undefined && e.draft !== draft) return false;
  if (f.kind === 'date') {
    if (e.date === undefined) return false;
    return e.date === f.value || (quoteKey(e.date) !== '' && quoteKey(e.date) === quoteKey(f.text));
  }
  if (e.quote === undefined) return false;
  const key = quoteKey(e.quote);
  return key !== '' && key === quoteKey(f.text);
}

export interface SuppressionResult {
  /** Aligned with the findings: the suppression of each, or undefined. */
  suppressions: (Suppression | undefined)[];
  /** Directives the checker cannot use. */
  notices: DirectiveNotice[];
  /** Entries (of those handed in) that matched a finding of this draft. */
  used: Set<AcceptedEntry>;
}

/**
 * Which findings of a draft are suppressed, by its directives or by accepted entries. A directive
 * wins over an entry (the writer said so in the draft). Verified findings are never suppressed.
 */
export function applySuppressions(
  text: string,
  languageId: string,
  findings: readonly Finding[],
  accepted: readonly AcceptedEntry[] = [],
  draft?: string,
): SuppressionResult {
  const { directives, notices } = parseDirectives(text, languageId);
  const used = new Set<AcceptedEntry>();
  const suppressions: (Suppression | undefined)[] = findings.map(() => undefined);
  if (directives.length === 0 && accepted.length === 0) return { suppressions, notices, used };
  const starts = directives.length ? lineStarts(text) : [];
  const inSource = (d: Directive): Suppression => ({ kind: 'inSource', justification: d.reason, start: d.start, end: d.end });
  findings.forEach((f, i) => {
    if (f.status === 'verified') return;
    let found: Suppression | undefined;
    if (directives.length) {
      const line = lineOf(starts, f.start);
      // Block directives: the last disable/enable before the finding that concerns it decides.
      let block: Directive | undefined;
      for (const d of directives) {
        if (d.start > f.start) break;
        if ((d.name === 'disable' || d.name === 'enable') && targets(d, f)) block = d.name === 'disable' ? d : undefined;
      }
      const hit =
        directives.find((d) => d.name === 'disable-file' && targets(d, f)) ??
        directives.find((d) => d.name === 'disable-line' && targets(d, f) && lineOf(starts, d.start) <= line && line <= lineOf(starts, d.end)) ??
        directives.find((d) => d.name === 'disable-next-line' && targets(d, f) && lineOf(starts, d.end) + 1 === line) ??
        block;
      if (hit) found = inSource(hit);
    }
    for (const e of accepted) {
      if (!entryMatches(e, f, draft)) continue;
      used.add(e);
      if (!found) found = { kind: 'external', justification: e.reason, entry: e };
    }
    suppressions[i] = found;
  });
  return { suppressions, notices, used };
}
