// The quote check against the bundled corpus, driven by fixtures whose expectations are inline:
// every quotation is followed by <!--quote STATUS--> (test/fixtureHarness.ts).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createChecker, type Finding, type SourceInput } from '../../server/src/core/index';
import { readCorpus } from '../../server/src/node/corpusFiles';
import { fixtureTests } from '../fixtureHarness';

const ROOT = path.join(__dirname, '..', '..');
const checker = createChecker(readCorpus([path.join(ROOT, 'corpus')]).inputs);

describe('quote check (fixtures with inline expectations)', () => {
  const bundled = readCorpus([path.join(ROOT, 'corpus')]).inputs;
  for (const name of fs.readdirSync(path.join(ROOT, 'test/fixtures/quotes')).filter((f) => f.endsWith('.md'))) {
    fixtureTests(path.join(ROOT, 'test/fixtures/quotes', name), { sources: bundled, kinds: ['quote'], minMarkers: 10 });
  }
});

describe('quote check details', () => {
  const check = (text: string) => checker.check({ text, languageId: 'markdown' }).findings.filter((f) => f.kind === 'quote');
  /** A second source beside a test's own: the mayor's statement, which no test's draft quotes. */
  const MAYOR: SourceInput = { id: 'q.txt', text: '"We will rebuild the harbour wall before the winter storms," the mayor said on Friday.', fallbackTitle: 'q' };
  /** The quote findings of a plaintext draft against `sources`. */
  const quotesAgainst = (sources: SourceInput[]) => {
    const corpus = createChecker(sources);
    return (text: string) => corpus.check({ text, languageId: 'plaintext' }).findings.filter((f) => f.kind === 'quote');
  };
  /** The draft with a finding's first fix applied. */
  const withFix = (text: string, f: Finding) => {
    const e = f.fixes[0].edits[0];
    return text.slice(0, e.start) + e.newText + text.slice(e.end);
  };

  it('a verified quote lists every source that contains it, with the matched passage', () => {
    const [f] = check('He said the comments "are blank, hollow and self-serving".');
    assert.equal(f.status, 'verified');
    assert.equal(f.severity, 'none');
    const ids = new Set(f.sources.map((s) => path.basename(s.sourceId)));
    assert.ok(ids.size >= 2, `expected two outlets, got ${[...ids]}`);
    for (const s of f.sources) {
      const src = checker.source(s.sourceId)!;
      assert.match(src.text.slice(s.start, s.end).replace(/\s+/g, ' '), /^are blank, hollow,? and self-serving$/);
      assert.ok(s.contextStart <= s.start && s.contextEnd >= s.end);
    }
  });

  it('a verified quote also shows the other versions other sources carry, with the differences', () => {
    const [f] = check('He wants to turn Iraq into "Pakistan, were it can commit crimes whenever it wants."');
    assert.equal(f.status, 'verified');
    assert.equal(f.message, 'Found in 1 source; 1 other source has another version');
    const exact = f.sources.filter((s) => !s.variant);
    const variants = f.sources.filter((s) => s.variant);
    assert.deepEqual(exact.map((s) => s.wording), ['Pakistan, were it can commit crimes whenever it wants']);
    assert.deepEqual(variants.map((s) => s.wording), ['Pakistan, where it can commit #crimes whenever it wants']);
    assert.deepEqual(variants[0].diff!.filter((d) => d.op !== 'same'), [
      { op: 'removed', text: 'were' },
      { op: 'added', text: 'where' },
    ]);
    // The other version verifies too, and then shows this one as its variant.
    const [g] = check('"Pakistan, where it can commit #crimes whenever it wants."');
    assert.equal(g.status, 'verified');
    assert.deepEqual(g.sources.filter((s) => s.variant).map((s) => s.wording), ['Pakistan, were it can commit crimes whenever it wants']);
  });

  it('an altered quote names the closest source, shows the change and offers its wording', () => {
    const text = 'Khamenei: "I saw no point in cooperating with a nation whose hands are dirty and intentions murky."';
    const [f] = check(text);
    assert.equal(f.status, 'altered');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^Differs from Reuters: draft has “nation”; source has “country”$/);
    assert.equal(f.suggestion, 'I saw no point in cooperating with a country whose hands are dirty and intentions murky');
    assert.equal(f.fixes.length, 1);
    assert.equal(f.fixes[0].title, 'Use the wording of Reuters');
    const e = f.fixes[0].edits[0];
    const fixed = text.slice(0, e.start) + e.newText + text.slice(e.end);
    assert.equal(fixed, 'Khamenei: "I saw no point in cooperating with a country whose hands are dirty and intentions murky."');
    assert.deepEqual(
      f.sources[0].diff!.filter((d) => d.op !== 'same'),
      [
        { op: 'removed', text: 'nation' },
        { op: 'added', text: 'country' },
      ],
    );
    // The fixed draft verifies.
    assert.equal(check(fixed)[0].status, 'verified');
  });

  it('finds the origin at the very start of a source even when the quote adds a word there', () => {
    const two = createChecker([
      // Common words here, so the quote's rarest words (the ones the search starts from) all come
      // after the word the draft inserted.
      { id: 'a.txt', text: 'It is not what it is. The mayor of the town is not a man of the sea. It is not, it is not, it is not.', fallbackTitle: 'a' },
      { id: 'b.txt', text: '"Is there a test for the disease at three months of age?" Doctors say no test exists yet.', fallbackTitle: 'b' },
    ]);
    const [f] = two.check({ text: 'She asked: "Is not there a test for the disease at three months of age?"', languageId: 'plaintext' }).findings;
    assert.equal(f.status, 'altered');
    assert.equal(f.sources[0].sourceId, 'b.txt');
    assert.equal(f.suggestion, 'Is there a test for the disease at three months of age');
  });

  it('a fix offers the words of the source\'s quotation only: never its narration, never across its marks', () => {
    const corpus = createChecker([
      { id: 'q.txt', text: '"We will rebuild the harbour wall before the winter storms," the mayor said on Friday.', fallbackTitle: 'q' },
      { id: 'n.txt', text: 'The council will rebuild the old harbour wall before the winter storms arrive in the bay.', fallbackTitle: 'n' },
    ]);
    const [quoted] = corpus.check({ text: 'The mayor said: "We will rebuild the harbour wall before the spring storms, the mayor said."', languageId: 'plaintext' }).findings;
    assert.equal(quoted.status, 'altered');
    assert.equal(quoted.sources[0].sourceId, 'q.txt');
    // The passage that aligns best runs on into "the mayor said"; the fix stops at the source's mark.
    assert.deepEqual(quoted.fixes.map((x) => x.edits[0].newText), ['We will rebuild the harbour wall before the winter storms']);
    const [narrated] = corpus.check({ text: 'Officials said the council "will rebuild the old harbour wall before the summer storms arrive in the bay".', languageId: 'plaintext' }).findings;
    assert.equal(narrated.status, 'altered', 'a writer may quote narration; it is compared');
    assert.equal(narrated.sources[0].sourceId, 'n.txt');
    assert.deepEqual(narrated.fixes, [], 'but narration is no wording to restore');
    assert.equal(narrated.suggestion, undefined);
  });

  it('a passage joining a source\'s narration to words inside its quotation is no origin: it is only the closest passage', () => {
    const check = quotesAgainst([
      { id: 'late.txt', text: 'The harbour office said "the tender papers were filed in March" on Tuesday.', fallbackTitle: 'late' },
      MAYOR,
    ]);
    const text = 'She added: "Nobody in the harbour office ever saw the tender papers."';
    const [f] = check(text);
    // "the harbour office" is the reporter's words, "the tender papers" the speaker's: inside the
    // marks three of the quotation's ten words meet, too few for an origin.
    assert.equal(f.status, 'unsupported', f.message);
    assert.deepEqual(f.fixes, []);
    assert.equal(f.suggestion, undefined);
    assert.deepEqual(f.sources.map((m) => [m.sourceId, m.closest]), [['late.txt', true]]);
    // Within the marks the same words still make an altered quotation.
    const [g] = check('She said "the tender papers were filed in May".');
    assert.equal(g.status, 'altered', g.message);
    assert.equal(g.suggestion, 'the tender papers were filed in March');
  });

  it('a statement interrupted by its attribution may be quoted joined: the narration is passed over, never restored', () => {
    const check = quotesAgainst([
      { id: 'war.txt', text: '"We will fight on every front," the minister said on Monday, "until the very last day of this long war."', fallbackTitle: 'war' },
      MAYOR,
    ]);
    const joined = check('She said: "We will fight on every front until the very last day of this long war."');
    assert.deepEqual(joined.map((f) => f.status), ['verified']);
    assert.equal(joined[0].sources[0].wording, 'We will fight on every front until the very last day of this long war');
    const text = 'She said: "We will fight on every front until the last day of this long war."';
    const [f] = check(text);
    assert.equal(f.status, 'altered', f.message);
    assert.equal(f.message, 'Differs from “war”: source has “very”');
    assert.deepEqual(f.sources[0].diff!.filter((d) => d.op !== 'same'), [{ op: 'added', text: 'very' }]);
    assert.deepEqual(f.fixes.map((x) => x.edits[0].newText), ['We will fight on every front until the very last day of this long war']);
    assert.deepEqual(check(withFix(text, f)).map((g) => g.status), ['verified']);
    // "according to" attributes as a reporting verb does; narration of content does not join, and
    // then no fix may drop the fragment the source quotes beside the passage.
    for (const [between, joined] of [['according to the minister', true], ['and the minister then read out a long list of the', false]] as const) {
      const other = quotesAgainst([
        { id: 'war.txt', text: `"We will fight on every front," ${between}, "until the very last day of this long war."`, fallbackTitle: 'war' },
        MAYOR,
      ]);
      const [g] = other(text);
      assert.equal(g.suggestion === 'We will fight on every front until the very last day of this long war', joined, `${between}: ${g.message}`);
      // Not joined, the alignment keeps the second fragment: a fix would drop the first one's
      // words, and the message says the draft joined them (not that it added them).
      if (!joined) {
        assert.deepEqual(g.fixes, [], g.suggestion);
        assert.equal(g.message, 'Differs from “war”: the draft joins “We will fight on every front”, which the source quotes apart, to the rest without an ellipsis; source has “very”');
      }
    }
  });

  it('words of a source that run on past its quotation\'s marks into narration are not what its speaker said', () => {
    const check = quotesAgainst([
      { id: 'hale.txt', text: 'Opposition leader Tom Hale said the government\'s plan "has failed the country" and called for new elections.', fallbackTitle: 'hale' },
      { id: 'review.txt', text: 'By turns warmly sentimental and fantastical, "The Lovely Bones" was an unlikely book to achieve worldwide success.', fallbackTitle: 'review' },
    ]);
    const [f] = check('Hale said the plan "has failed the country and called for new elections."');
    assert.equal(f.status, 'unsupported');
    assert.equal(f.message, '“hale” has these words but quotes only “has failed the country”: the rest is its narration');
    assert.deepEqual(f.fixes, []);
    assert.deepEqual(f.sources.map((m) => [m.sourceId, m.closest]), [['hale.txt', true]]);
    assert.deepEqual(check('Hale said the plan "has failed the country."').map((g) => g.status), ['verified']);
    // Marks that hold no one's words (a title) bound nothing: the draft quotes the critic's narration.
    assert.deepEqual(check('The critic wrote that "The Lovely Bones was an unlikely book to achieve worldwide success."').map((g) => g.status), ['verified']);
    // The reporter's words joined to the speaker's at the other end: the speaker's words are the fix.
    const [g] = check('Hale said "the government\'s plan has failed the country."');
    assert.equal(g.status, 'altered', g.message);
    assert.equal(g.suggestion, 'has failed the country');
  });

  it('a source that quotes part of the words as closely is listed beside the one that quotes them all, its fix the quoted words', () => {
    const check = quotesAgainst([
      { id: 'a.txt', text: 'Spokesman Rob Manning said the retweet included "content that would not be endorsed by the department" and was removed.', fallbackTitle: 'a' },
      { id: 'b.txt', text: 'Dana White said the retweet included content that "would not be endorsed by the department" and apologised.', fallbackTitle: 'b' },
    ]);
    const [f] = check('She said it held "content that would not always be endorsed by the department."');
    assert.equal(f.status, 'altered', f.message);
    assert.equal(f.message, 'Differs from “a”: draft has “always”');
    assert.deepEqual(f.sources.map((m) => [m.sourceId, m.wording]), [
      ['a.txt', 'content that would not be endorsed by the department'],
      ['b.txt', 'would not be endorsed by the department'],
    ]);
    assert.deepEqual(f.fixes.map((x) => x.edits[0].newText), ['content that would not be endorsed by the department', 'would not be endorsed by the department']);
  });

  it('a transcript\'s words outside quotation marks are its speaker\'s: quoting them with a quotation inside is quoting them', () => {
    const check = quotesAgainst([
      {
        id: 'tv.txt',
        text: 'Anderson Cooper: What did you tell people?\n\nRobert Ricks: I would much rather be talking to you and taking the heat. You know, "Hey, let\'s gear up for the big one, this is going to be the big one."\n\nAnderson Cooper: Thank you.',
        fallbackTitle: 'tv',
      },
      MAYOR,
    ]);
    const text = 'Ricks said: "I would much rather be talking to you and taking the heat. You know, \'Hey, let\'s gear up for the big one, this is going to be the big one.\'"';
    const found = check(text);
    assert.deepEqual(found.map((f) => f.status), ['verified']);
  });

  it('a quotation that runs over paragraphs is one: its fix spans them without the marks that open each', () => {
    const check = quotesAgainst([
      { id: 'navy.txt', text: 'Berg spoke last.\n\n"The army is ready.\n\n"The navy is ready. The air force is ready," she told parliament.', fallbackTitle: 'navy' },
      MAYOR,
    ]);
    const text = 'She said: "The army is ready. The navy is prepared."';
    const [f] = check(text);
    assert.equal(f.status, 'altered', f.message);
    assert.equal(f.message, 'Differs from “navy”: draft has “prepared”; source has “ready”');
    assert.deepEqual(f.fixes.map((x) => x.edits[0].newText), ['The army is ready. The navy is ready']);
    assert.deepEqual(check(withFix(text, f)).map((g) => g.status), ['verified']);
  });

  it('an unsupported quote of one or two words is information, longer ones a warning', () => {
    const [short, long] = check('A "bold gamble" and "we will never ever negotiate with anyone".');
    assert.equal(short.severity, 'information');
    assert.equal(long.severity, 'warning');
    assert.equal(long.message, 'No source contains this quotation');
  });

  it('an unclosed quotation mark is reported once and does not stop the rest', () => {
    const fs2 = check('He said "we will win.\n\nShe said "by any means necessary".');
    assert.deepEqual(fs2.map((f) => f.status), ['unbalanced', 'verified']);
  });

  it('nested quotes are checked as part of the outer quotation only', () => {
    const fs2 = check("“The throat-slitters of Daesh - that's what I'm calling them - tell the whole world: ‘Either you're with us or we kill you’.”");
    assert.deepEqual(fs2.map((f) => f.status), ['verified']);
  });
});
