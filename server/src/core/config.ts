// Typed configuration over frozen defaults. Resolved per document by the adapters;
// package.json's contributes.configuration mirrors `SETTINGS` (a test checks they agree).
import type { Severity } from './types';

export interface CheckConfig {
  /** Severity of a quote no source contains. */
  unsupportedQuoteSeverity: Severity;
  /** Severity of an unsupported quote of at most `shortQuoteWords` words (usually scare quotes). */
  shortUnsupportedQuoteSeverity: Severity;
  shortQuoteWords: number;
  /** Severity of a quote whose words differ from its source. */
  alteredQuoteSeverity: Severity;
  /** Severity of a date the sources give differently. */
  dateMismatchSeverity: Severity;
  /** Severity of a date no source reports. */
  dateUnsupportedSeverity: Severity;
  /** Severity of a date that contradicts itself. */
  dateInconsistentSeverity: Severity;
  /** Severity of a quote given to the wrong speaker. */
  misattributedSeverity: Severity;
  /** Severity of a figure the sources give differently. */
  numberMismatchSeverity: Severity;
  /** Severity of a figure no source gives. */
  numberUnsupportedSeverity: Severity;
  /** Check dates at all. */
  checkDates: boolean;
  /** Check speakers at all. */
  checkAttribution: boolean;
  /** Check figures at all. */
  checkNumbers: boolean;
  /** The draft's own date (ISO), when neither the draft nor the adapter gives one. */
  draftDate?: string;
}

export const DEFAULT_CONFIG: Readonly<CheckConfig> = Object.freeze({
  unsupportedQuoteSeverity: 'warning',
  shortUnsupportedQuoteSeverity: 'information',
  shortQuoteWords: 2,
  alteredQuoteSeverity: 'warning',
  dateMismatchSeverity: 'warning',
  dateUnsupportedSeverity: 'information',
  dateInconsistentSeverity: 'error',
  misattributedSeverity: 'warning',
  numberMismatchSeverity: 'warning',
  numberUnsupportedSeverity: 'information',
  checkDates: true,
  checkAttribution: true,
  checkNumbers: true,
});

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
