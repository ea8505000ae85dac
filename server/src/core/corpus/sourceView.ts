// A source as the index holds it: its head, and the rest made from the index's arrays and tables
// when a check asks. This is where the tables of the checks that read sources' quotations and
// dates are decoded into the plain objects of `PreparedSource` (the simple path's shape).
import type { Quote } from '../quotes/extract';
import { decodeQuotes, QUOTATIONS_TABLE } from '../quotes/table';
import { DATE_FIELDS, DATELINES_TABLE, DATES_TABLE, decodeDate, decodeDateline, type StoredDate } from '../dates/stored';
import type { Dateline } from '../dates/anchor';
import type { Span } from '../text/markdown';
import type { Token } from '../text/tokens';
import type { CorpusIndex } from './index';
import type { PreparedSource, SourceHead } from './source';

export class IndexedSource implements PreparedSource {
  readonly id: string;
  readonly meta: SourceHead['meta'];
  readonly bodyStart: number;

  constructor(
    private readonly index: CorpusIndex,
    private readonly n: number,
    private readonly head: SourceHead,
  ) {
    this.id = head.id;
    this.meta = head.meta;
    this.bodyStart = head.bodyStart;
  }

  /** The head's text (an adapter may decode it only when first asked for). */
  get text(): string {
    return this.head.text;
  }

  get tokens(): Token[] {
    return this.index.tokensOf(this.n);
  }

  get sentences(): Span[] {
    return this.index.sentencesOf(this.n);
  }

  get dateline(): Dateline | undefined {
    return decodeDateline(this.index.rows(DATELINES_TABLE, this.n));
  }

  get dates(): StoredDate[] {
    const rows = this.index.rows(DATES_TABLE, this.n);
    const out: StoredDate[] = [];
    for (let k = 0; k < rows.length / DATE_FIELDS; k++) out.push(decodeDate(rows, k, this.text));
    return out;
  }

  get quotes(): Quote[] {
    return decodeQuotes(this.index.rows(QUOTATIONS_TABLE, this.n));
  }
}
