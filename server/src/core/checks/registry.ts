// Every check after the quotation check, in the order they run. Add a check by adding a file and
// listing it here.
import type { Check } from './context';
import { attributionCheck } from './attribution';
import { dateCheck } from './dates';
import { numberCheck } from '../numbers/check';

export const CHECKS: readonly Check[] = [dateCheck, attributionCheck, numberCheck];
