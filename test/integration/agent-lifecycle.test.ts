/**
 * The agent's controllers end to end over real HTTP against the embedded
 * control plane, with the recording fake cloud and a planner that asks for
 * one node per pending pod: a pending pod → NodeClaim → launched → its Node
 * registers and initializes → deleting the claim drains the node, terminates
 * the instance and releases every finalizer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { Node, Pod } from '../../src/apis/core-v1.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { ec2InstanceTypes } from '../../src/cloudprovider/catalog/index.js';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/fake-cloud-provider.js';
import type { Planner } from '../../src/controllers/provisioner/planner.js';
import { applyObjects } from '../../src/gitops/apply/apply-objects.js';
import { loadClusterManifests } from '../../src/gitops/source/load-cluster.js';
import { silentLogger } from '../../src/kube/logger.js';
import { startAgent, type Agent } from '../../src/operator/agent.js';
import { realClock } from '../../src/operator/clock.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../src/testing/embedded-cluster.js';
import { eventually } from '../../src/testing/eventually.js';

const onePerPod: Planner = ({ pods, nodePools }) => {
  const pool = nodePools.find((p) => p.metadata.name === 'airflow-worker');
  assert.ok(pool, 'airflow-worker pool is usable');
  return {
    newNodeClaims: pods.map((pod) => ({
      nodePool: 'airflow-worker',
      requirements: [
        ...pool.spec.template.spec.requirements,
        { key: 'node.kubernetes.io/instance-type', operator: 'In' as const, values: ['m5.large'] },
      ],
      requests: { cpu: 100, memory: 100 * 2 ** 20, pods: 1 },
      pods: [pod],
      instanceTypeNames: ['m5.large'],
    })),
    existing: [],
    unschedulable: [],
  };
};

describe('agent lifecycle against the embedded control plane', () => {
  let cluster: EmbeddedCluster;
  let agent: Agent;
  const cloud = new FakeCloudProvider({
    instanceTypes: ec2InstanceTypes({ region: 'eu-west-2', zones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'] }).filter(
      (t) => t.name === 'm5.large',
    ),
  });

  before(async () => {
    cluster = await startEmbeddedCluster();
    const manifests = await loadClusterManifests(resolve(import.meta.dirname, '../../repo-template'), 'sandbox');
    await applyObjects(cluster.rest, manifests.objects);
    agent = await startAgent(
      {
        rest: cluster.rest,
        cloud,
        planner: onePerPod,
        clock: realClock(),
        logger: silentLogger,
        nodeClassStatus: () => ({ conditions: [{ type: 'Ready', status: 'True', reason: 'Ready' }] }),
      },
      { identity: 'test-agent', batchIdleMs: 50, batchMaxMs: 500, resyncMs: 100, leaseRetryMs: 100, processMetrics: false },
    );
    await agent.whenSynced;
  });

  after(async () => {
    await agent.stop();
    await cluster.close();
  });

  it('launches, registers and initializes a node for a pending pod, then terminates it cleanly', async () => {
    const { rest } = cluster;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'worker-0', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    };
    await rest.request({ method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod });
    await rest.request({
      method: 'PATCH',
      path: '/api/v1/namespaces/default/pods/worker-0/status',
      contentType: 'application/merge-patch+json',
      body: { status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } },
    });

    const launched = await eventually(async () => {
      const list = await rest.request<{ items: NodeClaim[] }>({ method: 'GET', path: '/apis/karpenter.sh/v1/nodeclaims' });
      return list.items.find((c) => c.status?.providerID);
    }, 'a launched NodeClaim');
    assert.match(launched.metadata.name ?? '', /^airflow-worker-/);
    assert.equal(launched.metadata.labels?.['karpenter.sh/nodepool'], 'airflow-worker');
    assert.equal(launched.metadata.labels?.['node.kubernetes.io/instance-type'], 'm5.large');
    assert.ok(launched.metadata.finalizers?.includes('karpenter.sh/termination'));
    assert.ok(launched.metadata.annotations?.['karpenter.sh/nodepool-hash']);
    assert.equal(cloud.callsOf('create').length, 1, 'launched exactly once');

    // The test plays the kubelet: the instance registers a Node, which goes Ready.
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'ip-10-0-0-1', labels: { 'kubernetes.io/hostname': 'ip-10-0-0-1' } },
      spec: { providerID: launched.status?.providerID, taints: [{ key: 'karpenter.sh/unregistered', effect: 'NoExecute' }] },
      status: {
        capacity: launched.status?.capacity,
        allocatable: launched.status?.allocatable,
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
    await rest.request({ method: 'POST', path: '/api/v1/nodes', body: node });
    const ready = await eventually(async () => {
      const claim = await rest.request<NodeClaim>({ method: 'GET', path: `/apis/karpenter.sh/v1/nodeclaims/${launched.metadata.name}` });
      return claim.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True') ? claim : undefined;
    }, 'the NodeClaim to become Ready');
    assert.equal(ready.status?.nodeName, 'ip-10-0-0-1');
    const registered = await rest.request<Node>({ method: 'GET', path: '/api/v1/nodes/ip-10-0-0-1' });
    assert.equal(registered.metadata.labels?.['karpenter.sh/registered'], 'true');
    assert.equal(registered.metadata.labels?.['karpenter.sh/initialized'], 'true');
    assert.equal(registered.metadata.labels?.NodePool, 'airflow-worker', 'template labels synced onto the node');
    assert.ok(!registered.spec.taints?.some((t) => t.key === 'karpenter.sh/unregistered'));
    assert.ok(
      registered.spec.taints?.some((t) => t.key === 'airflow-worker' && t.effect === 'NoSchedule'),
      'pool taint synced',
    );
    assert.ok(registered.metadata.finalizers?.includes('karpenter.sh/termination'));

    await rest.request({ method: 'DELETE', path: `/apis/karpenter.sh/v1/nodeclaims/${launched.metadata.name}` });
    await eventually(async () => {
      const list = await rest.request<{ items: NodeClaim[] }>({ method: 'GET', path: '/apis/karpenter.sh/v1/nodeclaims' });
      const nodes = await rest.request<{ items: Node[] }>({ method: 'GET', path: '/api/v1/nodes' });
      return list.items.length === 0 && nodes.items.length === 0 ? true : undefined;
    }, 'the NodeClaim and Node to be gone');
    assert.equal(cloud.created.size, 0, 'the instance is terminated: nothing leaks');
  });
});
