// The corpus's dated sentences and their lists (for dates/sources.ts): which sentences hold a
// date, their tokens and rows; the word → dated sentences lists and each date's event stems,
// worked out as the checks ask for them.
import type { CorpusIndex } from '../corpus/index';
import { nearestDate, rangeJoin } from './eventWords';
import { dateSentence, DATE_FIELDS, DATES_TABLE } from './stored';

/** What `stemNumber` gives a word that is no event word. */
export const NOT_AN_EVENT_WORD = -2;

/**
 * The corpus's sentences that hold dates, numbered 0… in corpus order: each one's source, its
 * number in the source, its tokens (global positions, half-open) and its date rows (global: the
 * index's rows of all sources, in order). Made in one pass over the date rows; what depends on
 * words is worked out when first asked for, for the words and sentences a draft's dates need
 * (a check of a small draft against a large archive reads a few hundred words' lists, not all):
 * per word, the dated sentences it occurs in (ascending, each once, from the word's postings);
 * per date row, the stems of its event words (dates/eventWords.ts: the words of its sentence
 * nearest to it, each stem once), as stem numbers given by `stemNumber`.
 */
export class DatedSentences {
  readonly count: number;
  readonly source: Int32Array;
  readonly sentence: Int32Array;
  readonly tokenFrom: Int32Array;
  readonly tokenTo: Int32Array;
  readonly rowFrom: Int32Array;
  readonly rowTo: Int32Array;
  /** The dated sentence of each row. */
  private readonly datedOfRow: Int32Array;
  /** The dated sentence each token starts in, or -1 (its postings become a word's list in one pass). */
  private readonly datedOfToken: Int32Array;
  private readonly byWord = new Map<number, Int32Array>();
  /** Row n's stems are pool[stemFrom[n]] up to pool[stemTo[n]]; stemFrom[n] is -1 until its sentence is read. */
  private readonly stemFrom: Int32Array;
  private readonly stemTo: Int32Array;
  private pool = new Int32Array(1024);
  private pooled = 0;

  constructor(
    private readonly index: CorpusIndex,
    private readonly stemNumber: (id: number) => number,
  ) {
    const { rows, start: dateStart } = index.table(DATES_TABLE);
    const totalRows = rows.length / DATE_FIELDS;
    // Dated sentences in corpus order: runs of rows with the same source and sentence.
    const source = new Int32Array(totalRows);
    const sentence = new Int32Array(totalRows);
    const rowFrom = new Int32Array(totalRows);
    const rowTo = new Int32Array(totalRows);
    this.datedOfRow = new Int32Array(totalRows);
    let count = 0;
    for (let i = 0; i < index.sources.length; i++) {
      for (let n = dateStart[i]; n < dateStart[i + 1]; n++) {
        const k = dateSentence(rows, n);
        if (count > 0 && source[count - 1] === i && sentence[count - 1] === k) {
          rowTo[count - 1] = n + 1;
          this.datedOfRow[n] = count - 1;
          continue;
        }
        source[count] = i;
        sentence[count] = k;
        rowFrom[count] = n;
        rowTo[count] = n + 1;
        this.datedOfRow[n] = count;
        count++;
      }
    }
    this.count = count;
    this.source = source.slice(0, count);
    this.sentence = sentence.slice(0, count);
    this.rowFrom = rowFrom.slice(0, count);
    this.rowTo = rowTo.slice(0, count);
    // Their tokens: those whose start lies in the sentence.
    this.tokenFrom = new Int32Array(count);
    this.tokenTo = new Int32Array(count);
    const starts = index.starts;
    const bounds = index.sentenceBounds;
    const firstAtOrAfter = (lo: number, hi: number, offset: number) => {
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] < offset) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    this.datedOfToken = new Int32Array(index.tokenCount).fill(-1);
    for (let d = 0; d < count; d++) {
      const i = this.source[d];
      const g = index.sentenceStart[i] + this.sentence[d];
      const from = firstAtOrAfter(index.sourceStart[i], index.sourceStart[i + 1], bounds[2 * g]);
      const to = firstAtOrAfter(from, index.sourceStart[i + 1], bounds[2 * g + 1]);
      this.tokenFrom[d] = from;
      this.tokenTo[d] = to;
      this.datedOfToken.fill(d, from, to);
    }
    this.stemFrom = new Int32Array(totalRows).fill(-1);
    this.stemTo = new Int32Array(totalRows);
  }

  /** The dated sentences word `id` occurs in, ascending, each once. */
  sentencesWith(id: number): Int32Array {
    let list = this.byWord.get(id);
    if (list) return list;
    const positions = this.index.positions(id);
    const out = new Int32Array(positions.length);
    let n = 0;
    let last = -1;
    // Postings ascend, and so do the dated sentences of ascending tokens.
    for (let k = 0; k < positions.length; k++) {
      const d = this.datedOfToken[positions[k]];
      if (d < 0 || d === last) continue;
      out[n++] = last = d;
    }
    list = out.slice(0, n);
    this.byWord.set(id, list);
    return list;
  }

  /** In how many dated sentences word `id` occurs. */
  frequency(id: number): number {
    return this.sentencesWith(id).length;
  }

  /** The event stems of row `n` (its sentence's are worked out on first need). */
  rowStems(n: number): Int32Array {
    if (this.stemFrom[n] < 0) this.readStems(this.datedOfRow[n]);
    return this.pool.subarray(this.stemFrom[n], this.stemTo[n]);
  }

  /** Each date's event words of dated sentence `d`, as stems: the words of its sentence nearest to it. */
  private readStems(d: number): void {
    const index = this.index;
    const { rows } = index.table(DATES_TABLE);
    const ids = index.ids;
    const from = this.tokenFrom[d];
    const to = this.tokenTo[d];
    const spans: { start: number; end: number }[] = [];
    for (let n = this.rowFrom[d]; n < this.rowTo[d]; n++) spans.push({ start: rows[n * DATE_FIELDS + 1], end: rows[n * DATE_FIELDS + 2] });
    // Stems per date of the sentence, each once (a small list per date).
    const perDate: number[][] = spans.map(() => []);
    for (let t = from; t < to; t++) {
      const st = this.stemNumber(ids[t]);
      if (st === NOT_AN_EVENT_WORD) continue;
      const best = nearestDate(spans, index.starts[t], index.endOf(t));
      if (best >= 0 && !perDate[best].includes(st)) perDate[best].push(st);
    }
    // The two ends of a range date one event (as eventWordsOf does for the draft).
    if (spans.length > 1) {
      const sentenceTokens = { *[Symbol.iterator]() { for (let t = from; t < to; t++) yield { start: index.starts[t], end: index.endOf(t), id: ids[t] }; } };
      for (let j = 0; j + 1 < spans.length; j++) {
        if (!rangeJoin(sentenceTokens, spans[j], spans[j + 1], (t) => index.word(t.id))) continue;
        const merged = [...new Set([...perDate[j], ...perDate[j + 1]])];
        perDate[j] = merged;
        perDate[j + 1] = [...merged];
      }
    }
    perDate.forEach((list, j) => {
      const n = this.rowFrom[d] + j;
      if (this.pooled + list.length > this.pool.length) {
        const grown = new Int32Array(Math.max(this.pool.length * 2, this.pooled + list.length));
        grown.set(this.pool.subarray(0, this.pooled));
        this.pool = grown;
      }
      this.stemFrom[n] = this.pooled;
      for (const st of list) this.pool[this.pooled++] = st;
      this.stemTo[n] = this.pooled;
    });
  }
}
