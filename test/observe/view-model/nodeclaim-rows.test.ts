import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildViewModel } from '../../../src/observe/view-model/build-view.js';
import { nodeClaim } from '../../../src/testing/builders.js';
import { clusterInput, launchedClaim, nodeFor, prices, runningPod, viewInput } from './builders.js';

function claims(input: Parameters<typeof clusterInput>[0]) {
  return buildViewModel(viewInput([clusterInput(input)])).clusters[0].nodeClaims;
}

describe('NodeClaim rows', () => {
  it('names each lifecycle state', () => {
    const pending = nodeClaim({ metadata: { name: 'pending' } });
    const failed = nodeClaim({
      metadata: { name: 'failed' },
      status: { conditions: [{ type: 'Launched', status: 'False', reason: 'InsufficientCapacity', message: 'no capacity' }] },
    });
    const launched = launchedClaim('launched', { stage: 'Launched' });
    const registered = launchedClaim('registered', { stage: 'Registered' });
    const initialized = launchedClaim('initialized');
    const drifted = launchedClaim('drifted', { extraConditions: [{ type: 'Drifted', status: 'True' }] });
    const disrupting = launchedClaim('disrupting');
    const terminating = launchedClaim('terminating', { deleting: true, extraConditions: [{ type: 'Drifted', status: 'True' }] });
    const nodes = [nodeFor(disrupting, { taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }] }), nodeFor(terminating)];
    const rows = claims({
      objects: { nodeClaims: [pending, failed, launched, registered, initialized, drifted, disrupting, terminating], nodes },
    });
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.name, r.state])), {
      disrupting: 'Disrupting',
      drifted: 'Drifted',
      failed: 'Failed',
      initialized: 'Initialized',
      launched: 'Launched',
      pending: 'Pending',
      registered: 'Registered',
      terminating: 'Terminating',
    });
  });

  it('a Launched=False without a reason is still Pending', () => {
    const claim = nodeClaim({ metadata: { name: 'x' }, status: { conditions: [{ type: 'Launched', status: 'False' }] } });
    assert.equal(claims({ objects: { nodeClaims: [claim] } })[0].state, 'Pending');
  });

  it('shows the node’s pods’ requests against the node’s allocatable, else the claim’s', () => {
    const withNode = launchedClaim('a', { allocatable: { cpu: '4', memory: '16Gi' } });
    const node = {
      ...nodeFor(withNode),
      status: { allocatable: { cpu: '3800m', memory: '15Gi' }, conditions: [{ type: 'Ready', status: 'True' as const }] },
    };
    const withoutNode = launchedClaim('b', { allocatable: { cpu: '2', memory: '8Gi' } });
    const rows = claims({
      objects: {
        nodeClaims: [withNode, withoutNode],
        nodes: [node],
        pods: [runningPod('p1', 'a', '1', '1Gi'), runningPod('p2', 'a', '250m', '512Mi'), runningPod('p3', 'b', '100m', '128Mi')],
      },
    });
    assert.deepEqual(rows[0].cpu, { used: 1250, limit: 3800 });
    assert.deepEqual(rows[0].memory, { used: 1.5 * 2 ** 30, limit: 15 * 2 ** 30 });
    assert.equal(rows[0].pods, 2);
    assert.deepEqual(rows[1].cpu, { used: 100, limit: 2000 });
    assert.equal(rows[1].pods, 1);
  });

  it('reads the offering, instance id, price and age', () => {
    const claim = launchedClaim('a', {
      instanceType: 'c5.large',
      capacityType: 'spot',
      zone: 'us-east-1c',
      createdAt: '2026-01-01T00:59:00Z',
    });
    const [row] = claims({ objects: { nodeClaims: [claim] }, price: prices({ 'c5.large/spot/us-east-1c': 0.04 }) });
    assert.equal(row.instanceType, 'c5.large');
    assert.equal(row.capacityType, 'spot');
    assert.equal(row.zone, 'us-east-1c');
    assert.equal(row.instanceId, 'i-a');
    assert.equal(row.pricePerHour, 0.04);
    assert.equal(row.ageSeconds, 60);
    assert.equal(row.nodePool, 'default');
  });

  it('leaves the price out when unknown and the age at 0 when in the future or missing', () => {
    const future = launchedClaim('a', { createdAt: '2026-01-01T02:00:00Z' });
    const noTime = launchedClaim('b');
    delete noTime.metadata.creationTimestamp;
    const rows = claims({ objects: { nodeClaims: [future, noTime] } });
    assert.equal(rows[0].pricePerHour, undefined);
    assert.equal('pricePerHour' in rows[0], false);
    assert.equal(rows[0].ageSeconds, 0);
    assert.equal(rows[1].ageSeconds, 0);
  });

  it('describes provider id, capacity, allocatable, conditions with reasons, taints and the first pods', () => {
    const claim = launchedClaim('a', {
      extraConditions: [{ type: 'Drifted', status: 'True', reason: 'NodePoolDrifted', message: 'template changed' }],
    });
    const pods = Array.from({ length: 12 }, (_, i) => runningPod(`p${String(i).padStart(2, '0')}`, 'a', '10m', '1Mi'));
    const [row] = claims({
      objects: { nodeClaims: [claim], nodes: [nodeFor(claim, { taints: [{ key: 'k', value: 'v', effect: 'NoExecute' }] })], pods },
    });
    const lines = Object.fromEntries(row.describe.map((l) => [l.label, l.value]));
    assert.equal(lines.ProviderID, 'aws:///us-east-1a/i-a');
    assert.equal(lines.Allocatable, 'cpu=2, memory=8Gi, pods=29');
    assert.match(lines.Conditions, /Drifted=True \(NodePoolDrifted: template changed\)/);
    assert.equal(lines.Taints, 'k=v:NoExecute');
    assert.match(lines.Pods, /^default\/p00, .*default\/p09 \(\+2 more\)$/);
  });

  it('orders claims by name', () => {
    const rows = claims({ objects: { nodeClaims: [launchedClaim('b'), launchedClaim('a'), launchedClaim('c')] } });
    assert.deepEqual(
      rows.map((r) => r.key),
      ['a', 'b', 'c'],
    );
  });
});
