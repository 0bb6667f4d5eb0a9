import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Budget, NodePool } from '../../src/apis/nodepool.js';
import { emptiness } from '../../src/disruption/emptiness.js';
import { isReschedulable } from '../../src/disruption/pod-disruption.js';
import type { MethodResult } from '../../src/disruption/types.js';
import type { StateNode } from '../../src/state/state-node.js';
import { daemonSetPod, disruptionSnapshot, initializedNode, mirrorPod, nodePool, pod } from '../../src/testing/index.js';
import type { DisruptionSnapshotInput } from '../../src/testing/index.js';

function pool(name: string, budgets?: Budget[], disruption: NonNullable<NodePool['spec']['disruption']> = {}): NodePool {
  return nodePool({ metadata: { name }, spec: { disruption: { ...disruption, ...(budgets !== undefined ? { budgets } : {}) } } });
}

function emptyNodes(count: number, poolName: string, options: Parameters<typeof initializedNode>[0] = {}): StateNode[] {
  return Array.from({ length: count }, (_, i) =>
    initializedNode({ name: `${poolName}-${String(i).padStart(2, '0')}`, pool: poolName, ...options }),
  );
}

function run(input: DisruptionSnapshotInput): MethodResult {
  return emptiness(disruptionSnapshot(input));
}

function taken(result: MethodResult): string[] {
  return result.commands.flatMap((command) => command.candidates.map((c) => c.name));
}

describe('emptiness', () => {
  it('GIVEN 10 empty nodes and a 30% budget THEN one delete command removes 3', () => {
    const result = run({ nodes: emptyNodes(10, 'spark-batch'), nodePools: [pool('spark-batch', [{ nodes: '30%' }])] });
    assert.equal(result.commands.length, 1);
    const [command] = result.commands;
    assert.equal(command.method, 'emptiness');
    assert.equal(command.reason, 'Empty');
    assert.equal(command.decision, 'delete');
    assert.equal(command.candidates.length, 3);
    assert.deepEqual(command.replacements, []);
    assert.deepEqual(command.evictedPods, []);
    assert.equal(command.summary, 'delete 3 empty nodes (spark-batch ×3)');
    assert.equal(result.budgetConstrained, true);
  });

  it('GIVEN the nodes the budget left THEN each has a readable budget verdict', () => {
    const result = run({ nodes: emptyNodes(10, 'spark-batch'), nodePools: [pool('spark-batch', [{ nodes: '30%' }])] });
    const budget = result.verdicts.filter((v) => v.kind === 'budget');
    assert.equal(budget.length, 7);
    assert.deepEqual(
      new Set(budget.map((v) => v.message)),
      new Set(['budget for Empty in spark-batch is used up: 3 of 3 taken this round (30% of 10 nodes = 3)']),
    );
    assert.ok(budget.every((v) => v.method === 'emptiness' && v.nodePool === 'spark-batch'));
  });

  it('GIVEN percent budgets THEN they round up (10% of 5 = 1)', () => {
    const result = run({ nodes: emptyNodes(5, 'default'), nodePools: [pool('default', [{ nodes: '10%' }])] });
    assert.equal(taken(result).length, 1);
  });

  it('GIVEN two pools THEN each pool’s budget applies to its own nodes, in one command', () => {
    const result = run({
      nodes: [...emptyNodes(4, 'spark-batch'), ...emptyNodes(3, 'default')],
      nodePools: [pool('spark-batch', [{ nodes: '2' }]), pool('default', [{ nodes: '1' }])],
    });
    assert.equal(result.commands.length, 1);
    assert.equal(result.commands[0].summary, 'delete 3 empty nodes (spark-batch ×2, default ×1)');
  });

  it('GIVEN a budget window at 0 now THEN nothing is taken and the verdict says until when', () => {
    const budgets: Budget[] = [{ nodes: '0', schedule: '0 9 * * *', duration: '8h' }];
    const result = run({ nodes: emptyNodes(2, 'default'), nodePools: [pool('default', budgets)], now: Date.parse('2026-01-07T10:30:00Z') });
    assert.deepEqual(result.commands, []);
    assert.equal(result.budgetConstrained, true);
    assert.deepEqual(
      result.verdicts.map((v) => v.message),
      [
        'budget for Empty in default is 0 until 17:00 (schedule "0 9 * * *")',
        'budget for Empty in default is 0 until 17:00 (schedule "0 9 * * *")',
      ],
    );
  });

  it('GIVEN a 50% budget and a budget of 1 in a window WHEN emptiness runs inside the window THEN the more restrictive 1 wins; outside it the 50%', () => {
    const budgets: Budget[] = [{ nodes: '50%' }, { nodes: '1', schedule: '0 9 * * *', duration: '8h' }];
    const input = { nodes: emptyNodes(10, 'default'), nodePools: [pool('default', budgets)] };
    const inside = run({ ...input, now: Date.parse('2026-01-07T10:30:00Z') });
    assert.equal(taken(inside).length, 1);
    assert.equal(
      inside.verdicts.find((v) => v.kind === 'budget')?.message,
      'budget for Empty in default is used up: 1 of 1 taken this round (1 until 17:00 (schedule "0 9 * * *"))',
    );
    const outside = run({ ...input, now: Date.parse('2026-01-07T18:30:00Z') });
    assert.equal(taken(outside).length, 5);
  });

  it('GIVEN a budget only for Underutilized at 0 THEN emptiness is not limited by it', () => {
    const result = run({ nodes: emptyNodes(3, 'default'), nodePools: [pool('default', [{ nodes: '0', reasons: ['Underutilized'] }])] });
    assert.equal(taken(result).length, 3);
    assert.equal(result.budgetConstrained, false);
  });

  it('GIVEN a 0 budget for Empty THEN no command, even if others would allow it', () => {
    const result = run({
      nodes: emptyNodes(3, 'default'),
      nodePools: [pool('default', [{ nodes: '100%' }, { nodes: '0', reasons: ['Empty'] }])],
    });
    assert.deepEqual(result.commands, []);
  });

  it('GIVEN DaemonSet, mirror and finished pods on a node THEN it is still empty; a Deployment pod makes it busy', () => {
    const result = run({
      nodes: [
        initializedNode({ name: 'daemons-only', pods: [daemonSetPod(), mirrorPod(), pod({ phase: 'Succeeded' })] }),
        initializedNode({ name: 'busy', pods: [pod()] }),
      ],
      nodePools: [pool('default', [{ nodes: '100%' }])],
    });
    assert.deepEqual(taken(result), ['daemons-only']);
    assert.deepEqual(result.verdicts, []);
  });

  it('GIVEN fewer pods, lower priority or nearer expiry THEN those nodes go first under a tight budget', () => {
    const nodes = [
      initializedNode({ name: 'three-daemons', expireAfter: 'Never', pods: [daemonSetPod(), daemonSetPod(), daemonSetPod()] }),
      initializedNode({ name: 'one-daemon', expireAfter: 'Never', pods: [daemonSetPod()] }),
      initializedNode({ name: 'near-expiry', expireAfter: '12h30m', pods: [daemonSetPod(), daemonSetPod(), daemonSetPod()] }),
      initializedNode({ name: 'low-priority', expireAfter: 'Never', pods: [daemonSetPod({ spec: { priority: -(2 ** 24) } })] }),
    ];
    const order = (budget: string) => taken(run({ nodes, nodePools: [pool('default', [{ nodes: budget }])] }));
    assert.deepEqual(order('1'), ['near-expiry']);
    assert.deepEqual(order('2'), ['near-expiry', 'low-priority']);
    assert.deepEqual(order('4'), ['near-expiry', 'low-priority', 'one-daemon', 'three-daemons']);
  });

  it('GIVEN consolidateAfter Never, not Consolidatable, or a node-level block THEN those empty nodes are left, each with its reason', () => {
    const result = run({
      nodes: [
        initializedNode({ name: 'a', pool: 'never' }),
        initializedNode({ name: 'b', consolidatable: { status: 'False', message: 'consolidateAfter 30s not elapsed' } }),
        initializedNode({ name: 'c', doNotDisrupt: true }),
        initializedNode({
          name: 'd',
          pods: [pod({ name: 'kernel', namespace: 'jupyter', metadata: { annotations: { 'karpenter.sh/do-not-disrupt': 'true' } } })],
        }),
        initializedNode({ name: 'e' }),
      ],
      nodePools: [pool('never', undefined, { consolidateAfter: 'Never' }), pool('default', [{ nodes: '100%' }])],
    });
    assert.deepEqual(taken(result), ['e']);
    assert.deepEqual(
      result.verdicts.map((v) => [v.node, v.kind, v.message]),
      [
        ['c', 'not-candidate', 'Node has karpenter.sh/do-not-disrupt'],
        ['d', 'pod-blocked', 'pod jupyter/kernel has do-not-disrupt'],
        ['a', 'policy', 'consolidateAfter is Never in pool never'],
        ['b', 'policy', 'consolidateAfter 30s not elapsed'],
      ],
    );
    assert.equal(result.budgetConstrained, false);
  });

  it('GIVEN WhenEmpty pools THEN their empty nodes are deleted too', () => {
    const result = run({
      nodes: emptyNodes(2, 'trino'),
      nodePools: [pool('trino', [{ nodes: '100%' }], { consolidationPolicy: 'WhenEmpty' })],
    });
    assert.equal(taken(result).length, 2);
  });

  it('GIVEN no empty node THEN no command and not budget-constrained', () => {
    const result = run({ nodes: [initializedNode({ pods: [pod()] })] });
    assert.deepEqual(result, { commands: [], verdicts: [], budgetConstrained: false });
  });

  it('GIVEN priced nodes THEN priceBefore is their sum and priceAfter 0', () => {
    const result = run({ nodes: emptyNodes(2, 'default', { capacityType: 'spot' }), nodePools: [pool('default', [{ nodes: '2' }])] });
    assert.equal(result.commands[0].priceBefore, 0.56);
    assert.equal(result.commands[0].priceAfter, 0);
  });
});

describe('emptiness (property)', () => {
  const nodeArb = fc.record({
    pool: fc.constantFrom('a', 'b', 'c'),
    pods: fc.array(fc.constantFrom('deployment', 'daemonset', 'succeeded', 'terminating'), { maxLength: 3 }),
    consolidatable: fc.boolean(),
  });
  const budgetArb = fc.constantFrom('0', '1', '2', '10%', '30%', '50%', '100%');

  it('never takes more nodes from a pool than its Empty budget allows, nor a node with a reschedulable pod', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { maxLength: 25 }), fc.record({ a: budgetArb, b: budgetArb, c: budgetArb }), (specs, budgets) => {
        const nodes = specs.map((spec, i) =>
          initializedNode({
            name: `n${String(i).padStart(2, '0')}`,
            pool: spec.pool,
            consolidatable: spec.consolidatable,
            pods: spec.pods.map((kind) => {
              if (kind === 'daemonset') return daemonSetPod();
              if (kind === 'succeeded') return pod({ phase: 'Succeeded' });
              if (kind === 'terminating') return pod({ metadata: { deletionTimestamp: '2026-01-01T11:59:00Z' } });
              return pod();
            }),
          }),
        );
        const pools = (['a', 'b', 'c'] as const).map((name) => pool(name, [{ nodes: budgets[name] }]));
        const result = run({ nodes, nodePools: pools });
        assert.ok(result.commands.length <= 1);
        const candidates = result.commands.flatMap((command) => command.candidates);
        for (const name of ['a', 'b', 'c'] as const) {
          const poolNodes = nodes.filter((n) => n.node!.metadata.labels!['karpenter.sh/nodepool'] === name).length;
          const value = budgets[name];
          const allowed = value.endsWith('%') ? Math.ceil((Number(value.slice(0, -1)) * poolNodes) / 100) : Number(value);
          const took = candidates.filter((c) => c.nodePool.metadata.name === name).length;
          assert.ok(took <= allowed, `pool ${name}: took ${took}, budget ${value} of ${poolNodes} allows ${allowed}`);
        }
        for (const candidate of candidates) {
          assert.equal(candidate.stateNode.pods.filter(isReschedulable).length, 0, `${candidate.name} has a reschedulable pod`);
          assert.equal(
            candidate.nodeClaim.status?.conditions?.find((c) => c.type === 'Consolidatable')?.status,
            'True',
            `${candidate.name} is not consolidatable`,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('emptiness verdicts are sentences', () => {
  it('GIVEN a cluster with every kind of "no" THEN every verdict names its node and reads without placeholders', () => {
    const unmanaged: StateNode = { node: initializedNode({ name: 'byo' }).node, pods: [], markedForDeletion: false };
    const result = run({
      nodes: [
        unmanaged,
        initializedNode({ name: 'booting', initialized: false }),
        initializedNode({ name: 'leaving', markedForDeletion: true }),
        initializedNode({ name: 'nominated', nominatedUntil: Date.parse('2026-01-01T12:00:20Z') }),
        initializedNode({ name: 'pinned', doNotDisrupt: true }),
        initializedNode({ name: 'waiting', consolidatable: false }),
        initializedNode({ name: 'never', pool: 'never' }),
        ...emptyNodes(3, 'tight'),
      ],
      nodePools: [pool('never', undefined, { consolidateAfter: 'Never' }), pool('tight', [{ nodes: '1' }])],
    });
    assert.equal(result.verdicts.length, 9);
    for (const verdict of result.verdicts) {
      assert.ok(verdict.node !== '', JSON.stringify(verdict));
      assert.doesNotMatch(verdict.message, /undefined|NaN|\[object|null/, verdict.message);
      assert.match(verdict.message, /^[A-Za-z]/, verdict.message);
    }
  });
});
