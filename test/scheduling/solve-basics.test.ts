import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { solve } from '../../src/scheduling/solve.js';
import {
  claimLabel,
  claimOf,
  expectNotScheduled,
  expectScheduled,
  instanceType,
  nodePool,
  pod,
  pods,
  snapshot,
} from '../../src/testing/index.js';

const small = () => instanceType({ name: 'small', cpu: '2', memory: '8Gi', price: 0.2 });
const medium = () => instanceType({ name: 'medium', cpu: '4', memory: '16Gi', price: 0.4 });
const large = () => instanceType({ name: 'large', cpu: '16', memory: '64Gi', price: 1.6 });

describe('solve: launching new capacity', () => {
  it('GIVEN one pool WHEN a pod is pending THEN it plans one claim whose options start with the cheapest type that fits', () => {
    const p = pod({ requests: { cpu: '3' } });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: [large(), small(), medium()] }] }), [p]);
    expectScheduled(result, p);
    assert.equal(result.newNodeClaims.length, 1);
    assert.deepEqual(
      result.newNodeClaims[0].instanceTypeOptions.map((o) => o.name),
      ['medium', 'large'],
    );
  });

  it('GIVEN several small pods WHEN they fit one node THEN they share one claim', () => {
    const ps = pods(4, { requests: { cpu: '500m' } });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: [small(), large()] }] }), ps);
    expectScheduled(result, ...ps);
    assert.equal(result.newNodeClaims.length, 1);
    assert.equal(result.newNodeClaims[0].pods.length, 4);
    assert.equal(result.newNodeClaims[0].requests.cpu, 2000);
    assert.equal(result.newNodeClaims[0].requests.pods, 4);
  });

  it('GIVEN spot is allowed and cheaper WHEN a claim is planned THEN its cheapest option is spot', () => {
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: [small()] }] }), [p]);
    assert.equal(result.newNodeClaims[0].instanceTypeOptions[0].capacityType, 'spot');
    assert.equal(result.newNodeClaims[0].price, 0.14);
  });

  it('GIVEN a pool restricted to on-demand WHEN a claim is planned THEN only on-demand offerings are priced', () => {
    const pool = nodePool({
      spec: { template: { spec: { requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }] } } },
    });
    const result = solve(snapshot({ pools: [{ pool, types: [small()] }] }), [pod({ requests: { cpu: '1' } })]);
    assert.equal(result.newNodeClaims[0].instanceTypeOptions[0].capacityType, 'on-demand');
    assert.equal(result.newNodeClaims[0].price, 0.2);
  });

  it('GIVEN offerings out of capacity WHEN the pod needs that type THEN the claim is pinned to where it is available', () => {
    const it = instanceType({ name: 'only', cpu: '4', zones: ['z1', 'z2'], unavailable: ['z1/spot', 'z1/on-demand', 'z2/spot'] });
    const p = pod({ requests: { cpu: '1' } });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: [it] }] }), [p]);
    assert.deepEqual(result.newNodeClaims[0].instanceTypeOptions, [{ name: 'only', price: 0.4, zone: 'z2', capacityType: 'on-demand' }]);
  });

  it('GIVEN no offering is available WHEN a pod is pending THEN it is unschedulable', () => {
    const it = instanceType({ name: 'gone', zones: ['z1'], unavailable: ['z1/spot', 'z1/on-demand'] });
    const p = pod({ requests: { cpu: '1' } });
    const reasons = expectNotScheduled(solve(snapshot({ pools: [{ pool: nodePool(), types: [it] }] }), [p]), p);
    assert.match(reasons[0], /no instance type/);
  });

  it('GIVEN many types WHEN options are listed THEN they are ordered by price and capped at maxInstanceTypes', () => {
    const types = Array.from({ length: 10 }, (_, i) => instanceType({ name: `t${i}`, cpu: String(10 - i), price: 10 - i }));
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types }] }), [pod({ requests: { cpu: '1' } })], { maxInstanceTypes: 3 });
    assert.deepEqual(
      result.newNodeClaims[0].instanceTypeOptions.map((o) => o.name),
      ['t9', 't8', 't7'],
    );
    const itReq = result.newNodeClaims[0].requirements.find((r) => r.key === 'node.kubernetes.io/instance-type');
    assert.deepEqual(itReq?.values, ['t7', 't8', 't9']);
  });

  it('GIVEN pods of different sizes WHEN they are queued THEN the largest is placed first (first-fit decreasing)', () => {
    const tiny = pod({ requests: { cpu: '100m' } });
    const big = pod({ requests: { cpu: '3' } });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: [medium()] }] }), [tiny, big]);
    assert.deepEqual(
      result.placements.map((p) => p.pod),
      [`default/${big.metadata.name}`, `default/${tiny.metadata.name}`],
    );
  });

  it('GIVEN a pod requesting a GPU WHEN only one type has GPUs THEN that type is chosen', () => {
    const gpu = instanceType({ name: 'gpu', cpu: '8', resources: { 'nvidia.com/gpu': '1' }, price: 3 });
    const p = pod({ requests: { cpu: '1' }, limits: { 'nvidia.com/gpu': '1' } });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: [small(), gpu] }] }), [p]);
    assert.deepEqual(
      claimOf(result, p)?.instanceTypeOptions.map((o) => o.name),
      ['gpu'],
    );
  });

  it('GIVEN max pods WHEN more pods than a node holds are pending THEN they spill onto another claim', () => {
    const tight = instanceType({ name: 'tight', cpu: '16', pods: '3' });
    const ps = pods(5, { requests: { cpu: '100m' } });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: [tight] }] }), ps);
    expectScheduled(result, ...ps);
    assert.deepEqual(result.newNodeClaims.map((c) => c.pods.length).sort(), [2, 3]);
  });

  it('GIVEN host ports WHEN two pods bind the same port THEN they land on different nodes', () => {
    const a = pod({ requests: { cpu: '100m' }, hostPorts: [8080] });
    const b = pod({ requests: { cpu: '100m' }, hostPorts: [8080] });
    const result = solve(snapshot({ pools: [{ pool: nodePool(), types: [large()] }] }), [a, b]);
    assert.notEqual(claimOf(result, a)?.name, claimOf(result, b)?.name);
  });

  it('labels the claim with what its requirements pin', () => {
    const p = pod({ requests: { cpu: '1' }, nodeSelector: { 'topology.kubernetes.io/zone': 'test-zone-2' } });
    const result = solve(
      snapshot({ pools: [{ pool: nodePool({ spec: { template: { metadata: { labels: { team: 'data' } } } } }), types: [small()] }] }),
      [p],
    );
    assert.equal(claimLabel(result, p, 'topology.kubernetes.io/zone'), 'test-zone-2');
    assert.equal(claimOf(result, p)?.labels.team, 'data');
    assert.equal(claimOf(result, p)?.labels['karpenter.sh/nodepool'], 'default');
  });

  it('is deterministic: the same input gives the same output', () => {
    const make = () => {
      const types = [small(), medium(), large()];
      return { snap: snapshot({ pools: [{ pool: nodePool(), types }] }) };
    };
    const input = pods(30, { requests: { cpu: '700m', memory: '1Gi' } });
    const a = solve(make().snap, input);
    const b = solve(make().snap, input);
    assert.deepEqual(a, b);
  });
});

describe('solve: what a new NodeClaim carries', () => {
  it('pins the instance types and the capacity types they offer, and leaves well-known labels to the provider', () => {
    const onDemandOnly = instanceType({ name: 'od', cpu: '4', capacityTypes: ['on-demand'] });
    const p = pod({ requests: { cpu: '1' }, nodeSelector: { 'topology.kubernetes.io/zone': 'test-zone-1' } });
    const pool = nodePool({
      spec: {
        template: {
          metadata: { labels: { team: 'data' } },
          spec: { requirements: [{ key: 'workload', operator: 'In', values: ['etl'] }] },
        },
      },
    });
    const claim = claimOf(solve(snapshot({ pools: [{ pool, types: [onDemandOnly] }] }), [p]), p)!;
    assert.deepEqual(claim.requirements, [
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
      { key: 'karpenter.sh/nodepool', operator: 'In', values: ['default'] },
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['od'] },
      { key: 'team', operator: 'In', values: ['data'] },
      { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['test-zone-1'] },
      { key: 'workload', operator: 'In', values: ['etl'] },
    ]);
    assert.deepEqual(claim.labels, { 'karpenter.sh/nodepool': 'default', team: 'data', workload: 'etl' });
  });
});
