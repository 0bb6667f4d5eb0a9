/** The Consolidatable condition's decision (karpenter-semantics.md §4.4): consolidateAfter from the last pod event. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodePool } from '../../src/apis/nodepool.js';
import { consolidatableOf } from '../../src/disruption/consolidatable.js';
import { nodeClaim, nodePool } from '../../src/testing/builders.js';

const INITIALIZED = Date.parse('2026-01-01T00:10:00Z');

function claim(options: { initialized?: boolean; lastPodEventTime?: string } = {}): NodeClaim {
  return nodeClaim({
    metadata: { name: 'c1' },
    status: {
      conditions:
        options.initialized === false
          ? [{ type: 'Initialized', status: 'Unknown', reason: 'NodeNotReady', lastTransitionTime: '2026-01-01T00:10:00Z' }]
          : [{ type: 'Initialized', status: 'True', reason: 'Initialized', lastTransitionTime: '2026-01-01T00:10:00Z' }],
      ...(options.lastPodEventTime === undefined ? {} : { lastPodEventTime: options.lastPodEventTime }),
    },
  });
}

const pool = (consolidateAfter?: string): NodePool =>
  nodePool({ metadata: { name: 'batch' }, spec: consolidateAfter === undefined ? {} : { disruption: { consolidateAfter } } });

describe('consolidatableOf', () => {
  it('GIVEN consolidateAfter 30s and no pod event WHEN 18 s after initialization THEN waiting, 12 s left; at 30 s THEN consolidatable', () => {
    const waiting = consolidatableOf(claim(), pool('30s'), undefined, INITIALIZED + 18_000);
    assert.deepEqual(waiting, {
      consolidatable: false,
      state: 'waiting',
      at: INITIALIZED + 30_000,
      message: 'consolidateAfter 30s not elapsed (in 12s)',
    });
    const ready = consolidatableOf(claim(), pool('30s'), undefined, INITIALIZED + 30_000);
    assert.deepEqual(ready, {
      consolidatable: true,
      state: 'consolidatable',
      since: INITIALIZED + 30_000,
      message: 'consolidateAfter 30s elapsed since the node initialized',
    });
  });

  it('GIVEN a pod event after initialization WHEN judged THEN the wait counts from the pod event', () => {
    const podEvent = INITIALIZED + 60_000;
    assert.equal(consolidatableOf(claim(), pool('30s'), podEvent, podEvent + 29_000).state, 'waiting');
    const ready = consolidatableOf(claim(), pool('30s'), podEvent, podEvent + 30_000);
    assert.equal(ready.consolidatable, true);
    assert.equal(ready.message, 'consolidateAfter 30s elapsed since the last pod event');
  });

  it('GIVEN a lastPodEventTime in the status (written by upstream) WHEN it is later than what was observed THEN it counts', () => {
    const result = consolidatableOf(
      claim({ lastPodEventTime: '2026-01-01T00:20:00Z' }),
      pool('5m'),
      INITIALIZED,
      Date.parse('2026-01-01T00:24:00Z'),
    );
    assert.equal(result.state, 'waiting');
    assert.equal(result.at, Date.parse('2026-01-01T00:25:00Z'));
  });

  it('GIVEN pod events before initialization (DaemonSets) WHEN judged THEN the wait still counts from initialization', () => {
    assert.equal(consolidatableOf(claim(), pool('30s'), INITIALIZED - 60_000, INITIALIZED + 10_000).state, 'waiting');
  });

  it('GIVEN consolidateAfter 0s (also the default) WHEN the claim is initialized THEN consolidatable at once', () => {
    assert.equal(consolidatableOf(claim(), pool('0s'), undefined, INITIALIZED).consolidatable, true);
    assert.equal(consolidatableOf(claim(), pool(), INITIALIZED + 5, INITIALIZED + 5).consolidatable, true);
  });

  it('GIVEN consolidateAfter Never WHEN any time passes THEN never (the condition is removed)', () => {
    assert.deepEqual(consolidatableOf(claim(), pool('Never'), undefined, INITIALIZED + 1e12), {
      consolidatable: false,
      state: 'never',
      message: 'NodePool batch has consolidateAfter Never',
    });
  });

  it('GIVEN a claim not initialized WHEN judged THEN not-initialized', () => {
    assert.equal(consolidatableOf(claim({ initialized: false }), pool('0s'), undefined, INITIALIZED + 1e9).state, 'not-initialized');
  });

  it('GIVEN a consolidateAfter that does not parse WHEN judged THEN invalid, saying what was written', () => {
    const result = consolidatableOf(claim(), pool('5 minutes'), undefined, INITIALIZED);
    assert.equal(result.state, 'invalid');
    assert.equal(result.message, 'NodePool batch consolidateAfter "5 minutes" is not a duration or Never');
  });
});
