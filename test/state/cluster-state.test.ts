import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { ClusterState, STATE_KINDS } from '../../src/state/cluster-state.js';

function node(name: string, providerID?: string): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: providerID ? { providerID } : {} };
}

function claim(name: string, providerID?: string, deleting = false): NodeClaim {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: { name, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } },
    ...(providerID ? { status: { providerID } } : {}),
  };
}

function pod(name: string, nodeName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c' }], ...(nodeName ? { nodeName } : {}) },
  };
}

describe('ClusterState', () => {
  it('is not synced until every kind has been listed', () => {
    const state = new ClusterState();
    for (const kind of STATE_KINDS.slice(0, -1)) state.markSynced(kind);
    assert.equal(state.synced(), false);
    state.markSynced(STATE_KINDS[STATE_KINDS.length - 1]);
    assert.equal(state.synced(), true);
  });

  it('joins Nodes and NodeClaims by providerID into state nodes', () => {
    const state = new ClusterState();
    state.upsert('nodes', node('ip-10-0-0-1', 'aws:///eu-west-2a/i-1'));
    state.upsert('nodes', node('unmanaged'));
    state.upsert('nodeClaims', claim('airflow-worker-abc', 'aws:///eu-west-2a/i-1'));
    state.upsert('nodeClaims', claim('airflow-worker-inflight'));
    state.upsert('nodeClaims', claim('airflow-worker-launched', 'aws:///eu-west-2b/i-2', true));
    state.upsert('pods', pod('p1', 'ip-10-0-0-1'));
    state.upsert('pods', pod('pending'));
    const { stateNodes } = state.snapshot();
    const byName = new Map(stateNodes.map((s) => [s.node?.metadata.name ?? s.nodeClaim?.metadata.name, s]));
    assert.equal(stateNodes.length, 4);
    assert.equal(byName.get('ip-10-0-0-1')?.nodeClaim?.metadata.name, 'airflow-worker-abc');
    assert.deepEqual(
      byName.get('ip-10-0-0-1')?.pods.map((p) => p.metadata.name),
      ['p1'],
    );
    assert.equal(byName.get('unmanaged')?.nodeClaim, undefined);
    assert.equal(byName.get('airflow-worker-inflight')?.node, undefined);
    assert.equal(byName.get('airflow-worker-launched')?.markedForDeletion, true);
  });

  it('hands out the same frozen snapshot until something changes', () => {
    const state = new ClusterState();
    state.upsert('pods', pod('a'));
    const first = state.snapshot();
    assert.equal(state.snapshot(), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.pods));
    state.upsert('pods', pod('b'));
    const second = state.snapshot();
    assert.notEqual(second, first);
    assert.equal(first.pods.length, 1, 'an old snapshot does not change');
    assert.equal(second.pods.length, 2);
  });

  it('replaces by key and forgets removed objects, telling listeners', () => {
    const state = new ClusterState();
    const seen: string[] = [];
    state.onChange((kind) => seen.push(kind));
    state.upsert('pods', pod('a'));
    state.upsert('pods', pod('a', 'n1'));
    assert.equal(state.snapshot().pods.length, 1);
    assert.equal(state.get('pods', 'default/a')?.spec.nodeName, 'n1');
    state.remove('pods', pod('a'));
    assert.equal(state.snapshot().pods.length, 0);
    assert.deepEqual(seen, ['pods', 'pods', 'pods']);
  });

  it('records nominations on state nodes', () => {
    const state = new ClusterState();
    state.upsert('nodes', node('n1', 'aws:///z/i-1'));
    state.nominate('n1', 5000);
    state.nominate('n1', 3000);
    assert.equal(state.snapshot().stateNodes[0].nominatedUntil, 5000);
  });

  it('shows the pods planned onto an in-flight NodeClaim until it has a Node, a pod on one claim at a time', () => {
    const state = new ClusterState();
    state.upsert('nodeClaims', claim('c1'));
    state.upsert('nodeClaims', claim('c2'));
    state.nominate('c1', 5000, ['default/a', 'default/b']);
    state.nominate('c2', 5000, ['default/b']);
    const byName = () => new Map(state.snapshot().stateNodes.map((n) => [n.nodeClaim?.metadata.name, n.nominatedPods]));
    assert.deepEqual(byName().get('c1'), ['default/a']);
    assert.deepEqual(byName().get('c2'), ['default/b']);
    state.upsert('nodeClaims', claim('c1', 'aws:///z/i-1'));
    state.upsert('nodes', node('n1', 'aws:///z/i-1'));
    assert.equal(byName().get('c1'), undefined, 'a registered node is not in flight: its pods bind through kube-scheduler');
    state.remove('nodeClaims', claim('c2'));
    state.upsert('nodeClaims', claim('c2'));
    assert.equal(byName().get('c2'), undefined, 'a removed claim forgets its nominations');
  });

  it('ignores an object older than the one stored (a watch event racing a write)', () => {
    const state = new ClusterState();
    const launched = { ...claim('c', 'aws:///z/i-1'), metadata: { name: 'c', resourceVersion: '12' } };
    const stale = { ...claim('c'), metadata: { name: 'c', resourceVersion: '11' } };
    state.upsert('nodeClaims', launched);
    state.upsert('nodeClaims', stale);
    assert.equal(state.get('nodeClaims', 'c')?.status?.providerID, 'aws:///z/i-1');
    state.upsert('nodeClaims', { ...stale, metadata: { name: 'c', resourceVersion: '100' } });
    assert.equal(state.get('nodeClaims', 'c')?.status, undefined, 'a newer version replaces it (numeric, not text, order)');
  });
});
