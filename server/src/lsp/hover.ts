// Hover content for the findings at a position: what Corroborate concluded, then each source
// once, with every passage of it the findings rest on (a quotation's origin and its speaker are
// one block, not two).
import { checkOfKind, shortDate, type Checker, type Finding, type SourceMatch } from '../core/index';
import type { Presentation } from '../core/checks/contract';
import type { SourceLines } from '../report';
import { changeParts, FINDING_TITLES as TITLES, notesLine } from '../wording';
import { escapeMarkdown } from './markdown';
import { sourceUri } from './sourceDocuments';

const MAX_SOURCES = 6;

function sourceLink(id: string, offset: number, sourceLines: SourceLines): string {
  const li = sourceLines.of(id);
  if (!li) return '';
  const p = li.position(offset);
  try {
    const url = sourceUri(id).replace(/\(/g, '%28').replace(/\)/g, '%29');
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

/** The change line: the draft's words with the source's changes marked, punctuation kept. */
function diffLine(m: SourceMatch, f: Finding, sourceText: string): string | undefined {
  if (!m.diff) return undefined;
  const parts = changeParts(m.diff, f.text, sourceText.slice(m.start, m.end));
  return parts
    .map((d) => {
      const t = escapeMarkdown(d.text);
      const shown = d.op === 'same' ? t : d.op === 'removed' ? `~~${t}~~` : `**${t}**`;
      return shown + (d.space ? ' ' : '');
    })
    .join('')
    .trimEnd();
}

function header(f: Finding, secondary: boolean): string[] {
  const key = `${f.kind}:${f.status}`;
  const title = TITLES[key] ?? escapeMarkdown(`${f.kind} ${f.status}`);
  const p = checkOfKind(f.kind)?.presentation as Presentation<string> | undefined;
  const lines = [`**Corroborate: ${title}**`];
  // A speaker the sources agree on is named in each source's block below.
  const said = !!p && (p.titleSays?.includes(f.status) || (secondary && p.quietSecond === f.status));
  if (!said && f.message) lines.push('', escapeMarkdown(f.message));
  if (f.notes?.length) lines.push('', escapeMarkdown(notesLine(f.notes)));
  return lines;
}


/**
 * Hover Markdown for the findings at one place (innermost first; the first is the main one).
 * Each source is shown once, with its passages (each once) and what each finding reads in them.
 */
export function renderHover(findings: readonly Finding[], checker: Checker, sourceLines: SourceLines): string {
  const lines: string[] = [];
  findings.forEach((f, i) => {
    if (i > 0) lines.push('');
    for (const l of header(f, i > 0)) lines.push(l);
  });
  // Sources in order of first appearance; passages by place.
  interface Passage {
    m: SourceMatch;
    f: Finding;
    speaker?: string;
  }
  const bySource = new Map<string, Passage[]>();
  for (const f of findings) {
    for (const m of f.sources) {
      let list = bySource.get(m.sourceId);
      if (!list) bySource.set(m.sourceId, (list = []));
      const same = list.find((p) => p.m.start === m.start && p.m.end === m.end);
      if (same) {
        same.speaker ??= m.speaker;
        continue;
      }
      list.push({ m, f, speaker: m.speaker });
    }
  }
  const ids = [...bySource.keys()];
  const shown = ids.slice(0, MAX_SOURCES);
  for (const id of shown) {
    const s = checker.source(id);
    if (!s) continue;
    const passages = bySource.get(id)!;
    lines.push('', '---', '');
    const head = [s.meta.outlet ? `**${escapeMarkdown(s.meta.outlet)}**` : undefined, `*${escapeMarkdown(s.meta.title)}*`, escapeMarkdown(shortDate(s.meta.date) ?? '')]
      .filter((x) => x)
      .join(' · ');
    const link = sourceLink(s.id, passages[0].m.start, sourceLines);
    lines.push(link ? `${head} · [Open source](${link})` : head);
    const speakers = [...new Set(passages.map((p) => p.speaker).filter((x): x is string => !!x))];
    if (speakers.length) lines.push('', `Speaker: ${speakers.map(escapeMarkdown).join('; ')}`);
    for (const { m, f } of passages) {
      // The value this source gives, as its check words it ("This source: 15 September 2014").
      const value = m.value ? checkOfKind(f.kind)?.presentation.sourceValue?.(m.value, f.value) : undefined;
      if (value) lines.push('', `${escapeMarkdown(value.label)}: ${escapeMarkdown(value.text)}`);
      const d = diffLine(m, f, s.text);
      if (m.closest) lines.push('', 'Closest passage (too little in common to be the origin):');
      else if (d) lines.push('', `${m.variant ? 'Another version' : 'Changes'} (~~draft~~ → **source**): ${d}`);
      lines.push('', `> ${excerpt(s.text, m)}`);
    }
  }
  if (ids.length > shown.length) lines.push('', `… and ${ids.length - shown.length} more`);
  return lines.join('\n');
}
