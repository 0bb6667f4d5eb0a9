/**
 * Spot interruptions in the cluster-autoscaler model (spot-reclaims.ts): cluster-autoscaler does nothing on the
 * 2-minute warning, the node goes at warning + 2 min, its pods wait for the next scan and a boot, billing stops at
 * the reclaim. The draws are the shared schedule's (spot-interruption-schedule.ts), by node name `ca-<group>-<n>`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { NodePool } from '../../../src/apis/nodepool.js';
import { type ClusterAutoscalerFigures, runClusterAutoscalerModel } from '../../../src/replay/baseline/index.js';
import { spotInterruptionDelayMs } from '../../../src/replay/spot-interruption-schedule.js';
import type { WorkloadTimeline } from '../../../src/replay/types.js';
import { A_XLARGE, B_LARGE, HOUR, MINUTE, SECOND, creates, deletes, namedPods, pinnedPool, timeline } from './timeline-fixtures.js';

const SMALL = { requests: { cpu: '1', memory: '1Gi' } };
const SCAN = 10 * SECOND;
const BOOT = 60 * SECOND;
const WARNING = 2 * MINUTE;
const spotPool = pinnedPool('batch', ['a.xlarge'], { capacityTypes: ['spot'] });
const bothPool = pinnedPool('batch', ['a.xlarge'], { capacityTypes: ['spot', 'on-demand'] });

function run(
  nodePools: NodePool[],
  t: WorkloadTimeline,
  spot: { seed?: number; rate?: number; capacityType?: 'on-demand' | 'spot' } = {},
): ClusterAutoscalerFigures {
  return runClusterAutoscalerModel({
    scenario: { bootSeconds: BOOT / 1000 },
    nodePools,
    instanceTypes: [A_XLARGE, B_LARGE],
    timeline: t,
    ...(spot.seed !== undefined ? { seed: spot.seed } : {}),
    ...(spot.rate !== undefined ? { spotInterruptionRate: spot.rate } : {}),
    ...(spot.capacityType !== undefined ? { options: { capacityType: spot.capacityType } } : {}),
  });
}

describe('cluster-autoscaler model: a spot node interrupted (seed 1, 2 interruptions per node-hour)', () => {
  // Seed 1 draws ca-batch-0's warning at ≈17.9 min and ca-batch-1's ≈69 min after its launch, past the hour.
  const warningAt = spotInterruptionDelayMs(1, 'ca-batch-0', 2)!;
  const reclaimAt = warningAt + WARNING;
  const rescanAt = Math.ceil(reclaimAt / SCAN) * SCAN;
  const figures = run([spotPool], timeline(HOUR, creates(0, namedPods('job', 2, SMALL))), { seed: 1, rate: 2 });

  it('GIVEN the draw THEN only the first node is warned within the hour (the fixture holds)', () => {
    assert.ok(warningAt > 5 * MINUTE && warningAt < 30 * MINUTE, `${warningAt}`);
    assert.ok(rescanAt + spotInterruptionDelayMs(1, 'ca-batch-1', 2)! > HOUR);
  });

  it('GIVEN the warning WHEN 2 minutes pass THEN the node is gone and both its pods are evicted; none is handled', () => {
    assert.equal(figures.interruptions, 1);
    assert.equal(figures.interruptionsHandled, 0);
    assert.equal(figures.podsEvicted, 2);
    assert.equal(figures.disruptions, 0, 'a reclaim is not a scale-down');
    const beforeWarningEnds = figures.samples.find((s) => s.minute === Math.floor(reclaimAt / MINUTE))!;
    assert.equal(beforeWarningEnds.nodes, 1, 'the node stays through the warning');
    assert.equal(beforeWarningEnds.pendingPods, 0, 'nothing moves on the warning');
  });

  it('GIVEN the reclaim THEN the pods wait for the next scan and a boot, then run on a new node', () => {
    assert.equal(figures.pendingSecondsMax, (rescanAt + BOOT - reclaimAt) / 1000);
    assert.equal(figures.pendingSecondsP50, 60, 'each pod waited 60 s at creation (scan at 0 + boot)');
    const waiting = figures.samples.filter((s) => s.pendingPods > 0).map((s) => s.minute);
    const expected = figures.samples.map((s) => s.minute).filter((m) => m * MINUTE >= reclaimAt && m * MINUTE < rescanAt + BOOT);
    assert.ok(expected.length > 0, 'the fixture has a minute boundary inside the wait');
    assert.deepEqual(waiting, expected);
    assert.equal(figures.samples.find((s) => s.minute === expected[0])!.pendingPods, 2);
    assert.equal(figures.samples.at(-1)!.nodes, 1);
    assert.equal(figures.samples.at(-1)!.pendingPods, 0);
  });

  it('GIVEN the reclaim THEN billing stops then: the first node is billed to the reclaim, its replacement from the rescan', () => {
    const expected = (0.08 * (reclaimAt + (HOUR - rescanAt))) / HOUR;
    assert.ok(Math.abs(figures.cost - expected) < 1e-9, `${figures.cost} vs ${expected}`);
    assert.ok(Math.abs(figures.nodeHours - (reclaimAt + HOUR - rescanAt) / HOUR) < 1e-9);
    assert.equal(figures.spotShare, 1);
  });
});

describe('cluster-autoscaler model: when nodes are not interrupted', () => {
  const jobs = timeline(HOUR, creates(0, namedPods('job', 2, SMALL)));

  it('GIVEN rate 0 (or no rate) THEN no spot node is interrupted and it is billed the whole hour', () => {
    for (const figures of [run([spotPool], jobs, { seed: 1, rate: 0 }), run([spotPool], jobs)]) {
      assert.equal(figures.interruptions, 0);
      assert.equal(figures.podsEvicted, 0);
      assert.ok(Math.abs(figures.cost - 0.08) < 1e-9);
    }
  });

  it('GIVEN on-demand groups and a high rate THEN nothing is interrupted; the same pool with spot groups is', () => {
    assert.equal(run([bothPool], jobs, { seed: 1, rate: 2 }).interruptions, 0);
    assert.equal(run([bothPool], jobs, { seed: 1, rate: 2, capacityType: 'spot' }).interruptions, 1);
  });

  it('GIVEN a node scaled down before its warning THEN it is not interrupted', () => {
    const pods = namedPods('job', 2, SMALL);
    const figures = run([spotPool], timeline(HOUR, creates(0, pods), deletes(30 * SECOND + BOOT, pods)), { seed: 1, rate: 2 });
    assert.equal(figures.disruptions, 1, 'removed ≈11.5 min in, before the ≈17.9 min warning');
    assert.equal(figures.interruptions, 0);
  });
});

const jobsArbitrary = fc
  .array(fc.record({ at: fc.integer({ min: 0, max: 2 * HOUR }), life: fc.integer({ min: MINUTE, max: 2 * HOUR }) }), {
    minLength: 1,
    maxLength: 20,
  })
  .map((specs) =>
    timeline(
      3 * HOUR,
      ...specs.flatMap((spec, i) => {
        const p = namedPods(`p${i}`, 1, SMALL);
        return [creates(spec.at, p), deletes(spec.at + spec.life, p)];
      }),
    ),
  );

describe('cluster-autoscaler model: interruptions are deterministic per seed (property)', () => {
  it('GIVEN any timeline and seed WHEN run twice THEN the figures are identical', () => {
    fc.assert(
      fc.property(jobsArbitrary, fc.nat(1000), (t, seed) => {
        assert.deepEqual(run([spotPool], t, { seed, rate: 1 }), run([spotPool], t, { seed, rate: 1 }));
      }),
      { numRuns: 30, seed: 13 },
    );
  });

  it('GIVEN any timeline THEN rate 0 interrupts nothing, and a reclaim evicts at most the pods one node holds', () => {
    fc.assert(
      fc.property(jobsArbitrary, fc.nat(1000), (t, seed) => {
        const calm = run([spotPool], t, { seed, rate: 0 });
        const stormy = run([spotPool], t, { seed, rate: 3 });
        assert.equal(calm.interruptions, 0);
        // A scale-down drains a node below 50 %: at most one 1-vCPU pod of an a.xlarge; a reclaim takes at most 4.
        assert.ok(calm.podsEvicted <= calm.disruptions);
        assert.ok(stormy.podsEvicted <= stormy.disruptions + 4 * stormy.interruptions);
      }),
      { numRuns: 30, seed: 13 },
    );
  });

  it('GIVEN a fixed timeline WHEN the seed changes THEN the interruptions move (the seed is used)', () => {
    const t = timeline(6 * HOUR, creates(0, namedPods('job', 8, SMALL)));
    const moments = new Set([1, 2, 3, 4, 5].map((seed) => run([spotPool], t, { seed, rate: 1 }).cost));
    assert.ok(moments.size > 1, 'different seeds give different costs');
  });
});
