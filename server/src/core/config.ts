// Typed configuration over frozen defaults, made from the check modules' settings. Resolved per
// document by the adapters; package.json's contributes.configuration mirrors `SETTING_KEYS` (a
// test checks they agree).
import type { Severity } from './types';
import { checkSettingSpecs, type CheckSettings } from './checks/registry';

/** Every check's settings (checks/registry.ts), and the draft's date. */
export type CheckConfig = CheckSettings & {
  /** The draft's own date (ISO), when neither the draft nor the adapter gives one. */
  draftDate?: string;
};

/** Settings of the core itself (not of one check), after the checks' in `SETTING_KEYS`. */
const CORE_SETTINGS = ['draftDate'] as const;

function defaults(): CheckConfig {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of checkSettingSpecs()) {
    if (key in out) throw new Error(`two checks declare the setting ${key}`);
    out[key] = spec.default;
  }
  return out as CheckConfig;
}

export const DEFAULT_CONFIG: Readonly<CheckConfig> = Object.freeze(defaults());

/** Settings keys under `corroborate.check.`: every check's, then the core's. */
export const SETTING_KEYS: readonly (keyof CheckConfig)[] = [...checkSettingSpecs().map(([k]) => k as keyof CheckConfig), ...CORE_SETTINGS];

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint', 'none'];

/** Merges user values over the defaults, ignoring values of the wrong type. */
export function resolveConfig(user: Partial<Record<keyof CheckConfig, unknown>> | undefined): CheckConfig {
  const out: CheckConfig = { ...DEFAULT_CONFIG };
  if (!user) return out;
  for (const key of Object.keys(DEFAULT_CONFIG) as (keyof CheckConfig)[]) {
    const value = user[key];
    const def = DEFAULT_CONFIG[key];
    if (value === undefined || value === null) continue;
    if (typeof def === 'string' && typeof value === 'string' && SEVERITIES.includes(value as Severity)) {
      (out as unknown as Record<string, unknown>)[key] = value;
    } else if (typeof def === typeof value && typeof value !== 'string') {
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  if (typeof user.draftDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(user.draftDate)) out.draftDate = user.draftDate;
  return out;
}
