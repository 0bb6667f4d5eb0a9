import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/fake-cloud-provider.js';
import { InstanceGarbageCollector } from '../../src/controllers/garbage-collection/instance-gc-controller.js';
import type { ControllerContext } from '../../src/controllers/runtime/controller-context.js';
import { silentLogger } from '../../src/kube/logger.js';
import type { KubeWriter } from '../../src/kube/kube-writer.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { ClusterState } from '../../src/state/cluster-state.js';

function instance(name: string, providerID: string, launched: string): NodeClaim {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: { name, creationTimestamp: launched },
    spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } },
    status: { providerID },
  };
}

describe('instance garbage collection', () => {
  it('terminates old instances no NodeClaim accounts for, and spares adoptable and young ones', async () => {
    const cloud = new FakeCloudProvider();
    const now = Date.parse('2026-01-01T01:00:00Z');
    cloud.created.set('aws:///a/i-leaked', instance('gone-claim', 'aws:///a/i-leaked', '2026-01-01T00:00:00Z'));
    cloud.created.set('aws:///a/i-owned', instance('live-claim', 'aws:///a/i-owned', '2026-01-01T00:00:00Z'));
    cloud.created.set('aws:///a/i-unrecorded', instance('claim-without-status', 'aws:///a/i-unrecorded', '2026-01-01T00:00:00Z'));
    cloud.created.set('aws:///a/i-young', instance('other', 'aws:///a/i-young', '2026-01-01T00:59:50Z'));
    const state = new ClusterState();
    state.upsert('nodeClaims', instance('live-claim', 'aws:///a/i-owned', '2026-01-01T00:00:00Z'));
    state.upsert('nodeClaims', { ...instance('claim-without-status', '', '2026-01-01T00:00:00Z'), status: {} });
    const ctx: ControllerContext = {
      state,
      kube: {} as KubeWriter,
      cloud,
      now: () => now,
      logger: silentLogger,
      metrics: createAgentMetrics({ processMetrics: false }),
    };
    await new InstanceGarbageCollector(ctx).reconcile();
    assert.deepEqual([...cloud.created.keys()].sort(), ['aws:///a/i-owned', 'aws:///a/i-unrecorded', 'aws:///a/i-young']);
  });
});
