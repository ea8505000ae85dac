// Plain data shared by every part of the checking core. No LSP types, no I/O.
// Offsets are UTF-16 code units into the raw text (JavaScript string indices); ranges are half-open.

export type Severity = 'error' | 'warning' | 'information' | 'hint' | 'none';

// Kinds and statuses come from the check modules (checks/registry.ts): a status belongs to its kind.
import type { FindingKind, StatusOf } from './checks/registry';
export type { FindingKind, StatusOf };
export type QuoteStatus = StatusOf<'quote'>;
export type DateStatus = StatusOf<'date'>;
export type AttributionStatus = StatusOf<'attribution'>;

/** What a source says about itself. Only what the text shows; absent stays undefined. */
export interface SourceMeta {
  title?: string;
  outlet?: string;
  authors?: string[];
  /** ISO date (YYYY-MM-DD) of publication. */
  date?: string;
  url?: string;
  /** The archive's own id for the article (a JSON Lines line's `id`), where it gives one. */
  ref?: string;
}

/** A source article as handed to the core: its identity, its raw text and its metadata. */
export interface SourceInput {
  /** Stable identity (a path or URI): what adapters use to open the source. */
  id: string;
  /** The full raw file text, front matter included (offsets refer to it). */
  text: string;
  /** Metadata from a manifest, if the adapter has one; front matter in `text` is read by the core. */
  meta?: SourceMeta;
  /** File name without extension: the title when nothing else gives one. */
  fallbackTitle: string;
}

export interface DraftInput {
  text: string;
  /** 'markdown' or 'plaintext' (anything else is treated as plain text). */
  languageId: string;
  /** The draft's own date (ISO) if the adapter knows it (CLI --date, setting). */
  date?: string;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** One word of a wording comparison: kept, removed from the draft, or added by the source. */
export interface DiffPart {
  op: 'same' | 'removed' | 'added';
  text: string;
}

/** A place in a source that bears on a finding. */
export interface SourceMatch {
  sourceId: string;
  /** The matched passage in the source's raw text. */
  start: number;
  end: number;
  /** The sentence (or sentences) around the passage, raw offsets. */
  contextStart: number;
  contextEnd: number;
  /** The source's wording of the passage (raw text of start..end). */
  wording: string;
  /** Draft wording compared with the source wording, word by word (altered quotes, variants). */
  diff?: DiffPart[];
  /** A verified quotation's other version: this source words it differently (not a match). */
  variant?: boolean;
  /** An unsupported quotation's closest passage: not evidence enough to be its origin. */
  closest?: boolean;
  /** Who says it, according to this source. */
  speaker?: string;
  /** For dates: the date this source gives; for numbers: its figure. */
  value?: string;
}

/** A finding of kind K: its status is one of K's. */
export type FindingOf<K extends FindingKind> = FindingFields & { kind: K; status: StatusOf<K> };
export type Finding = { [K in FindingKind]: FindingOf<K> }[FindingKind];
export type Status = Finding['status'];

interface FindingFields {
  severity: Severity;
  /** The span in the draft this finding is about (for quotes: the quotation without its marks). */
  start: number;
  end: number;
  /** The draft's text of the span. */
  text: string;
  message: string;
  sources: SourceMatch[];
  fixes: Fix[];
  /** altered quotes: the closest source wording. */
  suggestion?: string;
  /** dates: ISO value of the draft's date; numbers: the draft's figure; attribution: unused. */
  value?: string;
  /** dates: the sources' value; attribution: the sources' speaker. */
  expected?: string;
  /** attribution: the draft's speaker. */
  speaker?: string;
  /** Free-form lines shown in hovers (e.g. how a date was resolved). */
  notes?: string[];
}

/** A problem with the input itself (not a finding about the writing). */
export interface InputProblem {
  message: string;
}
