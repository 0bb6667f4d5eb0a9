import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../src/testing/fake-clock.js';

describe('FakeClock timers', () => {
  it('fires an interval once per period that falls due, in order with one-shot timers', () => {
    const clock = new FakeClock(new Date('2026-01-01T00:00:00Z'));
    const fired: string[] = [];
    clock.setInterval(() => fired.push(`every@${clock.now().getTime() % 10_000}`), 1000);
    clock.setTimeout(() => fired.push(`once@${clock.now().getTime() % 10_000}`), 1500);
    clock.advance(3000);
    assert.deepEqual(fired, ['every@1000', 'once@1500', 'every@2000', 'every@3000']);
  });

  it('stops an interval when it is cancelled, also from inside its own callback', () => {
    const clock = new FakeClock();
    let runs = 0;
    const cancel = clock.setInterval(() => {
      runs += 1;
      if (runs === 2) cancel();
    }, 100);
    clock.advance(1000);
    assert.equal(runs, 2);
    assert.equal(clock.pending(), 0);
  });
});
