// Writing a date the way the draft writes its dates: the replacement for a quick fix keeps the
// draft's form ("on Sunday" → "on Monday", "Sept. 14" → "Sept. 15", "in 2012" → "in 2013",
// "last year" → "last year" or "in 2012"), its month and weekday spelling and its capitalisation.
import { toYmd, weekdayOf, weekStart, type Period } from './calendar';
import type { DateExpression } from './extract';
import { MONTH_NAMES, MONTH_WORD, WEEKDAY_NAMES, WEEKDAY_WORD } from './lexicon';

const AP_MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

/** The month `m` spelled like `like` ("Sept." → AP abbreviations, "Sep" → three letters, "September" → full). */
function monthLike(like: string, m: number): string {
  const full = MONTH_NAMES[m - 1];
  const bare = like.replace(/\.$/, '');
  const dot = like.endsWith('.');
  let out: string;
  if (bare.length > 4 || /^(?:March|April|June|July|May)$/i.test(bare)) out = full;
  else if (dot && bare.toLowerCase() !== 'sep') out = AP_MONTHS[m - 1];
  else {
    out = m === 9 && bare.toLowerCase() === 'sept' ? 'Sept' : full.slice(0, 3);
    if (dot && full.length > 3) out += '.';
  }
  return like === like.toUpperCase() && like.length > 1 ? out.toUpperCase() : out;
}

function weekdayLike(like: string, d: number): string {
  const full = WEEKDAY_NAMES[d];
  const out = /day$/i.test(like) ? full : full.slice(0, 3) + (like.endsWith('.') ? '.' : '');
  return like === like.toUpperCase() && like.length > 1 ? out.toUpperCase() : out;
}

function capitaliseLike(like: string, s: string): string {
  return /^\p{Lu}/u.test(like) ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

const MONTH_RE = new RegExp(`\\b${MONTH_WORD}`, 'i');
const WEEKDAY_RE = new RegExp(`\\b${WEEKDAY_WORD}(?![\\p{L}])`, 'iu');

/** Substitutes the parts of a written date ("Monday, Sept. 14", "15 September 2014"). */
function substituteDate(core: string, e: DateExpression, target: number, inferredYear: number | undefined): string {
  const { year, month, day } = toYmd(target);
  let out = core;
  const wd = WEEKDAY_RE.exec(out);
  if (wd && e.weekday !== undefined) out = out.slice(0, wd.index) + weekdayLike(wd[0], weekdayOf(target)) + out.slice(wd.index + wd[0].length);
  const mo = MONTH_RE.exec(out);
  if (mo) out = out.slice(0, mo.index) + monthLike(mo[0], month) + out.slice(mo.index + mo[0].length);
  // The day: the number next to the month (not the year).
  out = out.replace(/\b(\d{1,2})(st|nd|rd|th)?\b(?!\d)/, (_m, _d, suffix?: string) => `${day}${suffix ? ordinal(day) : ''}`);
  if (e.year !== undefined) out = out.replace(/\b\d{4}\b/, String(year));
  else if (inferredYear !== undefined && inferredYear !== year) out += /^\d/.test(core) ? ` ${year}` : `, ${year}`;
  return out;
}

function ordinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

function monthDay(target: number, withYear: boolean): string {
  const { year, month, day } = toYmd(target);
  return `${MONTH_NAMES[month - 1]} ${day}${withYear ? `, ${year}` : ''}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The draft's expression (`text` = its span, preposition included) rewritten to say `target`.
 * `anchor` is the draft's anchor day; `inferredYear` the year the draft's reading had.
 * Undefined when the draft's form cannot say the target.
 */
export function renderLike(
  text: string,
  e: DateExpression,
  target: Period,
  anchor: number | undefined,
  inferredYear?: number,
): string | undefined {
  const prepLen = e.coreStart - e.start;
  const prep = text.slice(0, prepLen);
  const core = text.slice(prepLen);
  const t = target.start;
  const { year, month, day } = toYmd(t);
  const anchorYear = anchor !== undefined ? toYmd(anchor).year : undefined;
  const cap = (s: string) => capitaliseLike(text, s);
  switch (target.precision) {
    case 'day': {
      if (e.form === 'numeric') return prep + `${year}-${pad(month)}-${pad(day)}`;
      if (e.form === 'date' && e.day !== undefined) return prep + substituteDate(core, e, t, inferredYear);
      if (e.form === 'weekday' || e.form === 'relative') {
        const offset = anchor !== undefined ? t - anchor : undefined;
        if (e.form === 'relative' && e.relative?.unit === 'day' && offset !== undefined && Math.abs(offset) <= 1) {
          return cap(['yesterday', 'today', 'tomorrow'][offset + 1]);
        }
        if (offset !== undefined && Math.abs(offset) <= 6) {
          const wd = WEEKDAY_RE.exec(core);
          const name = wd ? weekdayLike(wd[0], weekdayOf(t)) : WEEKDAY_NAMES[weekdayOf(t)];
          return e.form === 'weekday' && !e.shift ? prep + name : cap(`on ${name}`);
        }
        return (prep || (e.form === 'relative' ? cap('on ') : '')) + monthDay(t, year !== anchorYear);
      }
      return undefined;
    }
    case 'week': {
      if (anchor === undefined) return undefined;
      const offset = Math.round((weekStart(t) - weekStart(anchor)) / 7);
      if (e.form === 'relative' && Math.abs(offset) <= 1) return cap(['last week', 'this week', 'next week'][offset + 1]);
      return cap(`the week of ${monthDay(weekStart(t), toYmd(weekStart(t)).year !== anchorYear)}`);
    }
    case 'month': {
      if (e.form === 'month') {
        let out = core;
        const mo = MONTH_RE.exec(out);
        if (mo) out = out.slice(0, mo.index) + monthLike(mo[0], month) + out.slice(mo.index + mo[0].length);
        if (e.year !== undefined) out = out.replace(/\b\d{4}\b/, String(year));
        else if (inferredYear !== undefined && inferredYear !== year) out += ` ${year}`;
        return prep + out;
      }
      if (e.form === 'relative' && anchor !== undefined) {
        const a = toYmd(anchor);
        const offset = year * 12 + month - (a.year * 12 + a.month);
        if (Math.abs(offset) <= 1) return cap(['last month', 'this month', 'next month'][offset + 1]);
        return cap(`in ${MONTH_NAMES[month - 1]} ${year}`);
      }
      return undefined;
    }
    case 'year': {
      if (e.form === 'year') return prep + core.replace(/\d{4}/, String(year));
      if (e.form === 'relative' && anchorYear !== undefined) {
        const offset = year - anchorYear;
        if (Math.abs(offset) <= 1 && e.relative?.unit === 'year' && e.relative.offset > -2) {
          return cap(['last year', 'this year', 'next year'][offset + 1]);
        }
        return cap(`in ${year}`);
      }
      return undefined;
    }
    case 'decade': {
      if (e.form !== 'decade') return undefined;
      const short = /^['’]/.exec(core);
      // "the ’90s" stays short within the last century.
      if (short && year >= 1900 && year < 2000) return prep + `${short[0]}${String(year).slice(2)}s`;
      return prep + `${year}s`;
    }
    case 'century': {
      if (e.form !== 'century') return undefined;
      const n = Math.floor(year / 100) + 1;
      const word = /^\d/.test(core) ? `${n}${ordinal(n)}` : undefined;
      const sep = /[- ]century$/i.exec(core)?.[0] ?? ' century';
      return word ? prep + word + sep : undefined;
    }
  }
}

/** A weekday name for messages. */
export function weekdayName(d: number): string {
  return WEEKDAY_NAMES[d];
}

/** Day number of the same weekday-and-date pair nearest `day` that has the stated weekday. */
export function nearestWithWeekday(day: number, weekday: number): number {
  const back = (weekdayOf(day) - weekday + 7) % 7;
  const ahead = (weekday - weekdayOf(day) + 7) % 7;
  return back <= ahead ? day - back : day + ahead;
}

/** Words of the event phrase a mismatch names, at most. */
const EVENT_WORDS = 8;

/**
 * The source's words for the event it dates, as a mismatch names it ("the refinery reopened …
 * after safety inspectors approved the repairs"): its sentence from the first to the last word it
 * shares with the draft (`shared`: whether a word is one of the draft's), at most EVENT_WORDS words
 * from the first, its date left out ("…"). Undefined when fewer than two words are shared.
 */
export function eventPhrase(
  text: string,
  tokens: readonly { norm: string; start: number; end: number }[],
  date: { start: number; end: number },
  shared: (norm: string) => boolean,
): string | undefined {
  const hits = tokens.map((t, k) => (shared(t.norm) && (t.end <= date.start || t.start >= date.end) ? k : -1)).filter((k) => k >= 0);
  if (hits.length < 2) return undefined;
  const first = hits[0];
  const last = hits.filter((k) => k - first < EVENT_WORDS).pop()!;
  const from = tokens[first].start;
  const to = tokens[last].end;
  let out = text.slice(from, to);
  if (date.start >= from && date.end <= to) out = `${text.slice(from, date.start)}…${text.slice(date.end, to)}`;
  return out.replace(/\s+/g, ' ').trim();
}
