import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BALANCED_K,
  balancedScores,
  balancedVerdict,
  nodeDisruption,
  poolTotals,
  scoreOf,
} from '../../src/disruption/balanced-consolidation.js';
import { ConsolidationContext, computeConsolidation } from '../../src/disruption/consolidation.js';
import { planDisruptionRound, validateCommand } from '../../src/disruption/disruption-round.js';
import { multiNodeConsolidation } from '../../src/disruption/multi-node-consolidation.js';
import { pod, resetNames } from '../../src/testing/index.js';
import { CountingAllowance, type Machine, balancedPool, catalog, machine, pool, snapshotOf } from './consolidation-fixtures.js';

const [, medium, large, xlarge] = catalog();

/** 2^25: a pod priority of this adds 1 to the pod's eviction cost (§4.3). */
const PRIORITY_UNIT = 2 ** 25;

/**
 * A pool of two nodes: `a`, a large ($0.30/h) with one 1-cpu pod (a small at $0.10/h takes it: saves $0.20/h), and
 * `b`, an xlarge ($0.50/h) full with one 16-cpu pod. Each pod costs 1, so each node's disruption is 2: the pool
 * costs $0.80/h for a disruption of 4, and replacing `a` scores (0.20/0.80) ÷ (2/4) = 0.5 exactly. `aPriority`
 * raises the eviction cost of a's pod by priority/2^25.
 */
function twoNodePool(policy: 'Balanced' | 'WhenEmptyOrUnderutilized', aPriority = 0): { a: Machine; b: Machine } {
  const p = policy === 'Balanced' ? balancedPool('bal') : pool('bal');
  const a = machine({ name: 'a', pool: p, type: large, pods: ['1'], podOptions: { spec: { priority: aPriority } } });
  const b = machine({ name: 'b', pool: p, type: xlarge, pods: ['16'] });
  return { a, b };
}

describe('balanced consolidation score', () => {
  it('GIVEN a node with pods of eviction cost 1, 2.5 and -3 and a DaemonSet pod WHEN its disruption is weighed THEN it is 1 + 1 + 2.5 (negatives count 0, DaemonSets not at all)', () => {
    resetNames();
    const pods = [
      pod({}),
      pod({ spec: { priority: 1.5 * PRIORITY_UNIT } }),
      pod({ spec: { priority: -4 * PRIORITY_UNIT } }),
      pod({ metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'u' }] } }),
    ];
    assert.equal(nodeDisruption(pods), 4.5);
    assert.equal(nodeDisruption([]), 1);
  });

  it('GIVEN the four numbers WHEN scored THEN the score is (savings/cost) ÷ (disruption/pool disruption), +∞ without disruption, 0 without savings', () => {
    assert.equal(scoreOf({ savings: 0.1, poolCost: 0.4, disruption: 2, poolDisruption: 4 }), 0.5);
    assert.equal(scoreOf({ savings: 0.1, poolCost: 0.4, disruption: 0, poolDisruption: 4 }), Number.POSITIVE_INFINITY);
    assert.equal(scoreOf({ savings: 0, poolCost: 0.4, disruption: 2, poolDisruption: 4 }), 0);
    assert.equal(BALANCED_K, 2);
  });

  it('GIVEN a Balanced pool of two nodes WHEN its totals are summed THEN every node counts, candidate or not, and a node being deleted does not', () => {
    resetNames();
    const { a, b } = twoNodePool('Balanced');
    const leaving = machine({ name: 'c', pool: a.candidate.nodePool, type: xlarge, pods: ['1'], markedForDeletion: true });
    const totals = poolTotals(snapshotOf({ machines: [a, b, leaving] })).get('bal');
    assert.ok(totals !== undefined);
    assert.equal(totals.nodes, 2);
    assert.ok(Math.abs(totals.cost - 0.8) < 1e-12);
    assert.equal(totals.disruption, 4);
  });

  it('GIVEN a replace that saves 0.20 of the pool’s 0.80 for 2 of its 4 disruption WHEN consolidating THEN it scores 0.5 exactly and passes', () => {
    resetNames();
    const { a, b } = twoNodePool('Balanced');
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a, b] })), [a.candidate]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.equal(outcome.command.decision, 'replace');
    assert.equal(outcome.command.replacements[0].instanceTypeOptions[0].name, 'small');
    const [score] = outcome.command.balanced ?? [];
    assert.ok(score !== undefined, 'the approved command carries its score');
    assert.ok(Math.abs(score.score - 0.5) < 1e-9, `score ${score.score}`);
    assert.equal(score.approved, true);
    assert.equal(
      score.message,
      "score 0.50 ≥ 0.50 (k=2) in pool bal: saves $0.20/h of the pool's $0.80/h for 2 of its 4 nodes' disruption",
    );
  });

  it('GIVEN the same replace with a pod of eviction cost 1.083 WHEN consolidating THEN it scores 0.49 and is refused with a balanced verdict', () => {
    resetNames();
    // d = 2 + 1/12, D = 4 + 1/12: score = 0.25 × (49/12) / (25/12) = 0.49.
    const { a, b } = twoNodePool('Balanced', Math.round(PRIORITY_UNIT / 12));
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a, b] })), [a.candidate]);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'balanced');
    assert.equal(
      outcome.message,
      "not worth its disruption under Balanced: score 0.49 < 0.50 (k=2) in pool bal: saves $0.20/h of the pool's $0.80/h for 2.08 of its 4.08 nodes' disruption",
    );
  });

  it('GIVEN the 0.49 move in a WhenEmptyOrUnderutilized pool WHEN consolidating THEN it is not scored and the replace goes ahead', () => {
    resetNames();
    const { a, b } = twoNodePool('WhenEmptyOrUnderutilized', Math.round(PRIORITY_UNIT / 12));
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a, b] })), [a.candidate]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.equal(outcome.command.decision, 'replace');
    assert.equal(outcome.command.summary, 'replace large (bal) with small or 1 other instance type, saves $0.20/h');
    assert.equal('balanced' in outcome.command, false, 'no score on a command of a pool that is not Balanced');
  });

  it('GIVEN an empty node of a Balanced pool WHEN its delete is scored THEN it scores +∞ and passes', () => {
    resetNames();
    const { a, b } = twoNodePool('Balanced');
    const empty = machine({ name: 'e', pool: a.candidate.nodePool, type: large });
    const totals = poolTotals(snapshotOf({ machines: [a, b, empty] }));
    const verdict = balancedVerdict({ candidates: [empty.candidate], priceAfter: 0 }, totals);
    assert.ok(verdict.ok);
    assert.equal(verdict.scores[0].score, Number.POSITIVE_INFINITY);
    assert.match(verdict.scores[0].message, /^score ∞ ≥ 0\.50 \(k=2\) in pool bal: its nodes are empty/);
  });

  it('GIVEN an empty node of a Balanced pool WHEN a round runs THEN emptiness deletes it', () => {
    resetNames();
    const { a, b } = twoNodePool('Balanced', Math.round(PRIORITY_UNIT / 12));
    const empty = machine({ name: 'e', pool: a.candidate.nodePool, type: large });
    const result = planDisruptionRound(snapshotOf({ machines: [a, b, empty] }));
    assert.equal(result.method, 'emptiness');
    assert.deepEqual(
      result.commands.flatMap((c) => c.candidates.map((x) => x.name)),
      ['e'],
    );
  });

  it('GIVEN a refused move scoring 0.4996 WHEN its reason is written THEN it shows four decimals, not `0.50 < 0.50`', () => {
    resetNames();
    const { a, b } = twoNodePool('Balanced');
    const totals = poolTotals(snapshotOf({ machines: [a, b] }));
    // savings 0.30 - x over 0.80, ÷ 0.5: 0.4996 at x = 0.10016.
    const verdict = balancedVerdict({ candidates: [a.candidate], priceAfter: 0.10016 }, totals);
    assert.ok(!verdict.ok);
    assert.match(verdict.message, /^score 0\.4996 < 0\.50 \(k=2\)/);
  });

  it('GIVEN a replace at the same price WHEN scored THEN it scores 0 and fails', () => {
    resetNames();
    const { a, b } = twoNodePool('Balanced');
    const totals = poolTotals(snapshotOf({ machines: [a, b] }));
    const verdict = balancedVerdict({ candidates: [a.candidate], priceAfter: a.candidate.price }, totals);
    assert.ok(!verdict.ok);
    assert.equal(verdict.scores[0].score, 0);
    assert.match(verdict.message, /^score 0\.00 < 0\.50 \(k=2\) in pool bal: saves \$0\.00\/h/);
  });

  it('GIVEN the 0.49 move in a Balanced pool WHEN a round runs THEN there is no command and the node’s verdict is the balanced one', () => {
    resetNames();
    const { a, b } = twoNodePool('Balanced', Math.round(PRIORITY_UNIT / 12));
    const result = planDisruptionRound(snapshotOf({ machines: [a, b] }));
    assert.deepEqual(result.commands, []);
    const verdict = result.verdicts.find((v) => v.node === 'a');
    assert.equal(verdict?.kind, 'balanced');
    assert.equal(verdict?.method, 'single-node-consolidation');
    assert.match(verdict?.message ?? '', /score 0\.49 < 0\.50/);
    assert.equal(verdict?.balanced?.nodePool, verdict?.nodePool);
    assert.ok(Math.abs((verdict?.balanced?.score ?? 0) - 0.49) < 0.005, `score ${verdict?.balanced?.score}`);
  });
});

describe('balanced consolidation across pools', () => {
  /**
   * `a` (pool A: its only node, $0.20/h, disruption 2) and `b` (pool B with a full xlarge: $0.70/h, disruption 4)
   * each a medium with a 500m pod; both pods go onto one small ($0.10/h): the move saves $0.30/h, $0.15/h each.
   * In A: (0.15/0.20) ÷ (2/2) = 0.75, passes; in B: (0.15/0.70) ÷ (2/4) = 0.43, fails.
   */
  function crossPool(policyB: 'Balanced' | 'WhenEmptyOrUnderutilized') {
    const poolA = balancedPool('pool-a');
    const poolB = policyB === 'Balanced' ? balancedPool('pool-b') : pool('pool-b');
    const a = machine({ name: 'a', pool: poolA, type: medium, pods: ['500m'] });
    const b = machine({ name: 'b', pool: poolB, type: medium, pods: ['500m'] });
    const full = machine({ name: 'c', pool: poolB, type: xlarge, pods: ['16'] });
    const snapshot = snapshotOf({ machines: [a, b, full] });
    return computeConsolidation(new ConsolidationContext(snapshot), [a.candidate, b.candidate], 'multi-node-consolidation');
  }

  it('GIVEN a two-pool move that passes in one Balanced pool and fails in the other WHEN consolidating THEN it is refused by the failing pool', () => {
    resetNames();
    const outcome = crossPool('Balanced');
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'balanced');
    assert.match(outcome.message, /score 0\.43 < 0\.50 \(k=2\) in pool pool-b: saves \$0\.15\/h of the pool's \$0\.70\/h for 2 of its 4/);
    assert.equal(outcome.balanced?.nodePool, 'pool-b', 'the rejecting pool’s score, for the moves metric');
    assert.equal(outcome.balanced?.approved, false);
  });

  it('GIVEN the same move when the failing pool is WhenEmptyOrUnderutilized WHEN consolidating THEN only the Balanced pool is scored and it passes', () => {
    resetNames();
    const outcome = crossPool('WhenEmptyOrUnderutilized');
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.deepEqual(
      outcome.command.balanced?.map((s) => [s.nodePool, Number(s.score.toFixed(4)), s.approved]),
      [['pool-a', 0.75, true]],
    );
  });

  it('GIVEN candidates of two Balanced pools WHEN scored THEN each pool’s savings are its prices less its price share of the replacement', () => {
    resetNames();
    const poolA = balancedPool('pool-a');
    const poolB = balancedPool('pool-b');
    const a = machine({ name: 'a', pool: poolA, type: large, pods: ['1'] });
    const b = machine({ name: 'b', pool: poolB, type: medium, pods: ['1'] });
    const totals = poolTotals(snapshotOf({ machines: [a, b] }));
    const scores = balancedScores({ candidates: [a.candidate, b.candidate], priceAfter: 0.25 }, totals);
    // shares 0.6 and 0.4 of $0.25: A saves 0.30 - 0.15, B saves 0.20 - 0.10.
    assert.deepEqual(
      scores.map((s) => [s.nodePool, Number(s.savings.toFixed(6))]),
      [
        ['pool-a', 0.15],
        ['pool-b', 0.1],
      ],
    );
  });
});

describe('balanced multi-node consolidation', () => {
  /**
   * A Balanced pool of c1, c2 (mediums with a 500m pod, disruption 2 each), c3 (a medium whose pod costs 10:
   * disruption 11) and two full xlarges (disruption 2 each): $1.60/h, disruption 19. Prefix {c1, c2}: their pods
   * fit on c3, a delete saving $0.40/h: (0.40/1.60) ÷ (4/19) = 1.19. Prefix {c1, c2, c3}: one small takes the
   * three pods, saving $0.50/h: (0.50/1.60) ÷ (15/19) = 0.40.
   */
  function fleet(policy: 'Balanced' | 'WhenEmptyOrUnderutilized') {
    const p = policy === 'Balanced' ? balancedPool('bal') : pool('bal');
    const c1 = machine({ name: 'c1', pool: p, type: medium, pods: ['500m'], disruptionCost: 1 });
    const c2 = machine({ name: 'c2', pool: p, type: medium, pods: ['500m'], disruptionCost: 1 });
    const c3 = machine({
      name: 'c3',
      pool: p,
      type: medium,
      pods: ['500m'],
      podOptions: { spec: { priority: 10 * PRIORITY_UNIT } },
      disruptionCost: 10,
    });
    const d = machine({ name: 'd', pool: p, type: xlarge, pods: ['16'] });
    const e = machine({ name: 'e', pool: p, type: xlarge, pods: ['16'] });
    const snapshot = snapshotOf({ machines: [c1, c2, c3, d, e] });
    return multiNodeConsolidation(snapshot, [c1.candidate, c2.candidate, c3.candidate], new CountingAllowance());
  }

  it('GIVEN three nodes whose full set scores 0.40 WHEN multi-node consolidation searches THEN it stops at the largest prefix that passes', () => {
    resetNames();
    const result = fleet('Balanced');
    assert.equal(result.commands.length, 1);
    const [command] = result.commands;
    assert.deepEqual(
      command.candidates.map((c) => c.name),
      ['c1', 'c2'],
    );
    assert.equal(command.decision, 'delete');
    assert.ok((command.balanced?.[0].score ?? 0) >= 0.5);
    const c3 = result.verdicts.find((v) => v.node === 'c3');
    assert.equal(c3?.kind, 'no-fit');
    assert.match(c3?.message ?? '', /not in the largest set of nodes that can go together \(2 of 3\)/);
  });

  it('GIVEN the same nodes in a WhenEmptyOrUnderutilized pool WHEN multi-node consolidation searches THEN all three go', () => {
    resetNames();
    const [command] = fleet('WhenEmptyOrUnderutilized').commands;
    assert.deepEqual(
      command.candidates.map((c) => c.name),
      ['c1', 'c2', 'c3'],
    );
    assert.equal(command.decision, 'replace');
  });
});

describe('balanced validation', () => {
  it('GIVEN an approved Balanced replace at 0.5 WHEN the pool grew by a full xlarge before validation THEN the fresh score 0.46 drops it', () => {
    resetNames();
    const { a, b } = twoNodePool('Balanced');
    const snapshot = snapshotOf({ machines: [a, b] });
    const [command] = planDisruptionRound(snapshot).commands;
    assert.ok(command !== undefined, 'the 0.5 replace is planned');
    assert.deepEqual(
      command.candidates.map((c) => c.name),
      ['a'],
    );
    assert.ok(validateCommand(command, snapshot).ok, 'it holds while nothing changed');
    const grown = machine({ name: 'c', pool: a.candidate.nodePool, type: xlarge, pods: ['16'] });
    const fresh = snapshotOf({ machines: [a, b, grown] });
    const validation = validateCommand(command, fresh);
    assert.ok(!validation.ok);
    assert.match(validation.reason, /^the fresh simulation says no: not worth its disruption under Balanced: score 0\.46 < 0\.50/);
  });
});
