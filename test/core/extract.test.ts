// Quote extraction. Each case marks the expected quotations inline with ⟦ ⟧ around the words
// (inside the quote marks); the markers are removed before extraction, and the expected spans
// are where they stood. `md` cases run through the Markdown view, others through plain text.
import { strict as assert } from 'assert';
import { extractQuotes } from '../../server/src/core/quotes/extract';
import { proseView } from '../../server/src/core/text/markdown';

function expectQuotes(marked: string, languageId = 'plaintext', depth0Only = true) {
  const expected: [number, number][] = [];
  let text = '';
  const stack: number[] = [];
  for (const ch of marked) {
    if (ch === '⟦') stack.push(text.length);
    else if (ch === '⟧') expected.push([stack.pop()!, text.length]);
    else text += ch;
  }
  const view = proseView(text, languageId);
  const scan = extractQuotes(view.masked, view.blocks);
  const got = scan.quotes.filter((q) => !depth0Only || q.depth === 0).map((q) => [q.start, q.end] as [number, number]);
  expected.sort((a, b) => a[0] - b[0]);
  const show = (spans: [number, number][]) => spans.map(([s, e]) => text.slice(s, e));
  assert.deepEqual(show(got), show(expected));
  assert.deepEqual(got, expected);
  return { text, scan };
}

describe('quote extraction', () => {
  const cases: [string, string][] = [
    ['straight double quotes', 'He said "⟦We are ready⟧" and left.'],
    ['typographic double quotes', 'He said “⟦We are ready,⟧” and left.'],
    ['two quotes broken by an attribution', '“⟦We are ready,⟧” he said, “⟦to talk.⟧”'],
    ['straight quotes broken by an attribution', '"⟦We are ready,⟧" he said, "⟦to talk.⟧"'],
    ['single quotes as quote marks', "The message was '⟦Either you're with us or we kill you⟧'."],
    ['typographic single quotes', 'The message was ‘⟦either with us or against us⟧’.'],
    ['apostrophes are not quote marks', "Iran's leader said the Americans' plan \"⟦doesn't work⟧\"."],
    ['a plural possessive inside a single-quoted quote', "He called it '⟦the Americans' coalition⟧' twice."],
    ['guillemets', 'Il a dit «⟦nous sommes prêts⟧» hier.'],
    ['a quote across a hard line break', 'the jihadists as a "⟦serious\nthreat⟧" to Iran'],
    ['a quote across a CRLF line break', 'said "⟦I am not going to\r\noutline every discussion.⟧"\r\nShe'],
    ['a quote at the very start and end', '"⟦Start to finish⟧"'],
    ['a quote after a colon without a space', 'He said:"⟦Go now⟧"'],
    ['a quote inside parentheses', 'The plan ("⟦a mess⟧") failed.'],
    ['inches after a number are not quotes', 'A 12" screen and "⟦a real quote⟧".'],
  ];
  for (const [name, marked] of cases) it(name, () => void expectQuotes(marked));

  it('nested quotes: the outer one is top level, the inner one nested inside it', () => {
    const text = '“They said ‘leave now’ and we did,” she said.';
    const scan = extractQuotes(text, [{ start: 0, end: text.length }]);
    assert.equal(scan.quotes.length, 2);
    const [outer, inner] = scan.quotes;
    assert.equal(text.slice(outer.start, outer.end), 'They said ‘leave now’ and we did,');
    assert.equal(outer.depth, 0);
    assert.equal(text.slice(inner.start, inner.end), 'leave now');
    assert.equal(inner.depth, 1);
    assert.equal(inner.parent, 0);
  });

  it('a multi-paragraph quotation: each paragraph opens, only the last closes', () => {
    const { scan, text } = expectQuotes('He said “⟦we lost⟧” before.\n\n“⟦We will fight.⟧\n\n“⟦We will win.⟧”\n\nThen silence.', 'plaintext', false);
    scan.quotes.shift();
    assert.equal(scan.quotes[0].close, -1);
    assert.equal(scan.quotes[0].group, scan.quotes[1].group);
    assert.equal(scan.unbalanced.length, 0);
    void text;
  });

  it('an unbalanced quote is reported, not guessed, and the next paragraph still works', () => {
    const { scan, text } = expectQuotes('He said “we are ready and left.\n\nShe said “⟦fine⟧”.');
    assert.deepEqual(scan.unbalanced.map((o) => text[o]), ['“']);
  });

  describe('in Markdown', () => {
    it('skips front matter', () => void expectQuotes('---\ntitle: "Not a quote"\n---\n\nHe said "⟦a quote⟧".', 'markdown'));
    it('skips code spans', () => void expectQuotes('Use `"not a quote"` or "⟦a quote⟧".', 'markdown'));
    it('skips fenced code blocks', () => void expectQuotes('```\nx = "not a quote"\n```\n\nThen "⟦a quote⟧".', 'markdown'));
    it('skips indented code blocks', () => void expectQuotes('Text.\n\n    "not a quote"\n\nThen "⟦a quote⟧".', 'markdown'));
    it('skips HTML comments', () => void expectQuotes('<!-- "not a quote" -->\n\nThen "⟦a quote⟧".', 'markdown'));
    it('skips link destinations and titles but keeps link text', () =>
      void expectQuotes('See [the "⟦report⟧"](http://x.example/"a" "Title") and "⟦more⟧".', 'markdown'));
    it('keeps quotes in emphasis, lists and block quotes', () =>
      void expectQuotes('*"⟦emphasised⟧"*\n\n- item "⟦listed⟧"\n\n> "⟦block quoted\n> across lines⟧"', 'markdown'));
    it('a quote never runs from a heading into the next paragraph', () =>
      void expectQuotes('# He said "unclosed\nText "⟦closed⟧".', 'markdown'));
  });

  it('positions map back exactly to the raw text (astral characters before the quote)', () => {
    const { text, scan } = expectQuotes('😀😀 “⟦Émigrés’ café⟧” 😀');
    assert.equal(text.slice(scan.quotes[0].start, scan.quotes[0].end), 'Émigrés’ café');
  });
});
