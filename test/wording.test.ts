import * as assert from 'assert';
import { grouped } from '../server/src/wording';

describe('wording: numbers', () => {
  it('grouped writes whole numbers as toLocaleString("en") does', () => {
    const samples = [0, 7, 12, 999, 1000, 1001, 19589, 100000, 999999, 1000000, 4362556, 123456789012, -1, -1234, -1234567];
    for (const n of samples) assert.equal(grouped(n), n.toLocaleString('en'), String(n));
    for (let k = 1; k < 2_000_000; k = k * 3 + 1) assert.equal(grouped(k), k.toLocaleString('en'));
  });
});
