// What a text's relative dates are counted from. A source: its publication date (metadata), else
// the date in its dateline. A draft: its own date (front matter, CLI, setting), else its dateline,
// else the newest source date. Never the clock.
import { dayNumber, isValidDate, parseValue, toYmd } from './calendar';
import { extractDates, mayHoldMonthDay } from './extract';

/**
 * draft: the draft's own date; meta: a source's date; dateline: the text's dateline;
 * newest-source: the newest date any source gives; same-as-draft: an undated source in an undated
 * corpus, taken as written on the draft's date; same-as-source: an undated draft compared with a
 * dated source, taken as written on the source's date; text-newest: nothing dates the draft or any
 * source, but the sources state full dates in their text: the newest of them, a guess that may make
 * a relative date agree, never wrong (CorpusDates.newestStated); floating: nothing dates the draft or any source, so
 * both are taken as written on one nominal day (values are then relative only, never shown).
 */
export type AnchorOrigin = 'draft' | 'meta' | 'dateline' | 'newest-source' | 'same-as-draft' | 'same-as-source' | 'text-newest' | 'floating';

export interface Anchor {
  day: number;
  origin: AnchorOrigin;
  /**
   * A draft's anchor only, when the search is among the story's sources: the newest date those
   * give, which their undated sources count from (instead of the newest of the whole corpus).
   */
  storyNewest?: number;
}

/** The nominal day of a floating anchor (a Wednesday; any day would do, as long as it is one). */
export const FLOATING_DAY = 16_071; // 2014-01-01

export interface Dateline {
  start: number;
  end: number;
  month: number;
  day: number;
  year?: number;
}

/** ISO date → day number. */
export function isoDay(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const p = parseValue(iso.slice(0, 10));
  return p && p.precision === 'day' ? p.start : undefined;
}

// Before the date on its line: nothing, a label ("Published", "date") or a place or byline whose
// words are capitalised ("WASHINGTON,", "PARIS/DUBAI (Reuters) -"); never a preposition, which
// would make the date part of a sentence. After it: the end of the line, a dash, a time, or the
// capitalised start of the story.
const LABEL = /^(?:published|updated|posted|dated?|dateline|filed)\b[\s:]*$/i;
const PREPOSITION_END = /\b(?:on|in|since|by|until|from|before|after|of|at|to|during)$/i;
const AFTER = /^\s*(?:$|[-–—(|,]|\d{1,2}[:.]\d\d|\p{Lu})/u;

function plausibleBefore(before: string): boolean {
  const b = before.trim();
  if (!b || LABEL.test(b)) return true;
  if (b.length > 60 || !/^\p{Lu}/u.test(b) || PREPOSITION_END.test(b)) return false;
  const words = b.replace(/\([^)]*\)/g, ' ').split(/[\s,/–—-]+/).filter(Boolean);
  return words.every((w) => /^[\p{Lu}&]/u.test(w) || /^(?:by|and|of|de|la|el|al)$/i.test(w));
}

/**
 * A dateline names a month and a day: only chrono reads those (never from a line without a
 * capitalised month word or digits joined by a slash, dot or dash, see extract.ts); other lines
 * are not parsed.
 */
export function mayHoldDay(line: string): boolean {
  return mayHoldMonthDay(line.replace(/[\r\n\t]/g, ' '));
}

/** The last text looked at (a draft being edited keeps its first lines): its key and dateline. */
let lastKey = '';
let lastDateline: Dateline | undefined;

/**
 * The date of a dateline or date line in the first lines of a text (after front matter). Reads
 * only the first 600 characters of the body, and a few around them.
 */
export function findDateline(text: string, bodyStart: number): Dateline | undefined {
  const key = `${bodyStart}\u0000${text.slice(Math.max(0, bodyStart - 40), bodyStart + 640)}`;
  if (key === lastKey) return lastDateline;
  lastDateline = readDateline(text, bodyStart);
  lastKey = key;
  return lastDateline;
}

function readDateline(text: string, bodyStart: number): Dateline | undefined {
  const limit = Math.min(text.length, bodyStart + 600);
  let lineStart = bodyStart;
  let lines = 0;
  while (lineStart < limit && lines < 8) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > limit) lineEnd = limit;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim()) {
      lines++;
      for (const e of mayHoldDay(line) ? extractDates(text, lineStart, lineEnd) : []) {
        if (e.month === undefined || e.day === undefined || e.impossible) continue;
        if (e.year !== undefined && !isValidDate(e.year, e.month, e.day)) continue;
        const before = text.slice(lineStart, e.coreStart);
        const after = text.slice(e.coreEnd, lineEnd);
        if (!plausibleBefore(before) || !AFTER.test(after)) continue;
        if (/^\s*,\s*\p{Ll}/u.test(after)) continue; // "Sept. 15, troops …": a sentence
        return { start: e.coreStart, end: e.coreEnd, month: e.month, day: e.day, year: e.year };
      }
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** The day a dateline names; a year-less one takes the year that puts it nearest `near`. */
export function datelineDay(d: Dateline, near: number | undefined): number | undefined {
  if (d.year !== undefined) return dayNumber(d.year, d.month, d.day);
  if (near === undefined) return undefined;
  const y = toYmd(near).year;
  let best: number | undefined;
  for (const year of [y - 1, y, y + 1]) {
    if (!isValidDate(year, d.month, d.day)) continue;
    const day = dayNumber(year, d.month, d.day);
    if (best === undefined || Math.abs(day - near) < Math.abs(best - near)) best = day;
  }
  return best;
}
