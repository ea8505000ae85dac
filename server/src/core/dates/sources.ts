// The sources' dates, for pairing with a draft's. Every source's date expressions were read when
// it was indexed (dates/stored.ts): here they are only looked up. Only sentences that hold a date
// can pair with a draft date, so the search for sentences about the same event runs over those
// alone, through a word → dated sentences list built once per corpus index (which is immutable).
import type { CorpusIndex } from '../corpus/index';
import type { Span } from '../text/markdown';
import { datelineDay, isoDay, type Anchor } from './anchor';
import { dayNumber, isValidDate, toYmd, type Period } from './calendar';
import { isEventWord } from './eventWords';
import type { DateExpression } from './extract';
import { resolveDate, type Resolution } from './resolve';
import { dateSentence, decodeDate, DATE_FIELDS, DATES_TABLE, type StoredDate } from './stored';
import { DATE_COUNTS_TABLE, DateCounts, dateKind } from './counts';
import { searchDated, type Candidate, type SearchScratch } from './search';

export { dateKind } from './counts';
export type { Candidate } from './search';
import { DatedSentences, NOT_AN_EVENT_WORD } from './dated';
import type { Tense } from './tense';

export interface SourceDate {
  /** Index of the source in the corpus index. */
  source: number;
  anchor: Anchor;
  expr: DateExpression;
  /** The source's text of the expression, white space folded. */
  wording: string;
  tense: Tense;
  resolution: Resolution;
  sentence: Span;
}

/** Source dates kept (with their source's own anchor) before the store starts afresh. */
const MAX_KEPT = 50_000;

export class CorpusDates {
  private newestDay: number | undefined | null = null;
  /** Per source: its anchor when that does not depend on the draft's. */
  private readonly ownAnchors: (Anchor | undefined)[];
  private datedSentences?: DatedSentences;
  /** Stem numbers: per word id (-1 not yet known, NOT_AN_EVENT_WORD), and by stem. */
  private stemOfWord = new Int32Array(0);
  private readonly stemNumbers = new Map<string, number>();
  /** Scratch for the candidate search (dates/search.ts). */
  private readonly scratch: SearchScratch = { hitCount: new Int32Array(0), touched: new Int32Array(1024) };
  private slots = new Int32Array(0);
  /** Source dates by row (source's own anchor), and by row and draft anchor. */
  private ownDates: (SourceDate | null | undefined)[] = [];
  private ownDatesKept = 0;
  private readonly datesForDraft = new Map<string, SourceDate | null>();
  /** How many rows state each year, month, day; how many are worded alike (see `likeRows`). */
  private dateCounts?: DateCounts;

  constructor(readonly index: CorpusIndex) {
    this.ownAnchors = new Array(index.sources.length);
  }

  /**
   * The newest date any source gives for itself (day number): from metadata, or when no source
   * has a date in its metadata, from datelines.
   */
  get newest(): number | undefined {
    if (this.newestDay !== null) return this.newestDay;
    this.newestDay = this.newestOf(this.index.sources.keys());
    return this.newestDay;
  }

  /**
   * When no source is dated (no metadata, no dateline): the newest full date (day, month and year)
   * that some source states in its text and does not put in the future ("on Oct. 27, 2017", not
   * "the trial is set for March 3, 2018"): about when the newest of them was written, unless some
   * source states a later year (an article about 1957 written in 2016: no guess then). A guess,
   * which a draft's relative dates may be read from to agree with a source, never to be called
   * wrong (checks/dates/compare.ts, origin 'text-newest'). Among `among` when given.
   */
  newestStated(among?: Among): number | undefined {
    const key = among?.key ?? '';
    if (this.statedByKey.has(key)) return this.statedByKey.get(key);
    let newest: number | undefined;
    let newestYear = -Infinity;
    const members = among ? among.members() : this.index.sources.keys();
    for (const i of members) {
      const rows = this.index.rows(DATES_TABLE, i);
      for (let n = 0; n < rows.length / DATE_FIELDS; n++) {
        const { expr, tense } = decodeDate(rows, n);
        if (expr.year === undefined || expr.impossible || expr.relative || tense.direction === 'future') continue;
        newestYear = Math.max(newestYear, expr.year);
        if (expr.month === undefined || expr.day === undefined || !isValidDate(expr.year, expr.month, expr.day)) continue;
        const day = dayNumber(expr.year, expr.month, expr.day);
        if (newest === undefined || day > newest) newest = day;
      }
    }
    if (newest !== undefined && toYmd(newest).year < newestYear) newest = undefined;
    if (this.statedByKey.size >= 4) this.statedByKey.delete(this.statedByKey.keys().next().value!);
    this.statedByKey.set(key, newest);
    return newest;
  }

  private readonly statedByKey = new Map<string, number | undefined>();

  /** The same among some of the sources (the draft's story's), the last few kept. */
  newestAmong(among: Among): number | undefined {
    if (this.newestByKey.has(among.key)) return this.newestByKey.get(among.key);
    const newest = this.newestOf(among.members());
    if (this.newestByKey.size >= 4) this.newestByKey.delete(this.newestByKey.keys().next().value!);
    this.newestByKey.set(among.key, newest);
    return newest;
  }

  private readonly newestByKey = new Map<string, number | undefined>();

  private newestOf(members: Iterable<number>): number | undefined {
    const list = [...members];
    let newest: number | undefined;
    const consider = (d: number | undefined) => {
      if (d !== undefined && (newest === undefined || d > newest)) newest = d;
    };
    const sources = this.index.sources;
    for (const i of list) consider(isoDay(sources[i].meta.date));
    if (newest === undefined) {
      for (const i of list) {
        const dl = sources[i].dateline;
        if (dl?.year !== undefined) consider(datelineDay(dl, undefined));
      }
    }
    return newest;
  }

  /**
   * What source `i`'s relative dates count from: its date, its dateline, else the newest source
   * date, else (nothing in the corpus is dated) the draft's anchor.
   */
  anchor(i: number, draft: Anchor): Anchor {
    const own = this.ownAnchors[i];
    if (own) return own;
    if ('storyNewest' in draft) return this.anchorAmongStory(i, draft);
    const s = this.index.sources[i];
    const day = isoDay(s.meta.date);
    let anchor: Anchor | undefined;
    if (day !== undefined) anchor = { day, origin: 'meta' };
    else {
      const dl = s.dateline;
      const near = dl && dl.year === undefined ? (this.newest ?? draft.day) : undefined;
      const lineDay = dl && datelineDay(dl, near);
      if (lineDay !== undefined) {
        anchor = { day: lineDay, origin: 'dateline' };
        // A year-less dateline read near the draft's day depends on the draft.
        if (dl!.year === undefined && this.newest === undefined) return anchor;
      } else if (this.newest !== undefined) anchor = { day: this.newest, origin: 'newest-source' };
      else return { day: draft.day, origin: draft.origin === 'floating' || draft.origin === 'text-newest' ? 'floating' : 'same-as-draft' };
    }
    this.ownAnchors[i] = anchor;
    return anchor;
  }

  /** The dated sentences (found on first need, in one pass over the date rows; their word lists and stems as asked for). */
  private dated(): DatedSentences {
    if (this.datedSentences) return this.datedSentences;
    this.stemOfWord = new Int32Array(this.index.vocab.size).fill(-1);
    const ds = new DatedSentences(this.index, (id) => this.stemNumber(id));
    this.scratch.hitCount = new Int32Array(ds.count);
    this.ownDates = new Array(this.index.table(DATES_TABLE).rows.length / DATE_FIELDS);
    this.datedSentences = ds;
    return ds;
  }

  /** The stem number of word `id`, or NOT_AN_EVENT_WORD. */
  private stemNumber(id: number): number {
    let st = this.stemOfWord[id];
    if (st !== -1) return st;
    const norm = this.index.word(id);
    if (!isEventWord(norm)) st = NOT_AN_EVENT_WORD;
    else {
      const s = this.index.stemOf(id);
      st = this.stemNumbers.get(s) ?? -1;
      if (st < 0) this.stemNumbers.set(s, (st = this.stemNumbers.size));
    }
    this.stemOfWord[id] = st;
    return st;
  }

  /** How many of the corpus's sentences hold a date (of the sources `among` only, when given). */
  datedCountAmong(among?: Among): number {
    return among ? this.countsAmong(among).dated : this.dated().count;
  }

  get datedCount(): number {
    return this.dated().count;
  }

  /** The last few counts over a subset of the sources (the draft's story's: most keystrokes keep it). */
  private readonly amongCounts = new Map<string, { counts: DateCounts; dated: number }>();

  private countsAmong(among: Among): { counts: DateCounts; dated: number } {
    let c = this.amongCounts.get(among.key);
    if (c) return c;
    const parts: Int32Array[] = [];
    let dated = 0;
    for (const s of among.members()) {
      const rows = this.index.rows(DATES_TABLE, s);
      parts.push(rows);
      let last = -1;
      for (let n = 0; n < rows.length / DATE_FIELDS; n++) {
        const k = dateSentence(rows, n);
        if (k !== last) dated++;
        last = k;
      }
    }
    const all = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    c = { counts: DateCounts.count(all), dated };
    if (this.amongCounts.size >= 4) this.amongCounts.delete(this.amongCounts.keys().next().value!);
    this.amongCounts.set(among.key, c);
    return c;
  }

  /** The whole corpus's counts: persisted with the index (DATE_COUNTS_TABLE), else counted now. */
  private corpusCounts(): DateCounts {
    const persisted = this.index.corpusTable(DATE_COUNTS_TABLE);
    return persisted ? DateCounts.fromArrays(persisted) : DateCounts.count(this.index.table(DATES_TABLE).rows);
  }

  /** In how many dated sentences word `norm` occurs (0 when in none). */
  datedFrequency(norm: string): number {
    const ds = this.dated();
    const id = this.index.idOf(norm);
    return id < 0 ? 0 : ds.frequency(id);
  }

  /**
   * How many source date rows could agree with a draft date by chance: those that state a date
   * within `period` (by their year, month and day, whatever their anchor), and when the draft's
   * date counts from an anchor, those worded like it (`dateKind`: every "Monday", every "last
   * year"). Counted once per corpus index (persisted with the index: DATE_COUNTS_TABLE); the chance level of a pairing.
   */
  likeRows(period: Period, expr: DateExpression | undefined, among?: Among): number {
    const c = among ? this.countsAmong(among).counts : (this.dateCounts ??= this.corpusCounts());
    let n = 0;
    const from = toYmd(period.start);
    if (period.precision === 'year' || period.precision === 'decade' || period.precision === 'century') n += c.years(from.year, toYmd(period.end - 1).year + 1);
    else if (period.precision === 'month') n += c.inMonth(from.year, from.month);
    else n += c.days(period.start, period.end);
    if (expr) n += c.kind(dateKind(expr));
    return n;
  }

  /**
   * The number of a stem (numbers are given as the stems are met: in the sources' dated sentences
   * read so far, or here). A stem no source date has matches no source row.
   */
  stemId(stem: string): number {
    this.dated();
    let st = this.stemNumbers.get(stem);
    if (st === undefined) this.stemNumbers.set(stem, (st = this.stemNumbers.size));
    return st;
  }

  /** The date rows (global) of dated sentence `d`, half-open. */
  rowsOf(d: number): [number, number] {
    const ds = this.dated();
    return [ds.rowFrom[d], ds.rowTo[d]];
  }

  /**
   * Works out the event stems of every source date ahead of need, a slice of about `rows` rows at
   * each step (what the first checks of new drafts would otherwise do for the rows they read: an
   * adapter runs it when idle). Checks find the same with or without it.
   */
  *prepareStems(rows = 2_000): Generator<void, void> {
    const ds = this.dated();
    for (let d = 0; d < ds.count; ) {
      d = ds.readStemsFrom(d, rows);
      yield;
    }
  }

  /** The event stems of row `n` (global) as stem numbers (shared, not copied; read before `withStemSlots`). */
  rowStems(n: number): Int32Array {
    return this.dated().rowStems(n);
  }

  /**
   * Runs `use` with an array indexed by stem number that holds `marks` ([stem number, value]
   * pairs) and -1 everywhere else (no map lookups in a loop over source dates). The array is this
   * object's own scratch: it is set back to -1 afterwards, even if `use` throws.
   */
  withStemSlots<T>(marks: readonly (readonly [number, number])[], use: (slots: Int32Array) => T): T {
    this.dated();
    if (this.slots.length < this.stemNumbers.size) this.slots = new Int32Array(this.stemNumbers.size).fill(-1);
    const slots = this.slots;
    for (const [id, value] of marks) slots[id] = value;
    try {
      return use(slots);
    } finally {
      for (const [id] of marks) slots[id] = -1;
    }
  }

  /** The event stems of date row `n` as words (for tests and diagnosis). */
  eventStemWords(n: number): string[] {
    const stems = this.rowStems(n);
    const byNumber = [...this.stemNumbers.keys()];
    return [...stems].map((x) => byNumber[x]);
  }

  /**
   * Dated source sentences sharing at least `minHits` of `norms`, best first (ties: in the order
   * first met, word by word and sentence by sentence). Words more frequent in the corpus than
   * `maxFrequency` do not select (they are everywhere) but still count in scoring later. Counting
   * uses scratch arrays kept between calls: nothing is allocated per sentence.
   */
  candidates(norms: readonly string[], minHits: number, limit = 60, among?: Among): Candidate[] {
    return searchDated(this.index, this.dated(), this.scratch, norms, minHits, limit, among);
  }

  /**
   * `anchor` when the search is among the story's sources: a source without a date of its own
   * counts from the newest date of those (the draft's `storyNewest`); this depends on the draft
   * and is not kept.
   */
  private anchorAmongStory(i: number, draft: Anchor): Anchor {
    const s = this.index.sources[i];
    const day = isoDay(s.meta.date);
    if (day !== undefined) return (this.ownAnchors[i] = { day, origin: 'meta' });
    const newest = draft.storyNewest;
    const dl = s.dateline;
    const near = dl && dl.year === undefined ? (newest ?? draft.day) : undefined;
    const lineDay = dl && datelineDay(dl, near);
    if (lineDay !== undefined) {
      const anchor: Anchor = { day: lineDay, origin: 'dateline' };
      if (dl!.year !== undefined) this.ownAnchors[i] = anchor;
      return anchor;
    }
    if (newest !== undefined) return { day: newest, origin: 'newest-source' };
    return { day: draft.day, origin: draft.origin === 'floating' || draft.origin === 'text-newest' ? 'floating' : 'same-as-draft' };
  }

  /**
   * The source date of row `n` (global) of dated sentence `d`, resolved against its source's
   * anchor; null when it does not resolve (or contradicts itself).
   */
  sourceDate(d: number, n: number, draft: Anchor): SourceDate | null {
    const ds = this.dated();
    const i = ds.source[d];
    const anchor = this.anchor(i, draft);
    // Most anchors are the source's own: the dates are then kept by row alone.
    if (this.ownAnchors[i] === anchor) {
      let date = this.ownDates[n];
      if (date !== undefined) return date;
      date = this.read(ds, d, n, anchor);
      if (this.ownDatesKept >= MAX_KEPT) {
        this.ownDates = new Array(this.ownDates.length);
        this.ownDatesKept = 0;
      }
      this.ownDates[n] = date;
      this.ownDatesKept++;
      return date;
    }
    const key = `${n}:${anchor.day}:${anchor.origin}`;
    let date = this.datesForDraft.get(key);
    if (date !== undefined) return date;
    date = this.read(ds, d, n, anchor);
    if (this.datesForDraft.size >= MAX_KEPT) this.datesForDraft.clear();
    this.datesForDraft.set(key, date);
    return date;
  }

  private read(ds: DatedSentences, d: number, n: number, anchor: Anchor): SourceDate | null {
    const index = this.index;
    const i = ds.source[d];
    const src = index.sources[i];
    const g = index.sentenceStart[i] + ds.sentence[d];
    // The source's text is read only if a finding shows this date (its wording); a source date's
    // tense needs no cue word (only the draft's is shown).
    const { expr, tense }: StoredDate = decodeDate(index.table(DATES_TABLE).rows, n);
    const resolution = resolveDate(expr, anchor.day, tense);
    if (!resolution || resolution.inconsistent) return null;
    const sentence = { start: index.sentenceBounds[2 * g], end: index.sentenceBounds[2 * g + 1] };
    let wording: string | undefined;
    return {
      source: i,
      anchor,
      expr,
      get wording() {
        return (wording ??= src.text.slice(expr.start, expr.end).replace(/\s+/g, ' '));
      },
      tense,
      resolution,
      sentence,
    };
  }
}

/** A subset of the corpus's sources, named by `key`; `members` ascending. */
export interface Among {
  key: string;
  members(): Iterable<number>;
}

const cache = new WeakMap<CorpusIndex, CorpusDates>();

/** The date view of a corpus index, built once per index. */
export function corpusDates(index: CorpusIndex): CorpusDates {
  let c = cache.get(index);
  if (!c) cache.set(index, (c = new CorpusDates(index)));
  return c;
}
