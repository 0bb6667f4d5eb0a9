/**
 * A launch whose status write fails is not a success: the next reconcile
 * records the same instance (no second launch), and a claim deleted before its
 * launch was recorded still has its instance terminated before the finalizer
 * goes (the cloud provider is asked by the NodeClaim tag).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NodeClaimConditions, type NodeClaim } from '../../src/apis/nodeclaim.js';
import { TERMINATION_FINALIZER } from '../../src/apis/well-known-labels.js';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/fake-cloud-provider.js';
import { isConditionTrue } from '../../src/controllers/conditions.js';
import { finalizeNodeClaim } from '../../src/controllers/nodeclaim/finalization.js';
import { NodeClaimLifecycleController } from '../../src/controllers/nodeclaim/lifecycle-controller.js';
import type { ControllerContext } from '../../src/controllers/runtime/controller-context.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { ClusterState } from '../../src/state/cluster-state.js';
import { FakeKubeWriter } from '../../src/testing/fake-kube-writer.js';
import { instanceType } from '../../src/testing/instance-types.js';
import { RecordingLogger } from '../../src/testing/recording-logger.js';

const NOW = Date.parse('2026-05-01T10:00:00Z');

function harness() {
  const state = new ClusterState();
  const kube = new FakeKubeWriter(state, () => new Date(NOW));
  const cloud = new FakeCloudProvider({ instanceTypes: [instanceType({ name: 'm5.large', cpu: '2', memory: '8Gi' })] });
  const logger = new RecordingLogger();
  const ctx: ControllerContext = { state, kube, cloud, now: () => NOW, logger, metrics: createAgentMetrics({ processMetrics: false }) };
  return { state, kube, cloud, logger, ctx };
}

function claim(name: string): NodeClaim {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: {
      name,
      uid: `uid-${name}`,
      resourceVersion: '1',
      creationTimestamp: new Date(NOW).toISOString(),
      finalizers: [TERMINATION_FINALIZER],
      labels: { 'karpenter.sh/nodepool': 'default' },
    },
    spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } },
  };
}

async function pass(controller: NodeClaimLifecycleController): Promise<void> {
  await controller.reconcile();
  await controller.settled();
}

describe('nodeclaim launch', () => {
  it('retries a failed status write with the instance it already launched: one instance, the claim ends Launched', async () => {
    const h = harness();
    h.state.upsert('nodeClaims', claim('default-a'));
    h.kube.failNext('patchNodeClaimStatus');
    const controller = new NodeClaimLifecycleController(h.ctx);
    await pass(controller);
    assert.equal(h.cloud.callsOf('create').length, 1);
    assert.equal(isConditionTrue(h.state.get('nodeClaims', 'default-a')?.status?.conditions, NodeClaimConditions.launched), false);
    const warning = h.logger.problems().find((line) => line.message.startsWith('recording launch failed'));
    assert.match(String(warning?.fields.reason), /injected failure/);
    await pass(controller);
    const stored = h.state.get('nodeClaims', 'default-a');
    assert.equal(h.cloud.callsOf('create').length, 1);
    assert.equal(h.cloud.created.size, 1);
    assert.ok(isConditionTrue(stored?.status?.conditions, NodeClaimConditions.launched));
    assert.equal(stored?.status?.providerID, [...h.cloud.created.keys()][0]);
  });

  it('terminates the instance of a claim deleted before its launch was recorded, then releases the finalizer', async () => {
    const h = harness();
    h.state.upsert('nodeClaims', claim('default-b'));
    h.kube.failNext('patchNodeClaimStatus');
    const controller = new NodeClaimLifecycleController(h.ctx);
    await pass(controller);
    await h.kube.deleteNodeClaim('default-b');
    await pass(controller);
    await pass(controller);
    assert.equal(h.cloud.callsOf('create').length, 1);
    assert.equal(h.cloud.created.size, 0, 'no instance leaked');
    assert.equal(h.state.get('nodeClaims', 'default-b'), undefined);
  });
});

describe('nodeclaim finalization without a providerID', () => {
  it('asks the cloud provider for an instance tagged for the claim and terminates it before dropping the finalizer', async () => {
    const h = harness();
    const launched = await h.cloud.create(claim('default-c'));
    const deleting = {
      ...claim('default-c'),
      metadata: { ...claim('default-c').metadata, deletionTimestamp: new Date(NOW).toISOString() },
    };
    h.state.upsert('nodeClaims', deleting);
    assert.equal(await finalizeNodeClaim(h.ctx, deleting, [], { inFlight: false }), false);
    assert.deepEqual(
      h.cloud.callsOf('delete').map((call) => (call.argument as NodeClaim).status?.providerID),
      [launched.status?.providerID],
    );
    assert.equal(h.kube.callsOf('removeFinalizer').length, 0);
    assert.equal(await finalizeNodeClaim(h.ctx, deleting, [], { inFlight: false }), true);
    assert.equal(h.cloud.created.size, 0);
  });

  it('keeps the finalizer when the cloud provider cannot be asked', async () => {
    const h = harness();
    const deleting = {
      ...claim('default-d'),
      metadata: { ...claim('default-d').metadata, deletionTimestamp: new Date(NOW).toISOString() },
    };
    h.cloud.failNext('list', new Error('listing instances: throttled'));
    await assert.rejects(finalizeNodeClaim(h.ctx, deleting, [], { inFlight: false }), /throttled/);
    assert.equal(h.kube.callsOf('removeFinalizer').length, 0);
  });

  it('logs a failed InstanceTerminating condition write with its reason, and still terminates', async () => {
    const h = harness();
    const launched = await h.cloud.create(claim('default-e'));
    const deleting: NodeClaim = {
      ...claim('default-e'),
      metadata: { ...claim('default-e').metadata, deletionTimestamp: new Date(NOW).toISOString() },
      status: launched.status,
    };
    h.state.upsert('nodeClaims', deleting);
    h.kube.failNext('patchNodeClaimStatus');
    assert.equal(await finalizeNodeClaim(h.ctx, deleting, [], { inFlight: false }), false);
    assert.equal(h.cloud.created.size, 0);
    const warning = h.logger.problems().find((line) => line.message.startsWith('writing the InstanceTerminating condition failed'));
    assert.match(String(warning?.fields.reason), /injected failure/);
  });
});
