import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentile } from '../../../src/replay/baseline/index.js';

describe('percentile (nearest rank)', () => {
  const cases: Array<[number[], number, number]> = [
    [[], 95, 0],
    [[7], 50, 7],
    [[4, 1, 3, 2], 50, 2],
    [[4, 1, 3, 2], 75, 3],
    [[4, 1, 3, 2], 100, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 95, 95],
    [Array.from({ length: 20 }, (_, i) => i + 1), 95, 19],
  ];
  for (const [values, p, expected] of cases) {
    it(`GIVEN [${values.length > 5 ? `1…${values.length}` : values.join(', ')}] WHEN p${p} THEN ${expected}`, () => {
      assert.equal(percentile(values, p), expected);
    });
  }
});
