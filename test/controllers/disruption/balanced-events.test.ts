import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Labels } from '../../../src/apis/well-known-labels.js';
import { DisruptionController } from '../../../src/controllers/disruption/disruption-controller.js';
import type { StateNode } from '../../../src/state/state-node.js';
import { initializedNode, nodePool, pod, resetNames } from '../../../src/testing/index.js';
import { controllerEnv } from '../harness.js';

/**
 * A Balanced on-demand pool of two larges ($0.40/h each): `big` with one 1-cpu pod (a small at $0.10/h takes it, saving
 * $0.30/h) and `full` with an 8-cpu pod. With a plain pod the replace of `big` scores (0.30/0.80) ÷ (2/4) = 0.75;
 * with a pod of eviction cost 10 it scores (0.30/0.80) ÷ (11/13) = 0.44.
 */
function setup(bigPodPriority: number) {
  resetNames();
  const env = controllerEnv();
  env.state.upsert(
    'nodePools',
    nodePool({
      metadata: { name: 'default' },
      spec: {
        template: { spec: { requirements: [{ key: Labels.capacityType, operator: 'In', values: ['on-demand'] }] } },
        disruption: { consolidationPolicy: 'Balanced', consolidateAfter: '0s', budgets: [{ nodes: '100%' }] },
      },
    }),
  );
  const machines: StateNode[] = [
    initializedNode({
      name: 'big',
      instanceType: 'large',
      pods: [pod({ name: 'web-0', requests: { cpu: '1', memory: '1Gi' }, spec: { priority: bigPodPriority } })],
    }),
    initializedNode({ name: 'full', instanceType: 'large', pods: [pod({ name: 'db-0', requests: { cpu: '8', memory: '1Gi' } })] }),
  ];
  for (const m of machines) {
    env.state.upsert('nodes', m.node!);
    env.state.upsert('nodeClaims', m.nodeClaim!);
    for (const p of m.pods) env.state.upsert('pods', p);
  }
  const controller = new DisruptionController(env.ctx, { cluster: 'sandbox', approval: () => 'none' });
  return {
    env,
    controller,
    tick: async (ms = 0) => {
      env.clock.advance(ms);
      await controller.reconcile();
    },
  };
}

/** The consolidation moves counter and score histogram for one pool and decision, as /metrics would show them. */
async function moveMetrics(s: ReturnType<typeof setup>, decision: string) {
  const labels = (l: Record<string, string | number>) => l.nodepool === 'default' && l.decision === decision;
  const moves = (await s.env.ctx.metrics.consolidationMoves.get()).values.find((v) => labels(v.labels))?.value ?? 0;
  const scores = (await s.env.ctx.metrics.consolidationScore.get()).values;
  const count = scores.find((v) => v.metricName === 'karpenter_disruption_consolidation_score_count' && labels(v.labels))?.value ?? 0;
  const sum = scores.find((v) => v.metricName === 'karpenter_disruption_consolidation_score_sum' && labels(v.labels))?.value ?? 0;
  return { moves, count, sum };
}

describe('disruption controller: Balanced Events', () => {
  it('GIVEN a Balanced move scoring 0.44 WHEN rounds run THEN ConsolidationRejected is recorded on the Node and NodeClaim with the score, once', async () => {
    const s = setup(10 * 2 ** 25);
    await s.tick();
    await s.tick(10_000);
    const rejected = s.env.kube.eventsWith('ConsolidationRejected');
    assert.equal(rejected.length, 2, 'on the Node and the NodeClaim, once');
    assert.equal(rejected[1].message, rejected[0].message);
    assert.equal(s.controller.report().verdicts.find((v) => v.node === 'big')?.kind, 'balanced');
    assert.match(rejected[0].message, /score 0\.44 < 0\.50 \(k=2\) in pool default/);
    assert.equal(s.env.kube.eventsWith('ConsolidationApproved').length, 0);
    const rejectedMoves = await moveMetrics(s, 'rejected');
    assert.equal(rejectedMoves.moves, 1, 'one rejected move, though two rounds refused it');
    assert.equal(rejectedMoves.count, 1);
    assert.ok(Math.abs(rejectedMoves.sum - 0.443) < 0.001, `score ${rejectedMoves.sum}`);
    assert.equal((await moveMetrics(s, 'approved')).moves, 0);
  });

  it('GIVEN a Balanced move scoring 0.75 WHEN it is validated and carried out THEN ConsolidationApproved is recorded on its NodeClaim with the score', async () => {
    const s = setup(0);
    await s.tick();
    assert.equal(s.env.kube.eventsWith('ConsolidationApproved').length, 0, 'not before validation');
    await s.tick(15_000);
    const approved = s.env.kube.eventsWith('ConsolidationApproved');
    assert.equal(approved.length, 1);
    assert.match(approved[0].message, /^score 0\.75 ≥ 0\.50 \(k=2\) in pool default: saves \$0\.30\/h of the pool's \$0\.80\/h/);
    const approvedMoves = await moveMetrics(s, 'approved');
    assert.equal(approvedMoves.moves, 1);
    assert.equal(approvedMoves.count, 1);
    assert.ok(Math.abs(approvedMoves.sum - 0.75) < 1e-9, `score ${approvedMoves.sum}`);
    assert.equal((await moveMetrics(s, 'rejected')).moves, 0);
  });
});
