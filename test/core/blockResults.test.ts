// The core's store of block-wise findings (checks/blocks.ts): a block seen before is not checked
// again, wherever it moved; its findings come back at its new place; what every block shares (the
// check's own key, the configuration, the draft's date) selects a store of its own, so a change
// there and back finds the earlier results again.
import * as assert from 'assert';
import { BlockResults } from '../../server/src/core/checks/blocks';
import type { Check, DraftContext } from '../../server/src/core/checks/context';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import type { CorpusIndex } from '../../server/src/core/corpus/index';
import { extractQuotes } from '../../server/src/core/quotes/extract';
import { proseView, type Span } from '../../server/src/core/text/markdown';
import type { Finding } from '../../server/src/core/types';

function context(text: string, shared = 'a', draftDate?: string): DraftContext {
  const view = proseView(text, 'markdown');
  const scan = extractQuotes(view.masked, view.blocks);
  return {
    text,
    languageId: 'markdown',
    view,
    quotes: scan.quotes,
    unbalanced: scan.unbalanced,
    config: DEFAULT_CONFIG,
    index: {} as CorpusIndex,
    draftDate,
    related: { has: () => true, size: 0, tokens: 0, key: shared, members: () => [], known: true },
  };
}

/** A check with one finding per word "flag" of a block, counting the blocks it reads. */
function flagCheck() {
  const read: string[] = [];
  const check: Check = {
    name: 'flags',
    run: () => [],
    blockKey: (ctx) => ctx.related.key,
    runBlock(ctx: DraftContext, b: Span): Finding[] {
      read.push(ctx.text.slice(b.start, b.end));
      const out: Finding[] = [];
      const re = /flag/g;
      const body = ctx.text.slice(b.start, b.end);
      for (let m = re.exec(body); m; m = re.exec(body)) {
        const start = b.start + m.index;
        out.push({ kind: 'quote', status: 'unsupported', severity: 'information', start, end: start + 4, text: 'flag', message: 'm', sources: [], fixes: [{ title: 't', edits: [{ start, end: start + 4, newText: 'x' }] }] });
      }
      return out;
    },
  };
  return { check, read };
}

const at = (fs: Finding[]) => fs.map((f) => [f.start, f.end, f.fixes[0].edits[0].start]);

describe('block-wise findings kept between checks', () => {
  it('reads only new blocks, and moves the findings of the others to where they are', () => {
    const { check, read } = flagCheck();
    const store = new BlockResults();
    const a = 'One flag here.\n\nAnother flag.\n\nNo mark.';
    assert.deepEqual(at(store.run(check, context(a))), [[4, 8, 4], [24, 28, 24]]);
    assert.equal(read.length, 3);
    read.length = 0;
    const b = 'A new first paragraph.\n\n' + a;
    const found = store.run(check, context(b));
    assert.deepEqual(read, ['A new first paragraph.'], 'only the new block is read');
    assert.deepEqual(at(found), [[28, 32, 28], [48, 52, 48]], 'the others’ findings at their new offsets');
  });

  it('keeps one store per value of what the blocks share, and finds an earlier one again', () => {
    const { check, read } = flagCheck();
    const store = new BlockResults();
    const text = 'One flag.\n\nTwo flags.';
    store.run(check, context(text, 'story-1'));
    assert.equal(read.length, 2);
    store.run(check, context(text, 'story-2'));
    assert.equal(read.length, 4, 'another shared key: every block read again');
    store.run(check, context(text, 'story-2', '2014-09-15'));
    assert.equal(read.length, 6, "the draft's date is shared too");
    const back = store.run(check, context(text, 'story-1'));
    assert.equal(read.length, 6, 'back to the first: nothing read');
    assert.deepEqual(at(back), [[4, 8, 4], [15, 19, 15]]);
  });
});
