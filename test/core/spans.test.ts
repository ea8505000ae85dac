// Questions about many quotations in time about linear in their number (issue 17): which
// quotations stand in the narration, and whether a date or figure lies inside one.
import { strict as assert } from 'assert';
import { mutate, seedTexts } from '../../server/src/tools/fuzz';
import { seeded } from '../../server/src/tools/bench/random';
import { extractQuotes, type Quote } from '../../server/src/core/quotes/extract';
import { markdownView, type Span } from '../../server/src/core/text/markdown';
import { insideSome, spanAt } from '../../server/src/core/text/spans';
import { outermost } from '../../server/src/core/speakers/narration';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

/** The former definitions: a pass over every quotation (every block) per question. */
function naiveOutermost(quotes: readonly Quote[], blocks: readonly Span[]): boolean[] {
  const blockEnd = (at: number) => blocks.find((b) => b.start <= at && at < b.end)?.end ?? at + 1;
  const ends = quotes.map((q) => (q.close >= 0 ? q.close + 1 : blockEnd(q.open)));
  return quotes.map((q, i) => !quotes.some((o, j) => j !== i && o.open < q.open && ends[j] >= ends[i]));
}
const naiveInside = (spans: readonly Span[], s: number, e: number) => spans.some((q) => q.start <= s && e <= q.end);

function cpuMs(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1000;
}

describe('spans: questions about many quotations', () => {
  it('the same answers as a pass over every quotation, on 400 fuzzed drafts', () => {
    const rng = seeded(17);
    const seeds = seedTexts(ROOT);
    let quotesSeen = 0;
    for (let n = 0; n < 400; n++) {
      const text = mutate(rng, seeds).slice(0, 20_000);
      const view = markdownView(text);
      for (let i = 1; i < view.blocks.length; i++) assert.ok(view.blocks[i - 1].end <= view.blocks[i].start, 'blocks in order, not overlapping');
      const quotes = extractQuotes(view.masked, view.blocks).quotes;
      quotesSeen += quotes.length;
      assert.deepEqual(outermost(quotes, view.blocks), naiveOutermost(quotes, view.blocks), JSON.stringify(text.slice(0, 200)));
      for (let k = 0; k < 30; k++) {
        const s = rng.int(0, text.length);
        const e = Math.min(text.length, s + rng.int(0, 40));
        assert.equal(insideSome(quotes, s, e), naiveInside(quotes, s, e));
        assert.equal(spanAt(view.blocks, s), view.blocks.findIndex((b) => b.start <= s && s < b.end));
      }
    }
    assert.ok(quotesSeen > 1000, `${quotesSeen} quotations`);
  });

  it('nested and overlapping spans, equal starts', () => {
    const spans = [{ start: 5, end: 50 }, { start: 5, end: 10 }, { start: 20, end: 30 }, { start: 60, end: 61 }];
    for (let s = 0; s < 70; s++) for (let e = s; e < 70; e++) assert.equal(insideSome(spans, s, e), naiveInside(spans, s, e), `${s}–${e}`);
  });

  it('time about linear in the number of quotations (a pass per quotation was quadratic)', function () {
    this.timeout(60000);
    const draft = (n: number) => Array.from({ length: n }, (_, i) => `Kerry said “words ${i}” on Monday, and “more” with ‘inner’ marks.`).join('\n\n') + '\n';
    const time = (text: string) => {
      const view = markdownView(text);
      const quotes = extractQuotes(view.masked, view.blocks).quotes;
      return { quotes: quotes.length, ms: cpuMs(() => {
        outermost(quotes, view.blocks);
        for (let i = 0; i < text.length; i += 50) insideSome(quotes, i, i + 6);
      }) };
    };
    time(draft(500)); // warm up
    // The fastest of three runs of each: a collection or another process's burst in one run is
    // not the algorithm's cost.
    const best = (n: number) => {
      const text = draft(n);
      const runs = [time(text), time(text), time(text)];
      return runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    };
    const small = best(2000);
    const large = best(16000);
    assert.ok(large.quotes >= 8 * small.quotes * 0.9);
    // Eight times the quotations: linear is 8 times the time; quadratic was 64.
    assert.ok(large.ms < 24 * Math.max(small.ms, 2), `${small.ms.toFixed(0)} ms for ${small.quotes} quotations, ${large.ms.toFixed(0)} ms for ${large.quotes}`);
  });
});
