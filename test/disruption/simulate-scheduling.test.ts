import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchedulingSimulator, isUsablePool, simulateScheduling } from '../../src/disruption/simulate-scheduling.js';
import { benchCluster } from '../../src/operator/cli/bench-consolidation-cluster.js';
import { podKey } from '../../src/scheduling/pod-info.js';
import { resetNames } from '../../src/testing/index.js';
import { catalog, machine, pendingPod, pool, snapshotOf } from './consolidation-fixtures.js';

const [small, medium] = catalog();

describe('SchedulingSimulator', () => {
  it('GIVEN one simulator asked about many candidate sets THEN each answer equals a fresh simulation of that set', () => {
    const { snapshot, candidates } = benchCluster(40, 7);
    const reused = new SchedulingSimulator(snapshot);
    const sets = [...candidates.map((c) => [c]), candidates.slice(0, 2), candidates.slice(3, 9), candidates.slice(0, 20)];
    for (const set of [...sets, ...sets.slice(0, 5)]) assert.deepEqual(reused.simulate(set), simulateScheduling(snapshot, set));
  });

  it("GIVEN candidates, pending pods and a deleting node's pods THEN all are simulated, and only pending failures leave the answer schedulable", () => {
    resetNames();
    const a = machine({ name: 'a', type: small, pods: ['1'] });
    const b = machine({ name: 'b', type: medium, pods: ['1'] });
    const leaving = machine({ name: 'leaving', type: small, pods: ['500m'], markedForDeletion: true });
    const huge = pendingPod('64');
    const result = simulateScheduling(snapshotOf({ machines: [a, b, leaving], pending: [huge] }), [a.candidate]);
    assert.deepEqual(result.candidatePods, a.pods.map(podKey));
    assert.deepEqual(
      result.failures.map((f) => [f.pod, f.source]),
      [[podKey(huge), 'pending']],
    );
    assert.equal(result.allNonPendingScheduled, true);
    const placed = new Map(result.placements.map((p) => [p.pod, p.target]));
    assert.equal(placed.get(podKey(a.pods[0])), 'b');
    assert.equal(placed.get(podKey(leaving.pods[0])), 'b', "the deleting node's pod is rescheduled too");
  });

  it('GIVEN a pool that is not Ready THEN no replacement comes from it, so a pod only it could host does not fit', () => {
    resetNames();
    const notReady = pool('default', { status: { conditions: [{ type: 'Ready', status: 'False' }] } });
    assert.equal(isUsablePool(notReady), false);
    const a = machine({ name: 'a', pool: notReady, type: medium, pods: ['3'] });
    const result = simulateScheduling(snapshotOf({ machines: [a], pools: [notReady] }), [a.candidate]);
    assert.equal(result.allNonPendingScheduled, false);
    assert.deepEqual(result.newNodeClaims, []);
    assert.deepEqual(
      result.failures.map((f) => f.source),
      ['candidate'],
    );
  });

  it('GIVEN a deleting node whose pod tolerates the disrupted taint THEN that pod is not simulated (the drain leaves it), so it cannot block', () => {
    resetNames();
    const a = machine({ name: 'a', type: small, pods: ['1'] });
    const b = machine({ name: 'b', type: medium, pods: ['1'] });
    const tolerations = [{ key: 'karpenter.sh/disrupted', operator: 'Exists' as const, effect: 'NoSchedule' as const }];
    const leaving = machine({ name: 'leaving', type: medium, pods: ['64'], podOptions: { tolerations }, markedForDeletion: true });
    const result = simulateScheduling(snapshotOf({ machines: [a, b, leaving] }), [a.candidate]);
    assert.deepEqual(result.failures, []);
    assert.equal(result.allNonPendingScheduled, true);
    assert.equal(
      result.placements.some((p) => p.pod === podKey(leaving.pods[0])),
      false,
    );
  });
});
