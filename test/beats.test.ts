// The beat-folder measurement (npm run beats): a synthetic beat of weekly reports worded alike,
// each article checked against the ten others whose titles are closest. Only the report that an
// altered copy restates calls it wrong; the other weeks' reports call nothing wrong.
import { strict as assert } from 'assert';
import type { SourceInput } from '../server/src/core/index';
import { runBeats } from '../server/src/tools/beats';

/** Made-up words of one week's own story (a report tells more than its formula). */
const own = (week: number) => Array.from({ length: 12 }, (_, k) => 'bdfgklmnprstvz'[(week * 5 + k) % 14] + 'aeiou'[(week + k) % 5] + 'bdfgklmnprstvz'[(week * 3 + 2 * k) % 14] + 'aeiou'[k % 5] + 'n').join(' ');

function report(week: number, help: number, shortage: number, id = `week-${week}.md`): SourceInput {
  const day = String(2 + week).padStart(2, '0');
  return {
    id,
    fallbackTitle: id,
    text:
      `---\ntitle: Money market given help, week ${week}\noutlet: Wire\ndate: 1987-03-${day}\n---\n` +
      `The Bank of England said it provided ${help} mln stg of help to the money market today, against a shortage of ${shortage} mln stg.\n\n` +
      `Dealers spoke of ${own(week)}.\n`,
  };
}

describe('beat folders (npm run beats)', function () {
  this.timeout(60000);
  const weeks = Array.from({ length: 11 }, (_, w) => report(w, 20 + 37 * w, 300 + 90 * w));
  // Week 3 again with its help changed: the one pair of articles about the same occasion.
  const altered = report(3, 999, 300 + 90 * 3, 'week-3-altered.md');

  it('reports of other weeks call nothing wrong; a report’s altered copy is called wrong by it', () => {
    const run = runBeats([...weeks, altered], { folders: 12, size: 10, seed: 1 });
    assert.equal(run.folders, 12);
    const claims = run.claims.map((c) => `${c.draft}: ${c.key} ${c.text} [${c.source}]`).sort();
    // (Week 3's own folder is the first ten of the eleven others, its altered copy last of them.)
    assert.deepEqual(claims, ['week-3-altered.md: number mismatch 999 mln stg [week-3.md]']);
    // The other weeks' figures are told as the sources' differing figures, not as wrong.
    assert.ok((run.counts.get('number unsupported') ?? 0) >= 10, JSON.stringify([...run.counts]));
  });
});
