import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StateNode } from '../../src/state/state-node.js';
import { buildCandidates, byDisruptionCost, lifetimeRemaining } from '../../src/disruption/candidates.js';
import type { DisruptionMethod } from '../../src/disruption/types.js';
import {
  DISRUPTION_NOW,
  daemonSetPod,
  disruptionSnapshot,
  initializedNode,
  instanceType,
  node,
  nodeClaim,
  nodePool,
  pod,
  podDisruptionBudget,
} from '../../src/testing/index.js';
import type { DisruptionSnapshotInput } from '../../src/testing/index.js';

const HOUR = 3_600_000;

function only(input: DisruptionSnapshotInput, method?: DisruptionMethod) {
  return buildCandidates(disruptionSnapshot(input), method);
}

function messageFor(input: DisruptionSnapshotInput, method?: DisruptionMethod): string | undefined {
  const { candidates, verdicts } = only(input, method);
  assert.equal(candidates.length, 0, 'expected no candidate');
  assert.equal(verdicts.length, 1);
  return verdicts[0].message;
}

describe('buildCandidates: which nodes qualify', () => {
  it('GIVEN an initialized, managed, Ready node THEN it is a candidate with its pool, type, zone and capacity type', () => {
    const { candidates, verdicts } = only({
      nodes: [initializedNode({ name: 'n1', pool: 'spark', zone: 'test-zone-2', capacityType: 'spot' })],
    });
    assert.deepEqual(verdicts, []);
    assert.equal(candidates.length, 1);
    const [c] = candidates;
    assert.equal(c.name, 'n1');
    assert.equal(c.nodePool.metadata.name, 'spark');
    assert.equal(c.instanceType?.name, 'm5.xlarge');
    assert.equal(c.zone, 'test-zone-2');
    assert.equal(c.capacityType, 'spot');
  });

  it('GIVEN a Node without NodeClaim THEN it is not karpd’s to disrupt', () => {
    const unmanaged: StateNode = { node: node({ name: 'byo-1' }), pods: [], markedForDeletion: false };
    const { verdicts } = only({ nodes: [unmanaged] });
    assert.deepEqual(verdicts, [{ node: 'byo-1', kind: 'not-candidate', message: 'not managed by karpd (no NodeClaim)' }]);
  });

  it('GIVEN a NodeClaim still without Node THEN it is not a candidate', () => {
    const inFlight: StateNode = { nodeClaim: nodeClaim({ metadata: { name: 'default-x1' } }), pods: [], markedForDeletion: false };
    const { verdicts } = only({ nodes: [inFlight] });
    assert.deepEqual(verdicts, [
      { node: 'default-x1', nodeClaim: 'default-x1', nodePool: 'default', kind: 'not-candidate', message: 'NodeClaim has no Node yet' },
    ]);
  });

  it('GIVEN a claim that is not Initialized THEN "not initialized yet"', () => {
    assert.equal(messageFor({ nodes: [initializedNode({ initialized: false })] }), 'not initialized yet');
  });

  it('GIVEN a node being deleted THEN "being deleted"', () => {
    assert.equal(messageFor({ nodes: [initializedNode({ markedForDeletion: true })] }), 'being deleted');
  });

  it('GIVEN a node nominated for pending pods until after now THEN it says until when; an expired nomination does not count', () => {
    assert.equal(
      messageFor({ nodes: [initializedNode({ nominatedUntil: DISRUPTION_NOW + 20_000 })] }),
      'nominated for pending pods until 12:00:20',
    );
    assert.equal(only({ nodes: [initializedNode({ nominatedUntil: DISRUPTION_NOW })] }).candidates.length, 1);
  });

  it('GIVEN a node that already has the karpenter.sh/disrupted taint THEN it is in a command already', () => {
    const tainted = initializedNode({ taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }] });
    assert.equal(messageFor({ nodes: [tainted] }), 'already being disrupted (karpenter.sh/disrupted taint)');
  });

  it('GIVEN no pool label, or a pool that does not exist, or unknown instance types THEN it says which', () => {
    const noLabel = initializedNode({ name: 'n1' });
    delete noLabel.node!.metadata.labels!['karpenter.sh/nodepool'];
    delete noLabel.nodeClaim!.metadata.labels!['karpenter.sh/nodepool'];
    assert.equal(messageFor({ nodes: [noLabel] }), 'no karpenter.sh/nodepool label');
    // disruptionSnapshot adds pools the nodes name, so a missing pool needs a hand-built snapshot:
    const snapshot = { ...disruptionSnapshot({ nodes: [initializedNode({ pool: 'gone' })] }), nodePools: [] };
    assert.equal(buildCandidates(snapshot).verdicts[0].message, 'NodePool gone does not exist');
    assert.equal(
      messageFor({ nodes: [initializedNode({ pool: 'spark' })], instanceTypes: new Map() }),
      'instance types of NodePool spark are not known',
    );
  });

  it('GIVEN karpenter.sh/do-not-disrupt "true" on the Node or on the NodeClaim THEN it is not a candidate', () => {
    assert.equal(messageFor({ nodes: [initializedNode({ doNotDisrupt: true })] }), 'Node has karpenter.sh/do-not-disrupt');
    assert.equal(
      messageFor({ nodes: [initializedNode({ nodeClaimAnnotations: { 'karpenter.sh/do-not-disrupt': 'true' } })] }),
      'NodeClaim has karpenter.sh/do-not-disrupt',
    );
    assert.equal(only({ nodes: [initializedNode({ nodeAnnotations: { 'karpenter.sh/do-not-disrupt': 'false' } })] }).candidates.length, 1);
  });
});

describe('buildCandidates: pods that block', () => {
  const protectedPod = (name: string, value = 'true') =>
    pod({ name, namespace: 'airflow', metadata: { annotations: { 'karpenter.sh/do-not-disrupt': value } } });

  it('GIVEN a pod with do-not-disrupt THEN the node is pod-blocked, naming the pod', () => {
    const { verdicts } = only({ nodes: [initializedNode({ name: 'n1', pods: [pod(), protectedPod('scheduler-0')] })] });
    assert.deepEqual(verdicts, [
      {
        node: 'n1',
        nodeClaim: 'n1-claim',
        nodePool: 'default',
        kind: 'pod-blocked',
        message: 'pod airflow/scheduler-0 has do-not-disrupt',
      },
    ]);
  });

  it('GIVEN several blocking pods THEN the first is named and the rest counted', () => {
    const nodes = [initializedNode({ pods: [protectedPod('a'), protectedPod('b'), protectedPod('c')] })];
    assert.equal(messageFor({ nodes }), 'pod airflow/a has do-not-disrupt (and 2 more blocking pods)');
  });

  it('GIVEN a do-not-disrupt duration that has elapsed THEN the node is a candidate again', () => {
    const started = (p: ReturnType<typeof pod>, at: string) => ({ ...p, status: { ...p.status, startTime: at } });
    const fresh = initializedNode({ pods: [started(protectedPod('k1', '1h'), '2026-01-01T11:30:00Z')] });
    const old = initializedNode({ pods: [started(protectedPod('k2', '1h'), '2026-01-01T10:30:00Z')] });
    const { candidates, verdicts } = only({ nodes: [fresh, old] });
    assert.deepEqual(
      verdicts.map((v) => v.message),
      ['pod airflow/k1 has do-not-disrupt until 12:30:00'],
    );
    assert.deepEqual(
      candidates.map((c) => c.name),
      [old.node!.metadata.name],
    );
  });

  it('GIVEN a pod with do-not-disrupt "30m" that started at 11:50 WHEN judged at 12:00 THEN blocked until 12:20; WHEN judged at 12:20 THEN a candidate', () => {
    const p = protectedPod('kernel-1', '30m');
    const nodes = [initializedNode({ name: 'n1', pods: [{ ...p, status: { ...p.status, startTime: '2026-01-01T11:50:00Z' } }] })];
    assert.equal(messageFor({ nodes }), 'pod airflow/kernel-1 has do-not-disrupt until 12:20:00');
    const later = only({ nodes, now: Date.parse('2026-01-01T12:20:00Z') });
    assert.deepEqual(
      later.candidates.map((c) => c.name),
      ['n1'],
    );
  });

  it('GIVEN a pod under a PDB with 0 disruptions allowed THEN the node is pod-blocked', () => {
    const nodes = [initializedNode({ pods: [pod({ name: 'x', namespace: 'spark', labels: { app: 'x' } })] })];
    const pdbs = [podDisruptionBudget({ name: 'pdb', namespace: 'spark', matchLabels: { app: 'x' }, disruptionsAllowed: 0 })];
    assert.equal(messageFor({ nodes, podDisruptionBudgets: pdbs }), 'pod spark/x is covered by PDB spark/pdb with 0 disruptions allowed');
  });

  it('GIVEN a blocking pod and a NodeClaim with terminationGracePeriod THEN drift ignores the pod, other methods do not', () => {
    const nodes = [initializedNode({ terminationGracePeriod: '1h', pods: [protectedPod('a')] })];
    assert.equal(only({ nodes }, 'drift').candidates.length, 1);
    assert.equal(only({ nodes }, 'emptiness').candidates.length, 0);
    assert.equal(only({ nodes: [initializedNode({ pods: [protectedPod('a')] })] }, 'drift').candidates.length, 0);
  });

  it('GIVEN drift with terminationGracePeriod THEN a Node do-not-disrupt still blocks', () => {
    const nodes = [initializedNode({ terminationGracePeriod: '1h', doNotDisrupt: true })];
    assert.equal(messageFor({ nodes }, 'drift'), 'Node has karpenter.sh/do-not-disrupt');
  });
});

describe('buildCandidates: price, pods, cost', () => {
  it('GIVEN an offering for the node’s zone and capacity type THEN its price; otherwise 0 and priceKnown false', () => {
    const types = [instanceType({ name: 'm5.xlarge', price: 0.192, spotPrice: 0.07, zones: ['test-zone-1'] })];
    const { candidates } = only({
      nodes: [
        initializedNode({ name: 'a', capacityType: 'spot' }),
        initializedNode({ name: 'b' }),
        initializedNode({ name: 'c', zone: 'test-zone-9' }),
        initializedNode({ name: 'd', instanceType: 'x9.huge' }),
      ],
      instanceTypes: types,
    });
    assert.deepEqual(
      candidates.map((c) => [c.name, c.price, c.priceKnown]),
      [
        ['a', 0.07, true],
        ['b', 0.192, true],
        ['c', 0, false],
        ['d', 0, false],
      ],
    );
    assert.equal(candidates[3].instanceType, undefined);
  });

  it('GIVEN DaemonSet, terminal and ordinary pods THEN only the ordinary ones are reschedulable', () => {
    const web = pod({ name: 'web' });
    const { candidates } = only({ nodes: [initializedNode({ pods: [daemonSetPod(), pod({ phase: 'Succeeded' }), web] })] });
    assert.deepEqual(
      candidates[0].reschedulablePods.map((p) => p.metadata.name),
      ['web'],
    );
  });

  it('GIVEN nodes in any input order THEN candidates and verdicts come in node-name order', () => {
    const nodes = [initializedNode({ name: 'c' }), initializedNode({ name: 'a', initialized: false }), initializedNode({ name: 'b' })];
    const { candidates, verdicts } = only({ nodes });
    assert.deepEqual(
      candidates.map((c) => c.name),
      ['b', 'c'],
    );
    assert.deepEqual(
      verdicts.map((v) => v.node),
      ['a'],
    );
  });

  it('GIVEN two pods THEN the cost is their eviction costs summed × lifetime remaining (DaemonSet pods count too)', () => {
    // created at 00:00, now 12:00, expireAfter 24h → half the lifetime left
    const { candidates } = only({ nodes: [initializedNode({ expireAfter: '24h', pods: [pod(), daemonSetPod()] })] });
    assert.equal(candidates[0].disruptionCost, 1);
  });

  it('GIVEN fewer, lower-priority pods THEN a lower cost; a node close to expiry costs less than a fresh one', () => {
    const { candidates } = only({
      nodes: [
        initializedNode({ name: 'three-pods', expireAfter: 'Never', pods: [pod(), pod(), pod()] }),
        initializedNode({ name: 'one-pod', expireAfter: 'Never', pods: [pod()] }),
        initializedNode({ name: 'one-low-priority-pod', expireAfter: 'Never', pods: [pod({ spec: { priority: -(2 ** 25) * 0.5 } })] }),
        initializedNode({ name: 'three-pods-near-expiry', expireAfter: '13h', pods: [pod(), pod(), pod()] }),
      ],
    });
    assert.deepEqual(
      [...candidates].sort(byDisruptionCost).map((c) => c.name),
      ['three-pods-near-expiry', 'one-low-priority-pod', 'one-pod', 'three-pods'],
    );
  });
});

describe('lifetimeRemaining', () => {
  const claim = (expireAfter?: string) =>
    nodeClaim({ metadata: { creationTimestamp: '2026-01-01T00:00:00Z' }, spec: expireAfter ? { expireAfter } : {} });
  const now = Date.parse('2026-01-01T00:00:00Z') + 6 * HOUR;

  it('GIVEN expireAfter 24h at age 6h THEN 0.75; past expiry THEN 0; Never THEN 1', () => {
    assert.equal(lifetimeRemaining(claim('24h'), undefined, now), 0.75);
    assert.equal(lifetimeRemaining(claim('1h'), undefined, now), 0);
    assert.equal(lifetimeRemaining(claim('Never'), undefined, now), 1);
  });

  it('GIVEN no expireAfter on the claim THEN the pool’s, else 720h', () => {
    const pool = nodePool({ spec: { template: { spec: { expireAfter: '12h' } } } });
    assert.equal(lifetimeRemaining(claim(), pool, now), 0.5);
    assert.equal(lifetimeRemaining(claim(), undefined, now), 1 - 6 / 720);
  });
});
