// Re-checking only what changed: for checks that work block by block (Check.runBlock), the
// findings of each block are kept under a key made of everything they depend on, and a block seen
// before is not checked again; its findings are copied and moved to where the block now is. One
// store per checker, so results live as long as the corpus they were computed against.
import type { Span } from '../text/markdown';
import type { Finding } from '../types';
import type { Check, DraftContext } from './context';

/** Entries kept per store before it starts afresh (a check has up to MAX_SHARED stores). */
const MAX_ENTRIES = 5_000;

/**
 * A finding moved by `delta`: a new finding with new fixes, sharing what does not move (source
 * matches, messages, diffs, notes: no check changes another's findings, see checks/context.ts).
 */
function moved(f: Finding, delta: number): Finding {
  return {
    ...f,
    start: f.start + delta,
    end: f.end + delta,
    fixes: f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })) })),
  };
}

/** What a block's findings may depend on besides what the whole draft shares: its raw and masked
 * text, its quotations and its unbalanced marks (offsets relative to the block). */
function blockKey(ctx: DraftContext, b: Span, marks: Marks): string {
  const parts = [ctx.text.slice(b.start, b.end), ctx.view.masked.slice(b.start, b.end)];
  for (let i = firstAtOrAfter(marks.quoteStarts, b.start); i < marks.quotes.length && marks.quotes[i].start < b.end; i++) {
    const q = marks.quotes[i];
    parts.push(`q${q.start - b.start},${q.end - b.start},${q.open - b.start},${q.close < 0 ? -1 : q.close - b.start},${q.depth}`);
  }
  for (let i = firstAtOrAfter(marks.unbalanced, b.start); i < marks.unbalanced.length && marks.unbalanced[i] < b.end; i++) parts.push(`u${marks.unbalanced[i] - b.start}`);
  return parts.join('\u0000');
}

/** The draft's quotations and unbalanced marks in order of their start, so that each block finds its own by binary search. */
interface Marks {
  quotes: DraftContext['quotes'];
  quoteStarts: Int32Array;
  unbalanced: Int32Array;
}

function marksOf(ctx: DraftContext): Marks {
  const quotes = ctx.quotes.map((q, i) => ({ q, i })).sort((a, b) => a.q.start - b.q.start || a.i - b.i).map((x) => x.q);
  return { quotes, quoteStarts: Int32Array.from(quotes, (q) => q.start), unbalanced: Int32Array.from(ctx.unbalanced).sort() };
}

/** The first index whose value is at least `x` (values ascending). */
function firstAtOrAfter(values: Int32Array, x: number): number {
  let lo = 0;
  for (let hi = values.length; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The blocks' keys of one draft context, the same for every block-wise check (made once per check of a draft). */
const keysOf = new WeakMap<DraftContext, string[]>();

function blockKeys(ctx: DraftContext): string[] {
  let keys = keysOf.get(ctx);
  if (!keys) {
    const marks = marksOf(ctx);
    keys = ctx.view.blocks.map((b) => blockKey(ctx, b, marks));
    keysOf.set(ctx, keys);
  }
  return keys;
}

/** Stores kept per check, one for each of the last few values of what the whole draft shares
 * (the story's sources, the configuration, the draft's date): a change there and back reuses. */
const MAX_SHARED = 4;

export class BlockResults {
  /** Per check: shared part of the key → block key → the block's findings (offsets relative to it).
   * The shared part is looked up once per check, not hashed again with every block. */
  private readonly stores = new Map<string, Map<string, Map<string, Finding[]>>>();

  private storeFor(check: Check, ctx: DraftContext): Map<string, Finding[]> {
    let byShared = this.stores.get(check.name);
    if (!byShared) this.stores.set(check.name, (byShared = new Map()));
    const shared = [check.blockKey?.(ctx) ?? '', JSON.stringify(ctx.config), ctx.draftDate ?? ''].join('\u0000');
    let store = byShared.get(shared);
    if (store) {
      byShared.delete(shared);
    } else {
      store = new Map();
      if (byShared.size >= MAX_SHARED) byShared.delete(byShared.keys().next().value!);
    }
    byShared.set(shared, store);
    return store;
  }

  /** Runs a block-wise check over every block of the draft, reusing what is known. */
  run(check: Check, ctx: DraftContext): Finding[] {
    const store = this.storeFor(check, ctx);
    const keys = blockKeys(ctx);
    const out: Finding[] = [];
    ctx.view.blocks.forEach((b, i) => {
      if (check.blockReusable && !check.blockReusable(ctx, b)) {
        for (const f of check.runBlock!(ctx, b)) out.push(f);
        return;
      }
      const key = keys[i];
      const known = store.get(key);
      if (known) {
        for (const f of known) out.push(moved(f, b.start));
        return;
      }
      const found = check.runBlock!(ctx, b);
      for (const f of found) out.push(f);
      // A finding that reaches past its block (a sentence running on into the next one) depends
      // on text the key does not hold: such a block's findings are never reused.
      if (found.some((f) => f.start < b.start || f.end > b.end)) return;
      if (store.size >= MAX_ENTRIES) store.clear();
      store.set(key, found.map((f) => moved(f, -b.start)));
    });
    return out;
  }
}
