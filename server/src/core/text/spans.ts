// Questions about many spans asked many times, in time about linear in their number (issue 17:
// a pass over every quotation for each date or figure made long drafts quadratic).

interface Cover {
  starts: number[];
  /** The largest end among the spans sorted up to here (by start). */
  maxEnd: number[];
}

const covers = new WeakMap<readonly { start: number; end: number }[], Cover>();

/** Whether [start, end) lies inside one of `spans` (q.start <= start && end <= q.end for some q):
 * O(log n) a question, after an O(n log n) preparation kept as long as the list lives. */
export function insideSome(spans: readonly { start: number; end: number }[], start: number, end: number): boolean {
  let c = covers.get(spans);
  if (!c) {
    const sorted = spans.map((s) => [s.start, s.end] as const).sort((a, b) => a[0] - b[0]);
    const maxEnd: number[] = [];
    let m = -Infinity;
    for (const [, e] of sorted) maxEnd.push((m = Math.max(m, e)));
    c = { starts: sorted.map((s) => s[0]), maxEnd };
    covers.set(spans, c);
  }
  // The last span starting at or before `start`; of those, the one reaching furthest.
  let lo = 0;
  let hi = c.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.starts[mid] <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && c.maxEnd[lo - 1] >= end;
}

/** The index of the span of `sorted` (by start, not overlapping) that holds `at`, or -1. */
export function spanAt(sorted: readonly { start: number; end: number }[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && at < sorted[lo - 1].end ? lo - 1 : -1;
}
