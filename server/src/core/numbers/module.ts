// The numbers check as a module of the registry (checks/contract.ts): its statuses, settings,
// titles and evaluation kind. The check itself is in check.ts.
import { defineCheck, flag, severity, type CheckModule } from '../checks/contract';
import { createNumberCheck } from './check';

const STATUSES = ['verified', 'mismatch', 'unsupported'] as const;
const SETTINGS = {
  /** Severity of a figure the sources give differently. */
  numberMismatchSeverity: severity('warning'),
  /** Severity of a figure no source gives. */
  numberUnsupportedSeverity: severity('information'),
  /** Check figures at all. */
  checkNumbers: flag(true),
} as const;

/** Figures: does each amount, count or share of the draft agree with what the sources give for the same thing? */
export const numberCheck: CheckModule<'number', (typeof STATUSES)[number], typeof SETTINGS> = defineCheck({
  kind: 'number',
  name: 'numbers',
  statuses: STATUSES,
  titles: {
    verified: 'Figure agrees with the sources',
    mismatch: 'The sources give another figure',
    unsupported: 'No source gives this figure',
  },
  settings: SETTINGS,
  enabledBy: 'checkNumbers',
  eval: { quoted: false, claims: ['mismatch'], unfixed: ['mismatch'] },
  presentation: {
    heading: 'Figures',
    icon: 'symbol-number',
    statusNames: { mismatch: 'other figure' },
    rules: {
      mismatch: {
        name: 'FigureMismatch',
        short: 'A figure the sources give differently',
        full: 'A source gives another figure for the same thing (amount, count, share).',
        help: 'Check the figure against the source shown as a related location; the fix uses its figure in the draft’s style.',
        severity: 'numberMismatchSeverity',
      },
      unsupported: {
        name: 'UnsupportedFigure',
        short: 'A figure no source gives',
        full: 'No source gives a figure for this thing.',
        help: 'Add the source that gives the figure, or accept it in the accepted-findings file.',
        severity: 'numberUnsupportedSeverity',
      },
    },
    // A figure as the source gives it ("$1.2 billion" for the draft's "$1,200 million").
    sourceValue: (value) => ({ label: 'Figure', text: value }),
  },
  create: (index) => createNumberCheck(index),
});
