import { strict as assert } from 'assert';
import { LineIndex } from '../server/src/positions';

describe('positions (UTF-16, half-open)', () => {
  it('counts characters in UTF-16 code units, as LSP does', () => {
    const text = 'a😀b\nc';
    const li = new LineIndex(text);
    assert.deepEqual(li.position(text.indexOf('b')), { line: 0, character: 3 });
    assert.deepEqual(li.position(text.indexOf('c')), { line: 1, character: 0 });
  });
  it('treats \\r\\n, \\n and \\r as line breaks', () => {
    const text = 'one\r\ntwo\nthree\rfour';
    const li = new LineIndex(text);
    assert.deepEqual(li.position(text.indexOf('two')), { line: 1, character: 0 });
    assert.deepEqual(li.position(text.indexOf('three')), { line: 2, character: 0 });
    assert.deepEqual(li.position(text.indexOf('four')), { line: 3, character: 0 });
  });
  it('round-trips offsets and clamps positions past the end of a line to before its break', () => {
    const text = 'ab\r\ncd\n';
    const li = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // inside a CRLF pair
      assert.equal(li.offset(li.position(o)), o, `offset ${o}`);
    }
    assert.equal(li.offset({ line: 0, character: 99 }), 2);
    assert.equal(li.offset({ line: 9, character: 0 }), text.length);
  });
  it('a range is half-open: its end is the offset after the last character', () => {
    const li = new LineIndex('say "hi" now');
    assert.deepEqual(li.range(5, 7), { start: { line: 0, character: 5 }, end: { line: 0, character: 7 } });
  });
});
