// Sources are named as a reader names them: outlet, else title, else the article's headline line;
// the file name only when nothing else exists.
import { strict as assert } from 'assert';
import { createChecker, sourceLabel } from '../../server/src/core/index';

const named = (text: string, id = 'archive/story-0042.txt') => createChecker([{ id, text, fallbackTitle: 'story-0042' }]).sources()[0].meta;

describe('source names', () => {
  it('a headline line on its own above the text names the article', () => {
    assert.equal(named('Harbour council backs wall rebuild\n\nThe harbour council voted on Monday to rebuild the wall.\n').title, 'Harbour council backs wall rebuild');
    assert.equal(named('Cocoa review\n26-FEB-1987 15:01:01.79\n\nShowers continued in the cocoa zone.\n').title, 'Cocoa review', 'a headline above a dateline');
    assert.equal(named('# Harbour council backs wall\n\nThe harbour council voted.\n', 'a.md').title, 'Harbour council backs wall');
    // The headline's "Oslo" is the text's "Oslo's": a possessive counts as its word.
    assert.equal(named('Oslo narrowly avoids flooding\n\nOslo\'s harbour rose to a record on Monday, and the flooding stopped short of the town.\n').title, 'Oslo narrowly avoids flooding');
  });

  it('a first sentence, hard-wrapped or not, is no headline; nor is page debris or a lone word', () => {
    assert.equal(named('WASHINGTON (Reuters) - The United States said on\nMonday that it would not coordinate with Iran.\n').title, 'story-0042');
    assert.equal(named('The harbour council voted on Monday to rebuild the wall.\n\nWork starts in April.\n').title, 'story-0042');
    assert.equal(named('Accessibility links\n\nThe harbour council voted on Monday to rebuild the wall.\n').title, 'story-0042');
    assert.equal(named('CAIRO |\n\nCAIRO (Reuters) - The minister said on Tuesday.\n').title, 'story-0042');
  });

  it('stated metadata comes first, and a message names the outlet before the title', () => {
    const meta = named('---\ntitle: Stated title\noutlet: Harbour Gazette\n---\nHeadline of the page\n\nThe headline of the page is not the title.\n', 'a.md');
    assert.equal(meta.title, 'Stated title');
    assert.equal(sourceLabel(meta), 'Harbour Gazette');
    assert.equal(sourceLabel(named('Harbour council backs wall rebuild\n\nThe harbour council voted to rebuild the wall.\n')), '“Harbour council backs wall rebuild”');
  });
});
