// The corpus's dated sentences and their lists (for dates/sources.ts): which sentences hold a
// date, their tokens and rows, the word → dated sentences lists; each date's event stems, worked
// out as the checks ask for them.
import type { CorpusIndex } from '../corpus/index';
import { nearestDate, rangeJoin } from './eventWords';
import { dateSentence, DATE_FIELDS, DATES_TABLE } from './stored';

/** What `stemNumber` gives a word that is no event word. */
export const NOT_AN_EVENT_WORD = -2;

/**
 * The corpus's sentences that hold dates, numbered 0… in corpus order: each one's source, its
 * number in the source, its tokens (global positions, half-open) and its date rows (global: the
 * index's rows of all sources, in order), and per word the dated sentences it occurs in
 * (ascending, each once): made in passes over the date rows and the dated sentences' tokens. Per
 * date row, the stems of its event words (dates/eventWords.ts: the words of its sentence nearest
 * to it, each stem once, as numbers given by `stemNumber`) are worked out when first asked for:
 * stemming every word of every dated sentence was most of a warm check of a small draft against a
 * large archive, which reads the stems of a few thousand candidate sentences.
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
  /** Per word, the dated sentences it occurs in (compressed rows: word w's are byWord[wordStart[w]] up to byWord[wordStart[w + 1]]). */
  private readonly wordStart: Int32Array;
  private readonly byWord: Int32Array;
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
    for (let d = 0; d < count; d++) {
      const i = this.source[d];
      const g = index.sentenceStart[i] + this.sentence[d];
      const from = firstAtOrAfter(index.sourceStart[i], index.sourceStart[i + 1], bounds[2 * g]);
      this.tokenFrom[d] = from;
      this.tokenTo[d] = firstAtOrAfter(from, index.sourceStart[i + 1], bounds[2 * g + 1]);
    }
    // Word → dated sentences: count, then fill, each sentence once per word (one sequential pass
    // each over the dated sentences' tokens: cheaper than the words' postings once a draft asks
    // for more than a few hundred words).
    const vocabSize = index.vocab.size;
    const ids = index.ids;
    const last = new Int32Array(vocabSize).fill(-1);
    const wordStart = new Int32Array(vocabSize + 1);
    for (let d = 0; d < count; d++) {
      for (let t = this.tokenFrom[d]; t < this.tokenTo[d]; t++) {
        const w = ids[t];
        if (last[w] === d) continue;
        last[w] = d;
        wordStart[w + 1]++;
      }
    }
    for (let w = 0; w < vocabSize; w++) wordStart[w + 1] += wordStart[w];
    const byWord = new Int32Array(wordStart[vocabSize]);
    const fill = wordStart.slice(0, vocabSize);
    last.fill(-1);
    for (let d = 0; d < count; d++) {
      for (let t = this.tokenFrom[d]; t < this.tokenTo[d]; t++) {
        const w = ids[t];
        if (last[w] === d) continue;
        last[w] = d;
        byWord[fill[w]++] = d;
      }
    }
    this.wordStart = wordStart;
    this.byWord = byWord;
    this.stemFrom = new Int32Array(totalRows).fill(-1);
    this.stemTo = new Int32Array(totalRows);
  }

  /** The dated sentences word `id` occurs in, ascending, each once (shared, not copied). */
  sentencesWith(id: number): Int32Array {
    return this.byWord.subarray(this.wordStart[id], this.wordStart[id + 1]);
  }

  /** In how many dated sentences word `id` occurs. */
  frequency(id: number): number {
    return this.wordStart[id + 1] - this.wordStart[id];
  }

  /**
   * Works out the stems of the dated sentences from `d` on that are not known yet, up to `rows`
   * rows' worth; returns the dated sentence to go on from (`count` when all are known).
   */
  readStemsFrom(d: number, rows: number): number {
    let done = 0;
    for (; d < this.count && done < rows; d++) {
      if (this.stemFrom[this.rowFrom[d]] >= 0) continue;
      this.readStems(d);
      done += this.rowTo[d] - this.rowFrom[d];
    }
    return d;
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
