// The corpus's words and their ids. Two forms: a list of words with a Map (an index built here),
// and the persisted form read in place (a persisted index): the words as one '\n'-joined UTF-8
// text and an open-addressing table of their ids by a hash of their bytes, written with the index.
// Looking a word up in place needs neither the 90,000 strings of the archive's vocabulary nor a
// Map of them, which took ~47 ms and ~8 MB of heap of a one-draft check (ARCHITECTURE.md, What a warm
// check costs); a word's string is made when it is first asked for.

export interface Vocabulary {
  /** How many words (ids are 0 … size − 1). */
  readonly size: number;
  /** The word's id, or undefined. */
  get(word: string): number | undefined;
  /** Word `id`. */
  word(id: number): string;
  /** Every word, in id order (persisting and merging an index). */
  all(): string[];
}

/** A vocabulary from its list of words. */
export class ListVocabulary implements Vocabulary {
  private readonly ids = new Map<string, number>();

  constructor(private readonly words: string[]) {
    words.forEach((w, i) => this.ids.set(w, i));
  }

  get size(): number {
    return this.words.length;
  }

  get(word: string): number | undefined {
    return this.ids.get(word);
  }

  word(id: number): string {
    return this.words[id];
  }

  all(): string[] {
    return this.words;
  }
}

/** FNV-1a (32 bits) of bytes [from, to). */
function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** The table's length for `words` words: a power of two at least twice as many. */
export function hashSlots(words: number): number {
  let n = 16;
  while (n < 2 * words) n *= 2;
  return n;
}

/** Where each word of a '\n'-joined text begins (length words + 1; the last is the text's length + 1). */
function offsetsOf(bytes: Uint8Array, words: number): Int32Array | undefined {
  const at = new Int32Array(words + 1);
  let w = 1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    if (w >= words) return undefined;
    at[w++] = i + 1;
  }
  if (words === 0) return bytes.length === 0 ? at : undefined;
  if (w !== words) return undefined;
  at[words] = bytes.length + 1;
  return at;
}

/** The hash table of a '\n'-joined vocabulary (what the index's writer persists): slot → id, or -1. */
export function vocabularyTable(bytes: Uint8Array, words: number): Int32Array {
  const at = offsetsOf(bytes, words);
  if (!at) throw new Error('the vocabulary text does not hold its words');
  const slots = hashSlots(words);
  const table = new Int32Array(slots).fill(-1);
  const mask = slots - 1;
  for (let id = 0; id < words; id++) {
    let s = hashOf(bytes, at[id], at[id + 1] - 1) & mask;
    while (table[s] >= 0) s = (s + 1) & mask;
    table[s] = id;
  }
  return table;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A persisted vocabulary read in place: `bytes` the words '\n'-joined in UTF-8, `table()` their
 * hash table (vocabularyTable), given when first needed. `fail` is called when they do not agree
 * in shape (a word count the text does not hold; a table that is not each id once), which a
 * persisted index turns into a rebuild. A table of the right shape with ids in wrong slots (which
 * the index's block checksums make as unlikely as any other corruption) could only make a word
 * not found: a found word is compared byte for byte.
 */
export class PersistedVocabulary implements Vocabulary {
  private at?: Int32Array;
  private slots?: Int32Array;
  private readonly made: (string | undefined)[];
  private scratch = new Uint8Array(256);
  private list?: string[];

  constructor(
    private readonly bytes: Uint8Array,
    readonly size: number,
    private readonly table: () => Int32Array,
    private readonly fail: (reason: string) => never,
  ) {
    this.made = new Array<string | undefined>(size);
  }

  private offsets(): Int32Array {
    return (this.at ??= offsetsOf(this.bytes, this.size) ?? this.fail('inconsistent vocabulary'));
  }

  private hashTable(): Int32Array {
    if (this.slots) return this.slots;
    const t = this.table();
    if (t.length !== hashSlots(this.size)) this.fail('bad vocabulary table');
    const seen = new Uint8Array(this.size);
    let filled = 0;
    for (let s = 0; s < t.length; s++) {
      const id = t[s];
      if (id === -1) continue;
      if (id < 0 || id >= this.size || seen[id]) this.fail('bad vocabulary table');
      seen[id] = 1;
      filled++;
    }
    if (filled !== this.size) this.fail('bad vocabulary table');
    return (this.slots = t);
  }

  get(word: string): number | undefined {
    if (this.size === 0) return undefined;
    const at = this.offsets();
    const table = this.hashTable();
    if (this.scratch.length < 3 * word.length) this.scratch = new Uint8Array(3 * word.length);
    const n = encoder.encodeInto(word, this.scratch).written;
    const q = this.scratch;
    const mask = table.length - 1;
    const bytes = this.bytes;
    for (let s = hashOf(q, 0, n) & mask; ; s = (s + 1) & mask) {
      const id = table[s];
      if (id < 0) return undefined;
      const from = at[id];
      if (at[id + 1] - 1 - from !== n) continue;
      let i = 0;
      while (i < n && bytes[from + i] === q[i]) i++;
      if (i === n) return id;
    }
  }

  word(id: number): string {
    const known = this.made[id];
    if (known !== undefined) return known;
    const at = this.offsets();
    return (this.made[id] = decoder.decode(this.bytes.subarray(at[id], at[id + 1] - 1)));
  }

  /** Checks the text and the table now (a persisted index read whole checks everything as it loads). */
  verify(): void {
    this.offsets();
    if (this.size) this.hashTable();
  }

  all(): string[] {
    if (this.list) return this.list;
    const out = new Array<string>(this.size);
    for (let id = 0; id < this.size; id++) out[id] = this.word(id);
    return (this.list = out);
  }
}
