import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EC2NodeClass } from '../../src/apis/ec2nodeclass.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import { NODECLASS_FINALIZER, NodeClassTerminationController } from '../../src/controllers/nodeclass/nodeclass-termination-controller.js';
import type { ControllerContext } from '../../src/controllers/runtime/controller-context.js';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/fake-cloud-provider.js';
import type { EventRecord, KubeWriter } from '../../src/kube/kube-writer.js';
import { silentLogger } from '../../src/kube/logger.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { ClusterState } from '../../src/state/cluster-state.js';

function nodeClass(name: string, finalizers: string[], deleting = false): EC2NodeClass {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name, finalizers, ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: {
      role: 'KarpenterNodeRole',
      subnetSelectorTerms: [{ tags: { a: 'b' } }],
      securityGroupSelectorTerms: [{ tags: { a: 'b' } }],
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
    },
  };
}

const claim = (name: string, nodeClassName: string): NodeClaim => ({
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodeClaim',
  metadata: { name },
  spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: nodeClassName } },
});

function harness() {
  const state = new ClusterState();
  const calls: string[] = [];
  const events: EventRecord[] = [];
  let now = 0;
  const kube = {
    addFinalizer: async (_kind: unknown, name: string, finalizer: string) => void calls.push(`add ${name} ${finalizer}`),
    removeFinalizer: async (_kind: unknown, name: string, finalizer: string) => void calls.push(`remove ${name} ${finalizer}`),
    recordEvent: async (event: EventRecord) => void events.push(event),
  } as unknown as KubeWriter;
  const ctx: ControllerContext = {
    state,
    kube,
    cloud: new FakeCloudProvider(),
    now: () => now,
    logger: silentLogger,
    metrics: createAgentMetrics({ processMetrics: false }),
  };
  return { state, calls, events, ctx, advance: (ms: number) => (now += ms) };
}

describe('EC2NodeClass termination', () => {
  it('adds the finalizer to every live NodeClass', async () => {
    const h = harness();
    h.state.upsert('nodeClasses', nodeClass('default', []));
    h.state.upsert('nodeClasses', nodeClass('gpu', [NODECLASS_FINALIZER]));
    await new NodeClassTerminationController(h.ctx).reconcile();
    assert.deepEqual(h.calls, [`add default ${NODECLASS_FINALIZER}`]);
  });

  it('waits while NodeClaims use a deleted NodeClass (an event at most every 10 minutes), then cleans up and releases it', async () => {
    const h = harness();
    const cleaned: string[] = [];
    const controller = new NodeClassTerminationController(h.ctx, async (nc) => void cleaned.push(nc.metadata.name ?? ''));
    h.state.upsert('nodeClasses', nodeClass('default', [NODECLASS_FINALIZER], true));
    h.state.upsert('nodeClaims', claim('airflow-worker-abc', 'default'));
    await controller.reconcile();
    await controller.reconcile();
    assert.equal(h.events.length, 1);
    assert.match(h.events[0].message, /waiting on NodeClaim termination for airflow-worker-abc/);
    assert.deepEqual(h.calls, []);
    h.advance(10 * 60_000);
    await controller.reconcile();
    assert.equal(h.events.length, 2);
    h.state.remove('nodeClaims', claim('airflow-worker-abc', 'default'));
    await controller.reconcile();
    assert.deepEqual(cleaned, ['default']);
    assert.deepEqual(h.calls, [`remove default ${NODECLASS_FINALIZER}`]);
  });

  it('keeps the finalizer when the cleanup fails, so it is retried', async () => {
    const h = harness();
    h.state.upsert('nodeClasses', nodeClass('default', [NODECLASS_FINALIZER], true));
    const controller = new NodeClassTerminationController(h.ctx, async () => {
      throw new Error('iam:DeleteInstanceProfile AccessDenied');
    });
    await controller.reconcile();
    assert.deepEqual(h.calls, [], 'the finalizer stays until the cleanup succeeds');
  });
});
