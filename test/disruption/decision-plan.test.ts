import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DECISION_API_VERSION, type Decision } from '../../src/apis/decision.js';
import { boundDecision } from '../../src/apis/decision-bounds.js';
import { validateDecision } from '../../src/apis/validation/validate-decision.js';
import { decisionKey, needsApproval, nodeDecisionKind, nodeDisruptionPlan } from '../../src/disruption/decision-plan.js';
import { planDisruptionRound } from '../../src/disruption/disruption-round.js';
import { podDisruptionBudget, resetNames } from '../../src/testing/index.js';
import { catalog, machine, snapshotOf } from './consolidation-fixtures.js';

const [, medium] = catalog();

function twoNodeReplace() {
  resetNames();
  const a = machine({ name: 'a', type: medium, pods: ['3'], podOptions: { labels: { app: 'web' } } });
  const b = machine({ name: 'b', type: medium, pods: ['3'] });
  const snapshot = snapshotOf({ machines: [a, b] });
  const round = planDisruptionRound(snapshot);
  return { round, command: round.commands[0] };
}

describe('node Decision plans', () => {
  it('GIVEN each method WHEN its kind is asked THEN drift is node-drift, expiration expiry, the rest consolidation', () => {
    assert.equal(nodeDecisionKind('drift'), 'node-drift');
    assert.equal(nodeDecisionKind('static-drift'), 'node-drift');
    assert.equal(nodeDecisionKind('expiration'), 'expiry');
    for (const method of ['emptiness', 'multi-node-consolidation', 'single-node-consolidation'] as const)
      assert.equal(nodeDecisionKind(method), 'consolidation');
  });

  it('GIVEN approval none, drift and all THEN only the kinds it names wait, and expiry never does', () => {
    assert.deepEqual(
      (['none', 'drift', 'all'] as const).map((approval) => [
        needsApproval('consolidation', approval),
        needsApproval('node-drift', approval),
        needsApproval('expiry', approval),
      ]),
      [
        [false, false, false],
        [false, true, false],
        [true, true, false],
      ],
    );
  });

  it('GIVEN a 2→1 replace WHEN it is planned as a Decision THEN the plan lists nodes, the launch, pods, PDBs at risk, budget and prices, and the CRD schema accepts it', () => {
    const { round, command } = twoNodeReplace();
    const pdb = podDisruptionBudget({ name: 'web', matchLabels: { app: 'web' }, disruptionsAllowed: 1 });
    const plan = nodeDisruptionPlan(command, { budgets: round.budgets, podDisruptionBudgets: [pdb] });
    assert.equal(plan.action, 'replace');
    assert.deepEqual(
      plan.remove.map((n) => [n.name, n.nodeClaim, n.instanceType, n.pods]),
      [
        ['a', 'a-claim', 'medium', 1],
        ['b', 'b-claim', 'medium', 1],
      ],
    );
    assert.deepEqual(plan.launch[0].instanceTypes, ['large']);
    assert.equal(plan.evictedPodsTotal, 2);
    assert.deepEqual(plan.pdbsAtRisk, ['default/web']);
    assert.deepEqual(plan.budgets, [{ nodePool: 'default', reason: 'Underutilized', remaining: 0 }]);
    assert.equal(plan.priceBefore, 0.4);
    assert.equal(plan.priceAfter, 0.3);
    const decision: Decision = {
      apiVersion: DECISION_API_VERSION,
      kind: 'Decision',
      metadata: { name: 'sandbox-consolidation-0123456789' },
      spec: { cluster: 'sandbox', kind: 'consolidation', summary: command.summary, revision: '', changes: [], diff: '', disruption: plan },
      status: { state: 'pending', heldBy: 'person', history: [{ state: 'pending', at: '2026-01-01T00:00:00Z', by: 'karpd' }] },
    };
    assert.deepEqual(validateDecision(boundDecision(decision) as unknown as Record<string, unknown>), []);
  });

  it('GIVEN the same candidates in another order THEN the Decision key is the same', () => {
    const { command } = twoNodeReplace();
    const reversed = { ...command, candidates: [...command.candidates].reverse() };
    assert.equal(decisionKey(reversed), decisionKey(command));
    assert.equal(decisionKey(command), 'multi-node-consolidation/replace/a-claim,b-claim');
  });
});
