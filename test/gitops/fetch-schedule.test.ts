import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextFetchDelay } from '../../src/gitops/source/fetch-schedule.js';

const base = { intervalMs: 30_000, jitter: 0.1, failures: 0, maxBackoffMs: 300_000 };

describe('nextFetchDelay', () => {
  it('spreads the interval by the jitter, both ways', () => {
    assert.equal(nextFetchDelay(base, 0.5), 30_000);
    assert.equal(nextFetchDelay(base, 0), 27_000);
    assert.equal(nextFetchDelay(base, 0.999_999), 33_000);
    assert.equal(nextFetchDelay({ ...base, jitter: 0 }, 0), 30_000);
  });

  it('doubles with each failure up to the cap, jitter included', () => {
    const delays = [1, 2, 3, 4, 5, 50].map((failures) => nextFetchDelay({ ...base, failures }, 0.5));
    assert.deepEqual(delays, [60_000, 120_000, 240_000, 300_000, 300_000, 300_000]);
    assert.equal(nextFetchDelay({ ...base, failures: 4 }, 0.999_999), 300_000, 'jitter never passes the cap');
    assert.equal(nextFetchDelay({ ...base, failures: 1 }, 0), 54_000);
  });

  it('never backs off to less than the interval, even with a smaller cap', () => {
    assert.equal(nextFetchDelay({ ...base, failures: 3, maxBackoffMs: 1_000, jitter: 0 }, 0.5), 30_000);
  });
});
