// Every user-visible sentence of the numbers check.

export const NUMBER_MSG = {
  verified: (n: number) => (n === 1 ? 'Figure agrees with 1 source' : `Figure agrees with ${n} sources`),
  mismatch: (label: string, expected: string, sentence: string) => `${label} gives ${expected}: “${sentence}”`,
  unsupported: 'No source gives a figure for this',
  sourcesDiffer: (figures: readonly string[]) => `The sources give different figures for this, so none can call it wrong: ${figures.join('; ')}`,
  unsupportedLoose: (expected: string) => `No source gives this figure as precisely; the sources say ${expected}`,
  changeTo: (text: string, label: string) => `Change to “${text}” (${label})`,
  noteRead: (value: string) => `Read as ${value}`,
  noteHedge: 'A hedged figure (“about”, “more than”, “dozens”) agrees with any value it allows',
};

/** The source sentence cut to about `max` characters around the figure, white space collapsed. */
export function snippet(text: string, start: number, end: number, at: number, max = 160): string {
  let from = start;
  let to = end;
  if (to - from > max) {
    from = Math.max(start, at - Math.floor(max / 2));
    to = Math.min(end, from + max);
  }
  const s = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > start ? '…' : ''}${s}${to < end ? '…' : ''}`;
}
