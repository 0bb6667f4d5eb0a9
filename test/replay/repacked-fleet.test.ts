import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lowerBound } from '../../src/replay/lower-bound.js';
import { repackedFleet } from '../../src/replay/repacked-fleet.js';
import { nodePool, pod } from '../../src/testing/index.js';
import { A_XLARGE, B_LARGE, HOUR, MINUTE, creates, deletes, namedPods, pinnedPool, timeline } from './baseline/timeline-fixtures.js';

const close = (actual: number, expected: number): void => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);

// a.xlarge: 4 vCPU / 16 GiB, $0.08 spot; b.large: 2 vCPU / 16 GiB, $0.05 spot (allocatable = capacity).
const xlargeOnly = pinnedPool('xl', ['a.xlarge'], { capacityTypes: ['spot'] });

describe('repacked fleet', () => {
  it('GIVEN pods arriving and leaving on a one-type pool THEN each interval pays the whole nodes its live pods need, repacked: $0.20', () => {
    const first = namedPods('first', 3, { requests: { cpu: '1', memory: '1Gi' } });
    const later = namedPods('later', 2, { requests: { cpu: '1', memory: '1Gi' } });
    const figures = repackedFleet({
      nodePools: [xlargeOnly],
      instanceTypes: [A_XLARGE, B_LARGE],
      timeline: timeline(2 * HOUR, creates(0, first), creates(30 * MINUTE, later), deletes(HOUR, first)),
    });
    // [0, 30m) 3 pods → 1 node $0.08; [30m, 1h) 5 pods → 2 nodes $0.16; [1h, 2h) 2 pods → 1 node $0.08 (repacked at once).
    close(figures.cost, 0.5 * 0.08 + 0.5 * 0.16 + 0.08);
    assert.deepEqual(Object.keys(figures.costByPool), ['xl']);
    close(figures.costByPool.xl, figures.cost);
  });

  it('GIVEN pods of two pools and one no pool can run THEN each pool is priced for its own pods and the impossible pod costs nothing', () => {
    const open = nodePool({
      metadata: { name: 'open' },
      spec: { template: { spec: { requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }] } } },
    });
    const tainted = pinnedPool('tainted', ['b.large'], { taints: [{ key: 'tainted', effect: 'NoSchedule' }], capacityTypes: ['spot'] });
    const onTainted = pod({
      name: 'on-tainted',
      requests: { cpu: '1', memory: '1Gi' },
      nodeSelector: { NodePool: 'tainted' },
      tolerations: [{ key: 'tainted', operator: 'Exists', effect: 'NoSchedule' }],
    });
    const figures = repackedFleet({
      nodePools: [open, tainted],
      instanceTypes: [A_XLARGE, B_LARGE],
      timeline: timeline(
        HOUR,
        creates(0, [
          onTainted,
          pod({ name: 'small', requests: { cpu: '1', memory: '1Gi' } }),
          pod({ name: 'huge', requests: { cpu: '64' } }),
        ]),
      ),
    });
    // open: the small pod on the cheapest type that fits, b.large $0.05; tainted: b.large $0.05.
    assert.deepEqual(Object.keys(figures.costByPool), ['open', 'tainted']);
    close(figures.costByPool.open, 0.05);
    close(figures.costByPool.tainted, 0.05);
    close(figures.cost, 0.1);
  });

  it('GIVEN the same mix THEN the repacked fleet costs at least the lower bound, and the same input gives the same figures', () => {
    const pods = namedPods('p', 7, { requests: { cpu: '1500m', memory: '3Gi' } });
    const input = {
      nodePools: [xlargeOnly],
      instanceTypes: [A_XLARGE, B_LARGE],
      timeline: timeline(2 * HOUR, creates(0, pods), deletes(45 * MINUTE, pods.slice(0, 4))),
    };
    const figures = repackedFleet(input);
    assert.ok(figures.cost >= lowerBound(input).cost, `${figures.cost} < bound ${lowerBound(input).cost}`);
    assert.deepEqual(repackedFleet(input), figures);
  });

  it('GIVEN a deployment scaling up and down through the same sizes THEN a packing already solved is not solved again', () => {
    const pods = namedPods('d', 4, { requests: { cpu: '1', memory: '1Gi' } });
    const figures = repackedFleet({
      nodePools: [xlargeOnly],
      instanceTypes: [A_XLARGE],
      timeline: timeline(
        4 * HOUR,
        creates(0, pods.slice(0, 2)),
        creates(HOUR, pods.slice(2)),
        deletes(2 * HOUR, pods.slice(2)),
        creates(3 * HOUR, namedPods('e', 2, { requests: { cpu: '1', memory: '1Gi' } })),
      ),
    });
    // Packings: 2 pods, 4 pods; at 2 h and 3 h the multisets (2 pods, then 4 pods) were solved before.
    assert.equal(figures.packings, 2);
    close(figures.cost, 4 * 0.08);
  });
});
