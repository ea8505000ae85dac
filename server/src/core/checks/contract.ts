// The contract of a check: what a module declares so that the core, the adapters and the tools
// can run it, configure it, title its hovers, evaluate it and persist what it reads from sources,
// without naming it anywhere else. registry.ts lists the modules; everything else is derived.
import type { Severity } from '../types';
import type { Check } from './context';
import type { CorpusIndex } from '../corpus/index';
import type { CorpusTable, SourceTable } from '../corpus/tables';

/** One user setting of a check (`corroborate.check.<key>`); package.json describes it for users. */
export type SettingSpec =
  | { readonly type: 'severity'; readonly default: Severity }
  | { readonly type: 'boolean'; readonly default: boolean }
  | { readonly type: 'number'; readonly default: number };

export const severity = (d: Severity) => ({ type: 'severity', default: d }) as const;
export const flag = (d: boolean) => ({ type: 'boolean', default: d }) as const;
export const count = (d: number) => ({ type: 'number', default: d }) as const;

/** The value type of a setting. */
export type SettingValue<S extends SettingSpec> = S extends { type: 'severity' } ? Severity : S extends { type: 'boolean' } ? boolean : number;

/** How `npm run eval` reads a check's labels and findings. */
export interface EvalKind<S extends string> {
  /** Labels of this kind name words inside quotation marks (found after an opening mark first). */
  readonly quoted: boolean;
  /** Statuses that claim something a source says (another wording, speaker, value): in an open
   * world with no source of the draft, each one is a false claim. */
  readonly claims: readonly S[];
  /** After a quick fix, a finding at the same place with this status means the fix did not work. */
  readonly unfixed: readonly S[];
}

/** A SARIF rule (and explanation) for one problem status of a check. */
export interface RuleText {
  /** PascalCase rule name ("AlteredQuotation"). */
  readonly name: string;
  readonly short: string;
  readonly full: string;
  readonly help: string;
  /** The severity setting that gives its level, or a fixed severity (registry.ts checks which). */
  readonly severity: string;
}

/** How the adapters show a check's findings: hover, review report, status bar, summary, SARIF. */
export interface Presentation<S extends string> {
  /** The kind's findings as a heading ("Quotations", "Figures"). */
  readonly heading: string;
  /** A codicon name for lists of kinds ("quote", "calendar"). */
  readonly icon: string;
  /** A status's short name in tallies and badges, where it is not the status itself ("other date"). */
  readonly statusNames?: { readonly [s in S]?: string };
  /** Statuses whose message says no more than the title: the hover shows the title alone. */
  readonly titleSays?: readonly S[];
  /** The status whose message says no more than the source's block when it is not the first finding at a place. */
  readonly quietSecond?: S;
  /** One rule per status that is a problem (every status but verified). */
  readonly rules: { readonly [s in Exclude<S, 'verified'>]: RuleText };
  /** The line under a source's passage for the value it gives (label "This source", text "15 September 2014"), if the check has values. */
  sourceValue?(sourceValue: string, draftValue: string | undefined): { label: string; text: string } | undefined;
}

/**
 * A check module. `K` is its finding kind (the JSON `kind`), `S` its statuses: a finding of kind K
 * can only carry a status of S (types.ts derives `Finding` from the registry).
 */
export interface CheckModule<K extends string = string, S extends string = string, C extends Record<string, SettingSpec> = Record<string, SettingSpec>> {
  readonly kind: K;
  /** The step's name (`Checker.checkInSteps` yields it) and the block store's key. */
  readonly name: string;
  readonly statuses: readonly S[];
  /** The hover's title for each status. */
  readonly titles: { readonly [s in S]: string };
  /** Its settings with their defaults (keys are global: two checks never share one). */
  readonly settings: C;
  /** The boolean setting that turns the check off, if it can be. */
  readonly enabledBy?: keyof C & string;
  /** What the check reads from each source once, when the source is indexed (persisted with the
   * index): tables of rows (corpus/tables.ts). A table may be shared: attribution reads the quote
   * check's quotations. */
  readonly tables?: readonly SourceTable[];
  /** What it works out once from the whole corpus, persisted with the index (corpus/tables.ts). */
  readonly corpusTables?: readonly CorpusTable[];
  readonly eval: EvalKind<S>;
  readonly presentation: Presentation<S>;
  /** The check over one corpus: called once per checker, so its caches live as long as the corpus. */
  create(index: CorpusIndex): Check;
}

/** Declares a module with its types inferred (statuses as literals). */
export function defineCheck<K extends string, S extends string, C extends Record<string, SettingSpec>>(m: CheckModule<K, S, C>): CheckModule<K, S, C> {
  return m;
}
