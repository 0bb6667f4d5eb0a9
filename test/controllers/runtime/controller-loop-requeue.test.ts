/** The controller loop runs an extra pass when the reconciler asks for one (nextPassAt), within sane bounds. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../../src/apis/logger.js';
import { MIN_REQUEUE_MS, startControllerLoop } from '../../../src/controllers/runtime/controller-loop.js';
import { ClusterState, STATE_KINDS } from '../../../src/state/cluster-state.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';

function syncedState(): ClusterState {
  const state = new ClusterState();
  for (const kind of STATE_KINDS) state.markSynced(kind);
  return state;
}

/** A reconciler that counts passes and asks for the next one at `next()`. */
function requeuing(clock: FakeClock, next: () => number | undefined) {
  const passes: number[] = [];
  return {
    passes,
    reconciler: {
      name: 'requeuing',
      reconcile: async () => void passes.push(clock.now().getTime()),
      nextPassAt: next,
    },
  };
}

/** The loop under test: no change events, only the interval (`intervalMs`) and the reconciler's requeues. */
function startLoop(reconciler: ReturnType<typeof requeuing>['reconciler'], clock: FakeClock, intervalMs: number) {
  return startControllerLoop(reconciler, { state: syncedState(), logger: silentLogger, clock, onChange: false, intervalMs });
}

async function advance(clock: FakeClock, loop: { idle(): Promise<void> }, ms: number, stepMs = 1000) {
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(stepMs);
    await loop.idle();
  }
}

describe('controller loop requeue', () => {
  it('GIVEN a reconciler asking for a pass in 30 s WHEN the interval is 10 min THEN the pass runs at 30 s', async () => {
    const clock = new FakeClock();
    const start = clock.now().getTime();
    const { passes, reconciler } = requeuing(clock, () => (passes.length === 1 ? start + 30_000 : undefined));
    const loop = startLoop(reconciler, clock, 600_000);
    await loop.idle();
    await advance(clock, loop, 60_000);
    assert.deepEqual(
      passes.map((at) => at - start),
      [0, 30_000],
    );
    await loop.stop();
    assert.equal(clock.pending(), 0, 'stop cancels the requeue timer and the interval');
  });

  it('GIVEN a reconciler asking for a time already past WHEN it keeps asking THEN the loop waits at least MIN_REQUEUE_MS between passes', async () => {
    const clock = new FakeClock();
    const { passes, reconciler } = requeuing(clock, () => 0);
    const loop = startLoop(reconciler, clock, 600_000);
    await loop.idle();
    await advance(clock, loop, 10 * MIN_REQUEUE_MS, MIN_REQUEUE_MS / 4);
    assert.ok(passes.length <= 11, `${passes.length} passes in ${10 * MIN_REQUEUE_MS} ms`);
    assert.ok(passes.length >= 10);
    await loop.stop();
  });

  it('GIVEN a requested time after the next interval WHEN waiting THEN only the interval runs (no extra timer)', async () => {
    const clock = new FakeClock();
    const start = clock.now().getTime();
    const { reconciler } = requeuing(clock, () => start + 10 * 3_600_000);
    const loop = startLoop(reconciler, clock, 60_000);
    await loop.idle();
    assert.equal(clock.pending(), 1, 'the interval only');
    await loop.stop();
  });
});
