// Word-level fitting alignment: the whole quote against any stretch of a source window (free
// start and end in the source). Edit costs are per word; words the writer marked as their own
// (square brackets) cost nothing, and an ellipsis lets the source run on for free.

export interface QuoteWord {
  id: number;
  /** Bracketed by the writer: may differ from or replace source words. */
  free: boolean;
  /** An ellipsis follows this word: source words may be skipped here. */
  gapAfter: boolean;
}

export type AlignOp =
  | { op: 'match'; q: number; s: number }
  | { op: 'sub'; q: number; s: number }
  | { op: 'del'; q: number } // quote word the source does not have
  | { op: 'ins'; s: number }; // source word the quote does not have

export interface Alignment {
  cost: number;
  /** Source window token indices of the aligned stretch, half-open. */
  from: number;
  to: number;
  ops: AlignOp[];
}

const SUB = 1;
const DEL = 1;
const INS = 1;

/** The cost and back-pointer tables, kept between alignments (costs are whole numbers), up to a size. */
let costs = new Int32Array(4096);
let backs = new Uint8Array(4096);
const KEPT_CELLS = 1 << 20;

/** Aligns quote words `q` to source ids `s` (a window). */
export function fitAlign(q: readonly QuoteWord[], s: ArrayLike<number>): Alignment {
  const n = q.length;
  const m = s.length;
  const W = m + 1;
  const cells = (n + 1) * W;
  let D = costs;
  let B = backs; // 1 diag, 2 up (del), 3 left (ins)
  if (cells > costs.length) {
    // Tables for a very long quotation are not kept.
    D = new Int32Array(cells <= KEPT_CELLS ? Math.min(KEPT_CELLS, Math.max(cells, costs.length * 2)) : cells);
    B = new Uint8Array(D.length);
    if (D.length <= KEPT_CELLS) {
      costs = D;
      backs = B;
    }
  }
  // Row 0: the quote may start anywhere in the window.
  D.fill(0, 0, W);
  B.fill(0, 0, W);
  const insCost = (i: number) => {
    if (i === 0 || i === n) return INS;
    return q[i - 1].gapAfter || q[i - 1].free || q[i].free ? 0 : INS;
  };
  for (let i = 1; i <= n; i++) {
    const qi = q[i - 1];
    const del = qi.free ? 0 : DEL;
    const ins = insCost(i);
    const row = i * W;
    const prev = (i - 1) * W;
    D[row] = D[prev] + del;
    B[row] = 2;
    for (let j = 1; j <= m; j++) {
      const same = qi.id >= 0 && qi.id === s[j - 1];
      let best = D[prev + j - 1] + (same ? 0 : qi.free ? 0 : SUB);
      let b = 1;
      const up = D[prev + j] + del;
      if (up < best) {
        best = up;
        b = 2;
      }
      const left = D[row + j - 1] + ins;
      if (left < best) {
        best = left;
        b = 3;
      }
      D[row + j] = best;
      B[row + j] = b;
    }
  }
  // Best end: lowest cost, then the earliest end (shortest stretch).
  let endJ = 0;
  let cost = Infinity;
  for (let j = 0; j <= m; j++) {
    // On a tie, prefer ending on a substitution over dropping the last quote word.
    if (D[n * W + j] < cost || (D[n * W + j] === cost && B[n * W + j] === 1)) {
      cost = D[n * W + j];
      endJ = j;
    }
  }
  const ops: AlignOp[] = [];
  let i = n;
  let j = endJ;
  while (i > 0) {
    const b = B[i * W + j];
    if (b === 1 && j > 0) {
      const same = q[i - 1].id >= 0 && q[i - 1].id === s[j - 1];
      ops.push({ op: same ? 'match' : 'sub', q: i - 1, s: j - 1 });
      i--;
      j--;
    } else if (b === 3 && j > 0) {
      ops.push({ op: 'ins', s: j - 1 });
      j--;
    } else {
      ops.push({ op: 'del', q: i - 1 });
      i--;
    }
  }
  ops.reverse();
  // Trim source words inserted before the first aligned word (they belong to the free start).
  while (ops.length && ops[0].op === 'ins') ops.shift();
  let from = endJ;
  let to = 0;
  for (const o of ops) {
    if (o.op === 'match' || o.op === 'sub' || o.op === 'ins') {
      from = Math.min(from, o.s);
      to = Math.max(to, o.s + 1);
    }
  }
  if (to < from) to = from;
  return { cost, from, to, ops };
}
