// A scripted editing session on an open draft, as a writer types: words typed character by
// character into prose and into quotations and then erased again, bursts of keys faster than the
// server answers (only the last one is timed: older work is superseded), and a pasted paragraph
// with a new quotation, later removed. Each timed edit waits for the diagnostics of its version.
import type { DraftGenerator } from './drafts';
import type { BenchServer } from './lspClient';
import type { Random } from './random';

export interface SessionResult {
  /** Latency of every timed edit (ms), in order. */
  latencies: number[];
  byKind: Record<string, number[]>;
}

const WORDS = ['indeed', 'reportedly', 'again', 'today', 'still', 'also', 'quickly', 'now'];

/** Offsets just after a sentence end inside a prose paragraph (not a heading or front matter). */
function proseSpots(text: string): number[] {
  const out: number[] = [];
  const re = /[a-z]\.(?= [A-Z])/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push(m.index + 1);
  return out;
}

/** Offsets just before a closing quotation mark (after the quoted words). */
function quoteSpots(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf('.”'); i >= 0; i = text.indexOf('.”', i + 1)) out.push(i);
  return out;
}

export async function editingSession(server: BenchServer, uri: string, gen: DraftGenerator, rng: Random, edits: number, pauseMs = 30): Promise<SessionResult> {
  const latencies: number[] = [];
  const byKind: Record<string, number[]> = {};
  const timed = async (kind: string, start: number, end: number, text: string) => {
    const ms = await server.edit(uri, start, end, text);
    latencies.push(ms);
    (byKind[kind] ??= []).push(ms);
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  };
  const typeAndErase = async (kind: string, at: number, word: string) => {
    const typed = ` ${word}`;
    for (let i = 0; i < typed.length; i++) await timed(kind, at + i, at + i, typed[i]);
    for (let i = typed.length; i > 0; i--) await timed(kind, at + i - 1, at + i, '');
  };
  while (latencies.length < edits) {
    const text = server.text(uri);
    const roll = rng.next();
    if (roll < 0.5) {
      await typeAndErase('prose', rng.pick(proseSpots(text)), rng.pick(WORDS));
    } else if (roll < 0.75) {
      await typeAndErase('quote', rng.pick(quoteSpots(text)), rng.pick(WORDS));
    } else if (roll < 0.9) {
      // A burst: five keys sent at once, then the sixth timed; then erased the same way.
      const at = rng.pick(proseSpots(text));
      const typed = ` ${rng.pick(WORDS)}`.padEnd(6, 's').slice(0, 6);
      for (let i = 0; i < 5; i++) await server.edit(uri, at + i, at + i, typed[i], false);
      await timed('burst', at + 5, at + 5, typed[5]);
      for (let i = 6; i > 1; i--) await server.edit(uri, at + i - 1, at + i, '', false);
      await timed('burst', at, at + 1, '');
    } else {
      // Paste a paragraph with a new quotation at a paragraph break, then remove it.
      const breaks: number[] = [];
      for (let i = text.indexOf('\n\n', text.indexOf('# ')); i >= 0; i = text.indexOf('\n\n', i + 2)) breaks.push(i + 2);
      const at = rng.pick(breaks.slice(0, -1));
      const para = gen.draft(60, 30, 1000).text.split('\n\n').slice(2).join(' ').trim() + '\n\n';
      await timed('paste', at, at, para);
      await timed('paste', at, at + para.length, '');
    }
  }
  return { latencies, byKind };
}
