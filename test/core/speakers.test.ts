// Speaker extraction on fixtures whose expectations are written inside them: each paragraph is
// followed by `<!-- speakers: A; B -->`, the speakers of its quotations in order ("-" for none).
// A speaker marked "(sure)" or "(guess)" must also be read with (or without) certainty
// (`QuoteSpeaker.sure`: only a sure reading may contradict a draft).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { extractQuotes } from '../../server/src/core/quotes/extract';
import { analyseSpeakers, entityLabel, entityName, sameSpeaker, SpeakerBlocks, speakerOfSpan, type SpeakerAnalysis } from '../../server/src/core/speakers/index';
import { misspelt } from '../../server/src/core/speakers/match';
import { proseView } from '../../server/src/core/text/markdown';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'speakers');

function analyse(text: string, languageId = 'markdown') {
  const view = proseView(text, languageId);
  const quotes = extractQuotes(view.masked, view.blocks).quotes;
  return { quotes, analysis: analyseSpeakers(text, view.masked, view.blocks, quotes) };
}

/** The speaker of the first quotation of a text. */
function speakerOf(text: string) {
  const { analysis } = analyse(text, 'plaintext');
  const first = analysis.byQuote.find((s, i) => analysis.outer[i] && s);
  assert.ok(first, `no speaker found in: ${text}`);
  return first!.entity;
}

describe('speakers: fixtures', () => {
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.md'))) {
    describe(file, () => {
      const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
      const { quotes, analysis } = analyse(text);
      const marker = /<!-- speakers:(.*?)-->/g;
      let from = proseView(text, 'markdown').bodyStart;
      let m: RegExpExecArray | null;
      while ((m = marker.exec(text)) !== null) {
        const expected = m[1].split(';').map((s) => s.trim()).filter(Boolean);
        const paragraph = text.slice(from, m.index).trim();
        const got = quotes
          .map((q, i) => ({ q, i }))
          .filter(({ q, i }) => analysis.outer[i] && q.open >= from && q.open < m!.index)
          .map(({ i }, k) => {
            const certainty = /\((sure|guess)\)$/.exec(expected[k] ?? '');
            const name = speakerName(analysis, i);
            return certainty && name !== '-' ? `${name} (${analysis.byQuote[i]!.sure ? 'sure' : 'guess'})` : name;
          });
        from = m.index + m[0].length;
        it(paragraph.replace(/\s+/g, ' ').slice(0, 70), () => assert.deepEqual(got, expected));
      }
    });
  }
});

describe('speakers: transcript turns', () => {
  const dir = path.join(FIXTURES, 'transcripts');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    describe(file, () => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const { quotes, analysis } = analyse(text);
      const marker = /<!-- turn:(.*?)-->/g;
      let from = proseView(text, 'markdown').bodyStart;
      let m: RegExpExecArray | null;
      while ((m = marker.exec(text)) !== null) {
        // `<!-- turn: NAME | words -->`: whose the words are (by default, the whole paragraph).
        const [expected, words] = m[1].split('|').map((x) => x.trim());
        const raw = text.slice(from, m.index);
        let start = from + raw.length - raw.trimStart().length;
        let end = from + raw.trimEnd().length;
        if (words) {
          start = from + raw.indexOf(words);
          end = start + words.length;
          assert.ok(raw.includes(words), `"${words}" is not in its paragraph`);
        }
        const sp = speakerOfSpan(analysis, quotes, start, end);
        from = m.index + m[0].length;
        it(text.slice(start, end).slice(0, 60), () => assert.equal(sp ? entityName(sp.entity) : '-', expected));
      }
    });
  }
});

function speakerName(a: SpeakerAnalysis, i: number): string {
  const sp = a.byQuote[i];
  return sp ? entityName(sp.entity) : '-';
}

describe('speakers: titles and roles are part of the speaker', () => {
  it('keeps the title as the role and the name as the name', () => {
    const e = speakerOf('"We are not going to discuss it," U.S. Secretary of State John Kerry said.');
    assert.equal(entityName(e), 'John Kerry');
    assert.equal(entityLabel(e), 'John Kerry, U.S. Secretary of State');
  });

  it('reads a role before the name, an apposition and an abbreviated title', () => {
    assert.equal(entityLabel(speakerOf('"No," State Department spokeswoman Jen Psaki said.')), 'Jen Psaki, State Department spokeswoman');
    assert.equal(entityLabel(speakerOf('"No," said Ted Cruz, the Texas senator.')), 'Ted Cruz, Texas senator');
    assert.equal(entityLabel(speakerOf('"No," Texas Sen. Ted Cruz said.')), 'Ted Cruz, Texas Senator');
  });

  it('spells out abbreviated titles in the label', () => {
    assert.equal(entityLabel(speakerOf('"No," Atty. Gen. Lena Fischer said.')), 'Lena Fischer, Attorney General');
    assert.equal(entityLabel(speakerOf('"No," said Det. Insp. Tomas Lind.')), 'Tomas Lind, Detective Inspector');
    assert.equal(entityLabel(speakerOf('Supt. Karl Weber said: "No."')), 'Karl Weber, Superintendent');
  });

  it('lets organisations speak', () => {
    const e = speakerOf('"Prices will rise," the U.S. Central Command said on Monday.');
    assert.equal(e.type, 'org');
    assert.equal(entityName(e), 'U.S. Central Command');
  });

  it('joins "the Supreme Leader" to the person the article gives that role', () => {
    const text = 'Iran’s Supreme Leader Ayatollah Ali Khamenei left hospital.\n\n"I opposed it," the Supreme Leader said.';
    assert.equal(entityName(speakerOf(text)), 'Ali Khamenei');
    const alone = speakerOf('"I opposed it," the Supreme Leader said.');
    assert.equal(alone.named, false);
  });

  it('resolves "he" and "she" to the nearest person who fits', () => {
    const text = 'Jen Psaki spoke after John Kerry. Later Kerry left.\n\n"We are not coordinating," she said.';
    assert.equal(entityName(speakerOf(text)), 'Jen Psaki');
    const he = 'Jen Psaki spoke after John Kerry. Later Kerry left.\n\n"We are not coordinating," he said.';
    assert.equal(entityName(speakerOf(he)), 'John Kerry');
  });

  it('does not take a name inside a quotation for the speaker', () => {
    const e = speakerOf('Psaki spoke first. "Kerry said nothing," she said.');
    assert.equal(entityName(e), 'Psaki');
  });
});

describe('speakers: the same speaker', () => {
  const kerry = speakerOf('"A," U.S. Secretary of State John Kerry said.');
  it('Kerry = John Kerry = Secretary of State John Kerry', () => {
    assert.equal(sameSpeaker(speakerOf('"A," Kerry said.'), kerry), 'exact');
    assert.equal(sameSpeaker(speakerOf('"A," said John Kerry.'), kerry), 'exact');
  });

  it('a misspelt name still matches, fuzzily', () => {
    assert.equal(sameSpeaker(speakerOf('"A," Jen Paski said.'), speakerOf('"A," Jen Psaki said.')), 'fuzzy');
    assert.equal(sameSpeaker(speakerOf('"A," Paski said.'), speakerOf('"A," Psaki said.')), 'fuzzy');
  });

  it('other people stay other people', () => {
    assert.equal(sameSpeaker(speakerOf('"A," Jen Psaki said.'), kerry), 'different');
    assert.equal(sameSpeaker(speakerOf('"A," Bill Clinton said.'), speakerOf('"A," Hillary Clinton said.')), 'different');
    assert.equal(sameSpeaker(speakerOf('"A," CNN reported.'), speakerOf('"A," reporter Jomana Karadsheh said.')), 'different');
  });

  it('an unnamed speaker is not a named one, but matches the same description', () => {
    const diplomat = speakerOf('"A," another French diplomat said.');
    const fabius = speakerOf('"A," Foreign Minister Laurent Fabius said.');
    assert.equal(sameSpeaker(fabius, diplomat), 'different');
    assert.equal(sameSpeaker(diplomat, fabius), 'unknown', 'a vague draft is not a wrong one');
    assert.equal(sameSpeaker(diplomat, speakerOf('A French diplomat was sceptical: "A."')), 'exact');
  });

  it('a role matches a name when the article gives that person the role', () => {
    const leader = speakerOf('Supreme Leader Ayatollah Ali Khamenei spoke on television.\n\n"A," Khamenei said.');
    assert.equal(sameSpeaker(speakerOf('"A," the Supreme Leader said.'), leader), 'exact');
  });

  it('misspellings: letters swapped, doubled or dropped; not a different name', () => {
    assert.ok(misspelt('Psaki', 'Paski'));
    assert.ok(misspelt('Viguerie', 'Vigurie'));
    assert.ok(misspelt('Sanders', 'Sander'));
    assert.ok(!misspelt('Obama', 'Osama'));
    assert.ok(!misspelt('Cruz', 'Ryan'));
    assert.ok(!misspelt('Bozell', 'Viguerie'));
  });
});

describe('speakers: re-analysing an edited draft', () => {
  /** Everything an analysis says, with offsets, as a string to compare. */
  const signature = (a: SpeakerAnalysis) => JSON.stringify({
    byQuote: a.byQuote.map((s) => s && [entityLabel(s.entity), s.entity.id, s.mention.start, s.mention.end, s.mention.nameStart, s.mention.nameEnd, s.mention.sentence, s.cue]),
    outer: a.outer,
    entities: a.entities.map((e) => [entityLabel(e), e.type, e.named, e.gender, e.speaks, e.mentions.map((m) => [m.sentence, m.start, m.end, m.apposedTo?.start])]),
  });
  const read = (text: string, reuse?: SpeakerBlocks) => {
    const view = proseView(text, 'markdown');
    const quotes = extractQuotes(view.masked, view.blocks).quotes;
    return analyseSpeakers(text, view.masked, view.blocks, quotes, reuse);
  };

  it('gives what a fresh analysis gives, edit after edit', () => {
    const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(FIXTURES, f), 'utf8'));
    const reuse = new SpeakerBlocks();
    const inserts = [' x', '\n\n', '"', '“', '”', ' said Kerry.', ' he said', 'Mr. ', ', ', '. ', '-', "'s"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let compared = 0;
    for (let text of fixtures) {
      for (let k = 0; k < 25; k++) {
        const at = Math.floor(next() * text.length);
        if (next() < 0.7) text = text.slice(0, at) + inserts[Math.floor(next() * inserts.length)] + text.slice(at);
        else text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 4));
        assert.equal(signature(read(text, reuse)), signature(read(text)), `after edit ${k}`);
        compared++;
      }
    }
    assert.ok(compared > 0);
  });

  it('does not read again a paragraph it has read, even when it moved', () => {
    const reuse = new SpeakerBlocks();
    const a = '“We will act,” said Secretary of State John Kerry.';
    const b = 'He spoke in Paris. “We will not wait,” he added.';
    const first = read(`${a}\n\n${b}`, reuse);
    const again = read(`${a}\n\n${b}`, reuse);
    assert.equal(again.byQuote[1]!.mention, first.byQuote[1]!.mention, 'an unchanged draft reuses its mentions');
    const moved = read(`A new opening paragraph.\n\n${a}\n\n${b}`, reuse);
    assert.equal(signature(moved), signature(read(`A new opening paragraph.\n\n${a}\n\n${b}`)));
    assert.equal(entityLabel(moved.byQuote[1]!.entity), 'John Kerry, Secretary of State');
    assert.equal(moved.byQuote[1]!.mention, first.byQuote[1]!.mention, 'a paragraph that moved keeps its mentions, at their new offsets');
  });

  it('reads a paragraph that a text holds twice as two paragraphs, however the text moves', () => {
    const reuse = new SpeakerBlocks();
    const p = '“We will act,” said Secretary of State John Kerry.';
    // Paragraphs between others: the same text and the same characters around it, so one key.
    const texts = [`Intro.\n\n${p}\n\n${p}\n\nEnd.`, `A longer intro.\n\n${p}\n\n${p}\n\nEnd.`, `A.\n\n${p}\n\nMiddle.\n\n${p}\n\nEnd.`, `A.\n\n${p}\n\n${p}\n\n${p}\n\nEnd.`];
    for (const text of texts) {
      const a = read(text, reuse);
      assert.equal(signature(a), signature(read(text)), text);
      const mentions = a.byQuote.filter((s) => s).map((s) => s!.mention);
      assert.equal(new Set(mentions).size, mentions.length, `each paragraph has mentions of its own: ${text}`);
    }
  });
});
