// The user settings (`corroborate.*`) and how they map to the core's CheckConfig.
// package.json's contributes.configuration must list exactly these (a test checks it).
import { resolveConfig, SETTING_KEYS, type CheckConfig } from '../core/index';
import { cleanFieldMap, type FieldMap } from '../node/formats/fields';

export interface Settings {
  corpus: { paths: string[]; includeBundled: boolean; watch: boolean; maxFiles: number; maxMegabytes: number; jsonlFields: FieldMap; database: string };
  check: Partial<CheckConfig>;
}

export const DEFAULT_SETTINGS: Settings = {
  corpus: { paths: [], includeBundled: true, watch: true, maxFiles: 50_000, maxMegabytes: 1024, jsonlFields: {}, database: '' },
  check: {},
};

/** Settings keys under `corroborate.check.` — the CheckConfig fields a user may set (from the check modules). */
export const CHECK_SETTING_KEYS: readonly (keyof CheckConfig)[] = SETTING_KEYS;

/** Reads the `corroborate` section as a client returns it (untrusted shape). */
export function readSettings(raw: unknown): { settings: Settings; config: CheckConfig } {
  const obj = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const corpus = (obj.corpus && typeof obj.corpus === 'object' ? obj.corpus : {}) as Record<string, unknown>;
  const check = (obj.check && typeof obj.check === 'object' ? obj.check : {}) as Record<string, unknown>;
  const paths = Array.isArray(corpus.paths) ? corpus.paths.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
  const includeBundled = typeof corpus.includeBundled === 'boolean' ? corpus.includeBundled : true;
  const watch = typeof corpus.watch === 'boolean' ? corpus.watch : true;
  const positive = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : d);
  const maxFiles = positive(corpus.maxFiles, DEFAULT_SETTINGS.corpus.maxFiles);
  const maxMegabytes = positive(corpus.maxMegabytes, DEFAULT_SETTINGS.corpus.maxMegabytes);
  const jsonlFields = cleanFieldMap(corpus.jsonlFields);
  const database = typeof corpus.database === 'string' ? corpus.database.trim() : '';
  const config = resolveConfig(check as Partial<Record<keyof CheckConfig, unknown>>);
  return { settings: { corpus: { paths, includeBundled, watch, maxFiles, maxMegabytes, jsonlFields, database }, check: config }, config };
}
