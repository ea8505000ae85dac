// Every check after the quotation check, in the order they run. Add a check by adding a file and
// listing it here.
import type { Check } from './context';

export const CHECKS: readonly Check[] = [];
