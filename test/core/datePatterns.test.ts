// The date extractors' bounded scan (core/dates/patterns.ts `matchesIn`): a segment's matches are
// found by scanning the segment and a margin after it, never the rest of the document, and are
// the same matches a scan of the whole document would give for that segment.
import { strict as assert } from 'assert';
import { bareYears, matchesIn, relatives } from '../../server/src/core/dates/patterns';

describe('date patterns: bounded scan', () => {
  it('yields the matches that start in [from, to), whole even when they run past `to`', () => {
    const text = 'in 1999 and in 2004, then in 2010.';
    const re = /\b(?:19|20)\d\d\b/g;
    const at = (m: RegExpExecArray) => [m.index, m[0]];
    assert.deepEqual([...matchesIn(re, text, 0, text.length)].map(at), [[3, '1999'], [15, '2004'], [29, '2010']]);
    // 2004 starts before `to` and ends after it: found whole; 2010 starts after: not found.
    assert.deepEqual([...matchesIn(re, text, 4, 16)].map(at), [[15, '2004']]);
    assert.deepEqual([...matchesIn(re, text, 16, 29)].map(at), []);
  });

  it('reads a lookahead past the segment as in the whole text (“1990s” is no bare year)', () => {
    const text = 'It began in 1990s Berlin.';
    assert.deepEqual(bareYears(text, 0, 16), []);
    assert.deepEqual(bareYears('It began in 1990 in Berlin.', 0, 16).map((e) => e.year), [1990]);
  });

  it('gives each segment of a long document what a scan of the whole document gives', () => {
    const para = 'The talks began last week in Geneva. Nothing was agreed. ';
    const filler = 'No dates here at all, only words. '.repeat(400);
    const text = para + filler + 'He left in 2012 and came back two years ago. ' + filler;
    const segments: [number, number][] = [];
    for (let i = 0; i < text.length; i += 97) segments.push([i, Math.min(text.length, i + 97)]);
    const pieces = segments.flatMap(([a, b]) => [...bareYears(text, a, b), ...relatives(text, a, b)]);
    const whole = [...bareYears(text, 0, text.length), ...relatives(text, 0, text.length)];
    const key = (e: { start: number; end: number; form: string }) => `${e.start}-${e.end}-${e.form}`;
    assert.deepEqual(pieces.map(key).sort(), whole.map(key).sort());
    assert.deepEqual(whole.map((e) => text.slice(e.start, e.end)).sort(), ['2012', 'last week', 'two years ago']);
  });
});
