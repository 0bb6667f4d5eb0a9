/**
 * A node Decision through the embedded control plane (real HTTP, the Decision CRD of deploy/crds): the API server
 * accepts its kind and its `spec.disruption` plan, and the disruption controller's pending Decision reads back whole.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DisruptionController } from '../../../src/controllers/disruption/disruption-controller.js';
import { KubeDecisionRepository } from '../../../src/gitops/decisions/kube-decision-repository.js';
import { type EmbeddedCluster, startEmbeddedCluster } from '../../../src/testing/embedded-cluster.js';
import { initializedNode, nodePool, resetNames } from '../../../src/testing/index.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';
import { controllerEnv } from '../harness.js';

let cluster: EmbeddedCluster;
before(async () => {
  cluster = await startEmbeddedCluster();
});
after(async () => cluster?.close());

describe('node Decisions in the API server', () => {
  it('GIVEN approval all WHEN the disruption controller holds an emptiness command THEN the API server stores its consolidation Decision with the plan', async () => {
    resetNames();
    const env = controllerEnv();
    env.state.upsert(
      'nodePools',
      nodePool({ metadata: { name: 'default' }, spec: { disruption: { consolidateAfter: '0s', budgets: [{ nodes: '100%' }] } } }),
    );
    for (const name of ['idle-a', 'idle-b']) {
      const machine = initializedNode({ name, instanceType: 'small' });
      env.state.upsert('nodes', machine.node!);
      env.state.upsert('nodeClaims', machine.nodeClaim!);
    }
    const repository = new KubeDecisionRepository({
      rest: cluster.rest,
      cluster: 'sandbox',
      clock: env.clock,
      logger: new RecordingLogger(),
    });
    const controller = new DisruptionController(env.ctx, { decisions: repository, cluster: 'sandbox', approval: () => 'all' });
    await controller.reconcile();
    const [stored] = await repository.list();
    assert.equal(stored.spec.kind, 'consolidation');
    assert.equal(stored.status?.state, 'pending');
    assert.deepEqual(
      stored.spec.disruption?.remove.map((n) => n.name),
      ['idle-a', 'idle-b'],
    );
    assert.equal(stored.spec.disruption?.action, 'delete');
    assert.equal(stored.spec.disruption?.priceBefore, 0.2);
  });
});
