// Words with their raw offsets. The words decide every match: typography (quote and dash style,
// white space, line breaks, letter case, punctuation, the `#` of a hashtag, accents) is normalised
// away here and nowhere else.

export interface Token {
  /** Normalised word: lower case, no accents, straight apostrophes, no dots in abbreviations. */
  norm: string;
  /** Raw offsets of the word in the text it came from. */
  start: number;
  end: number;
}

// Order matters: dotted abbreviations (U.S., a.m.) and numbers with separators (5,000; 3.5)
// before plain words with inner apostrophes (don't, Iran's).
const WORD = /(?:\p{L}\.){2,}(?!\p{L})|\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}\p{M}]+(?:['’ʼ][\p{L}\p{N}\p{M}]+)*/gu;
/** The word pattern, for scanners that need offsets only (the corpus index); flags 'gu'. */
export const WORD_SOURCE = WORD.source;

/** Words of ASCII letters and digits only: lower case is all normalising does to them. */
const PLAIN = /^[A-Za-z0-9]+$/;

export function normalizeWord(raw: string): string {
  if (PLAIN.test(raw)) return raw.toLowerCase();
  let w = raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  w = w.replace(/[’ʼ]/g, "'");
  if (/^(?:\p{L}\.){2,}$/u.test(w)) w = w.replace(/\./g, '');
  else if (/^\p{N}/u.test(w)) w = w.replace(/,/g, '');
  return w;
}

/** Tokenises `text[from, to)`. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (end > to) {
      if (start < to) {
        const cut = text.slice(start, to);
        const inner = cut.match(new RegExp(WORD.source, 'u'));
        if (inner && inner.index === 0) out.push({ norm: normalizeWord(inner[0]), start, end: start + inner[0].length });
      }
      break;
    }
    out.push({ norm: normalizeWord(m[0]), start, end });
  }
  return out;
}

/** The normalised words of a string, for comparisons and keys. */
export function words(text: string): string[] {
  return tokenize(text).map((t) => t.norm);
}
