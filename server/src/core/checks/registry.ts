// Every check, in the order they run. Adding a check: a module (checks/contract.ts) in its own
// folder or file, one entry here, its settings in package.json (test/settings.test.ts checks
// them against this list) and its fixtures. Everything that names checks is derived from here:
// finding kinds and statuses (types.ts), settings and defaults (config.ts, shared/settings.ts),
// hover titles, the evaluation tool's kinds, the persisted index's tables.
import type { CheckModule, SettingSpec, SettingValue } from './contract';
import type { CorpusTable, SourceTable } from '../corpus/tables';
import { quoteCheck } from './quotes/module';
import { dateCheck } from './dates/module';
import { attributionCheck } from './attribution';
import { numberCheck } from '../numbers/module';

export const CHECKS = [quoteCheck, dateCheck, numberCheck, attributionCheck] as const;

type Module = (typeof CHECKS)[number];

/** A finding's kind: one per check. */
export type FindingKind = Module['kind'];
/** The statuses a finding of kind K can have. */
export type StatusOf<K extends FindingKind> = Extract<Module, { kind: K }>['statuses'][number];

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type SettingsOf<M> = M extends CheckModule<string, string, infer C> ? { [k in keyof C]: SettingValue<C[k]> } : never;
/** Every check's settings with their value types. */
export type CheckSettings = UnionToIntersection<SettingsOf<Module>>;

/** Every check's settings in registry order (keys are unique across checks). */
export function checkSettingSpecs(): [string, SettingSpec][] {
  const out: [string, SettingSpec][] = [];
  for (const m of CHECKS as readonly CheckModule[]) for (const [key, spec] of Object.entries(m.settings)) out.push([key, spec]);
  return out;
}

/** Every per-source table the checks declare (corpus/tables.ts), each once, in registry order. */
export const SOURCE_TABLES: readonly SourceTable[] = [...new Set((CHECKS as readonly CheckModule[]).flatMap((m) => m.tables ?? []))];
/** Every corpus-wide table the checks declare (corpus/tables.ts), each once, in registry order. */
export const CORPUS_TABLES: readonly CorpusTable[] = [...new Set((CHECKS as readonly CheckModule[]).flatMap((m) => m.corpusTables ?? []))];
{
  const names = SOURCE_TABLES.map((t) => t.name);
  if (new Set(names).size !== names.length) throw new Error(`two source tables share a name: ${names.join(', ')}`);
  const corpus = CORPUS_TABLES.map((t) => t.name);
  if (new Set(corpus).size !== corpus.length) throw new Error(`two corpus tables share a name: ${corpus.join(', ')}`);
}

{
  // A rule's level is one of its module's severity settings, or a severity.
  const fixed = new Set(['error', 'warning', 'information', 'hint', 'none']);
  for (const m of CHECKS as readonly CheckModule[]) {
    for (const [status, rule] of Object.entries(m.presentation.rules as Record<string, { severity: string }>)) {
      const spec = (m.settings as Record<string, SettingSpec>)[rule.severity];
      if (!fixed.has(rule.severity) && spec?.type !== 'severity') throw new Error(`${m.kind} ${status}: ${rule.severity} is no severity setting of the check`);
    }
  }
}

/** A module by its finding kind. */
export function checkOfKind(kind: string): CheckModule | undefined {
  return (CHECKS as readonly CheckModule[]).find((m) => m.kind === kind);
}

/** Whether a finding of this kind and status claims what a source says (another wording, speaker, date or figure): its module's `eval.claims`. */
export function claimsOrigin(kind: string, status: string): boolean {
  return (checkOfKind(kind)?.eval.claims as readonly string[] | undefined)?.includes(status) ?? false;
}

/** The hover title of a finding's kind and status (undefined for one no module declares). */
export function hoverTitle(kind: string, status: string): string | undefined {
  const titles = checkOfKind(kind)?.titles as Record<string, string> | undefined;
  return titles && Object.prototype.hasOwnProperty.call(titles, status) ? titles[status] : undefined;
}
