import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from '../../src/controllers/provisioner/batcher.js';
import { FakeClock } from '../../src/testing/fake-clock.js';

describe('provisioner batcher', () => {
  it('closes the window after 1 s without a new distinct pod', async () => {
    const clock = new FakeClock();
    const batcher = new Batcher(clock);
    const batch = batcher.nextBatch();
    batcher.trigger('a');
    clock.advance(600);
    batcher.trigger('b');
    clock.advance(600);
    batcher.trigger('a'); // a duplicate does not extend the window
    clock.advance(400);
    assert.deepEqual(await batch, ['a', 'b']);
  });

  it('closes the window after 10 s however busy it is', async () => {
    const clock = new FakeClock();
    const batcher = new Batcher(clock);
    const batch = batcher.nextBatch();
    for (let i = 0; i < 25; i++) {
      batcher.trigger(`pod-${i}`);
      clock.advance(500);
    }
    const keys = await batch;
    assert.equal(keys.length, 20, 'window closed at 10 s');
    assert.equal(keys[0], 'pod-0');
  });

  it('keeps a window that closed while nobody waited for the next call', async () => {
    const clock = new FakeClock();
    const batcher = new Batcher(clock);
    batcher.trigger('x');
    clock.advance(1000);
    assert.deepEqual(await batcher.nextBatch(), ['x']);
  });
});
