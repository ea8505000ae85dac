// The dates check's chance level: how many source dates state a year, a month, a day, or are
// worded alike. Counted from the stored rows, or read back as a corpus table (persisted with the
// index): both must give the same counts, and arrays out of shape must never be used.
import { strict as assert } from 'assert';
import { IndexBuilder } from '../../server/src/core/corpus/builder';
import { dayNumber } from '../../server/src/core/dates/calendar';
import { DATE_COUNTS_TABLE, DateCounts, dateKind } from '../../server/src/core/dates/counts';
import { decodeDate, DATE_FIELDS, DATES_TABLE } from '../../server/src/core/dates/stored';

function indexOf(texts: string[]) {
  const b = new IndexBuilder();
  texts.forEach((text, k) => b.add({ id: `s${k}.md`, text, fallbackTitle: `s${k}`, meta: { date: '2024-06-01' } }));
  return b.finish();
}

const index = indexOf([
  '# One\n\nThe council met on March 3, 2024. It met again on March 3, 2024, and on 5 March 2024.\n',
  '# Two\n\nThe vote was in 2023. The mill closed in March 2024, last year, and on Monday.\n',
  '# Three\n\nThe law dates from the 1990s. It was signed in June 2019, and revised on Monday.\n',
]);
const rows = index.table(DATES_TABLE).rows;
const total = rows.length / DATE_FIELDS;

/** What one row counts for, worked out from the row alone (the definition the tallies must meet). */
function brute(test: (e: ReturnType<typeof decodeDate>['expr']) => boolean): number {
  let n = 0;
  for (let r = 0; r < total; r++) if (test(decodeDate(rows, r).expr)) n++;
  return n;
}
const inYear = (e: ReturnType<typeof decodeDate>['expr']) => e.year !== undefined && e.form !== 'decade' && e.form !== 'century';

describe('date counts (the dates check’s chance level)', () => {
  it('counts each year, month, day and wording as the rows state them, counted or read back as a corpus table', () => {
    assert.ok(total >= 9, `the sources' dates are rows (${total})`);
    const counted = DateCounts.count(rows);
    const arrays = DATE_COUNTS_TABLE.build(index);
    assert.ok(DATE_COUNTS_TABLE.valid(arrays, index, true));
    const read = DateCounts.fromArrays(arrays);
    for (const c of [counted, read]) {
      assert.equal(c.years(2024, 2025), brute((e) => inYear(e) && e.year === 2024));
      assert.equal(c.years(2019, 2025), brute((e) => inYear(e) && e.year! >= 2019 && e.year! <= 2024));
      assert.equal(c.years(1900, 2019), 0);
      assert.equal(c.inMonth(2024, 3), brute((e) => inYear(e) && e.year === 2024 && e.month === 3));
      assert.ok(c.inMonth(2024, 3) >= 4);
      const march3 = dayNumber(2024, 3, 3);
      assert.equal(c.days(march3, march3 + 1), 2);
      assert.equal(c.days(march3, march3 + 3), 3, 'the 3rd twice and the 5th');
      for (const kind of ['weekday 1', 'decade', 'year -1']) assert.equal(c.kind(kind), brute((e) => !inYear(e) && dateKind(e) === kind), kind);
      assert.equal(c.kind('weekday 1'), 2);
      assert.equal(c.kind('no such wording'), 0);
    }
  });

  it('refuses arrays out of shape: keys out of order or repeated, a count of 0, a wording that does not end where it should', () => {
    const good = DATE_COUNTS_TABLE.build(index);
    const broken = (k: number, change: (a: Int32Array) => void) => {
      const a = good.map((x) => x.slice());
      change(a[k]);
      return DATE_COUNTS_TABLE.valid(a, index, true);
    };
    assert.ok(good[2].length >= 2 && good[8].length >= 2);
    assert.equal(broken(2, (a) => a.reverse()), false, 'month keys descending');
    assert.equal(broken(2, (a) => (a[1] = a[0])), false, 'a month key twice');
    assert.equal(broken(5, (a) => (a[0] = 0)), false, 'a day counted 0 times');
    assert.equal(broken(7, (a) => (a[a.length - 1] += 1)), false, 'the last wording ends past the characters');
    assert.equal(broken(7, (a) => (a[1] = a[0])), false, 'an empty wording');
    assert.equal(DATE_COUNTS_TABLE.valid(good.slice(0, 8), index, true), false, 'an array missing');
    assert.equal(
      DATE_COUNTS_TABLE.valid(
        good.map((x, k) => (k === 1 ? x.slice(1) : x)),
        index,
        true,
      ),
      false,
      'a year without its count',
    );
  });
});
