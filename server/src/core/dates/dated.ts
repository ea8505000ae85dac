// The corpus's dated sentences and their lists (for dates/sources.ts): which sentences hold a
// date, their tokens and rows, the word → dated sentences lists; each date's event stems, worked
// out as the checks ask for them.
import type { CorpusIndex } from '../corpus/index';
import type { CorpusTable } from '../corpus/tables';
import { nearestDate, rangeJoin } from './eventWords';
import { dateSentence, DATE_FIELDS, DATES_TABLE } from './stored';

/** What `stemNumber` gives a word that is no event word. */
export const NOT_AN_EVENT_WORD = -2;

/**
 * The dated sentences' arrays, in corpus order: source, sentence (its number in the source),
 * tokenFrom, tokenTo, rowFrom, rowTo (each one per dated sentence), the dated sentence of each
 * date row, and per word the dated sentences it occurs in (wordStart: length words + 1; byWord).
 */
function buildDated(index: CorpusIndex): Int32Array[] {
  const { rows, start: dateStart } = index.table(DATES_TABLE);
  const totalRows = rows.length / DATE_FIELDS;
  // Dated sentences in corpus order: runs of rows with the same source and sentence.
  const source = new Int32Array(totalRows);
  const sentence = new Int32Array(totalRows);
  const rowFrom = new Int32Array(totalRows);
  const rowTo = new Int32Array(totalRows);
  const datedOfRow = new Int32Array(totalRows);
  let count = 0;
  for (let i = 0; i < index.sources.length; i++) {
    for (let n = dateStart[i]; n < dateStart[i + 1]; n++) {
      const k = dateSentence(rows, n);
      if (count > 0 && source[count - 1] === i && sentence[count - 1] === k) {
        rowTo[count - 1] = n + 1;
        datedOfRow[n] = count - 1;
        continue;
      }
      source[count] = i;
      sentence[count] = k;
      rowFrom[count] = n;
      rowTo[count] = n + 1;
      datedOfRow[n] = count;
      count++;
    }
  }
  const dSource = source.slice(0, count);
  const dSentence = sentence.slice(0, count);
  // Their tokens: those whose start lies in the sentence.
  const tokenFrom = new Int32Array(count);
  const tokenTo = new Int32Array(count);
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
    const i = dSource[d];
    const g = index.sentenceStart[i] + dSentence[d];
    const from = firstAtOrAfter(index.sourceStart[i], index.sourceStart[i + 1], bounds[2 * g]);
    tokenFrom[d] = from;
    tokenTo[d] = firstAtOrAfter(from, index.sourceStart[i + 1], bounds[2 * g + 1]);
  }
  // Word → dated sentences: count, then fill, each sentence once per word (one sequential pass
  // each over the dated sentences' tokens: cheaper than the words' postings once a draft asks
  // for more than a few hundred words).
  const vocabSize = index.vocab.size;
  const ids = index.ids;
  const last = new Int32Array(vocabSize).fill(-1);
  const wordStart = new Int32Array(vocabSize + 1);
  for (let d = 0; d < count; d++) {
    for (let t = tokenFrom[d]; t < tokenTo[d]; t++) {
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
    for (let t = tokenFrom[d]; t < tokenTo[d]; t++) {
      const w = ids[t];
      if (last[w] === d) continue;
      last[w] = d;
      byWord[fill[w]++] = d;
    }
  }
  return [dSource, dSentence, tokenFrom, tokenTo, rowFrom.slice(0, count), rowTo.slice(0, count), datedOfRow, wordStart, byWord];
}

/** Whether dated-sentence arrays read from a persisted index are those of `index` in shape (see DATED_TABLE). */
function validDated(a: readonly Int32Array[], index: CorpusIndex, whole: boolean): boolean {
  if (a.length !== 9) return false;
  const [source, sentence, tokenFrom, tokenTo, rowFrom, rowTo, datedOfRow, wordStart, byWord] = a;
  const count = source.length;
  const { rows, start: dateStart } = index.table(DATES_TABLE);
  const totalRows = rows.length / DATE_FIELDS;
  const words = index.vocab.size;
  if ([sentence, tokenFrom, tokenTo, rowFrom, rowTo].some((x) => x.length !== count) || datedOfRow.length !== totalRows || wordStart.length !== words + 1) return false;
  const sources = index.sources.length;
  const starts = index.starts;
  const bounds = index.sentenceBounds;
  let row = 0;
  for (let d = 0; d < count; d++) {
    const i = source[d];
    const k = sentence[d];
    if (!(i >= 0 && i < sources) || (d > 0 && i < source[d - 1])) return false;
    if (!(k >= 0 && k < index.sentenceStart[i + 1] - index.sentenceStart[i]) || (d > 0 && source[d - 1] === i && sentence[d - 1] === k)) return false;
    // Every row once, in order, each in its source's rows and of this sentence.
    if (rowFrom[d] !== row || !(rowTo[d] > row) || row < dateStart[i] || rowTo[d] > dateStart[i + 1]) return false;
    for (let n = row; n < rowTo[d]; n++) if (dateSentence(rows, n) !== k || datedOfRow[n] !== d) return false;
    row = rowTo[d];
    // The tokens are exactly those whose start lies in the sentence.
    const g = index.sentenceStart[i] + k;
    const lo = index.sourceStart[i];
    const hi = index.sourceStart[i + 1];
    const from = tokenFrom[d];
    const to = tokenTo[d];
    if (!(from >= lo && from <= to && to <= hi)) return false;
    if ((from > lo && starts[from - 1] >= bounds[2 * g]) || (from < hi && starts[from] < bounds[2 * g])) return false;
    if ((to > from && starts[to - 1] >= bounds[2 * g + 1]) || (to < hi && starts[to] < bounds[2 * g + 1])) return false;
  }
  if (row !== totalRows) return false;
  // Where each word's list begins; each list is checked when first read (listInShape), or now.
  if (wordStart[0] !== 0 || wordStart[words] !== byWord.length) return false;
  for (let w = 0; w < words; w++) {
    if (wordStart[w + 1] < wordStart[w]) return false;
    if (whole && !listInShape(byWord.subarray(wordStart[w], wordStart[w + 1]), count)) return false;
  }
  return true;
}

/**
 * Whether a word's dated sentences are ascending, each once, each a dated sentence. (Whether the
 * word is in each is not looked at: a wrong one can only add or drop a candidate, as a corrupt
 * block could, which the persisted index's block checksums catch.)
 */
function listInShape(list: Int32Array, count: number): boolean {
  let last = -1;
  for (let x = 0; x < list.length; x++) {
    const d = list[x];
    if (d <= last || d >= count) return false;
    last = d;
  }
  return true;
}

/** The dated sentences and their word lists as a corpus table: persisted with the index. */
export const DATED_TABLE: CorpusTable = { name: 'dated-sentences', build: buildDated, valid: validDated };

/**
 * The corpus's sentences that hold dates, numbered 0… in corpus order: each one's source, its
 * number in the source, its tokens (global positions, half-open) and its date rows (global: the
 * index's rows of all sources, in order), and per word the dated sentences it occurs in
 * (ascending, each once): made in passes over the date rows and the dated sentences' tokens when
 * the index is persisted (DATED_TABLE), and read back with it; built here for an index made in
 * memory. Per
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
  /** Persisted lists only: which words' lists are checked (listInShape). */
  private readonly listChecked?: Uint8Array;

  constructor(
    private readonly index: CorpusIndex,
    private readonly stemNumber: (id: number) => number,
  ) {
    // Persisted with the index (DATED_TABLE), each word's list checked when first read; else worked out now.
    const persisted = index.corpusTable(DATED_TABLE);
    const [source, sentence, tokenFrom, tokenTo, rowFrom, rowTo, datedOfRow, wordStart, byWord] = persisted ?? buildDated(index);
    if (persisted) this.listChecked = new Uint8Array(index.vocab.size);
    this.count = source.length;
    this.source = source;
    this.sentence = sentence;
    this.tokenFrom = tokenFrom;
    this.tokenTo = tokenTo;
    this.rowFrom = rowFrom;
    this.rowTo = rowTo;
    this.datedOfRow = datedOfRow;
    this.wordStart = wordStart;
    this.byWord = byWord;
    this.stemFrom = new Int32Array(datedOfRow.length).fill(-1);
    this.stemTo = new Int32Array(datedOfRow.length);
  }

  /** The dated sentences word `id` occurs in, ascending, each once (shared, not copied). */
  sentencesWith(id: number): Int32Array {
    const list = this.byWord.subarray(this.wordStart[id], this.wordStart[id + 1]);
    if (this.listChecked && !this.listChecked[id]) {
      if (!listInShape(list, this.count)) this.index.refuse(`inconsistent ${DATED_TABLE.name}`);
      this.listChecked[id] = 1;
    }
    return list;
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
