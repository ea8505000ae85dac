// Hover content for a finding: what Corroborate concluded and what each source says.
import { shortDate, type Checker, type Finding, type SourceMatch } from '../core/index';
import type { SourceLines } from '../report';
import { escapeMarkdown } from './markdown';
import { pathToFileURL } from 'url';

const TITLES: Record<string, string> = {
  'quote:verified': 'Quotation found in the sources',
  'quote:altered': 'Quotation differs from its source',
  'quote:unsupported': 'Quotation not found in any source',
  'quote:unbalanced': 'Unclosed quotation mark',
  'date:verified': 'Date agrees with the sources',
  'date:mismatch': 'The sources give another date',
  'date:unsupported': 'No source reports this date',
  'date:inconsistent': 'The date contradicts itself',
  'number:verified': 'Figure agrees with the sources',
  'number:mismatch': 'The sources give another figure',
  'number:unsupported': 'No source gives this figure',
  'attribution:verified': 'Speaker agrees with the sources',
  'attribution:misattributed': 'The sources give this quotation to someone else',
};

const MAX_SOURCES = 6;

function sourceLink(id: string, offset: number, sourceLines: SourceLines): string {
  const li = sourceLines.of(id);
  if (!li) return '';
  const p = li.position(offset);
  try {
    const url = pathToFileURL(id).toString().replace(/\(/g, '%28').replace(/\)/g, '%29');
    return `${url}#L${p.line + 1},${p.character + 1}`;
  } catch {
    return '';
  }
}

/** The source sentence with the matched passage in bold. */
function excerpt(text: string, m: SourceMatch): string {
  const before = escapeMarkdown(text.slice(m.contextStart, m.start));
  const hit = escapeMarkdown(text.slice(m.start, m.end));
  const after = escapeMarkdown(text.slice(m.end, m.contextEnd));
  return `${before}**${hit}**${after}`;
}

function diffLine(m: SourceMatch): string | undefined {
  if (!m.diff) return undefined;
  return m.diff
    .map((d) => (d.op === 'same' ? escapeMarkdown(d.text) : d.op === 'removed' ? `~~${escapeMarkdown(d.text)}~~` : `**${escapeMarkdown(d.text)}**`))
    .join(' ');
}

export function renderHover(f: Finding, checker: Checker, sourceLines: SourceLines): string {
  const lines: string[] = [];
  lines.push(`**Corroborate: ${TITLES[`${f.kind}:${f.status}`] ?? escapeMarkdown(`${f.kind} ${f.status}`)}**`);
  lines.push('');
  lines.push(escapeMarkdown(f.message));
  for (const n of f.notes ?? []) {
    lines.push('');
    lines.push(escapeMarkdown(n));
  }
  const shown = f.sources.slice(0, MAX_SOURCES);
  for (const m of shown) {
    const s = checker.source(m.sourceId);
    if (!s) continue;
    lines.push('', '---', '');
    const head = [s.meta.outlet ? `**${escapeMarkdown(s.meta.outlet)}**` : undefined, `*${escapeMarkdown(s.meta.title)}*`, escapeMarkdown(shortDate(s.meta.date) ?? '')]
      .filter((x) => x)
      .join(' · ');
    lines.push(head);
    if (m.speaker) lines.push('', `Speaker: ${escapeMarkdown(m.speaker)}`);
    if (m.value) lines.push('', `${f.kind === 'number' ? 'Figure' : 'Date'}: ${escapeMarkdown(m.value)}`);
    const d = diffLine(m);
    if (m.closest) lines.push('', 'Closest passage (too little in common to be the origin):');
    else if (d) lines.push('', `${m.variant ? 'Another version' : 'Changes'} (~~draft~~ → **source**): ${d}`);
    lines.push('', `> ${excerpt(s.text, m)}`);
    const link = sourceLink(s.id, m.start, sourceLines);
    if (link) lines.push('', `[Open source](${link})`);
  }
  if (f.sources.length > shown.length) lines.push('', `… and ${f.sources.length - shown.length} more`);
  return lines.join('\n');
}
