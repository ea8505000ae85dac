// Figures in words: a value as the messages show it, and the source's value written the way the
// draft writes its figure (digits or words, its scale, separators and capital) for a quick fix.
import type { Figure } from './read';

const UNITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALE_NAMES: [number, string][] = [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];
const CURRENCY_SIGN: Record<string, string> = { dollar: '$', pound: '£', euro: '€', yen: '¥' };
const HEDGE_WORDS: Record<string, string> = { about: 'about ', 'below-about': 'nearly ', more: 'at least ', less: 'at most ', exact: '', vague: '' };
const FRACTIONS: [number, string][] = [[1 / 2, 'half'], [1 / 3, 'a third'], [2 / 3, 'two-thirds'], [1 / 4, 'a quarter'], [3 / 4, 'three-quarters'], [1 / 5, 'a fifth']];

/** 0..99 in words ("twenty-four"). */
function smallWords(n: number): string {
  if (n < 20) return UNITS[n];
  const t = Math.floor(n / 10);
  const u = n % 10;
  return u ? `${TENS[t]}-${UNITS[u]}` : TENS[t];
}

/** A number in digits with up to `decimals` decimals, trailing zeros dropped, grouped by thousands or not. */
function digits(n: number, decimals: number, grouped: boolean): string {
  let s = n.toFixed(Math.min(6, Math.max(0, decimals)));
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (!grouped) return s;
  const [int, dec] = s.split('.');
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (dec ? `.${dec}` : '');
}

/** The fewest decimals (up to 3) that show `v` as the source states it. */
function decimalsFor(v: number): number {
  for (let d = 0; d <= 3; d++) if (Math.abs(Math.round(v * 10 ** d) - v * 10 ** d) < 1e-6) return d;
  return 3;
}

/** A figure's value for messages and JSON: "$1.2 billion", "40%", "more than 300,000", "dozens". */
export function describeFigure(f: Figure, raw: string): string {
  if (f.hedge === 'vague') return raw.slice(f.start - f.hedgeStart).trim() || raw;
  let v: string;
  const big = SCALE_NAMES.find(([s]) => Math.abs(f.value) >= s && s >= 1e6);
  const amount = (x: number) => (big ? `${digits(x / big[0], 3, false)} ${big[1]}` : digits(x, 3, true));
  switch (f.kind) {
    case 'share':
      v = `${digits(f.value * 100, 2, false)}%`;
      break;
    case 'points':
      v = `${digits(f.value, 2, false)} percentage points`;
      break;
    case 'money':
      v = `${CURRENCY_SIGN[f.currency ?? ''] ?? ''}${amount(f.value)}${f.currency && !CURRENCY_SIGN[f.currency] ? ` ${f.currency}s` : ''}`;
      break;
    case 'rank':
      v = `${f.value}${ordinalSuffix(f.value)}`;
      break;
    default:
      v = amount(f.value);
  }
  return `${HEDGE_WORDS[f.hedge] ?? ''}${v}`;
}

function ordinalSuffix(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/**
 * The draft figure's number text rewritten to the source's value, in the draft's style: the same
 * scale ("$1.2bn" → "$1.5bn"), words for words while the value is small and whole, digits with
 * the draft's separators otherwise. Undefined when the value cannot be written that way.
 */
export function renderLike(d: Figure, draftText: string, value: number): { start: number; end: number; newText: string } | undefined {
  const st = d.style;
  const own = draftText.slice(st.numStart, st.numEnd);
  const capital = /^\p{Lu}/u.test(own);
  let n = value;
  if (d.kind === 'share' && st.percent) n = value * 100;
  if (d.kind === 'share' && !st.percent) {
    const fr = FRACTIONS.find(([x]) => Math.abs(x - value) < 0.01);
    if (!fr) return undefined;
    return { start: st.numStart, end: st.numEnd, newText: cap(fr[1], capital) };
  }
  n /= st.scale;
  let text: string;
  if (st.words && Number.isInteger(n) && n > 0 && n < 100 && d.kind !== 'rank') text = cap(smallWords(n), capital);
  else if (st.words && d.kind !== 'rank') {
    // Words for a value words cannot hold briefly: digits with a scale word when it has one.
    const big = SCALE_NAMES.find(([s]) => n >= s && s >= 1e6);
    text = big ? `${digits(n / big[0], decimalsFor(n / big[0]), false)} ${big[1]}` : digits(n, decimalsFor(n), true);
  } else {
    if (d.kind === 'rank' && !Number.isInteger(n)) return undefined;
    text = digits(n, Math.max(st.decimals, decimalsFor(n)), st.grouped || (n >= 10000 && !st.words && own.length > 4 && own.includes(',')));
    if (d.kind === 'rank') text += ordinalSuffix(n);
  }
  const end = d.kind === 'rank' && !st.words ? st.numEnd + 2 : st.numEnd;
  return text === draftText.slice(st.numStart, end) ? undefined : { start: st.numStart, end, newText: text };
}

function cap(s: string, capital: boolean): string {
  return capital ? s[0].toUpperCase() + s.slice(1) : s;
}
