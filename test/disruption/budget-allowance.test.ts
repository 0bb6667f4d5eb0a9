import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Budget } from '../../src/apis/nodepool.js';
import type { Allowance } from '../../src/disruption/allowance.js';
import { BudgetAllowance, countBudgetNodes } from '../../src/disruption/budget-allowance.js';
import { buildCandidates } from '../../src/disruption/candidates.js';
import { singleNodeConsolidation } from '../../src/disruption/single-node-consolidation.js';
import type { StateNode } from '../../src/state/state-node.js';
import { disruptionSnapshot, initializedNode, nodeClaim, nodePool, pod } from '../../src/testing/index.js';

// Wednesday 2026-01-07 10:30 UTC
const WEDNESDAY_1030 = Date.parse('2026-01-07T10:30:00Z');

function allowance(nodes: StateNode[], budgets?: Budget[], now = WEDNESDAY_1030, pool = 'spark-batch'): BudgetAllowance {
  const pools = [nodePool({ metadata: { name: pool }, spec: { disruption: budgets === undefined ? {} : { budgets } } })];
  return new BudgetAllowance(disruptionSnapshot({ nodes, nodePools: pools, now }));
}

function nodesOf(count: number, options: Parameters<typeof initializedNode>[0] = {}): StateNode[] {
  return Array.from({ length: count }, () => initializedNode({ pool: 'spark-batch', ...options }));
}

describe('countBudgetNodes', () => {
  it('GIVEN initialized, uninitialized, terminating and unmanaged machines THEN only initialized managed ones not InstanceTerminating count', () => {
    const nodes: StateNode[] = [
      ...nodesOf(3),
      initializedNode({ pool: 'spark-batch', initialized: false }),
      initializedNode({ pool: 'spark-batch', conditions: [{ type: 'InstanceTerminating', status: 'True' }] }),
      { nodeClaim: nodeClaim({ metadata: { labels: { 'karpenter.sh/nodepool': 'spark-batch' } } }), pods: [], markedForDeletion: false },
    ];
    assert.deepEqual(countBudgetNodes(nodes).get('spark-batch'), { nodes: 3, disrupting: 0 });
  });

  it('GIVEN NotReady and deleting nodes THEN they count as nodes and as disrupting', () => {
    const nodes = [
      ...nodesOf(2),
      initializedNode({ pool: 'spark-batch', ready: false }),
      initializedNode({ pool: 'spark-batch', markedForDeletion: true }),
    ];
    assert.deepEqual(countBudgetNodes(nodes).get('spark-batch'), { nodes: 4, disrupting: 2 });
  });
});

describe('BudgetAllowance', () => {
  it('GIVEN 10 nodes and a 30% budget THEN 3 may go, and take() stops after 3', () => {
    const budgets = allowance(nodesOf(10), [{ nodes: '30%' }]);
    assert.equal(budgets.remaining('spark-batch', 'Empty'), 3);
    assert.deepEqual(
      Array.from({ length: 5 }, () => budgets.take('spark-batch', 'Empty')),
      [true, true, true, false, false],
    );
    assert.equal(budgets.remaining('spark-batch', 'Empty'), 0);
  });

  it('GIVEN a percentage THEN it rounds up (10% of 5 nodes = 1)', () => {
    assert.equal(allowance(nodesOf(5), [{ nodes: '10%' }]).remaining('spark-batch', 'Empty'), 1);
  });

  it('GIVEN no budgets THEN the default 10%', () => {
    assert.equal(allowance(nodesOf(20)).remaining('spark-batch', 'Underutilized'), 2);
  });

  it('GIVEN budgets per reason THEN each reason has its own allowance, and taking one does not spend another', () => {
    const budgets = allowance(nodesOf(10), [
      { nodes: '0', reasons: ['Underutilized'] },
      { nodes: '50%', reasons: ['Empty'] },
    ]);
    assert.equal(budgets.remaining('spark-batch', 'Underutilized'), 0);
    assert.equal(budgets.remaining('spark-batch', 'Empty'), 5);
    assert.equal(budgets.remaining('spark-batch', 'Drifted'), 10);
    budgets.take('spark-batch', 'Empty');
    assert.equal(budgets.remaining('spark-batch', 'Empty'), 4);
    assert.equal(budgets.remaining('spark-batch', 'Drifted'), 10);
  });

  it('GIVEN nodes already disrupting THEN they use up the budget', () => {
    const nodes = [...nodesOf(9), initializedNode({ pool: 'spark-batch', ready: false })];
    assert.equal(allowance(nodes, [{ nodes: '2' }]).remaining('spark-batch', 'Empty'), 1);
  });

  it('GIVEN a schedule window THEN the budget limits inside it and not outside', () => {
    const budgets: Budget[] = [{ nodes: '0', schedule: '0 9 * * 1-5', duration: '8h', reasons: ['Underutilized'] }];
    assert.equal(allowance(nodesOf(10), budgets).remaining('spark-batch', 'Underutilized'), 0);
    const saturday = Date.parse('2026-01-10T10:30:00Z');
    assert.equal(allowance(nodesOf(10), budgets, saturday).remaining('spark-batch', 'Underutilized'), 10);
  });

  it('GIVEN a pool that does not exist THEN nothing may go', () => {
    const budgets = allowance(nodesOf(3));
    assert.equal(budgets.remaining('nope', 'Empty'), 0);
    assert.equal(budgets.take('nope', 'Empty'), false);
    assert.equal(budgets.budgetVerdict('nope', 'Empty'), 'budget for Empty in nope: NodePool nope does not exist');
  });
});

describe('budgetVerdict', () => {
  it('GIVEN a schedule window at 0 THEN "is 0 until 17:00"', () => {
    const budgets = allowance(nodesOf(10), [{ nodes: '0', schedule: '0 9 * * 1-5', duration: '8h' }]);
    assert.equal(
      budgets.budgetVerdict('spark-batch', 'Underutilized'),
      'budget for Underutilized in spark-batch is 0 until 17:00 (schedule "0 9 * * 1-5")',
    );
  });

  it('GIVEN a count of 0 THEN "is 0"; disrupting nodes eating it THEN it says so', () => {
    assert.equal(allowance(nodesOf(3), [{ nodes: '0' }]).budgetVerdict('spark-batch', 'Empty'), 'budget for Empty in spark-batch is 0');
    const nodes = [...nodesOf(9), initializedNode({ pool: 'spark-batch', markedForDeletion: true })];
    assert.equal(
      allowance(nodes, [{ nodes: '10%' }]).budgetVerdict('spark-batch', 'Empty'),
      'budget for Empty in spark-batch is 0 (10% of 10 nodes = 1, 1 disrupting)',
    );
  });

  it('GIVEN a budget used up this round THEN how much was taken; before that, how much is left', () => {
    const budgets = allowance(nodesOf(10), [{ nodes: '30%' }]);
    budgets.take('spark-batch', 'Empty');
    assert.equal(budgets.budgetVerdict('spark-batch', 'Empty'), 'budget for Empty in spark-batch allows 2 more (30% of 10 nodes = 3)');
    budgets.take('spark-batch', 'Empty');
    budgets.take('spark-batch', 'Empty');
    assert.equal(
      budgets.budgetVerdict('spark-batch', 'Empty'),
      'budget for Empty in spark-batch is used up: 3 of 3 taken this round (30% of 10 nodes = 3)',
    );
  });
});

describe("BudgetAllowance as the methods' Allowance", () => {
  it("GIVEN an Underutilized budget of 0 WHEN single-node consolidation is given the BudgetAllowance THEN its budget verdict is the allowance's sentence", () => {
    const nodes = nodesOf(2, { pods: [pod({ requests: { cpu: '100m' } })] });
    const pools = [
      nodePool({ metadata: { name: 'spark-batch' }, spec: { disruption: { budgets: [{ nodes: '0', reasons: ['Underutilized'] }] } } }),
    ];
    const snapshot = disruptionSnapshot({ nodes, nodePools: pools, now: WEDNESDAY_1030 });
    const budgets: Allowance = new BudgetAllowance(snapshot);
    const result = singleNodeConsolidation(snapshot, buildCandidates(snapshot).candidates, budgets);
    assert.deepEqual(result.commands, []);
    assert.equal(result.budgetConstrained, true);
    assert.deepEqual(
      result.verdicts.map((v) => [v.kind, v.message]),
      [
        ['budget', 'budget for Underutilized in spark-batch is 0'],
        ['budget', 'budget for Underutilized in spark-batch is 0'],
      ],
    );
    assert.equal(budgets.message('spark-batch', 'Empty'), 'budget for Empty in spark-batch allows 2 more (no active budget: 2 nodes)');
  });
});
