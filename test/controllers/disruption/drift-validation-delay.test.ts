/**
 * Regression: the disruption controller waited the 15 s validation delay before carrying out a drift command too.
 * Upstream validates only emptiness and consolidation after the delay (karpenter-semantics.md §4.9: "drift is not
 * delayed"), so a drifted node's replacement is launched in the pass that marks it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Taints } from '../../../src/apis/well-known-labels.js';
import { DisruptionController } from '../../../src/controllers/disruption/disruption-controller.js';
import { initializedNode, nodePool, pod, resetNames } from '../../../src/testing/index.js';
import { controllerEnv } from '../harness.js';

function driftedWorld() {
  resetNames();
  const env = controllerEnv();
  env.state.upsert(
    'nodePools',
    nodePool({ metadata: { name: 'default' }, spec: { disruption: { consolidateAfter: 'Never', budgets: [{ nodes: '100%' }] } } }),
  );
  const machine = initializedNode({
    name: 'old',
    instanceType: 'large',
    pods: [pod({ name: 'web-0', requests: { cpu: '500m', memory: '1Gi' } })],
    conditions: [{ type: 'Drifted', status: 'True', reason: 'NodePoolDrifted', lastTransitionTime: '2026-01-01T00:00:00Z' }],
  });
  env.state.upsert('nodes', machine.node!);
  env.state.upsert('nodeClaims', machine.nodeClaim!);
  for (const p of machine.pods) env.state.upsert('pods', p);
  return env;
}

describe('DisruptionController drift validation', () => {
  it('GIVEN a drifted node whose pod needs a new node WHEN a round plans its drift command THEN the replacement launches in the same pass, without the 15 s delay', async () => {
    const env = driftedWorld();
    const controller = new DisruptionController(env.ctx, { approval: () => 'none' });
    await controller.reconcile();
    const tainted = env.state.snapshot().nodes.filter((n) => (n.spec.taints ?? []).some((t) => t.key === Taints.disrupted.key));
    assert.deepEqual(
      tainted.map((n) => n.metadata.name),
      ['old'],
    );
    assert.equal(env.kube.callsOf('createNodeClaim').length, 1, 'the replacement is launched at once');
    const [entry] = controller.report().disrupting;
    assert.equal(entry?.method, 'drift');
    assert.equal(entry?.phase, 'launching');
  });

  it('GIVEN an empty node WHEN a round plans its emptiness command THEN it still waits the 15 s validation delay', async () => {
    resetNames();
    const env = controllerEnv();
    env.state.upsert(
      'nodePools',
      nodePool({ metadata: { name: 'default' }, spec: { disruption: { consolidateAfter: '0s', budgets: [{ nodes: '100%' }] } } }),
    );
    const machine = initializedNode({ name: 'idle', instanceType: 'small' });
    env.state.upsert('nodes', machine.node!);
    env.state.upsert('nodeClaims', machine.nodeClaim!);
    const controller = new DisruptionController(env.ctx, { approval: () => 'none' });
    await controller.reconcile();
    assert.equal(controller.report().disrupting[0]?.phase, 'validating');
    assert.deepEqual(env.kube.callsOf('deleteNodeClaim'), []);
  });
});
