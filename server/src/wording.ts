// The change line of an altered quotation with its punctuation: the core's word diff holds words
// only ("terrorist sites We must not"); the words are found again, in order, in the draft's and
// the source's raw text, and the punctuation between them is put back. Shared by hovers and the
// review report. Also the findings' titles, the same in both.
import { CHECKS, checkOfKind, type DiffPart } from './core/index';
import type { CheckModule } from './core/checks/contract';

export interface ChangePart {
  op: DiffPart['op'];
  /** The part's words with the punctuation between and after them (white space folded, trimmed). */
  text: string;
  /** White space follows this part. */
  space: boolean;
}

interface Located {
  start: number;
  end: number;
}

/** Each word's place in `text`, searched in order; undefined when a word is not found. */
function locate(text: string, words: string[]): Located[] | undefined {
  const out: Located[] = [];
  let at = 0;
  for (const w of words) {
    const i = text.indexOf(w, at);
    if (i < 0) return undefined;
    out.push({ start: i, end: i + w.length });
    at = i + w.length;
  }
  return out;
}

/**
 * The diff with punctuation kept. `draft` is the quotation's text, `source` the matched passage
 * (or anything holding its words in order). The separator after a word is taken from the side
 * the next word comes from, so "sites. We" keeps its full stop and an inserted phrase does not
 * repeat it. Falls back to the bare words (space-separated) when the words cannot be found.
 */
export function changeParts(parts: readonly DiffPart[], draft: string, source: string): ChangePart[] {
  const split = (p: DiffPart) => p.text.split(' ').filter((w) => w.length > 0);
  const draftWords: string[] = [];
  const sourceWords: string[] = [];
  // Per word of the diff: its op and its index on each side.
  const seq: Array<{ op: DiffPart['op']; word: string; d?: number; s?: number; part: number }> = [];
  parts.forEach((p, part) => {
    for (const w of split(p)) {
      const item: (typeof seq)[number] = { op: p.op, word: w, part };
      if (p.op !== 'added') item.d = draftWords.push(w) - 1;
      if (p.op !== 'removed') item.s = sourceWords.push(w) - 1;
      seq.push(item);
    }
  });
  const inDraft = locate(draft, draftWords);
  const inSource = locate(source, sourceWords);
  const fold = (s: string) => s.replace(/\s+/g, ' ');
  const out: ChangePart[] = [];
  let current: ChangePart | undefined;
  seq.forEach((item, i) => {
    const next = seq[i + 1];
    let text = item.word;
    let space = true;
    if (inDraft && inSource) {
      const onDraft = item.d !== undefined ? inDraft[item.d] : undefined;
      const onSource = item.s !== undefined ? inSource[item.s] : undefined;
      // The word itself as written on its side (the draft's for kept words).
      text = onDraft ? draft.slice(onDraft.start, onDraft.end) : source.slice(onSource!.start, onSource!.end);
      if (i === 0) {
        // Opening punctuation before the first word ("[Iran]", "(alliance)").
        const lead = onDraft ? draft.slice(0, onDraft.start) : source.slice(0, onSource!.start);
        text = fold(lead).trimStart() + text;
      }
      if (next) {
        // The separator to the next word, from the side the next word is on.
        let sep: string;
        if (next.op === 'added' || (next.op === 'same' && item.op === 'added')) {
          const from = onSource ? onSource.end : undefined;
          sep = from !== undefined && next.s !== undefined ? source.slice(from, inSource[next.s].start) : ' ';
        } else {
          const from = onDraft ? onDraft.end : undefined;
          sep = from !== undefined && next.d !== undefined ? draft.slice(from, inDraft[next.d].start) : ' ';
        }
        sep = fold(sep);
        // Punctuation stays with the word before it; no white space: a compound ("self-serving").
        space = /\s$/.test(sep);
        text += sep.trimEnd();
      } else {
        space = false;
      }
    } else {
      space = next !== undefined;
    }
    if (current && seq[i - 1]?.part === item.part) {
      current.text += (current.space ? ' ' : '') + text;
      current.space = space;
    } else {
      current = { op: item.op, text, space };
      out.push(current);
    }
  });
  return out;
}

/** How a date was read, in one line: "Read as …; counted from …; past tense (…): …". */
export function notesLine(notes: readonly string[]): string {
  return notes.map((n, i) => (i > 0 && /^[A-Z][a-z]/.test(n) ? n[0].toLowerCase() + n.slice(1) : n)).join('; ');
}

/** The title of each kind and status of finding ("quote:altered"), as hovers and the review report show it: the check modules' titles. */
export const FINDING_TITLES: Readonly<Record<string, string>> = Object.fromEntries(
  (CHECKS as readonly CheckModule[]).flatMap((m) => Object.entries(m.titles as Record<string, string>).map(([st, title]) => [`${m.kind}:${st}`, title])),
);

/** A status's short name in tallies and badges ("other date"), from its check module. */
export function statusName(kind: string, status: string): string {
  const names = checkOfKind(kind)?.presentation.statusNames as Record<string, string> | undefined;
  return names?.[status] ?? status;
}

/**
 * A whole number with thousands separators ("19,589"), as toLocaleString('en') writes it without
 * loading Intl's number formatting (10–17 ms at its first use in a process: the language server's
 * first progress report, on the way to its first diagnostics).
 */
export function grouped(n: number): string {
  const s = String(Math.abs(Math.trunc(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) out += (i > 0 && (s.length - i) % 3 === 0 ? ',' : '') + s[i];
  return (n < 0 ? '-' : '') + out;
}
