import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Budget } from '../../src/apis/nodepool.js';
import { BudgetAllowance } from '../../src/disruption/budget-allowance.js';
import { consolidationCandidates } from '../../src/disruption/consolidation-candidates.js';
import { emptiness } from '../../src/disruption/emptiness.js';
import type { DisruptionCommand } from '../../src/disruption/types.js';
import { revalidateCandidates, validateEmptinessCommand } from '../../src/disruption/validate-command.js';
import type { StateNode } from '../../src/state/state-node.js';
import { DISRUPTION_NOW, disruptionSnapshot, initializedNode, nodePool, pod } from '../../src/testing/index.js';

const LATER = DISRUPTION_NOW + 15_000;

function pools(budgets: Budget[] = [{ nodes: '100%' }]) {
  return [nodePool({ metadata: { name: 'default' }, spec: { disruption: { budgets } } })];
}

function commandOver(nodes: StateNode[], budgets?: Budget[]): DisruptionCommand {
  const [command] = emptiness(disruptionSnapshot({ nodes, nodePools: pools(budgets) })).commands;
  assert.ok(command !== undefined, 'expected an emptiness command');
  return command;
}

function names(command: DisruptionCommand): string[] {
  return command.candidates.map((candidate) => candidate.name);
}

describe('validateEmptinessCommand', () => {
  it('GIVEN nothing changed THEN the command holds as it was', () => {
    const nodes = [initializedNode({ name: 'a' }), initializedNode({ name: 'b' })];
    const command = commandOver(nodes);
    const result = validateEmptinessCommand(command, disruptionSnapshot({ nodes, nodePools: pools(), now: LATER }));
    assert.ok(result.ok);
    assert.deepEqual(names(result.command), ['a', 'b']);
    assert.equal(result.command.summary, 'delete 2 empty nodes (default ×2)');
    assert.deepEqual(result.dropped, []);
  });

  it('GIVEN one node got a pod THEN it is dropped (saying which pods) and the rest are kept', () => {
    const command = commandOver([initializedNode({ name: 'a' }), initializedNode({ name: 'b' })]);
    const fresh = [initializedNode({ name: 'a', pods: [pod({ name: 'web-1' })] }), initializedNode({ name: 'b' })];
    const result = validateEmptinessCommand(command, disruptionSnapshot({ nodes: fresh, nodePools: pools(), now: LATER }));
    assert.ok(result.ok);
    assert.deepEqual(names(result.command), ['b']);
    assert.equal(result.command.summary, 'delete 1 empty node (default ×1)');
    assert.deepEqual(
      result.dropped.map((v) => [v.node, v.message]),
      [['a', 'got 1 pod (default/web-1)']],
    );
  });

  it('GIVEN every node got pods THEN the command is dropped for pod churn', () => {
    const command = commandOver([initializedNode({ name: 'a' }), initializedNode({ name: 'b' })]);
    const fresh = [initializedNode({ name: 'a', pods: [pod()] }), initializedNode({ name: 'b', pods: [pod(), pod()] })];
    const result = validateEmptinessCommand(command, disruptionSnapshot({ nodes: fresh, nodePools: pools(), now: LATER }));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'pod churn: every node got pods');
  });

  it('GIVEN a node was nominated in the meantime THEN it is dropped with the nomination as the reason', () => {
    const command = commandOver([initializedNode({ name: 'a' })]);
    const fresh = [initializedNode({ name: 'a', nominatedUntil: LATER + 20_000 })];
    const result = validateEmptinessCommand(command, disruptionSnapshot({ nodes: fresh, nodePools: pools(), now: LATER }));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'no node is still an empty candidate: a nominated for pending pods until 12:00:35');
  });

  it('GIVEN the fresh budget is smaller THEN only as many as it allows are kept, in the command’s order', () => {
    const nodes = [initializedNode({ name: 'a' }), initializedNode({ name: 'b' }), initializedNode({ name: 'c' })];
    const command = commandOver(nodes);
    const result = validateEmptinessCommand(command, disruptionSnapshot({ nodes, nodePools: pools([{ nodes: '1' }]), now: LATER }));
    assert.ok(result.ok);
    assert.deepEqual(names(result.command), ['a']);
    assert.deepEqual(
      result.dropped.map((v) => [v.node, v.kind, v.message]),
      [
        ['b', 'budget', 'budget for Empty in default is used up: 1 of 1 taken this round (1)'],
        ['c', 'budget', 'budget for Empty in default is used up: 1 of 1 taken this round (1)'],
      ],
    );
  });

  it('GIVEN a node that is gone or no longer consolidatable THEN each says why', () => {
    const command = commandOver([initializedNode({ name: 'a' }), initializedNode({ name: 'b' })]);
    const fresh = [initializedNode({ name: 'b', consolidatable: { status: 'False', message: 'consolidateAfter 30s not elapsed' } })];
    const result = validateEmptinessCommand(command, disruptionSnapshot({ nodes: fresh, nodePools: pools(), now: LATER }));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'no node is still an empty candidate: a is gone; b consolidateAfter 30s not elapsed');
  });

  it('GIVEN a command of another method THEN it is refused', () => {
    const command = { ...commandOver([initializedNode({ name: 'a' })]), method: 'drift' as const };
    const result = validateEmptinessCommand(command, disruptionSnapshot({ nodes: [], now: LATER }));
    assert.equal(!result.ok && result.reason, 'not an emptiness command (drift)');
  });
});

describe('revalidateCandidates (shared with consolidation)', () => {
  it('GIVEN fresh candidates THEN it returns the fresh versions and takes from the given budgets', () => {
    const nodes = [initializedNode({ name: 'a', pods: [pod()] }), initializedNode({ name: 'b', pods: [pod()] })];
    const before = consolidationCandidates(disruptionSnapshot({ nodes, nodePools: pools() }), 'single-node-consolidation').candidates;
    const freshSnapshot = disruptionSnapshot({ nodes, nodePools: pools([{ nodes: '1' }]), now: LATER });
    const budgets = new BudgetAllowance(freshSnapshot);
    const result = revalidateCandidates({
      candidates: before,
      fresh: consolidationCandidates(freshSnapshot, 'single-node-consolidation'),
      budgets,
      method: 'single-node-consolidation',
      reason: 'Underutilized',
    });
    assert.deepEqual(
      result.kept.map((c) => c.name),
      ['a'],
    );
    assert.notEqual(result.kept[0], before[0]);
    assert.deepEqual(
      result.dropped.map((v) => [v.node, v.kind]),
      [['b', 'budget']],
    );
    assert.equal(budgets.remaining('default', 'Underutilized'), 0);
  });

  it('GIVEN a candidate that silently left the method’s list THEN "is no longer a candidate"', () => {
    const busy = initializedNode({ name: 'a', pods: [pod()] });
    const before = consolidationCandidates(
      disruptionSnapshot({ nodes: [busy], nodePools: pools() }),
      'single-node-consolidation',
    ).candidates;
    const freshSnapshot = disruptionSnapshot({ nodes: [initializedNode({ name: 'a' })], nodePools: pools(), now: LATER });
    const result = revalidateCandidates({
      candidates: before,
      fresh: consolidationCandidates(freshSnapshot, 'single-node-consolidation'),
      budgets: new BudgetAllowance(freshSnapshot),
      method: 'single-node-consolidation',
      reason: 'Underutilized',
    });
    assert.deepEqual(
      result.dropped.map((v) => v.message),
      ['is no longer a candidate'],
    );
  });
});
