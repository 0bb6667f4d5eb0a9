import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/scheduling/solve.js';
import {
  claimOf,
  expectNotScheduled,
  expectScheduled,
  instanceType,
  node,
  nodeClaim,
  nodePool,
  pod,
  pods,
  snapshot,
} from '../../src/testing/index.js';

const types = () => [
  instanceType({ name: 'm', cpu: '4', memory: '16Gi' }),
  instanceType({ name: 'xl', cpu: '16', memory: '64Gi', price: 1.6 }),
];

describe('solve: NodePool limits', () => {
  it('GIVEN a cpu limit WHEN the pod needs more than is left THEN it names the pool, the resource and the limit', () => {
    const pool = nodePool({ metadata: { name: 'airflow-worker' }, spec: { limits: { cpu: '2000' } } });
    const running = node({
      name: 'big',
      labels: { 'karpenter.sh/nodepool': 'airflow-worker' },
      capacity: { cpu: '1998', memory: '4000Gi', pods: '110' },
      allocatable: { cpu: '1998', memory: '4000Gi', pods: '110' },
      taints: [{ key: 'full', effect: 'NoSchedule' }],
    });
    const p = pod({ requests: { cpu: '1' } });
    const reasons = expectNotScheduled(solve(snapshot({ pools: [{ pool, types: types() }], nodes: [{ node: running }] }), [p]), p);
    assert.equal(reasons[0], 'NodePool airflow-worker would exceed its cpu limit (2000)');
  });

  it('GIVEN a cpu limit WHEN planning THEN types too large for what is left are not options', () => {
    const pool = nodePool({ spec: { limits: { cpu: '10' } } });
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [{ pool, types: types() }] }), [p]);
    assert.deepEqual(
      claimOf(result, p)?.instanceTypeOptions.map((o) => o.name),
      ['m'],
    );
  });

  it('GIVEN a limit WHEN many claims are planned THEN their largest options never exceed it', () => {
    const pool = nodePool({ spec: { limits: { cpu: '12' } } });
    const ps = pods(6, { requests: { cpu: '3' } });
    const result = solve(snapshot({ pools: [{ pool, types: types() }] }), ps);
    assert.equal(result.newNodeClaims.length, 3);
    assert.equal(result.unschedulable.length, 3);
  });

  it('GIVEN in-flight claims WHEN checking limits THEN what is in flight counts', () => {
    const pool = nodePool({ spec: { limits: { cpu: '6' } } });
    const inFlight = nodeClaim({
      metadata: { name: 'default-aaaaa' },
      spec: {
        requirements: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m'] }],
        taints: [{ key: 'x', effect: 'NoSchedule' }],
      },
    });
    const p = pod({ requests: { cpu: '1' } });
    const reasons = expectNotScheduled(solve(snapshot({ pools: [{ pool, types: types() }], nodes: [{ nodeClaim: inFlight }] }), [p]), p);
    assert.equal(reasons[0], 'NodePool default would exceed its cpu limit (6)');
  });

  it('GIVEN a nodes limit WHEN it is reached THEN no more claims are planned', () => {
    const pool = nodePool({ spec: { limits: { nodes: '1' } } });
    const ps = pods(2, { requests: { cpu: '3' } });
    const result = solve(snapshot({ pools: [{ pool, types: [instanceType({ name: 'm', cpu: '4' })] }] }), ps);
    assert.equal(result.newNodeClaims.length, 1);
    assert.equal(result.unschedulable[0].reasons[0], 'NodePool default reached its nodes limit (1)');
  });

  it('GIVEN a limited pool and an unlimited one WHEN the first is full THEN the next pool takes the pod', () => {
    const limited = nodePool({ metadata: { name: 'first' }, spec: { weight: 10, limits: { cpu: '0' } } });
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(
      snapshot({
        pools: [
          { pool: limited, types: types() },
          { pool: nodePool({ metadata: { name: 'second' } }), types: types() },
        ],
      }),
      [p],
    );
    assert.equal(claimOf(result, p)?.nodePool, 'second');
  });
});

describe('solve: minValues', () => {
  const family = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      instanceType({ name: `t${i}`, cpu: '4', labels: { 'karpenter.k8s.aws/instance-family': `f${i}` } }),
    );
  const withMin = (min: number) =>
    nodePool({
      spec: { template: { spec: { requirements: [{ key: 'karpenter.k8s.aws/instance-family', operator: 'Exists', minValues: min }] } } },
    });

  it('GIVEN minValues 3 WHEN 3 families fit THEN the claim keeps at least 3 options', () => {
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [{ pool: withMin(3), types: family(4) }] }), [p]);
    expectScheduled(result, p);
    assert.equal(claimOf(result, p)?.instanceTypeOptions.length, 4);
    assert.equal(claimOf(result, p)?.requirements.find((r) => r.key === 'karpenter.k8s.aws/instance-family')?.minValues, 3);
  });

  it('GIVEN minValues 3 WHEN only 2 families exist THEN Strict refuses with a reason', () => {
    const p = pod({ requests: { cpu: '1' } });
    const reasons = expectNotScheduled(solve(snapshot({ pools: [{ pool: withMin(3), types: family(2) }] }), [p]), p);
    assert.match(reasons[0], /minValues 3 for karpenter\.k8s\.aws\/instance-family cannot be met \(2 values available\)/);
  });

  it('GIVEN minValues 3 WHEN only 2 families exist THEN BestEffort launches and says it relaxed', () => {
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [{ pool: withMin(3), types: family(2) }] }), [p], { minValuesPolicy: 'BestEffort' });
    assert.equal(claimOf(result, p)?.minValuesRelaxed, true);
  });

  it('GIVEN minValues WHEN truncation to maxInstanceTypes breaks it THEN the claim is dropped (Strict)', () => {
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [{ pool: withMin(3), types: family(4) }] }), [p], { maxInstanceTypes: 2 });
    assert.equal(result.newNodeClaims.length, 0);
    assert.match(result.unschedulable[0].reasons[0], /within the 2 cheapest instance types/);
  });
});
