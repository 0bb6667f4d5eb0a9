import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runClusterAutoscalerModel } from '../../src/replay/baseline/index.js';
import { lowerBound } from '../../src/replay/lower-bound.js';
import { repackedFleet } from '../../src/replay/repacked-fleet.js';
import { nodePool, pod } from '../../src/testing/index.js';
import { A_XLARGE, B_LARGE, HOUR, MINUTE, creates, deletes, namedPods, pinnedPool, timeline } from './baseline/timeline-fixtures.js';

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

// Spot rates: a.xlarge $0.08 / 4 vCPU = $0.02 per vCPU-h, / 16 GiB = $0.005 per GiB-h;
//             b.large  $0.05 / 2 vCPU = $0.025 per vCPU-h, / 16 GiB = $0.003125 per GiB-h.
// Cheapest: cpu $0.02 (a.xlarge), memory $0.003125 (b.large).
const open = nodePool({ metadata: { name: 'open' } });
const pinned = pinnedPool('pinned', ['b.large'], { taints: [{ key: 'pinned', effect: 'NoSchedule' }] });
const small = namedPods('small', 10, { requests: { cpu: '1', memory: '1Gi' } });
const memoryHeavy = namedPods('mem', 4, { requests: { cpu: '500m', memory: '8Gi' } });
const onPinned = pod({
  name: 'pinned-0',
  requests: { cpu: '1', memory: '1Gi' },
  nodeSelector: { NodePool: 'pinned' },
  tolerations: [{ key: 'pinned', operator: 'Exists', effect: 'NoSchedule' }],
});
const impossible = pod({ name: 'huge', requests: { cpu: '100', memory: '1Gi' } });

function knownMix() {
  return lowerBound({
    nodePools: [open, pinned],
    instanceTypes: [A_XLARGE, B_LARGE],
    timeline: timeline(
      2 * HOUR,
      creates(0, [...small, onPinned, impossible]),
      deletes(HOUR, [...small, onPinned]),
      creates(30 * MINUTE, memoryHeavy),
      deletes(90 * MINUTE, memoryHeavy),
    ),
  });
}

describe('lower bound of a known mix', () => {
  const bound = knownMix();

  it('GIVEN two types and two pools THEN the cheapest rates over every offering are $0.02/vCPU-h and $0.003125/GiB-h', () => {
    close(bound.rates!.cpuCoreHour, 0.02);
    close(bound.rates!.memoryGiBHour, 0.003125);
  });

  it('GIVEN the mix THEN each interval pays its scarcest resource and the cost is the hand-computed $0.295', () => {
    // [0, 30m):  cpu 10×1×0.02 + 1×0.025 (pinned pod: b.large only) = 0.225 > memory 11×0.003125   → 0.1125
    // [30m, 1h): cpu 0.225 + 4×0.5×0.02 = 0.265 > memory 0.034375 + 4×8×0.003125 = 0.134375         → 0.1325
    // [1h, 90m): cpu 0.04 < memory 0.1                                                               → 0.05
    // [90m, 2h): nothing                                                                             → 0
    close(bound.cost, 0.295);
  });

  it('GIVEN the mix THEN the minute samples carry the rate at the end of each minute', () => {
    assert.equal(bound.samples.length, 120);
    close(bound.samples[0].pricePerHour, 0.225);
    close(bound.samples[29].pricePerHour, 0.265);
    close(bound.samples[59].pricePerHour, 0.1);
    close(bound.samples[119].pricePerHour, 0);
    assert.deepEqual(
      { nodes: bound.samples[0].nodes, spotNodes: bound.samples[0].spotNodes, pendingPods: bound.samples[0].pendingPods },
      { nodes: 0, spotNodes: 0, pendingPods: 0 },
    );
  });

  it('GIVEN pods of two pools THEN each pool gets the bound of its own pods: open $0.27 (its pods at the cheapest rates), pinned $0.025 (one pod on b.large for 1 h)', () => {
    // open:   [0, 30m) cpu 10×0.02 = 0.2 → 0.1; [30m, 1h) cpu 0.24 → 0.12; [1h, 90m) memory 0.1 → 0.05
    // pinned: [0, 1h)  cpu 1×0.025 > memory 1×0.003125                     → 0.025
    assert.deepEqual(Object.keys(bound.costByPool ?? {}), ['open', 'pinned']);
    close(bound.costByPool!.open, 0.27);
    close(bound.costByPool!.pinned, 0.025);
  });

  it('GIVEN a pod two pools admit WHEN the heavier one is dearer THEN the total counts it at the cheapest rate and the heavier pool, tried first, holds it at its own', () => {
    const heavy = pinnedPool('heavy', ['a.xlarge']);
    const figures = lowerBound({
      nodePools: [open, { ...heavy, spec: { ...heavy.spec, weight: 10 } }],
      instanceTypes: [A_XLARGE, B_LARGE],
      timeline: timeline(HOUR, creates(0, namedPods('m', 1, { requests: { cpu: '500m', memory: '8Gi' } }))),
    });
    // memory-bound: b.large $0.003125/GiB-h ×8 = 0.025 overall; a.xlarge $0.005 ×8 = 0.04 on heavy.
    close(figures.cost, 0.025);
    assert.deepEqual(Object.keys(figures.costByPool ?? {}), ['heavy']);
    close(figures.costByPool!.heavy, 0.04);
  });

  it('GIVEN two pools of equal weight that both admit a pod THEN the bound and the repacked fleet put it on the same pool, the one the solver tries first (name descending)', () => {
    const zeta = pinnedPool('zeta', ['a.xlarge']);
    const input = {
      nodePools: [open, zeta],
      instanceTypes: [A_XLARGE, B_LARGE],
      timeline: timeline(HOUR, creates(0, namedPods('either', 1, { requests: { cpu: '1', memory: '1Gi' } }))),
    };
    assert.deepEqual(Object.keys(lowerBound(input).costByPool ?? {}), ['zeta']);
    assert.deepEqual(Object.keys(repackedFleet(input).costByPool), ['zeta']);
  });

  it('GIVEN a pod no type can hold THEN it is left out and counted', () => {
    assert.equal(bound.unplaceablePods, 1);
  });

  it('GIVEN the same input twice THEN the same figures (determinism)', () => {
    assert.deepEqual(knownMix(), bound);
  });
});

describe('lower bound edge cases', () => {
  it('GIVEN a pool that allows only on-demand THEN spot offerings do not lower the bound', () => {
    const bound = lowerBound({
      nodePools: [pinnedPool('od', ['a.xlarge'], { capacityTypes: ['on-demand'] })],
      instanceTypes: [A_XLARGE],
      timeline: timeline(HOUR, creates(0, namedPods('x', 4, { requests: { cpu: '1', memory: '1Gi' } }))),
    });
    close(bound.cost, 0.2);
  });

  it('GIVEN a partial last minute THEN the last sample is at the end and the cost covers only the duration', () => {
    const bound = lowerBound({
      nodePools: [open],
      instanceTypes: [A_XLARGE],
      timeline: timeline(90 * 1000, creates(0, namedPods('x', 4, { requests: { cpu: '1', memory: '1Gi' } }))),
    });
    assert.deepEqual(
      bound.samples.map((s) => s.minute),
      [1, 2],
    );
    close(bound.cost, (0.08 * 90) / 3600);
  });
});

describe('lower bound against the cluster-autoscaler model', () => {
  it('GIVEN a deployment of 10 pods for 1 h THEN the bound is below what the baseline pays', () => {
    const nodePools = [pinnedPool('general', ['a.xlarge', 'b.large'])];
    const web = namedPods('web', 10, { requests: { cpu: '1', memory: '1Gi' } });
    const t = timeline(2 * HOUR, creates(0, web), deletes(HOUR, web));
    const baseline = runClusterAutoscalerModel({
      scenario: { bootSeconds: 60 },
      nodePools,
      instanceTypes: [A_XLARGE, B_LARGE],
      timeline: t,
    });
    const bound = lowerBound({ nodePools, instanceTypes: [A_XLARGE, B_LARGE], timeline: t });
    close(bound.cost, 10 * 0.02);
    assert.ok(bound.cost < baseline.cost, `${bound.cost} ≥ ${baseline.cost}`);
  });
});
