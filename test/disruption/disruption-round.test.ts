import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from '../../src/apis/core-v1.js';
import type { Budget, NodePool } from '../../src/apis/nodepool.js';
import { Taints } from '../../src/apis/well-known-labels.js';
import { planDisruptionRound, validateCommand, withInFlight } from '../../src/disruption/disruption-round.js';
import type { DisruptionSnapshot } from '../../src/disruption/types.js';
import type { StateNode } from '../../src/state/state-node.js';
import { bindPod, disruptionSnapshot, initializedNode, nodePool, pod, resetNames } from '../../src/testing/index.js';
import { catalog, machine, snapshotOf } from './consolidation-fixtures.js';

const [small, medium, large] = catalog();

function budgetPool(name: string, budgets: Budget[]): NodePool {
  return nodePool({ metadata: { name }, spec: { disruption: { consolidateAfter: '0s', budgets } } });
}

function emptyNodes(count: number, poolName = 'batch'): StateNode[] {
  return Array.from({ length: count }, (_, i) => initializedNode({ name: `${poolName}-${String(i).padStart(2, '0')}`, pool: poolName }));
}

function tainted(stateNode: StateNode): StateNode {
  const node = stateNode.node!;
  return { ...stateNode, node: { ...node, spec: { ...node.spec, taints: [{ ...Taints.disrupted }] } } };
}

function withPod(snapshot: DisruptionSnapshot, nodeName: string, extra: Pod): DisruptionSnapshot {
  return {
    ...snapshot,
    nodes: snapshot.nodes.map((n) => (n.node?.metadata.name === nodeName ? { ...n, pods: [...n.pods, bindPod(extra, nodeName)] } : n)),
  };
}

function takenNames(result: ReturnType<typeof planDisruptionRound>): string[] {
  return result.commands.flatMap((c) => c.candidates.map((x) => x.name)).sort();
}

describe('planDisruptionRound', () => {
  it('GIVEN 10 empty nodes and a 30% budget WHEN a round runs THEN emptiness takes 3 and the other 7 get the budget verdict', () => {
    const snapshot = disruptionSnapshot({ nodes: emptyNodes(10), nodePools: [budgetPool('batch', [{ nodes: '30%' }])] });
    const result = planDisruptionRound(snapshot);
    assert.equal(result.method, 'emptiness');
    assert.equal(result.commands.length, 1);
    assert.deepEqual(takenNames(result), ['batch-00', 'batch-01', 'batch-02']);
    assert.equal(result.verdicts.length, 7);
    assert.ok(result.verdicts.every((v) => v.kind === 'budget' && v.method === 'emptiness'));
    assert.ok(result.budgetConstrained);
    const empty = result.budgets.find((b) => b.nodePool === 'batch' && b.reason === 'Empty');
    assert.deepEqual(empty, { nodePool: 'batch', reason: 'Empty', allowed: 3, disrupting: 3, total: 10, remaining: 0 });
  });

  it('GIVEN 3 of the 10 nodes already in flight WHEN the next round runs THEN the 30% budget is used up and nothing more is taken', () => {
    const snapshot = disruptionSnapshot({ nodes: emptyNodes(10), nodePools: [budgetPool('batch', [{ nodes: '30%' }])] });
    const result = planDisruptionRound(snapshot, { disrupting: new Set(['batch-00', 'batch-01', 'batch-02']) });
    assert.deepEqual(result.commands, []);
    assert.equal(result.verdicts.length, 7, 'no verdict for the nodes in flight');
    assert.ok(result.verdicts.every((v) => v.kind === 'budget'));
    assert.match(result.verdicts[0].message, /budget for Empty in batch is 0/);
  });

  it('GIVEN 3 nodes held by a command awaiting approval WHEN a round runs THEN they are not taken again and use no budget', () => {
    const snapshot = disruptionSnapshot({ nodes: emptyNodes(10), nodePools: [budgetPool('batch', [{ nodes: '30%' }])] });
    const result = planDisruptionRound(snapshot, { held: new Set(['batch-00', 'batch-01', 'batch-02']) });
    assert.deepEqual(takenNames(result), ['batch-03', 'batch-04', 'batch-05']);
    assert.ok(!result.verdicts.some((v) => v.node === 'batch-00'));
  });

  it('GIVEN an empty node and a drifted busy node WHEN a round runs THEN emptiness ends the round and the drifted node is not looked at', () => {
    resetNames();
    const empty = machine({ name: 'empty', type: small });
    const drifted = machine({ name: 'drifted', type: large, pods: ['1'], driftedAt: '2026-01-01T00:00:00Z' });
    const result = planDisruptionRound(snapshotOf({ machines: [empty, drifted] }));
    assert.equal(result.method, 'emptiness');
    assert.deepEqual(takenNames(result), ['empty']);
    const verdict = result.verdicts.find((v) => v.node === 'drifted');
    assert.equal(verdict?.kind, 'policy');
    assert.match(verdict?.message ?? '', /not looked at this round: emptiness found a command first/);
  });

  it('GIVEN only a drifted node with pods WHEN a round runs THEN drift replaces it', () => {
    resetNames();
    const drifted = machine({ name: 'drifted', type: large, pods: ['1'], driftedAt: '2026-01-01T00:00:00Z', consolidatable: false });
    const result = planDisruptionRound(snapshotOf({ machines: [drifted] }));
    assert.equal(result.method, 'drift');
    assert.equal(result.commands[0].decision, 'replace');
    assert.deepEqual(takenNames(result), ['drifted']);
    assert.deepEqual(result.verdicts, []);
  });

  it('GIVEN two nodes whose pods fit together on one cheaper node WHEN a round runs THEN multi-node consolidation replaces both', () => {
    resetNames();
    const a = machine({ name: 'a', type: medium, pods: ['3'] });
    const b = machine({ name: 'b', type: medium, pods: ['3'] });
    const result = planDisruptionRound(snapshotOf({ machines: [a, b] }));
    assert.equal(result.method, 'multi-node-consolidation');
    assert.deepEqual(takenNames(result), ['a', 'b']);
    assert.equal(result.commands[0].replacements[0].instanceTypeOptions[0].name, 'large');
  });

  it('GIVEN a node nothing cheaper can replace WHEN a round runs THEN its verdict is single-node consolidation’s savings one', () => {
    resetNames();
    const a = machine({ name: 'a', type: small, pods: ['1500m'] });
    const result = planDisruptionRound(snapshotOf({ machines: [a] }));
    assert.equal(result.method, undefined);
    assert.deepEqual(result.commands, []);
    assert.equal(result.verdicts.length, 1);
    assert.equal(result.verdicts[0].method, 'single-node-consolidation');
    assert.equal(result.verdicts[0].kind, 'savings');
  });

  it('GIVEN a node not initialized and one not consolidatable yet WHEN a round runs THEN each keeps its one reason', () => {
    resetNames();
    const fresh = machine({ name: 'fresh', type: small, initialized: false });
    const waiting = machine({ name: 'waiting', type: medium, pods: ['1'], consolidatable: false });
    const result = planDisruptionRound(snapshotOf({ machines: [fresh, waiting] }));
    assert.deepEqual(
      result.verdicts.map((v) => [v.node, v.kind]),
      [
        ['fresh', 'not-candidate'],
        ['waiting', 'policy'],
      ],
    );
  });
});

describe('validateCommand', () => {
  it('GIVEN an emptiness command whose nodes the controller tainted WHEN nothing changed THEN it still holds', () => {
    const nodes = emptyNodes(3);
    const snapshot = disruptionSnapshot({ nodes, nodePools: [budgetPool('batch', [{ nodes: '100%' }])] });
    const [command] = planDisruptionRound(snapshot).commands;
    const fresh = { ...snapshot, nodes: snapshot.nodes.map(tainted) };
    const validation = validateCommand(command, fresh);
    assert.ok(validation.ok);
    assert.equal(validation.command.candidates.length, 3);
  });

  it('GIVEN an emptiness command WHEN every node got a pod THEN it is dropped for pod churn', () => {
    const snapshot = disruptionSnapshot({ nodes: emptyNodes(2), nodePools: [budgetPool('batch', [{ nodes: '100%' }])] });
    const [command] = planDisruptionRound(snapshot).commands;
    let fresh = withPod(snapshot, 'batch-00', pod({ name: 'p0' }));
    fresh = withPod(fresh, 'batch-01', pod({ name: 'p1' }));
    const validation = validateCommand(command, fresh);
    assert.equal(validation.ok, false);
    assert.match(validation.ok ? '' : validation.reason, /pod churn/);
  });

  it('GIVEN a consolidation command WHEN the fresh snapshot is the same THEN it holds with the same replacement', () => {
    resetNames();
    const a = machine({ name: 'a', type: medium, pods: ['3'] });
    const b = machine({ name: 'b', type: medium, pods: ['3'] });
    const snapshot = snapshotOf({ machines: [a, b] });
    const [command] = planDisruptionRound(snapshot).commands;
    const validation = validateCommand(command, snapshot);
    assert.ok(validation.ok);
    assert.equal(validation.command.decision, 'replace');
    assert.equal(validation.command.priceAfter, command.priceAfter);
  });

  it('GIVEN a consolidation command WHEN the replacement got dearer THEN it is dropped', () => {
    resetNames();
    const a = machine({ name: 'a', type: medium, pods: ['3'] });
    const b = machine({ name: 'b', type: medium, pods: ['3'] });
    const snapshot = snapshotOf({ machines: [a, b] });
    const [command] = planDisruptionRound(snapshot).commands;
    const dearer = catalog().map((t) => (t.name === 'large' ? { ...t, offerings: t.offerings.map((o) => ({ ...o, price: 0.39 })) } : t));
    const fresh = { ...snapshot, instanceTypes: new Map([['default', dearer]]) };
    const validation = validateCommand(command, fresh);
    assert.equal(validation.ok, false);
    assert.match(validation.ok ? '' : validation.reason, /replacement now costs \$0\.3900\/h, more than the planned \$0\.3000\/h/);
  });

  it('GIVEN a consolidation command WHEN a candidate got do-not-disrupt THEN it is dropped naming the node', () => {
    resetNames();
    const a = machine({ name: 'a', type: medium, pods: ['3'] });
    const b = machine({ name: 'b', type: medium, pods: ['3'] });
    const snapshot = snapshotOf({ machines: [a, b] });
    const [command] = planDisruptionRound(snapshot).commands;
    const fresh: DisruptionSnapshot = {
      ...snapshot,
      nodes: snapshot.nodes.map((n) =>
        n.node?.metadata.name === 'b'
          ? { ...n, node: { ...n.node, metadata: { ...n.node.metadata, annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } } }
          : n,
      ),
    };
    const validation = validateCommand(command, fresh);
    assert.equal(validation.ok, false);
    assert.match(validation.ok ? '' : validation.reason, /b Node has karpenter.sh\/do-not-disrupt/);
  });

  it('GIVEN a drift replace WHEN room for its pods appeared meanwhile THEN it still holds and is carried out as a delete', () => {
    resetNames();
    const drifted = machine({ name: 'd', type: large, pods: ['1'], driftedAt: '2026-01-01T00:00:00Z', consolidatable: false });
    const snapshot = snapshotOf({ machines: [drifted] });
    const [command] = planDisruptionRound(snapshot).commands;
    assert.equal(command.decision, 'replace');
    const roomy = machine({ name: 'roomy', type: large, pods: [], consolidatable: false });
    const validation = validateCommand(command, { ...snapshot, nodes: [drifted.stateNode, roomy.stateNode] });
    assert.equal(validation.ok, true, validation.ok ? '' : validation.reason);
    assert.equal(validation.ok ? validation.command.decision : '', 'delete');
    assert.equal(validation.ok ? validation.command.replacements.length : -1, 0);
  });

  it('GIVEN a drift command WHEN the node is no longer drifted THEN it is dropped', () => {
    resetNames();
    const drifted = machine({ name: 'd', type: large, pods: ['1'], driftedAt: '2026-01-01T00:00:00Z', consolidatable: false });
    const snapshot = snapshotOf({ machines: [drifted] });
    const [command] = planDisruptionRound(snapshot).commands;
    const fine = machine({ name: 'd', type: large, pods: ['1'], consolidatable: false });
    const validation = validateCommand(command, { ...snapshot, nodes: [fine.stateNode] });
    assert.equal(validation.ok, false);
    assert.match(validation.ok ? '' : validation.reason, /no longer drifted/);
  });

  it('GIVEN another command in flight WHEN a command is validated against the marked snapshot THEN the budget counts it', () => {
    const snapshot = disruptionSnapshot({ nodes: emptyNodes(4), nodePools: [budgetPool('batch', [{ nodes: '2' }])] });
    const [command] = planDisruptionRound(snapshot).commands;
    assert.deepEqual(
      command.candidates.map((c) => c.name),
      ['batch-00', 'batch-01'],
    );
    const fresh = withInFlight(snapshot, new Set(['batch-02']));
    const validation = validateCommand(command, fresh);
    assert.ok(validation.ok);
    assert.equal(validation.command.candidates.length, 1, 'only one of the two fits in the budget now');
  });
});
