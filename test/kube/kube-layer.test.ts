/**
 * The kube layer against the embedded control plane over real HTTP:
 * informers feed ClusterState, writes, evictions with PDBs, leader election.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from '../../src/apis/core-v1.js';
import { startClusterInformers } from '../../src/kube/cluster-informers.js';
import { EvictionBlockedError } from '../../src/kube/errors.js';
import { KubeWriter } from '../../src/kube/kube-writer.js';
import { LeaderElector } from '../../src/kube/leader-election.js';
import { silentLogger } from '../../src/kube/logger.js';
import { ClusterState } from '../../src/state/cluster-state.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../src/testing/embedded-cluster.js';
import { eventually } from '../../src/testing/eventually.js';

const node = (name: string): Node => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { app: 'x' } },
  spec: { providerID: `aws:///eu-west-2a/i-${name}` },
  status: { allocatable: { cpu: '2', memory: '4Gi', pods: '10' } },
});
const pod = (name: string, labels: Record<string, string>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', labels },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});

describe('kube layer against the embedded control plane', () => {
  let cluster: EmbeddedCluster;
  before(async () => {
    cluster = await startEmbeddedCluster();
  });
  after(async () => {
    await cluster.close();
  });

  it('informers list, then watch every change into ClusterState; the cache reports synced', async () => {
    const { rest } = cluster;
    await rest.request({ method: 'POST', path: '/api/v1/nodes', body: node('before') });
    const state = new ClusterState();
    const informers = startClusterInformers(rest, state, silentLogger);
    try {
      await informers.whenSynced;
      assert.equal(state.synced(), true);
      assert.deepEqual(
        state.snapshot().nodes.map((n) => n.metadata.name),
        ['before'],
      );
      await rest.request({ method: 'POST', path: '/api/v1/nodes', body: node('after') });
      await rest.request({ method: 'DELETE', path: '/api/v1/nodes/before' });
      await eventually(
        () =>
          state
            .snapshot()
            .nodes.map((n) => n.metadata.name)
            .join() === 'after',
        'the watch to deliver add and delete',
      );
    } finally {
      await informers.stop();
    }
  });

  it('re-lists after the server ends every watch and still sees later changes', async () => {
    const { rest, controlPlane } = cluster;
    const state = new ClusterState();
    const informers = startClusterInformers(rest, state, silentLogger);
    try {
      await informers.whenSynced;
      controlPlane.closeWatches();
      await rest.request({ method: 'POST', path: '/api/v1/nodes', body: node('late') });
      await eventually(() => state.get('nodes', 'late') !== undefined, 'the resumed watch to see the new node');
    } finally {
      await informers.stop();
    }
  });

  it('evicts a pod, and answers EvictionBlockedError when a PodDisruptionBudget forbids it', async () => {
    const { rest } = cluster;
    const writer = new KubeWriter(rest, () => new Date());
    await rest.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('free', { app: 'free' }) });
    assert.equal(await writer.evictPod('default', 'free'), true);
    await rest.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod('guarded', { app: 'trino' }) });
    const running = { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } };
    await rest.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/guarded/status',
      body: running,
      contentType: 'application/merge-patch+json',
    });
    const pdbPath = '/apis/policy/v1/namespaces/default/poddisruptionbudgets';
    await rest.request({
      method: 'POST',
      path: pdbPath,
      body: {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'trino', namespace: 'default' },
        spec: { minAvailable: 1, selector: { matchLabels: { app: 'trino' } } },
      },
    });
    await eventually(
      async () =>
        (await rest.request<{ status?: { expectedPods?: number } }>({ method: 'GET', path: `${pdbPath}/trino` })).status?.expectedPods ===
        1,
      'the PDB status',
    );
    await assert.rejects(writer.evictPod('default', 'guarded'), (error) => error instanceof EvictionBlockedError && error.code === 429);
    assert.equal(await writer.evictPod('default', 'missing'), false, 'a missing pod is already evicted');
  });

  it('cordons and taints a node, retrying on conflicts', async () => {
    const { rest } = cluster;
    const writer = new KubeWriter(rest, () => new Date());
    await rest.request({ method: 'POST', path: '/api/v1/nodes', body: node('work') });
    await Promise.all([
      writer.cordonNode('work'),
      writer.taintNode('work', { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }),
      writer.taintNode('work', { key: 'other', effect: 'NoExecute' }),
    ]);
    const stored = await rest.request<Node>({ method: 'GET', path: '/api/v1/nodes/work' });
    assert.equal(stored.spec.unschedulable, true);
    assert.deepEqual(stored.spec.taints?.map((t) => t.key).sort(), ['karpenter.sh/disrupted', 'other']);
  });

  /** agent-a and agent-b campaigning for one Lease, retrying every 100 ms. */
  const twoElectors = (name: string, leaseDurationMs: number): [LeaderElector, LeaderElector] => {
    const make = (identity: string) =>
      new LeaderElector(cluster.rest, { identity, logger: silentLogger, now: () => Date.now(), leaseDurationMs, retryPeriodMs: 100, name });
    return [make('agent-a'), make('agent-b')];
  };

  it('elects one leader among two agents; the follower takes over when the leader stops', async () => {
    const [a, b] = twoElectors('test-election', 600);
    a.start();
    await eventually(() => a.isLeader(), 'agent-a to lead');
    b.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(b.isLeader(), false, 'only one leader while agent-a renews');
    await a.stop();
    await eventually(() => b.isLeader(), 'agent-b to take over after the lease expires', 5000);
    assert.equal(a.isLeader(), false);
    await b.stop();
  });

  it('GIVEN a leader with a 60 s lease WHEN it stops THEN it releases the lease and the follower leads at its next retry, not a minute later', async () => {
    const [a, b] = twoElectors('release-election', 60_000);
    try {
      a.start();
      await eventually(() => a.isLeader(), 'agent-a to lead');
      b.start();
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(b.isLeader(), false);
      await a.stop();
      const released = await cluster.rest.request<{ spec: { holderIdentity?: string } }>({
        method: 'GET',
        path: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/release-election',
      });
      assert.ok(released.spec.holderIdentity === '' || released.spec.holderIdentity === 'agent-b', 'agent-a no longer holds it');
      await eventually(() => b.isLeader(), 'agent-b to take over the released lease', 3000);
    } finally {
      a.abandon();
      b.abandon();
    }
  });
});
