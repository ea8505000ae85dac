// Every user-visible sentence the core produces, in one place.
import type { SourceMeta } from './types';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "2014-09-15" → "15 Sep 2014"; "2014-09" → "Sep 2014"; "2014" → "2014". */
export function shortDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return iso;
  if (!m[2]) return m[1];
  const mon = MONTHS[Number(m[2]) - 1] ?? m[2];
  if (!m[3]) return `${mon} ${m[1]}`;
  return `${Number(m[3])} ${mon} ${m[1]}`;
}

/** "2014-09-16" → "Tuesday, 16 Sep 2014". */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return shortDate(iso) ?? iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return `${WEEKDAYS[d.getUTCDay()]}, ${shortDate(iso)}`;
}

/** How a source is named in a message: "Reuters, 15 Sep 2014", or its title when no outlet is known. */
export function sourceLabel(meta: SourceMeta & { title: string }): string {
  const who = meta.outlet ?? `“${meta.title}”`;
  const when = shortDate(meta.date);
  return when ? `${who}, ${when}` : who;
}

export const MSG = {
  unsupportedQuote: 'No source contains this quotation',
  quotedInPart: (label: string, quoted: string) => `${label} has these words but quotes only “${quoted}”: the rest is its narration`,
  unbalancedQuote: 'This quotation mark is never closed, so the quotation was not checked',
  alteredQuote: (label: string, change: string) => `Differs from ${label}: ${change}`,
  alteredChange: (removed: string[], added: string[]) => {
    const parts: string[] = [];
    if (removed.length) parts.push(`draft has “${removed.join(' … ')}”`);
    if (added.length) parts.push(`source has “${added.join(' … ')}”`);
    return parts.join('; ') || 'word order differs';
  },
  /** Two fragments the source quotes apart, joined by the draft without an ellipsis (and what else differs). */
  joinedChange: (fragment: string, rest?: string) =>
    `the draft joins “${fragment}”, which the source quotes apart, to the rest without an ellipsis${rest ? `; ${rest}` : ''}`,
  /** The parts around an ellipsis in another order than the source's. */
  reorderedChange: (wording: string) => `the parts around the ellipsis are in another order in the source, which has “${wording}”`,
  useWordingOf: (label: string) => `Use the wording of ${label}`,
  verifiedIn: (n: number, otherVersions = 0) =>
    (n === 1 ? 'Found in 1 source' : `Found in ${n} sources`) +
    (otherVersions === 0 ? '' : otherVersions === 1 ? '; 1 other source has another version' : `; ${otherVersions} other sources have other versions`),
};

// ── Dates ────────────────────────────────────────────────────────────────────────────────────

/** How a source is named in a date message: "Reuters (15 Sep 2014)", "Reuters", "“Title”". */
export function dateSourceLabel(meta: SourceMeta & { title: string }): string {
  const who = meta.outlet ?? `“${meta.title}”`;
  const when = shortDate(meta.date);
  return when ? `${who} (${when})` : who;
}

/** A date value in words: "Tuesday, 16 Sep 2014", "the week of 8 Sep 2014", "Sep 2014", "2013". */
function ordinalNumber(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

export function describeDate(value: string, weekMonday?: string): string {
  if (/^\d{4}-W\d{2}$/.test(value)) return weekMonday ? `the week of ${shortDate(weekMonday)}` : value;
  const decade = /^(\d{3})X$/.exec(value);
  if (decade) return `the ${Number(decade[1])}0s`;
  const century = /^(\d{2})XX$/.exec(value);
  if (century) return `the ${ordinalNumber(Number(century[1]) + 1)} century`;
  return longDate(value);
}

const ANCHOR_ORIGIN: Record<string, string> = {
  draft: 'the draft’s date',
  meta: 'the source’s date',
  dateline: 'the dateline',
  'newest-source': 'the newest source date (no date of its own)',
  'same-as-draft': 'the draft’s date (the source gives none)',
  'text-newest': 'the newest date the sources state (nothing is dated)',
};

export const DATE_MSG = {
  verified: (n: number) => (n === 1 ? 'Date agrees with 1 source' : `Date agrees with ${n} sources`),
  mismatch: (label: string, expected: string, event?: string) => (event ? `${label} dates “${event}” to ${expected}` : `${label} says ${expected}`),
  unsupported: 'No source gives a date for this',
  sourcesDiffer: (dates: readonly string[]) => `The sources date this differently, so none can call it wrong: ${dates.join('; ')}`,
  unsupportedCoarser: (expected: string) => `No source gives a date for this as precisely; the sources say ${expected}`,
  weekdayMismatch: (date: string, actual: string, stated: string) => `${date} is a ${actual}, not a ${stated}`,
  impossible: (month: string, days: number) => `There is no such date: ${month} has ${days} days`,
  useDateOf: (text: string, label: string) => `Change to “${text}” (${label})`,
  changeTo: (text: string) => `Change to “${text}”`,
  noteResolved: (date: string) => `Read as ${date}`,
  noteAnchor: (origin: string, date: string) => `Counted from ${ANCHOR_ORIGIN[origin] ?? origin}, ${date}`,
  noteReferent: (date: string) => `Counted from the date before it in the paragraph, ${date}`,
  noteAnchorOfSource: (label: string, date: string) => `Counted from the date of ${label}, ${date} (the draft gives none)`,
  noteFloating: 'Nothing dates the draft or its sources: both are read as written on the same day',
  notePast: (cue: string) => `Past tense (“${cue}”): the last such day on or before it`,
  noteFuture: (cue: string) => `Future (“${cue}”): the first such day on or after it`,
  noteNearest: 'Tense unclear: the nearest such day',
  noteReadingFromSources: (date: string) => `Read as ${date}, the reading the sources support`,
};

export const ATTRIBUTION_MSG = {
  verified: (who: string) => `Sources also attribute this to ${who}`,
  misattributed: (who: string) => `Sources attribute this to ${who}`,
  attributeTo: (name: string) => `Attribute to ${name}`,
};
