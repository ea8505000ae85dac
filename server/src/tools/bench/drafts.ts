// Drafts for the bench, generated from the corpus with a seeded generator: prose made of real
// source sentences, quotations of real source passages (some altered: a word substituted, deleted,
// inserted, two words swapped) and quotations no source has (words from unrelated sentences), plus
// dates in the prose. Each quotation's expected status is known by construction.
import type { CorpusIndex } from '../../core/corpus/index';
import { tokenize } from '../../core/text/tokens';
import type { Random } from './random';

export type Expected = 'verified' | 'altered' | 'unsupported';

export interface LabelledQuote {
  /** The quotation's words in the draft (without marks). */
  start: number;
  end: number;
  text: string;
  expected: Expected;
  /** How an altered quote was changed. */
  change?: string;
}

export interface Draft {
  text: string;
  languageId: string;
  words: number;
  quotes: LabelledQuote[];
  dates: number;
}

// Sentences with quote marks, brackets or Markdown syntax would add quotations or structure the
// draft does not label; they are not used.
const UNSAFE = /["“”‘’«»‹›[\]<>*_`|#\\~]|\.\.\.|…|(?<![\p{L}\p{N}])'|'(?![\p{L}\p{N}])/u;

const NAMES = ['Ms Alvarez', 'Mr Okafor', 'the minister', 'a spokesman', 'Dr Lindqvist', 'the chairman', 'an official', 'Mrs Tanaka', 'the analyst', 'Mr Brennan'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

interface Passage {
  source: number;
  text: string;
  words: { raw: string; norm: string; sep: string }[];
}

export class DraftGenerator {
  constructor(
    private readonly index: CorpusIndex,
    private readonly rng: Random,
  ) {}

  /** A clean sentence of a random source, as words with the separators before them. */
  private sentence(minWords: number): Passage {
    for (;;) {
      const si = this.rng.int(0, this.index.sources.length - 1);
      const src = this.index.sources[si];
      if (src.sentences.length === 0) continue;
      const sent = this.rng.pick(src.sentences);
      const raw = src.text.slice(sent.start, sent.end).replace(/\s+/g, ' ');
      if (UNSAFE.test(raw) || !/^\p{Lu}/u.test(raw) || !/[.!?]$/.test(raw)) continue;
      const toks = tokenize(raw);
      if (toks.length < minWords || toks.length > 45) continue;
      const words = toks.map((t, k) => ({ raw: raw.slice(t.start, t.end), norm: t.norm, sep: k === 0 ? '' : raw.slice(toks[k - 1].end, t.start) }));
      return { source: si, text: raw, words };
    }
  }

  private join(words: Passage['words']): string {
    return words.map((w, k) => (k === 0 ? w.raw : w.sep + w.raw)).join('');
  }

  private inCorpus(text: string): boolean {
    const ids = tokenize(text).map((t) => this.index.idOf(t.norm));
    return this.index.findPhrase(ids).length > 0;
  }

  /** A stretch of 6 to 16 words of a real sentence. */
  private verbatim(): { words: Passage['words']; source: number } {
    const p = this.sentence(8);
    const len = this.rng.int(6, Math.min(16, p.words.length));
    const from = this.rng.int(0, p.words.length - len);
    return { words: p.words.slice(from, from + len), source: p.source };
  }

  private otherWord(not: string): string {
    for (;;) {
      const w = this.rng.pick(this.sentence(4).words);
      if (w.norm !== not && /^\p{Ll}+$/u.test(w.raw) && w.raw.length > 2) return w.raw;
    }
  }

  private quote(expected: Expected): { text: string; change?: string } {
    for (let attempt = 0; attempt < 50; attempt++) {
      if (expected === 'verified') return { text: this.join(this.verbatim().words) };
      if (expected === 'unsupported') {
        const n = this.rng.int(7, 13);
        const words: Passage['words'] = [];
        while (words.length < n) {
          const w = this.rng.pick(this.sentence(4).words);
          words.push({ ...w, sep: words.length ? ' ' : '' });
        }
        const text = this.join(words);
        if (!this.inCorpus(text)) return { text };
        continue;
      }
      const words = this.verbatim().words.map((w) => ({ ...w }));
      const i = this.rng.int(1, words.length - 2);
      const change = this.rng.pick(['substitute', 'delete', 'insert', 'swap']);
      if (change === 'substitute') words[i] = { ...words[i], raw: this.otherWord(words[i].norm) };
      else if (change === 'delete') words.splice(i, 1);
      else if (change === 'insert') words.splice(i, 0, { raw: this.otherWord(''), norm: '', sep: ' ' });
      else {
        if (words[i].norm === words[i + 1].norm) continue;
        [words[i].raw, words[i + 1].raw] = [words[i + 1].raw, words[i].raw];
      }
      const text = this.join(words);
      if (!this.inCorpus(text)) return { text, change };
    }
    throw new Error('could not generate a quotation');
  }

  private date(): string {
    const r = this.rng;
    const year = r.int(1985, 2016);
    const forms = [
      () => `on ${r.pick(WEEKDAYS)}`,
      () => `on ${r.pick(MONTHS)} ${r.int(1, 28)}, ${year}`,
      () => `in ${r.pick(MONTHS)} ${year}`,
      () => `on ${r.int(1, 28)} ${r.pick(MONTHS)}`,
      () => `last ${r.pick(WEEKDAYS)}`,
      () => `in ${year}`,
    ];
    return r.pick(forms)();
  }

  /**
   * A Markdown draft of about `words` words with a quotation every `wordsPerQuote` words and a date
   * every `wordsPerDate` words (defaults: 40 quotes and 30 dates in 3,000 words).
   */
  draft(words: number, wordsPerQuote = 75, wordsPerDate = 100): Draft {
    const head = `---\ntitle: Bench draft\ndate: 2016-11-08\n---\n\n# Bench draft of ${words} words\n\n`;
    let text = head;
    let count = 0;
    let nextQuote = wordsPerQuote / 2;
    let nextDate = wordsPerDate / 2;
    const quotes: LabelledQuote[] = [];
    let dates = 0;
    while (count < words) {
      const parts: string[] = [];
      const sentences = this.rng.int(2, 4);
      let para = '';
      for (let s = 0; s < sentences && count < words; s++) {
        if (count >= nextQuote) {
          nextQuote += wordsPerQuote;
          const roll = this.rng.next();
          const expected: Expected = roll < 0.5 ? 'verified' : roll < 0.8 ? 'altered' : 'unsupported';
          const q = this.quote(expected);
          const who = this.rng.pick(NAMES);
          const lead = `${who.charAt(0).toUpperCase()}${who.slice(1)} said: “`;
          const at = text.length + para.length + (para ? 1 : 0) + lead.length;
          quotes.push({ start: at, end: at + q.text.length, text: q.text, expected, change: q.change });
          parts.push(`${lead}${q.text}.”`);
          para = parts.join(' ');
          count += tokenize(q.text).length + 2;
          continue;
        }
        if (count >= nextDate) {
          nextDate += wordsPerDate;
          dates++;
          const sentence = `The figures were published ${this.date()}.`;
          parts.push(sentence);
          para = parts.join(' ');
          count += sentence.split(' ').length;
          continue;
        }
        const p = this.sentence(6);
        parts.push(p.text);
        para = parts.join(' ');
        count += p.words.length;
      }
      text += para + '\n\n';
    }
    return { text, languageId: 'markdown', words: count, quotes, dates };
  }
}
