import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, TopologySpreadConstraint } from '../../src/apis/core-v1.js';
import type { SolveResult } from '../../src/scheduling/snapshot.js';
import { solve } from '../../src/scheduling/solve.js';
import {
  claimLabel,
  claimOf,
  expectNotScheduled,
  expectScheduled,
  instanceType,
  node,
  nodePool,
  pod,
  pods,
  snapshot,
  targetOf,
} from '../../src/testing/index.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const app = { app: 'web' };
const pool = () => ({
  pool: nodePool(),
  types: [instanceType({ name: 'm', cpu: '4', memory: '16Gi' }), instanceType({ name: 'xl', cpu: '32', memory: '128Gi', price: 3.2 })],
});
const spread = (
  key: string,
  maxSkew = 1,
  when: TopologySpreadConstraint['whenUnsatisfiable'] = 'DoNotSchedule',
): TopologySpreadConstraint => ({ maxSkew, topologyKey: key, whenUnsatisfiable: when, labelSelector: { matchLabels: app } });

function zoneCounts(result: SolveResult, ps: Pod[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of ps) {
    const zone = claimLabel(result, p, ZONE) ?? 'unpinned';
    counts[zone] = (counts[zone] ?? 0) + 1;
  }
  return counts;
}

describe('solve: topology spread', () => {
  it('GIVEN a zonal spread with maxSkew 1 WHEN six pods are pending THEN each zone gets two', () => {
    const ps = pods(6, { labels: app, requests: { cpu: '100m' }, topologySpreadConstraints: [spread(ZONE)] });
    const result = solve(snapshot({ pools: [pool()] }), ps);
    expectScheduled(result, ...ps);
    assert.deepEqual(zoneCounts(result, ps), { 'test-zone-1': 2, 'test-zone-2': 2, 'test-zone-3': 2 });
  });

  it('GIVEN pods already running in one zone WHEN spreading THEN new pods fill the other zones first', () => {
    const n = node({ name: 'n1', labels: { [ZONE]: 'test-zone-1' }, taints: [{ key: 'full', effect: 'NoSchedule' }] });
    const running = pods(2, { labels: app, nodeName: 'n1' });
    const ps = pods(4, { labels: app, requests: { cpu: '100m' }, topologySpreadConstraints: [spread(ZONE)] });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: n, pods: running }] }), ps);
    assert.deepEqual(zoneCounts(result, ps), { 'test-zone-2': 2, 'test-zone-3': 2 });
  });

  it('GIVEN a hostname spread WHEN pods are pending THEN no node gets more than maxSkew of them', () => {
    const ps = pods(4, { labels: app, requests: { cpu: '100m' }, topologySpreadConstraints: [spread(HOST)] });
    const result = solve(snapshot({ pools: [pool()] }), ps);
    assert.equal(result.newNodeClaims.length, 4);
  });

  it('GIVEN a spread selector that does not match the pod THEN other matching pods are what is balanced', () => {
    const others = pods(3, { labels: app, requests: { cpu: '100m' }, nodeSelector: { [ZONE]: 'test-zone-1' } });
    const p = pod({ labels: { app: 'other' }, requests: { cpu: '100m' }, topologySpreadConstraints: [spread(ZONE)] });
    const result = solve(snapshot({ pools: [pool()] }), [...others, p]);
    assert.notEqual(claimLabel(result, p, ZONE), 'test-zone-1');
  });

  it('GIVEN a DoNotSchedule spread that cannot be met THEN the pod stays pending with the constraint named', () => {
    const ps = pods(2, {
      labels: app,
      requests: { cpu: '100m' },
      nodeSelector: { [ZONE]: 'test-zone-1' },
      topologySpreadConstraints: [{ ...spread(ZONE), nodeAffinityPolicy: 'Ignore' }],
    });
    const result = solve(snapshot({ pools: [pool()] }), ps);
    const reasons = expectNotScheduled(result, ps[1]);
    assert.match(reasons[0], /topology spread on topology\.kubernetes\.io\/zone \(maxSkew 1\)/);
  });

  it('GIVEN a ScheduleAnyway spread that cannot be met THEN it is relaxed and the pod schedules', () => {
    const ps = pods(2, {
      labels: app,
      requests: { cpu: '100m' },
      nodeSelector: { [ZONE]: 'test-zone-1' },
      topologySpreadConstraints: [{ ...spread(ZONE, 1, 'ScheduleAnyway'), nodeAffinityPolicy: 'Ignore' }],
    });
    expectScheduled(solve(snapshot({ pools: [pool()] }), ps), ...ps);
  });
});

describe('solve: pod affinity and anti-affinity', () => {
  it('GIVEN hostname anti-affinity WHEN three replicas are pending THEN each gets its own node', () => {
    const ps = pods(3, {
      labels: app,
      requests: { cpu: '100m' },
      podAntiAffinity: [{ topologyKey: HOST, labelSelector: { matchLabels: app } }],
    });
    const result = solve(snapshot({ pools: [pool()] }), ps);
    expectScheduled(result, ...ps);
    assert.equal(new Set(ps.map((p) => claimOf(result, p)?.name)).size, 3);
  });

  it('GIVEN zonal self-affinity WHEN replicas are pending THEN they all land in one zone', () => {
    const ps = pods(5, { labels: app, requests: { cpu: '2' }, podAffinity: [{ topologyKey: ZONE, labelSelector: { matchLabels: app } }] });
    const result = solve(snapshot({ pools: [pool()] }), ps);
    expectScheduled(result, ...ps);
    assert.equal(new Set(ps.map((p) => claimLabel(result, p, ZONE))).size, 1);
  });

  it("GIVEN a pod with affinity to a running pod WHEN scheduling THEN it follows that pod's zone", () => {
    const n = node({ name: 'db-node', labels: { [ZONE]: 'test-zone-3' }, taints: [{ key: 'db', effect: 'NoSchedule' }] });
    const db = pod({ labels: { app: 'db' }, nodeName: 'db-node' });
    const p = pod({ requests: { cpu: '1' }, podAffinity: [{ topologyKey: ZONE, labelSelector: { matchLabels: { app: 'db' } } }] });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: n, pods: [db] }] }), [p]);
    assert.equal(claimLabel(result, p, ZONE), 'test-zone-3');
  });

  it('GIVEN affinity to pods that exist nowhere and do not match the pod THEN it is unschedulable', () => {
    const p = pod({ requests: { cpu: '1' }, podAffinity: [{ topologyKey: ZONE, labelSelector: { matchLabels: { app: 'ghost' } } }] });
    const reasons = expectNotScheduled(solve(snapshot({ pools: [pool()] }), [p]), p);
    assert.match(reasons[0], /pod affinity on topology\.kubernetes\.io\/zone/);
  });

  it("GIVEN a running pod with anti-affinity WHEN a matching pod is pending THEN it avoids that pod's node", () => {
    const n = node({ name: 'n1', allocatable: { cpu: '8', memory: '32Gi', pods: '110' } });
    const loner = pod({
      labels: { app: 'loner' },
      nodeName: 'n1',
      podAntiAffinity: [{ topologyKey: HOST, labelSelector: { matchLabels: app } }],
    });
    const p = pod({ labels: app, requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: n, pods: [loner] }] }), [p]);
    assert.notEqual(targetOf(result, p), 'n1');
    expectScheduled(result, p);
  });

  it('GIVEN zonal anti-affinity to a running pod WHEN scheduling THEN the new claim excludes that zone', () => {
    const n = node({ name: 'n1', labels: { [ZONE]: 'test-zone-1' }, taints: [{ key: 'x', effect: 'NoSchedule' }] });
    const other = pod({ labels: { app: 'db' }, nodeName: 'n1' });
    const p = pod({ requests: { cpu: '1' }, podAntiAffinity: [{ topologyKey: ZONE, labelSelector: { matchLabels: { app: 'db' } } }] });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: n, pods: [other] }] }), [p]);
    const zone = claimOf(result, p)?.requirements.find((r) => r.key === ZONE);
    assert.ok(zone !== undefined && !zone.values?.includes('test-zone-1'), JSON.stringify(zone));
  });

  it('GIVEN preferred anti-affinity that cannot be met WHEN the pool has one zone THEN it is relaxed', () => {
    const oneZone = nodePool({ spec: { template: { spec: { requirements: [{ key: ZONE, operator: 'In', values: ['test-zone-1'] }] } } } });
    const ps = pods(2, {
      labels: app,
      requests: { cpu: '100m' },
      preferredPodAntiAffinity: [{ weight: 10, term: { topologyKey: ZONE, labelSelector: { matchLabels: app } } }],
    });
    expectScheduled(solve(snapshot({ pools: [{ pool: oneZone, types: pool().types }] }), ps), ...ps);
  });
});

describe('solve: node affinity and preferences', () => {
  it('GIVEN required terms ORed WHEN the first cannot be met THEN the second is used', () => {
    const p = pod({
      requests: { cpu: '1' },
      nodeRequirementTerms: [[{ key: ZONE, operator: 'In', values: ['mars-1'] }], [{ key: ZONE, operator: 'In', values: ['test-zone-2'] }]],
    });
    const result = solve(snapshot({ pools: [pool()] }), [p]);
    assert.equal(claimLabel(result, p, ZONE), 'test-zone-2');
  });

  it('GIVEN a preferred zone WHEN it is possible THEN it is honoured', () => {
    const p = pod({
      requests: { cpu: '1' },
      nodePreferences: [{ weight: 1, requirements: [{ key: ZONE, operator: 'In', values: ['test-zone-3'] }] }],
    });
    assert.equal(claimLabel(solve(snapshot({ pools: [pool()] }), [p]), p, ZONE), 'test-zone-3');
  });

  it('GIVEN a preferred zone WHEN the pool cannot offer it THEN the preference is dropped', () => {
    const p = pod({
      requests: { cpu: '1' },
      nodePreferences: [{ weight: 1, requirements: [{ key: ZONE, operator: 'In', values: ['mars-1'] }] }],
    });
    expectScheduled(solve(snapshot({ pools: [pool()] }), [p]), p);
  });

  it('GIVEN preference policy Ignore THEN preferences never constrain the claim', () => {
    const p = pod({
      requests: { cpu: '1' },
      nodePreferences: [{ weight: 1, requirements: [{ key: ZONE, operator: 'In', values: ['test-zone-3'] }] }],
    });
    assert.equal(claimLabel(solve(snapshot({ pools: [pool()] }), [p], { preferencePolicy: 'Ignore' }), p, ZONE), undefined);
  });

  it('GIVEN a PreferNoSchedule taint WHEN nothing else fits THEN relaxation tolerates it', () => {
    const soft = nodePool({ spec: { template: { spec: { taints: [{ key: 'spot-only', effect: 'PreferNoSchedule' }] } } } });
    const p = pod({ requests: { cpu: '1' } });
    expectScheduled(solve(snapshot({ pools: [{ pool: soft, types: pool().types }] }), [p]), p);
  });
});

describe('solve: topology on existing nodes', () => {
  it('GIVEN a node without a zone label WHEN a pod spreads over zones THEN that node is not used', () => {
    const n = node({ name: 'unlabelled' });
    const p = pod({ labels: app, requests: { cpu: '100m' }, topologySpreadConstraints: [spread(ZONE)] });
    const result = solve(snapshot({ pools: [pool()], nodes: [{ node: n }] }), [p]);
    assert.notEqual(targetOf(result, p), 'unlabelled');
    expectScheduled(result, p);
  });

  it('GIVEN zoned nodes with room WHEN pods spread over zones THEN existing nodes in the emptiest zones are used', () => {
    const nodes = ['test-zone-1', 'test-zone-2'].map((zone, i) => ({ node: node({ name: `n${i + 1}`, labels: { [ZONE]: zone } }) }));
    const ps = pods(2, { labels: app, requests: { cpu: '100m' }, topologySpreadConstraints: [spread(ZONE)] });
    const result = solve(snapshot({ pools: [pool()], nodes }), ps);
    assert.deepEqual(ps.map((p) => targetOf(result, p)).sort(), ['n1', 'n2']);
  });
});

describe('solve: volume topology', () => {
  it('GIVEN a pod whose volume lives in one zone WHEN a claim is planned THEN it is pinned to that zone', () => {
    const p = pod({ requests: { cpu: '1' } });
    const snap = {
      ...snapshot({ pools: [pool()] }),
      volumeRequirements: { [`default/${p.metadata.name}`]: [[{ key: ZONE, operator: 'In' as const, values: ['test-zone-2'] }]] },
    };
    assert.equal(claimLabel(solve(snap, [p]), p, ZONE), 'test-zone-2');
  });

  it('GIVEN volume alternatives WHEN the first zone is impossible THEN the next alternative is used', () => {
    const p = pod({ requests: { cpu: '1' }, nodeRequirements: [{ key: ZONE, operator: 'NotIn', values: ['test-zone-1'] }] });
    const alternatives = [
      [{ key: ZONE, operator: 'In' as const, values: ['test-zone-1'] }],
      [{ key: ZONE, operator: 'In' as const, values: ['test-zone-3'] }],
    ];
    const snap = { ...snapshot({ pools: [pool()] }), volumeRequirements: { [`default/${p.metadata.name}`]: alternatives } };
    assert.equal(claimLabel(solve(snap, [p]), p, ZONE), 'test-zone-3');
  });
});

describe('solve: nodeTaintsPolicy', () => {
  const pools = () => [
    {
      pool: nodePool({
        metadata: { name: 'general' },
        spec: { template: { spec: { requirements: [{ key: ZONE, operator: 'In', values: ['test-zone-1', 'test-zone-2'] }] } } },
      }),
      types: pool().types,
    },
    {
      pool: nodePool({
        metadata: { name: 'gpu' },
        spec: {
          template: {
            spec: {
              requirements: [{ key: ZONE, operator: 'In', values: ['test-zone-3'] }],
              taints: [{ key: 'gpu', effect: 'NoSchedule' }],
            },
          },
        },
      }),
      types: pool().types,
    },
  ];

  it('GIVEN the default (Ignore) WHEN a zone only has an untolerated pool THEN it still counts and blocks the third replica', () => {
    const ps = pods(3, { labels: app, requests: { cpu: '100m' }, topologySpreadConstraints: [spread(ZONE)] });
    const result = solve(snapshot({ pools: pools() }), ps);
    assert.equal(result.unschedulable.length, 1);
  });

  it('GIVEN nodeTaintsPolicy Honor THEN zones the pod cannot tolerate are left out of the skew', () => {
    const ps = pods(3, {
      labels: app,
      requests: { cpu: '100m' },
      topologySpreadConstraints: [{ ...spread(ZONE), nodeTaintsPolicy: 'Honor' }],
    });
    expectScheduled(solve(snapshot({ pools: pools() }), ps), ...ps);
  });
});
