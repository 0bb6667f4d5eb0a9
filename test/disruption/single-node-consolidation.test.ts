import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interleaveByPool, singleNodeConsolidation } from '../../src/disruption/single-node-consolidation.js';
import { instanceType, resetNames } from '../../src/testing/index.js';
import { CountingAllowance, catalog, machine, pool, snapshotOf } from './consolidation-fixtures.js';

const [small, medium, , xlarge] = catalog();

describe('single-node consolidation (§4.8.2)', () => {
  it('GIVEN candidates of two pools WHEN ordering THEN they are sorted by disruption cost and interleaved round-robin by pool', () => {
    resetNames();
    const a = pool('a');
    const b = pool('b');
    const m = (name: string, p: typeof a, cost: number) => machine({ name, pool: p, type: small, disruptionCost: cost }).candidate;
    const order = interleaveByPool([m('a3', a, 3), m('b2', b, 2), m('a1', a, 1), m('a2', a, 2), m('b9', b, 9)]);
    assert.deepEqual(
      order.map((c) => c.name),
      ['a1', 'b2', 'a2', 'b9', 'a3'],
    );
    const prioritized = interleaveByPool([m('a1', a, 1), m('b2', b, 2)], ['b']);
    assert.deepEqual(
      prioritized.map((c) => c.name),
      ['b2', 'a1'],
      'pools a previous run did not reach come first',
    );
  });

  it('GIVEN a deletable node WHEN the method runs THEN it returns one delete command and takes one Underutilized allowance', () => {
    resetNames();
    const a = machine({ name: 'a', type: medium, pods: ['1'] });
    const b = machine({ name: 'b', type: medium, pods: ['1'], disruptionCost: 5 });
    const allowance = new CountingAllowance();
    const result = singleNodeConsolidation(snapshotOf({ machines: [a, b] }), [a.candidate, b.candidate], allowance);
    assert.equal(result.commands.length, 1);
    assert.equal(result.commands[0].method, 'single-node-consolidation');
    assert.equal(result.commands[0].reason, 'Underutilized');
    assert.deepEqual(
      result.commands[0].candidates.map((c) => c.name),
      ['a'],
      'the cheaper to disrupt first',
    );
    assert.deepEqual(allowance.taken, [{ pool: 'default', reason: 'Underutilized' }]);
    assert.deepEqual(result.verdicts, [], 'b was not evaluated, so it has no verdict');
  });

  it('GIVEN a pool whose Underutilized budget is 0 WHEN the method runs THEN its nodes get a budget verdict and another pool is consolidated', () => {
    resetNames();
    const blocked = pool('blocked');
    const open = pool('open');
    const x = machine({ name: 'x', pool: blocked, type: xlarge, pods: ['1'], disruptionCost: 1 });
    const y = machine({ name: 'y', pool: open, type: xlarge, pods: ['1'], disruptionCost: 2 });
    const allowance = new CountingAllowance({ blocked: 0 });
    const result = singleNodeConsolidation(snapshotOf({ machines: [x, y] }), [x.candidate, y.candidate], allowance);
    assert.deepEqual(
      result.commands.map((c) => c.candidates[0].name),
      ['y'],
    );
    assert.equal(result.budgetConstrained, true);
    assert.deepEqual(
      result.verdicts.map((v) => [v.node, v.kind, v.method]),
      [['x', 'budget', 'single-node-consolidation']],
    );
    assert.match(result.verdicts[0].message, /blocked/);
  });

  it("GIVEN pools with policy WhenEmpty, consolidateAfter Never or static replicas, or a claim not yet Consolidatable THEN those nodes get the candidate filter's policy verdicts", () => {
    resetNames();
    const whenEmpty = pool('when-empty', { spec: { disruption: { consolidationPolicy: 'WhenEmpty' } } });
    const never = pool('never', { spec: { disruption: { consolidateAfter: 'Never' } } });
    const fixed = pool('fixed', { spec: { replicas: 2 } });
    const a = machine({ name: 'a', pool: whenEmpty, type: xlarge, pods: ['1'] });
    const b = machine({ name: 'b', pool: never, type: xlarge, pods: ['1'] });
    const c = machine({ name: 'c', type: xlarge, pods: ['1'], consolidatable: false });
    const d = machine({ name: 'd', pool: fixed, type: xlarge, pods: ['1'] });
    const result = singleNodeConsolidation(
      snapshotOf({ machines: [a, b, c, d] }),
      [a.candidate, b.candidate, c.candidate, d.candidate],
      new CountingAllowance(),
    );
    assert.deepEqual(result.commands, []);
    assert.deepEqual(
      result.verdicts.map((v) => [v.node, v.kind, v.message]),
      [
        ['a', 'policy', 'pool when-empty consolidates only when empty (WhenEmpty)'],
        ['b', 'policy', 'consolidateAfter is Never in pool never'],
        ['c', 'policy', 'not consolidatable yet (consolidateAfter 0s in pool default)'],
        ['d', 'policy', 'pool fixed is static (spec.replicas); its nodes are not consolidated'],
      ],
    );
  });

  it('GIVEN an empty candidate WHEN the method runs THEN it is left to emptiness: no command, no verdict', () => {
    resetNames();
    const empty = machine({ name: 'empty', type: xlarge, disruptionCost: 0 });
    const result = singleNodeConsolidation(snapshotOf({ machines: [empty] }), [empty.candidate], new CountingAllowance());
    assert.deepEqual(result.commands, []);
    assert.deepEqual(result.verdicts, []);
  });

  it('GIVEN candidates that cannot be consolidated before one that can THEN each refused one has a verdict and the next is taken', () => {
    resetNames();
    const own = pool('alpha');
    const tight = machine({
      name: 'tight',
      pool: own,
      type: small,
      pods: ['1900m'],
      podOptions: { nodeSelector: { 'karpenter.sh/nodepool': 'alpha' } },
      disruptionCost: 1,
    });
    const big = machine({ name: 'big', type: xlarge, pods: ['1'], disruptionCost: 2 });
    const result = singleNodeConsolidation(
      snapshotOf({ machines: [tight, big] }),
      [tight.candidate, big.candidate],
      new CountingAllowance(),
    );
    assert.deepEqual(
      result.verdicts.map((v) => [v.node, v.kind]),
      [['tight', 'savings']],
    );
    assert.equal(result.commands[0].candidates[0].name, 'big');
    assert.equal(result.commands[0].decision, 'replace');
  });

  it('GIVEN a clock that passes the timeout WHEN the method runs THEN it stops between candidates with no command and names the unreached pools', () => {
    resetNames();
    const a = pool('a');
    const b = pool('b');
    const tight = (name: string, p: typeof a, cost: number) =>
      machine({ name, pool: p, type: small, pods: ['1900m'], disruptionCost: cost });
    const machines = [tight('a1', a, 1), tight('b1', b, 2), tight('a2', a, 3), tight('b2', b, 4)];
    let now = 0;
    const clock = { now: () => (now += 60_000) };
    const result = singleNodeConsolidation(
      snapshotOf({ machines }),
      machines.map((m) => m.candidate),
      new CountingAllowance(),
      { clock, timeoutMs: 150_000 },
    );
    assert.equal(result.timedOut, true);
    assert.deepEqual(result.commands, []);
    assert.deepEqual(
      result.verdicts.map((v) => v.node),
      ['a1', 'b1'],
      'two candidates were evaluated before the timeout',
    );
    assert.deepEqual(result.unseenPools, []);
    const early = singleNodeConsolidation(
      snapshotOf({ machines }),
      machines.map((m) => m.candidate),
      new CountingAllowance(),
      {
        clock: {
          now: (() => {
            let t = 0;
            return () => (t += 60_000);
          })(),
        },
        timeoutMs: 90_000,
      },
    );
    assert.equal(early.timedOut, true);
    assert.deepEqual(early.unseenPools, ['b'], 'pool b was never reached');
  });

  it('GIVEN a $0.20/h node whose only cheaper fit costs $0.19/h WHEN minimum savings are $0.02/h THEN no command and the verdict says "replacement would save only $0.01/h"; at the default $0.005/h THEN it is replaced', () => {
    resetNames();
    const current = instanceType({ name: 'current', cpu: '4', memory: '16Gi', price: 0.2, capacityTypes: ['on-demand'] });
    const cheaper = instanceType({ name: 'cheaper', cpu: '4', memory: '16Gi', price: 0.19, capacityTypes: ['on-demand'] });
    const a = machine({ name: 'a', type: current, pods: ['3'] });
    const types = [current, cheaper];
    const strict = snapshotOf({ machines: [a], types, settings: { minimumSavings: { perHour: 0.02, percent: 1 } } });
    const refused = singleNodeConsolidation(strict, [a.candidate], new CountingAllowance());
    assert.deepEqual(refused.commands, []);
    assert.deepEqual(
      refused.verdicts.map((v) => [v.node, v.kind, v.message]),
      [['a', 'savings', 'replacement would save only $0.01/h (needs $0.02/h)']],
    );
    const replaced = singleNodeConsolidation(snapshotOf({ machines: [a], types }), [a.candidate], new CountingAllowance());
    assert.deepEqual(
      replaced.commands.map((c) => [c.decision, c.replacements[0].instanceTypeOptions.map((o) => o.name)]),
      [['replace', ['cheaper']]],
    );
  });
});
