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
  unbalancedQuote: 'This quotation mark is never closed, so the quotation was not checked',
  alteredQuote: (label: string, change: string) => `Differs from ${label}: ${change}`,
  alteredChange: (removed: string[], added: string[]) => {
    const parts: string[] = [];
    if (removed.length) parts.push(`draft has “${removed.join(' … ')}”`);
    if (added.length) parts.push(`source has “${added.join(' … ')}”`);
    return parts.join('; ') || 'word order differs';
  },
  useWordingOf: (label: string) => `Use the wording of ${label}`,
  verifiedIn: (n: number) => (n === 1 ? 'Found in 1 source' : `Found in ${n} sources`),
};
