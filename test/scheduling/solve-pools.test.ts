import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/scheduling/solve.js';
import { claimOf, daemonSet, expectNotScheduled, expectScheduled, instanceType, nodePool, pod, snapshot } from '../../src/testing/index.js';

const types = () => [
  instanceType({ name: 'm', cpu: '4', memory: '16Gi', price: 0.4 }),
  instanceType({ name: 'arm', cpu: '4', memory: '16Gi', arch: 'arm64', price: 0.3 }),
];
const tainted = (name: string, extra: object = {}) =>
  nodePool({ metadata: { name }, spec: { template: { spec: { taints: [{ key: name, effect: 'NoSchedule' }] } }, ...extra } });

describe('solve: NodePools', () => {
  it('GIVEN two pools WHEN one has a higher weight THEN its template is tried first', () => {
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(
      snapshot({
        pools: [
          { pool: nodePool({ metadata: { name: 'light' } }), types: types() },
          { pool: nodePool({ metadata: { name: 'heavy' }, spec: { weight: 50 } }), types: types() },
        ],
      }),
      [p],
    );
    assert.equal(claimOf(result, p)?.nodePool, 'heavy');
  });

  it('GIVEN equal weights WHEN both pools fit THEN the pool whose name sorts last wins (upstream order)', () => {
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(
      snapshot({
        pools: [
          { pool: nodePool({ metadata: { name: 'alpha' } }), types: types() },
          { pool: nodePool({ metadata: { name: 'beta' } }), types: types() },
        ],
      }),
      [p],
    );
    assert.equal(claimOf(result, p)?.nodePool, 'beta');
  });

  it('GIVEN a tainted pool WHEN the pod tolerates it THEN it launches there', () => {
    const p = pod({
      requests: { cpu: '1' },
      tolerations: [{ key: 'trino-xsmall', operator: 'Exists' }],
      nodeSelector: { 'karpenter.sh/nodepool': 'trino-xsmall' },
    });
    const result = solve(
      snapshot({
        pools: [
          { pool: tainted('trino-xsmall'), types: types() },
          { pool: nodePool(), types: types() },
        ],
      }),
      [p],
    );
    assert.equal(claimOf(result, p)?.nodePool, 'trino-xsmall');
  });

  it('GIVEN only a tainted pool WHEN the pod lacks the toleration THEN it says no NodePool tolerates the taint', () => {
    const p = pod({ requests: { cpu: '1' } });
    const reasons = expectNotScheduled(solve(snapshot({ pools: [{ pool: tainted('trino-xsmall'), types: types() }] }), [p]), p);
    assert.equal(reasons[0], 'no NodePool tolerates taint trino-xsmall:NoSchedule');
  });

  it('GIVEN a pod selecting a tainted pool WHEN it lacks the toleration THEN the taint is the headline', () => {
    const p = pod({ requests: { cpu: '1' }, nodeSelector: { 'karpenter.sh/nodepool': 'trino-xsmall' } });
    const reasons = expectNotScheduled(
      solve(
        snapshot({
          pools: [
            { pool: tainted('trino-xsmall'), types: types() },
            { pool: nodePool(), types: types() },
          ],
        }),
        [p],
      ),
      p,
    );
    assert.equal(reasons[0], 'no NodePool tolerates taint trino-xsmall:NoSchedule');
  });

  it('GIVEN three pools each tainted with its name WHEN a pod selects one without tolerating it THEN only that taint is named', () => {
    const pools = ['airflow-worker', 'trino-xsmall', 'jupyterhub-small'].map((name) => ({ pool: tainted(name), types: types() }));
    const p = pod({ requests: { cpu: '1' }, nodeSelector: { 'karpenter.sh/nodepool': 'trino-xsmall' } });
    assert.equal(expectNotScheduled(solve(snapshot({ pools }), [p]), p)[0], 'no NodePool tolerates taint trino-xsmall:NoSchedule');
  });

  it('GIVEN startup taints WHEN placing pods THEN they need not be tolerated', () => {
    const pool = nodePool({ spec: { template: { spec: { startupTaints: [{ key: 'cilium.io/agent-not-ready', effect: 'NoExecute' }] } } } });
    const p = pod({ requests: { cpu: '1' } });
    expectScheduled(solve(snapshot({ pools: [{ pool, types: types() }] }), [p]), p);
  });

  it('GIVEN a custom label WHEN the pool does not mention it THEN the pod cannot use the pool', () => {
    const p = pod({ requests: { cpu: '1' }, nodeSelector: { workload: 'spark' } });
    const reasons = expectNotScheduled(solve(snapshot({ pools: [{ pool: nodePool(), types: types() }] }), [p]), p);
    assert.match(reasons[0], /label "workload" does not have known values/);
  });

  it('GIVEN a custom label WHEN the pool defines it (Exists or template label) THEN the pod schedules', () => {
    const viaReq = nodePool({
      metadata: { name: 'a' },
      spec: { template: { spec: { requirements: [{ key: 'workload', operator: 'Exists' }] } } },
    });
    const viaLabel = nodePool({ metadata: { name: 'b' }, spec: { template: { metadata: { labels: { team: 'data' } } } } });
    const p1 = pod({ requests: { cpu: '1' }, nodeSelector: { workload: 'spark' } });
    const p2 = pod({ requests: { cpu: '1' }, nodeSelector: { team: 'data' } });
    const result = solve(
      snapshot({
        pools: [
          { pool: viaReq, types: types() },
          { pool: viaLabel, types: types() },
        ],
      }),
      [p1, p2],
    );
    expectScheduled(result, p1, p2);
    assert.equal(claimOf(result, p1)?.nodePool, 'a');
    assert.equal(claimOf(result, p2)?.nodePool, 'b');
    const workload = claimOf(result, p1)?.requirements.find((r) => r.key === 'workload');
    assert.deepEqual(workload, { key: 'workload', operator: 'In', values: ['spark'] });
  });

  it('GIVEN a pod asking for arm64 WHEN the pool allows it THEN only arm64 types are options', () => {
    const p = pod({ requests: { cpu: '1' }, nodeSelector: { 'kubernetes.io/arch': 'arm64' } });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: types() }] }), [p]);
    assert.deepEqual(
      claimOf(result, p)?.instanceTypeOptions.map((o) => o.name),
      ['arm'],
    );
  });

  it('GIVEN a pod too big for every arm64 type THEN it says which size and architecture is missing', () => {
    const p = pod({ requests: { cpu: '96' }, nodeSelector: { 'kubernetes.io/arch': 'arm64' } });
    const reasons = expectNotScheduled(solve(snapshot({ pools: [{ pool: nodePool(), types: types() }] }), [p]), p);
    assert.equal(reasons[0], 'no instance type has 96 cpu and arm64');
  });

  it('GIVEN DaemonSets WHEN a new node is planned THEN their requests are reserved on it', () => {
    const ds = daemonSet({ name: 'agent', requests: { cpu: '1' } });
    const p = pod({ requests: { cpu: '3500m' } });
    const fourCpu = instanceType({ name: 'four', cpu: '4' });
    const eightCpu = instanceType({ name: 'eight', cpu: '8' });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: [fourCpu, eightCpu] }], daemonSets: [ds] }), [p]);
    assert.deepEqual(
      claimOf(result, p)?.instanceTypeOptions.map((o) => o.name),
      ['eight'],
    );
    assert.equal(claimOf(result, p)?.requests.cpu, 4500);
  });

  it('GIVEN a DaemonSet that does not tolerate the pool taint THEN it adds no overhead there', () => {
    const ds = daemonSet({ name: 'agent', requests: { cpu: '1' } });
    const p = pod({ requests: { cpu: '3500m' }, tolerations: [{ operator: 'Exists' }] });
    const fourCpu = instanceType({ name: 'four', cpu: '4' });
    const result = solve(snapshot({ pools: [{ pool: tainted('dedicated'), types: [fourCpu] }], daemonSets: [ds] }), [p]);
    assert.deepEqual(
      claimOf(result, p)?.instanceTypeOptions.map((o) => o.name),
      ['four'],
    );
  });

  it('skips static pools (spec.replicas)', () => {
    const p = pod({ requests: { cpu: '1' } });
    const reasons = expectNotScheduled(solve(snapshot({ pools: [{ pool: nodePool({ spec: { replicas: 2 } }), types: types() }] }), [p]), p);
    assert.match(reasons[0], /no NodePool/);
  });
});
