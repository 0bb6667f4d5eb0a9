import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/apis/logger.js';
import { startControllerLoop } from '../../../src/controllers/runtime/controller-loop.js';
import { STATE_KINDS, ClusterState } from '../../../src/state/cluster-state.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';

function syncedState(): ClusterState {
  const state = new ClusterState();
  for (const kind of STATE_KINDS) state.markSynced(kind);
  return state;
}

describe('controller loop', () => {
  it('reconciles on the injected clock: once at start, then once per interval', async () => {
    const clock = new FakeClock();
    let passes = 0;
    const loop = startControllerLoop(
      { name: 'counter', reconcile: async () => void (passes += 1) },
      { state: syncedState(), logger: silentLogger, clock, onChange: false, intervalMs: 1000 },
    );
    await loop.idle();
    assert.equal(passes, 1);
    for (let i = 0; i < 3; i += 1) {
      clock.advance(1000);
      await loop.idle();
    }
    assert.equal(passes, 4);
    await loop.stop();
    clock.advance(5000);
    await loop.idle();
    assert.equal(passes, 4);
    assert.equal(clock.pending(), 0);
  });

  it('coalesces changes made synchronously by its own reconcile instead of re-entering it', async () => {
    const clock = new FakeClock();
    const state = syncedState();
    let passes = 0;
    let depth = 0;
    let maxDepth = 0;
    const reconcile = async () => {
      depth += 1;
      maxDepth = Math.max(maxDepth, depth);
      passes += 1;
      if (passes < 50) state.nominate(`node-${passes}`, 1);
      depth -= 1;
    };
    const loop = startControllerLoop({ name: 'writer', reconcile }, { state, logger: silentLogger, clock, intervalMs: 1000 });
    await loop.idle();
    assert.equal(maxDepth, 1);
    assert.equal(passes, 50);
    await loop.stop();
  });
});
