import { strict as assert } from 'assert';
import { tokenize } from '../../server/src/core/text/tokens';
describe('tokens', () => {
  it('normalises typography', () => {
    assert.deepEqual(tokenize('U.S. “Don’t” #crimes self-serving 5,000').map((t) => t.norm), ['us', "don't", 'crimes', 'self', 'serving', '5000']);
  });
});
