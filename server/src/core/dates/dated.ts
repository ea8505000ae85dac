// The corpus's dated sentences and their lists (for dates/sources.ts): which sentences hold a
// date, their tokens and rows, the word → dated sentences lists, each date's event stems.
import type { CorpusIndex } from '../corpus/index';
import { nearestDate, rangeJoin } from './eventWords';
import { dateSentence, DATE_FIELDS, DATES_TABLE } from './stored';

/** What `stemNumber` gives a word that is no event word. */
export const NOT_AN_EVENT_WORD = -2;

/**
 * The corpus's sentences that hold dates, numbered 0… in corpus order: each one's source, its
 * number in the source, its tokens (global positions, half-open) and its date rows (global: the
 * index's rows of all sources, in order); per word, the dated sentences it occurs in (ascending,
 * each once); per date row, the stems of its event words (dates/eventWords.ts: the words of its
 * sentence nearest to it, each stem once), as stem numbers.
 */
export interface DatedSentences {
  count: number;
  source: Int32Array;
  sentence: Int32Array;
  tokenFrom: Int32Array;
  tokenTo: Int32Array;
  rowFrom: Int32Array;
  rowTo: Int32Array;
  wordStart: Int32Array;
  byWord: Int32Array;
  stemStart: Int32Array;
  stems: Int32Array;
}

/** Builds the lists in one pass over the dated sentences' tokens; `stemNumber` numbers event stems. */
export function datedSentences(index: CorpusIndex, stemNumber: (id: number) => number): DatedSentences {
  const { rows, start: dateStart } = index.table(DATES_TABLE);
  const totalRows = rows.length / DATE_FIELDS;
  // Dated sentences in corpus order: runs of rows with the same source and sentence.
  const source = new Int32Array(totalRows);
  const sentence = new Int32Array(totalRows);
  const rowFrom = new Int32Array(totalRows);
  const rowTo = new Int32Array(totalRows);
  let count = 0;
  for (let i = 0; i < index.sources.length; i++) {
    const base = dateStart[i];
    for (let n = base; n < dateStart[i + 1]; n++) {
      const k = dateSentence(rows, n);
      if (count > 0 && source[count - 1] === i && sentence[count - 1] === k) {
        rowTo[count - 1] = n + 1;
        continue;
      }
      source[count] = i;
      sentence[count] = k;
      rowFrom[count] = n;
      rowTo[count] = n + 1;
      count++;
    }
  }
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
    const i = source[d];
    const g = index.sentenceStart[i] + sentence[d];
    const from = firstAtOrAfter(index.sourceStart[i], index.sourceStart[i + 1], bounds[2 * g]);
    tokenFrom[d] = from;
    tokenTo[d] = firstAtOrAfter(from, index.sourceStart[i + 1], bounds[2 * g + 1]);
  }
  // Word → dated sentences (compressed rows): count, then fill, each sentence once per word.
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
  // Each date's event words, as stems: the words of its sentence nearest to it.
  const stemStart = new Int32Array(totalRows + 1);
  let stems = new Int32Array(Math.max(1024, totalRows * 8));
  let nStems = 0;
  const spans: { start: number; end: number }[] = [];
  for (let d = 0; d < count; d++) {
    spans.length = 0;
    for (let n = rowFrom[d]; n < rowTo[d]; n++) spans.push({ start: rows[n * DATE_FIELDS + 1], end: rows[n * DATE_FIELDS + 2] });
    // Stems per date of the sentence, each once (a small list per date).
    const perDate: number[][] = spans.map(() => []);
    for (let t = tokenFrom[d]; t < tokenTo[d]; t++) {
      const st = stemNumber(ids[t]);
      if (st === NOT_AN_EVENT_WORD) continue;
      const best = nearestDate(spans, index.starts[t], index.endOf(t));
      if (best >= 0 && !perDate[best].includes(st)) perDate[best].push(st);
    }
    // The two ends of a range date one event (as eventWordsOf does for the draft).
    if (spans.length > 1) {
      const sentenceTokens = { *[Symbol.iterator]() { for (let t = tokenFrom[d]; t < tokenTo[d]; t++) yield { start: index.starts[t], end: index.endOf(t), id: ids[t] }; } };
      for (let j = 0; j + 1 < spans.length; j++) {
        if (!rangeJoin(sentenceTokens, spans[j], spans[j + 1], (t) => index.word(t.id))) continue;
        const merged = [...new Set([...perDate[j], ...perDate[j + 1]])];
        perDate[j] = merged;
        perDate[j + 1] = [...merged];
      }
    }
    perDate.forEach((list, j) => {
      const n = rowFrom[d] + j;
      stemStart[n] = nStems;
      if (nStems + list.length > stems.length) {
        const grown = new Int32Array(Math.max(stems.length * 2, nStems + list.length));
        grown.set(stems.subarray(0, nStems));
        stems = grown;
      }
      for (const st of list) stems[nStems++] = st;
    });
  }
  stemStart[totalRows] = nStems;
  return {
    count,
    source: source.slice(0, count),
    sentence: sentence.slice(0, count),
    tokenFrom,
    tokenTo,
    rowFrom: rowFrom.slice(0, count),
    rowTo: rowTo.slice(0, count),
    wordStart,
    byWord,
    stemStart,
    stems: stems.slice(0, nStems),
  };
}
