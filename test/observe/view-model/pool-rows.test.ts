import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EC2NodeClass } from '../../../src/apis/ec2nodeclass.js';
import { buildViewModel } from '../../../src/observe/view-model/build-view.js';
import { nodePool } from '../../../src/testing/builders.js';
import { clusterInput, launchedClaim, nodeFor, prices, runningPod, viewInput } from './builders.js';

const nodeClass = {
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'default' },
  spec: {},
} as unknown as EC2NodeClass;
const ready = { conditions: [{ type: 'Ready', status: 'True' as const }] };

function pools(input: Parameters<typeof clusterInput>[0]) {
  return buildViewModel(viewInput([clusterInput(input)])).clusters[0].pools;
}

describe('pool rows', () => {
  it('uses the pool limits when set, and the pods on its nodes as used', () => {
    const claim = launchedClaim('a', { allocatable: { cpu: '4', memory: '16Gi' } });
    const [row] = pools({
      objects: {
        nodePools: [nodePool({ spec: { limits: { cpu: '100', memory: '400Gi' } }, status: ready })],
        nodeClasses: [nodeClass],
        nodeClaims: [claim],
        nodes: [nodeFor(claim)],
        pods: [
          runningPod('p1', 'a', '1500m', '2Gi'),
          runningPod('p2', 'a', '500m', '1Gi'),
          runningPod('elsewhere', 'other-node', '8', '8Gi'),
        ],
      },
    });
    assert.deepEqual(row.cpu, { used: 2000, limit: 100_000 });
    assert.deepEqual(row.memory, { used: 3 * 2 ** 30, limit: 400 * 2 ** 30 });
    assert.deepEqual(row.limited, { cpu: true, memory: true });
    assert.equal(row.nodes, 1);
  });

  it('falls back to the nodes’ allocatable without limits, and says so', () => {
    const a = launchedClaim('a', { allocatable: { cpu: '4', memory: '16Gi' } });
    const b = launchedClaim('b', { allocatable: { cpu: '2', memory: '8Gi' } });
    const [row] = pools({
      objects: { nodePools: [nodePool({ spec: { limits: { cpu: '10' } } })], nodeClaims: [a, b], nodes: [nodeFor(a), nodeFor(b)] },
    });
    assert.deepEqual(row.cpu, { used: 0, limit: 10_000 });
    assert.deepEqual(row.memory, { used: 0, limit: 24 * 2 ** 30 });
    assert.deepEqual(row.limited, { cpu: true, memory: false });
  });

  it('has no limit at all with no limits and no nodes', () => {
    const [row] = pools({ objects: { nodePools: [nodePool()] } });
    assert.deepEqual(row.cpu, { used: 0 });
    assert.deepEqual(row.memory, { used: 0 });
  });

  it('fills upstream defaults: WhenEmptyOrUnderutilized after 0s, weight 0, budget 10%', () => {
    const [row] = pools({ objects: { nodePools: [nodePool()] } });
    assert.equal(row.consolidationPolicy, 'WhenEmptyOrUnderutilized');
    assert.equal(row.consolidateAfter, '0s');
    assert.equal(row.weight, 0);
    assert.deepEqual(row.budgetLeft, { nodes: 0, detail: '10% of 0 nodes = 0' });
  });

  it('takes the budget over the initialized nodes, minus those disrupting', () => {
    const claims = Array.from({ length: 12 }, (_, i) => launchedClaim(`n${String(i).padStart(2, '0')}`));
    const deleting = launchedClaim('n99', { deleting: true });
    const registering = launchedClaim('r1', { stage: 'Registered' });
    const all = [...claims, deleting, registering];
    const [row] = pools({
      objects: {
        nodePools: [nodePool({ spec: { disruption: { budgets: [{ nodes: '20%' }] } } })],
        nodeClaims: all,
        nodes: all.map((c) => nodeFor(c)),
      },
    });
    assert.deepEqual(row.budgetLeft, { nodes: 2, detail: '20% of 13 nodes = 3, 1 disrupting' });
  });

  it('counts drifted claims and sums the launched claims’ prices', () => {
    const drifted = launchedClaim('d', { extraConditions: [{ type: 'Drifted', status: 'True' }] });
    const fine = launchedClaim('f', { instanceType: 'unknown.type' });
    const [row] = pools({
      objects: { nodePools: [nodePool()], nodeClaims: [drifted, fine] },
      price: prices({ 'm5.large/on-demand/us-east-1a': 0.2 }),
    });
    assert.equal(row.driftedNodes, 1);
    assert.equal(row.pricePerHour, 0.2);
    assert.equal(row.pricesIncomplete, true);
  });

  it('reports the Git status: -, unmanaged, or the comparison', () => {
    const pool = nodePool();
    assert.equal(pools({ objects: { nodePools: [pool] } })[0].syncStatus, '-');
    const sync = { status: 'drifted' as const, ref: 'main', objects: [{ kind: 'NodePool', name: 'default', status: 'live-drifted' }] };
    assert.equal(pools({ objects: { nodePools: [pool] }, sync })[0].syncStatus, 'live-drifted');
    assert.equal(
      pools({
        objects: { nodePools: [pool] },
        sync: { ...sync, objects: [{ kind: 'EC2NodeClass', name: 'default', status: 'in-sync' }] },
      })[0].syncStatus,
      'unmanaged',
    );
  });

  it('says why a pool is not ready', () => {
    const notReady = nodePool({
      status: {
        conditions: [{ type: 'Ready', status: 'False', reason: 'NodeClassNotReady', message: 'EC2NodeClass default has no subnets' }],
      },
    });
    const [row] = pools({ objects: { nodePools: [notReady], nodeClasses: [nodeClass] } });
    assert.equal(row.ready, false);
    assert.equal(row.readiness, 'EC2NodeClass default has no subnets');
    const [missing] = pools({ objects: { nodePools: [nodePool({ status: ready })] } });
    assert.equal(missing.readiness, 'EC2NodeClass default not found');
    const [ok] = pools({ objects: { nodePools: [nodePool({ status: ready })], nodeClasses: [nodeClass] } });
    assert.deepEqual([ok.ready, ok.readiness], [true, 'Ready']);
  });

  it('describes requirements, taints, limits, the NodeClass, budgets, expiry and conditions', () => {
    const pool = nodePool({
      spec: {
        template: {
          spec: {
            requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] }],
            taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
            expireAfter: '168h',
          },
        },
        limits: { cpu: '1000' },
        disruption: { budgets: [{ nodes: '0', schedule: '0 9 * * 1-5', duration: '8h', reasons: ['Drifted'] }] },
      },
    });
    const lines = Object.fromEntries(pools({ objects: { nodePools: [pool] } })[0].describe.map((l) => [l.label, l.value]));
    assert.equal(lines.Requirements, 'karpenter.sh/capacity-type In [spot]');
    assert.equal(lines.Taints, 'dedicated=gpu:NoSchedule');
    assert.equal(lines.Limits, 'cpu=1000');
    assert.equal(lines.NodeClass, 'EC2NodeClass/default');
    assert.equal(lines.Budgets, 'nodes=0 schedule="0 9 * * 1-5" duration=8h reasons=Drifted');
    assert.equal(lines['Expire after'], '168h');
  });

  it('orders pools by name', () => {
    const rows = pools({ objects: { nodePools: [nodePool({ metadata: { name: 'zeta' } }), nodePool({ metadata: { name: 'alpha' } })] } });
    assert.deepEqual(
      rows.map((r) => r.key),
      ['alpha', 'zeta'],
    );
  });
});
