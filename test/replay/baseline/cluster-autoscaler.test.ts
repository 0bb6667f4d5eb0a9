import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Toleration } from '../../../src/apis/core-v1.js';
import type { NodePool } from '../../../src/apis/nodepool.js';
import { runClusterAutoscalerModel } from '../../../src/replay/baseline/index.js';
import type { ClusterAutoscalerFigures } from '../../../src/replay/baseline/index.js';
import type { WorkloadEvent, WorkloadTimeline } from '../../../src/replay/types.js';
import { pod } from '../../../src/testing/index.js';
import { A_XLARGE, B_LARGE, HOUR, SECOND, creates, deletes, namedPods, pinnedPool, timeline } from './timeline-fixtures.js';

const SMALL = { requests: { cpu: '1', memory: '1Gi' } };

function run(nodePools: NodePool[], t: WorkloadTimeline, bootSeconds = 60): ClusterAutoscalerFigures {
  return runClusterAutoscalerModel({ scenario: { bootSeconds }, nodePools, instanceTypes: [A_XLARGE, B_LARGE], timeline: t });
}

function nodesAt(figures: ClusterAutoscalerFigures, minute: number): number {
  return figures.samples.find((s) => s.minute === minute)!.nodes;
}

describe('cluster-autoscaler model: one deployment scaling 0 → 10 → 0', () => {
  const web = namedPods('web', 10, SMALL);
  const figures = run([pinnedPool('general', ['a.xlarge'])], timeline(3 * HOUR, creates(5 * SECOND, web), deletes(HOUR, web)));

  it('GIVEN 10 one-vCPU pods created at 5 s WHEN the 10 s scan runs THEN it launches 3 four-vCPU nodes, Ready 60 s later', () => {
    assert.deepEqual(figures.samples[0], { minute: 1, pricePerHour: 0.6000000000000001, nodes: 3, spotNodes: 0, pendingPods: 10 });
    assert.equal(figures.samples[1].pendingPods, 0);
    assert.equal(figures.pendingSecondsP50, 65);
    assert.equal(figures.pendingSecondsP95, 65);
    assert.equal(figures.pendingSecondsMax, 65);
  });

  it('GIVEN the pods are deleted at 1 h WHEN the nodes are empty THEN they are removed only after 10 min unneeded', () => {
    assert.equal(nodesAt(figures, 69), 3);
    assert.equal(nodesAt(figures, 70), 0);
    assert.equal(figures.disruptions, 3);
    assert.equal(figures.podsEvicted, 0);
  });

  it('GIVEN that run THEN cost is 3 nodes × $0.20 from launch (10 s) to removal (70 min), on-demand', () => {
    assert.ok(Math.abs(figures.cost - (3 * 0.2 * (4200 - 10)) / 3600) < 1e-9);
    assert.ok(Math.abs(figures.nodeHours - (3 * (4200 - 10)) / 3600) < 1e-9);
    assert.equal(figures.spotShare, 0);
    assert.equal(figures.samples.length, 180);
    assert.deepEqual(figures.nodeGroups, [
      { nodePool: 'general', instanceType: 'a.xlarge', capacityType: 'on-demand', pricePerHour: 0.2, maxNodes: Number.POSITIVE_INFINITY },
    ]);
  });
});

describe('cluster-autoscaler model: scale-down of under-utilised nodes', () => {
  // First-fit binding puts web-0..3 on node 0, web-4..7 on node 1, web-8..9 on node 2.
  function partial(doNotDisrupt: boolean): ClusterAutoscalerFigures {
    const web = namedPods('web', 10, SMALL);
    if (doNotDisrupt) web[4] = pod({ ...SMALL, name: 'web-4', metadata: { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } });
    const gone = [web[3], web[5], web[6], web[7], web[8], web[9]];
    return run([pinnedPool('general', ['a.xlarge'])], timeline(3 * HOUR, creates(5 * SECOND, web), deletes(HOUR, gone)));
  }

  it('GIVEN node 1 at 25 % whose pod fits on node 0 WHEN 10 min pass THEN node 1 is drained and removed with the empty node 2', () => {
    const figures = partial(false);
    assert.equal(nodesAt(figures, 69), 3);
    assert.equal(nodesAt(figures, 70), 1);
    assert.equal(figures.disruptions, 2);
    assert.equal(figures.podsEvicted, 1);
    assert.equal(figures.samples.at(-1)!.pendingPods, 0, 'the evicted pod runs on node 0');
    assert.equal(figures.samples.at(-1)!.nodes, 1, 'node 0 at 100 % stays');
  });

  it('GIVEN the pod on node 1 is do-not-disrupt (safe-to-evict: false) THEN node 1 is never removed', () => {
    const figures = partial(true);
    assert.equal(nodesAt(figures, 70), 2);
    assert.equal(figures.samples.at(-1)!.nodes, 2);
    assert.equal(figures.disruptions, 1);
    assert.equal(figures.podsEvicted, 0);
  });

  it('GIVEN a node at exactly 50 % THEN it is not a candidate (the threshold is strict)', () => {
    const web = namedPods('web', 10, SMALL);
    const figures = run([pinnedPool('general', ['a.xlarge'])], timeline(2 * HOUR, creates(0, web)));
    assert.equal(figures.samples.at(-1)!.nodes, 3);
    assert.equal(figures.disruptions, 0);
  });
});

describe('cluster-autoscaler model: pods no group fits', () => {
  const pool = pinnedPool('dedicated', ['a.xlarge'], { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] });
  const tolerate: Toleration[] = [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }];
  const untolerated = pod({ ...SMALL, name: 'no-toleration' });
  const tooBig = pod({ name: 'too-big', requests: { cpu: '8', memory: '1Gi' }, tolerations: tolerate });
  const wrongSelector = pod({ ...SMALL, name: 'wrong-pool', tolerations: tolerate, nodeSelector: { NodePool: 'other' } });
  const fine = pod({ ...SMALL, name: 'fine', tolerations: tolerate, nodeSelector: { NodePool: 'dedicated' } });
  const figures = run([pool], timeline(HOUR, creates(5 * SECOND, [untolerated, tooBig, wrongSelector, fine])));

  it('GIVEN an untolerated taint, a too-large request and a selector for another pool THEN those pods stay pending all along', () => {
    assert.equal(figures.unschedulablePods, 3);
    assert.equal(figures.samples.at(-1)!.pendingPods, 3);
    assert.equal(figures.pendingSecondsMax, 3595);
  });

  it('GIVEN those pods THEN they launch nothing; only the fitting pod gets a node', () => {
    assert.equal(figures.samples.at(-1)!.nodes, 1);
    assert.equal(figures.samples[0].pendingPods, 4);
    assert.equal(figures.samples[1].pendingPods, 3, 'the fitting pod runs once its node is Ready (70 s)');
  });
});

describe('cluster-autoscaler model: node groups', () => {
  it('GIVEN a pool that allows only spot THEN its group is spot at the spot price', () => {
    const figures = run(
      [pinnedPool('batch', ['a.xlarge'], { capacityTypes: ['spot'] })],
      timeline(HOUR, creates(0, namedPods('job', 2, SMALL))),
    );
    assert.equal(figures.nodeGroups[0].capacityType, 'spot');
    assert.equal(figures.nodeGroups[0].pricePerHour, 0.08);
    assert.equal(figures.spotShare, 1);
    assert.equal(figures.samples.at(-1)!.spotNodes, 1);
  });

  it('GIVEN a pool listing b.large first THEN the group uses b.large', () => {
    const figures = run([pinnedPool('general', ['b.large', 'a.xlarge'])], timeline(HOUR, creates(0, namedPods('x', 1, SMALL))));
    assert.equal(figures.nodeGroups[0].instanceType, 'b.large');
  });

  it('GIVEN a cpu limit of 8 on 4-vCPU nodes WHEN 10 pods need 3 nodes THEN the group stops at 2 and 2 pods wait', () => {
    const figures = run([pinnedPool('general', ['a.xlarge'], { cpuLimit: '8' })], timeline(HOUR, creates(0, namedPods('web', 10, SMALL))));
    assert.equal(figures.nodeGroups[0].maxNodes, 2);
    assert.equal(figures.samples.at(-1)!.nodes, 2);
    assert.equal(figures.samples.at(-1)!.pendingPods, 2);
  });

  it('GIVEN a pool allowing neither on-demand nor spot THEN it is skipped with a reason', () => {
    const figures = run([pinnedPool('odd', ['a.xlarge'], { capacityTypes: ['reserved'] })], timeline(HOUR));
    assert.deepEqual(figures.skippedNodePools, [{ nodePool: 'odd', reason: 'the pool allows neither on-demand nor spot' }]);
  });
});

const shapes = [
  { cpu: '500m', memory: '1Gi' },
  { cpu: '1', memory: '2Gi' },
  { cpu: '2', memory: '8Gi' },
  { cpu: '3', memory: '12Gi' },
];

const timelineArbitrary = fc
  .array(
    fc.record({
      createAt: fc.integer({ min: 0, max: 3 * HOUR }),
      life: fc.integer({ min: SECOND, max: 2 * HOUR }),
      shape: fc.nat(3),
      dnd: fc.boolean(),
    }),
    { maxLength: 40 },
  )
  .map((specs) => {
    const events: WorkloadEvent[][] = specs.map((spec, i) => {
      const p = pod({
        name: `p-${i}`,
        requests: shapes[spec.shape],
        ...(spec.dnd ? { metadata: { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } } : {}),
      });
      return [...creates(spec.createAt, [p]), ...deletes(spec.createAt + spec.life, [p])];
    });
    return timeline(4 * HOUR, ...events);
  });

describe('cluster-autoscaler model: determinism and invariants (property)', () => {
  it('GIVEN any timeline WHEN run twice THEN the figures are identical', () => {
    const pools = [pinnedPool('general', ['a.xlarge'])];
    fc.assert(
      fc.property(timelineArbitrary, (t) => {
        assert.deepEqual(run(pools, t), run(pools, t));
      }),
      { numRuns: 30, seed: 13 },
    );
  });

  it('GIVEN any timeline and no limit THEN no pod waits more than a scan and a boot (70 s)', () => {
    const pools = [pinnedPool('general', ['a.xlarge'])];
    fc.assert(
      fc.property(timelineArbitrary, (t) => {
        const figures = run(pools, t);
        assert.equal(figures.samples.length, 240);
        assert.ok(figures.pendingSecondsMax <= 70, `waited ${figures.pendingSecondsMax} s`);
      }),
      { numRuns: 60, seed: 13 },
    );
  });

  it('GIVEN any timeline and a cpu limit of 12 THEN the group never exceeds 3 nodes', () => {
    const pools = [pinnedPool('general', ['a.xlarge'], { cpuLimit: '12' })];
    fc.assert(
      fc.property(timelineArbitrary, (t) => {
        const figures = run(pools, t);
        assert.ok(figures.samples.every((s) => s.nodes <= 3));
      }),
      { numRuns: 60, seed: 13 },
    );
  });
});
