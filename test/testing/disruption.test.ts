import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bindPod,
  DISRUPTION_NOW,
  disruptionSnapshot,
  initializedNode,
  instanceType,
  nodePool,
  pod,
  podDisruptionBudget,
} from '../../src/testing/index.js';

describe('disruption fixtures', () => {
  it('initializedNode joins a Ready Node and an Initialized, Consolidatable NodeClaim with the well-known labels', () => {
    const stateNode = initializedNode({ name: 'n1', pool: 'spark', instanceType: 'c5.large', zone: 'test-zone-2', capacityType: 'spot' });
    assert.equal(stateNode.node?.metadata.name, 'n1');
    assert.equal(stateNode.nodeClaim?.metadata.name, 'n1-claim');
    assert.equal(stateNode.node?.spec.providerID, stateNode.nodeClaim?.status?.providerID);
    for (const labels of [stateNode.node?.metadata.labels, stateNode.nodeClaim?.metadata.labels]) {
      assert.equal(labels?.['karpenter.sh/nodepool'], 'spark');
      assert.equal(labels?.['node.kubernetes.io/instance-type'], 'c5.large');
      assert.equal(labels?.['topology.kubernetes.io/zone'], 'test-zone-2');
      assert.equal(labels?.['karpenter.sh/capacity-type'], 'spot');
    }
    const status = (type: string) => stateNode.nodeClaim?.status?.conditions?.find((c) => c.type === type)?.status;
    assert.equal(status('Initialized'), 'True');
    assert.equal(status('Consolidatable'), 'True');
    assert.equal(stateNode.node?.status?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  });

  it('initializedNode binds its pods: Running, Ready, with nodeName', () => {
    const [bound] = initializedNode({ name: 'n1', pods: [pod({ name: 'web' })] }).pods;
    assert.equal(bound.spec.nodeName, 'n1');
    assert.equal(bound.status?.phase, 'Running');
    assert.deepEqual(bound.status?.conditions, [{ type: 'Ready', status: 'True' }]);
    const notReady = { ...pod(), status: { phase: 'Running' as const, conditions: [{ type: 'Ready', status: 'False' as const }] } };
    assert.deepEqual(bindPod(notReady, 'n2').status?.conditions, [{ type: 'Ready', status: 'False' }]);
  });

  it('initializedNode options change what they say: not consolidatable, deleting, NotReady, extra conditions', () => {
    const stateNode = initializedNode({
      consolidatable: { status: 'False', message: 'consolidateAfter 30s not elapsed' },
      markedForDeletion: true,
      ready: false,
      conditions: [{ type: 'Drifted', status: 'True', reason: 'NodePoolDrifted' }],
    });
    const conditions = stateNode.nodeClaim?.status?.conditions ?? [];
    assert.deepEqual(
      conditions.find((c) => c.type === 'Consolidatable'),
      { type: 'Consolidatable', status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z', message: 'consolidateAfter 30s not elapsed' },
    );
    assert.equal(conditions.find((c) => c.type === 'Drifted')?.reason, 'NodePoolDrifted');
    assert.equal(stateNode.markedForDeletion, true);
    assert.notEqual(stateNode.nodeClaim?.metadata.deletionTimestamp, undefined);
    assert.equal(stateNode.node?.status?.conditions?.[0].status, 'False');
    assert.equal(
      initializedNode({ consolidatable: undefined }).nodeClaim?.status?.conditions?.some((c) => c.type === 'Consolidatable'),
      false,
    );
  });

  it('disruptionSnapshot adds the pools and instance types the nodes name, at DISRUPTION_NOW', () => {
    const snapshot = disruptionSnapshot({
      nodes: [initializedNode({ pool: 'a', instanceType: 'm5.large' }), initializedNode({ pool: 'b' })],
      nodePools: [nodePool({ metadata: { name: 'a' }, spec: { weight: 10 } })],
    });
    assert.equal(snapshot.now, DISRUPTION_NOW);
    assert.deepEqual(
      snapshot.nodePools.map((p) => [p.metadata.name, p.spec.weight]),
      [
        ['a', 10],
        ['b', undefined],
      ],
    );
    assert.deepEqual(
      [...snapshot.instanceTypes].map(([pool, types]) => [pool, types.map((t) => t.name)]),
      [
        ['a', ['m5.large']],
        ['b', ['m5.xlarge']],
      ],
    );
    assert.equal(snapshot.settings.nominationWindowMs, 20_000);
  });

  it('disruptionSnapshot takes given instance types as they are (an array for every pool)', () => {
    const types = [instanceType({ name: 'c5.large' })];
    const snapshot = disruptionSnapshot({
      nodes: [initializedNode({ pool: 'a' })],
      instanceTypes: types,
      settings: { multiNodeMaxCandidates: 5 },
    });
    assert.deepEqual(snapshot.instanceTypes.get('a'), types);
    assert.equal(snapshot.settings.multiNodeMaxCandidates, 5);
  });

  it('podDisruptionBudget selects every pod of its namespace and allows one disruption unless told', () => {
    const pdb = podDisruptionBudget({ name: 'web', namespace: 'shop' });
    assert.deepEqual(pdb.spec.selector, { matchLabels: {} });
    assert.deepEqual(pdb.status, { disruptionsAllowed: 1 });
    assert.equal(podDisruptionBudget({ disruptionsAllowed: undefined }).status, undefined);
  });
});
