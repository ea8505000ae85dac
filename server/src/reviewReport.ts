// The review report: one self-contained HTML page per draft, for an editor who does not use
// VS Code (`corroborate report`, and the editor command "Corroborate: Open review report").
// The draft's text with each finding highlighted by status, each finding's sources beside its
// paragraph, a summary table at the top; printable.
//
// Every piece of draft and source text is untrusted and goes through `esc`; the page has no
// script, loads nothing (its Content-Security-Policy allows only its own style element, by hash)
// and holds no link but in-page anchors.
import { FINDING_TITLES as TITLES, statusName } from './wording';
import type { CheckModule } from './core/checks/contract';
import { createHash } from 'crypto';
import { CHECKS, checkOfKind, shortDate, sourceLabel, type Checker, type Finding, type SourceMatch } from './core/index';
import { changeParts, notesLine } from './wording';

export interface ReportInput {
  /** How the draft is named on the page (a path or file name). */
  name: string;
  text: string;
  findings: readonly Finding[];
  checker: Checker;
  /** When the report was made (ISO date-time), written by the adapter. */
  generated?: string;
  /** The corpus folders, as the user named them. */
  corpusPaths?: readonly string[];
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const MODULES = CHECKS as readonly CheckModule[];
/** Each kind's statuses, in registry order. */
const STATUSES: Record<string, readonly string[]> = Object.fromEntries(MODULES.map((m) => [m.kind, m.statuses]));
/** The summary's columns: verified, the statuses that say a source has it otherwise, unsupported, the rest. */
const COLUMNS: readonly string[] = (() => {
  const claims = MODULES.flatMap((m) => m.eval.claims as readonly string[]);
  const all = MODULES.flatMap((m) => m.statuses as readonly string[]);
  return [...new Set(['verified', ...claims, 'unsupported', ...all])].filter((s) => all.includes(s));
})();
/** A column's heading: the statuses' short names over the kinds that have it ("other date or other figure"). */
function columnLabel(status: string): string {
  return [...new Set(MODULES.filter((m) => (m.statuses as readonly string[]).includes(status)).map((m) => statusName(m.kind, status)))].join(' or ');
}

/** The CSS class of a status: one of a fixed set (never built from input). */
function tone(status: string): 'ok' | 'changed' | 'missing' | 'bad' {
  if (status === 'verified') return 'ok';
  if (status === 'altered' || status === 'mismatch' || status === 'misattributed') return 'changed';
  if (status === 'unsupported') return 'missing';
  return 'bad';
}
const TONE_RANK = { ok: 0, missing: 1, changed: 2, bad: 3 };

const STYLE = `
:root { color-scheme: light; --ok: #1a7f37; --ok-bg: #dafbe1; --changed: #9a6700; --changed-bg: #fff1c2; --missing: #a40e26; --missing-bg: #ffe1e4; --bad: #6e2c00; --bad-bg: #ffd8b5; }
* { box-sizing: border-box; }
body { font: 15px/1.5 Georgia, 'Times New Roman', serif; color: #1f2328; background: #fff; margin: 0; padding: 24px 32px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.meta { color: #57606a; font: 13px/1.4 system-ui, sans-serif; margin: 0 0 16px; }
table.summary { border-collapse: collapse; font: 13px/1.4 system-ui, sans-serif; margin: 0 0 24px; }
table.summary th, table.summary td { border: 1px solid #d0d7de; padding: 4px 10px; text-align: right; }
table.summary th:first-child, table.summary td:first-child { text-align: left; }
table.summary td.zero { color: #8c959f; }
table.draft { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.draft td { vertical-align: top; padding: 6px 8px; border-top: 1px solid #eaeef2; }
td.text { width: 55%; white-space: pre-wrap; overflow-wrap: anywhere; }
td.notes { width: 45%; font: 13px/1.45 system-ui, sans-serif; }
mark { padding: 0 1px; border-radius: 2px; color: inherit; }
mark.ok { background: var(--ok-bg); border-bottom: 2px solid var(--ok); }
mark.changed { background: var(--changed-bg); border-bottom: 2px solid var(--changed); }
mark.missing { background: var(--missing-bg); border-bottom: 2px solid var(--missing); }
mark.bad { background: var(--bad-bg); border-bottom: 2px solid var(--bad); }
sup.n { font: bold 10px system-ui, sans-serif; }
sup.n a, .finding h3 a { color: inherit; text-decoration: none; }
.finding { border-left: 4px solid #d0d7de; padding: 4px 8px; margin: 0 0 10px; break-inside: avoid; page-break-inside: avoid; }
.finding.ok { border-color: var(--ok); } .finding.changed { border-color: var(--changed); }
.finding.missing { border-color: var(--missing); } .finding.bad { border-color: var(--bad); }
.finding h3 { font-size: 13px; margin: 0 0 2px; }
.badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 8px; margin-left: 4px; font-weight: normal; }
.badge.ok { background: var(--ok-bg); color: var(--ok); } .badge.changed { background: var(--changed-bg); color: var(--changed); }
.badge.missing { background: var(--missing-bg); color: var(--missing); } .badge.bad { background: var(--bad-bg); color: var(--bad); }
.finding p { margin: 2px 0; }
.src { margin: 6px 0 0; padding: 4px 0 0; border-top: 1px dashed #d0d7de; }
.src .who { font-weight: 600; }
.src .title { font-style: italic; }
.src blockquote { margin: 2px 0 0 8px; padding-left: 8px; border-left: 2px solid #d0d7de; color: #424a53; font-family: Georgia, serif; }
.src blockquote b { background: #eef1f4; }
.change del { background: var(--missing-bg); text-decoration: line-through; }
.change ins { background: var(--ok-bg); text-decoration: none; font-weight: 600; }
.closest { color: #57606a; font-style: italic; }
.legend span { margin-right: 12px; }
@media print {
  body { padding: 0; font-size: 11pt; }
  td.notes { font-size: 9pt; }
  mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .badge, .change del, .change ins { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** The Content-Security-Policy of every report: nothing loads, nothing runs, only our style applies. */
export function reportCsp(): string {
  const hash = createHash('sha256').update(STYLE, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'`;
}

/** A finding is shown unless it is a problem the configuration hides (severity none). */
function shown(f: Finding): boolean {
  return f.status === 'verified' || f.severity !== 'none';
}

interface Mark {
  start: number;
  end: number;
  findings: Array<{ f: Finding; n: number }>;
  tone: ReturnType<typeof tone>;
}

function sourceBlock(m: SourceMatch, f: Finding, checker: Checker): string {
  const s = checker.source(m.sourceId);
  if (!s) return '';
  const head = [
    s.meta.outlet ? `<span class="who">${esc(s.meta.outlet)}</span>` : '',
    `<span class="title">${esc(s.meta.title)}</span>`,
    s.meta.date ? esc(shortDate(s.meta.date) ?? s.meta.date) : '',
  ]
    .filter((x) => x)
    .join(' · ');
  const lines = [`<div class="src"><div>${head}</div>`];
  if (m.speaker) lines.push(`<p>Speaker: ${esc(m.speaker)}</p>`);
  if (m.value && f.kind === 'date' && m.value !== f.value) lines.push(`<p>This source: ${esc(m.value)}</p>`);
  if (m.closest) lines.push('<p class="closest">Closest passage (too little in common to be the origin)</p>');
  if (m.diff && !m.closest) {
    const parts = changeParts(m.diff, f.text, s.text.slice(m.start, m.end));
    const line = parts
      .map((p) => (p.op === 'same' ? esc(p.text) : p.op === 'removed' ? `<del>${esc(p.text)}</del>` : `<ins>${esc(p.text)}</ins>`) + (p.space ? ' ' : ''))
      .join('')
      .trimEnd();
    lines.push(`<p class="change">${m.variant ? 'Another version' : 'Changes'} (<del>draft</del> → <ins>source</ins>): ${line}</p>`);
  }
  const fold = (t: string) => t.replace(/\s+/g, ' ');
  lines.push(
    `<blockquote>${esc(fold(s.text.slice(m.contextStart, m.start)))}<b>${esc(fold(s.text.slice(m.start, m.end)))}</b>${esc(fold(s.text.slice(m.end, m.contextEnd)))}</blockquote>`,
  );
  lines.push(`<p class="meta">${esc(s.id)}</p></div>`);
  return lines.join('');
}

/** `joined`: the finding shares its highlight with the one before (its sources are shown there). */
function findingCard(f: Finding, n: number, checker: Checker, joined = false): string {
  const t = tone(f.status);
  const key = `${f.kind}:${f.status}`;
  const title = TITLES[key] ?? `${f.kind} ${f.status}`;
  const out = [`<div class="finding ${t}" id="f${n}"><h3><a href="#m${n}">${n}.</a> ${esc(title)}<span class="badge ${t}">${esc(statusName(f.kind, f.status))}</span></h3>`];
  const snippet = f.text.replace(/\s+/g, ' ');
  out.push(`<p>“${esc(snippet.length > 160 ? snippet.slice(0, 157) + '…' : snippet)}”</p>`);
  const titleSays = (checkOfKind(f.kind)?.presentation.titleSays as readonly string[] | undefined)?.includes(f.status);
  if (f.message && !titleSays) out.push(`<p>${esc(f.message)}</p>`);
  if (f.notes?.length) out.push(`<p class="meta">${esc(notesLine(f.notes))}</p>`);
  for (const fix of f.fixes.slice(0, 1)) out.push(`<p class="meta">Suggested: ${esc(fix.title)}</p>`);
  // One passage per source (its first); a verified finding shows its first source in full and
  // names the others, a problem shows up to six in full.
  const seen = new Set<string>();
  const firsts = f.sources.filter((m) => !seen.has(m.sourceId) && (seen.add(m.sourceId), true));
  const full = joined && f.kind === 'attribution' && f.status === 'verified' ? 0 : f.status === 'verified' ? 1 : 6;
  if (full === 0) {
    out.push('</div>');
    return out.join('');
  }
  for (const m of firsts.slice(0, full)) out.push(sourceBlock(m, f, checker));
  const rest = firsts.slice(full).map((m) => checker.source(m.sourceId)).filter((x) => x !== undefined);
  if (rest.length) {
    const names = rest.slice(0, 8).map((x) => esc(sourceLabel(x.meta)));
    out.push(`<p class="meta">Also in: ${names.join('; ')}${rest.length > 8 ? `; and ${rest.length - 8} more` : ''}</p>`);
  }
  out.push('</div>');
  return out.join('');
}

/** Paragraphs: runs of text separated by blank lines (offsets into the text). */
function paragraphs(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const sep = /\n[ \t]*\n\s*/g;
  let at = 0;
  for (let m = sep.exec(text); m; m = sep.exec(text)) {
    out.push({ start: at, end: m.index });
    at = m.index + m[0].length;
  }
  if (at < text.length || out.length === 0) out.push({ start: at, end: text.length });
  return out;
}

export interface ReportCounts {
  /** kind → status → count, of the findings shown. */
  byKind: Record<string, Record<string, number>>;
  problems: number;
  verified: number;
}

export function countFindings(findings: readonly Finding[]): ReportCounts {
  const byKind: Record<string, Record<string, number>> = {};
  let problems = 0;
  let verified = 0;
  for (const k of Object.keys(STATUSES)) byKind[k] = Object.fromEntries(STATUSES[k].map((s) => [s, 0]));
  for (const f of findings) {
    if (!shown(f)) continue;
    (byKind[f.kind] ??= {})[f.status] = (byKind[f.kind][f.status] ?? 0) + 1;
    if (f.status === 'verified') verified++;
    else problems++;
  }
  return { byKind, problems, verified };
}

export function renderReport(input: ReportInput): string {
  const { text, checker } = input;
  const findings = input.findings.filter(shown);
  // Marks: findings in order; one overlapping an earlier mark joins it (a quotation and its
  // attribution are one highlight with two numbers).
  const marks: Mark[] = [];
  findings.forEach((f, i) => {
    const n = i + 1;
    const start = Math.max(0, Math.min(f.start, text.length));
    const end = Math.max(start, Math.min(f.end, text.length));
    const last = marks[marks.length - 1];
    if (last && start < last.end) {
      last.findings.push({ f, n });
      if (TONE_RANK[tone(f.status)] > TONE_RANK[last.tone]) last.tone = tone(f.status);
      return;
    }
    marks.push({ start, end, findings: [{ f, n }], tone: tone(f.status) });
  });
  const counts = countFindings(findings);
  const rows: string[] = [];
  let mi = 0;
  const carded = new Set<Mark>();
  for (const p of paragraphs(text)) {
    let html = '';
    let at = p.start;
    const cards: string[] = [];
    while (mi < marks.length && marks[mi].start < p.end) {
      const m = marks[mi];
      const s = Math.max(m.start, at);
      const e = Math.min(m.end, p.end);
      html += esc(text.slice(at, s));
      const nums = m.findings.map(({ n }) => `<a href="#f${n}">${n}</a>`).join(',');
      html += `<mark class="${m.tone}" id="m${m.findings[0].n}">${esc(text.slice(s, e))}</mark><sup class="n">${nums}</sup>`;
      at = e;
      if (!carded.has(m)) {
        carded.add(m);
        m.findings.forEach(({ f, n }, k) => cards.push(findingCard(f, n, checker, k > 0)));
      }
      if (m.end > p.end) break; // continues in the next paragraph
      mi++;
    }
    html += esc(text.slice(at, p.end));
    if (html.trim() === '' && cards.length === 0) continue;
    rows.push(`<tr><td class="text">${html}</td><td class="notes">${cards.join('')}</td></tr>`);
  }
  const head = ['<tr><th>Finding</th>'];
  for (const s of COLUMNS) head.push(`<th>${esc(columnLabel(s))}</th>`);
  head.push('</tr>');
  const body = Object.keys(STATUSES).map((k) => {
    const cells = COLUMNS.map((s) => {
      if (!STATUSES[k].includes(s)) return '<td class="zero">–</td>';
      const v = counts.byKind[k][s] ?? 0;
      return `<td class="${v ? '' : 'zero'}">${v}</td>`;
    });
    return `<tr><td>${esc(checkOfKind(k)?.presentation.heading ?? k)}</td>${cells.join('')}</tr>`;
  });
  const meta = [
    `${counts.problems} ${counts.problems === 1 ? 'problem' : 'problems'}, ${counts.verified} verified`,
    `${checker.sourceCount.toLocaleString('en')} ${checker.sourceCount === 1 ? 'source' : 'sources'}${input.corpusPaths?.length ? ` (${input.corpusPaths.map(esc).join(', ')})` : ''}`,
    input.generated ? `made ${esc(input.generated)}` : '',
  ].filter((x) => x);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(reportCsp())}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>Review report: ${esc(input.name)}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>Review report: ${esc(input.name)}</h1>`,
    `<p class="meta">${meta.join(' · ')}</p>`,
    `<table class="summary"><thead>${head.join('')}</thead><tbody>${body.join('')}</tbody></table>`,
    '<p class="meta legend"><span><mark class="ok">verified</mark></span><span><mark class="changed">differs from its source</mark></span><span><mark class="missing">not found</mark></span><span><mark class="bad">contradicts itself / unclosed</mark></span></p>',
    `<table class="draft"><tbody>${rows.join('\n')}</tbody></table>`,
    '</body></html>',
    '',
  ].join('\n');
}
