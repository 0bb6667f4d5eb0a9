import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConsolidationContext, computeConsolidation, filterOutSameInstanceType } from '../../src/disruption/consolidation.js';
import { multiNodeConsolidation } from '../../src/disruption/multi-node-consolidation.js';
import type { Candidate, DisruptionSnapshot } from '../../src/disruption/types.js';
import { resetNames } from '../../src/testing/index.js';
import { CountingAllowance, catalog, machine, snapshotOf } from './consolidation-fixtures.js';

const [small, medium, large, xlarge] = catalog();

/**
 * `names` small nodes with one 500m pod each, cheapest to disrupt in name order, and a roomy xlarge node (not a
 * candidate) their pods all fit on; `candidates` are the small ones'.
 */
function lightNodesAndRoomOnAnother(names: readonly string[]): { snapshot: DisruptionSnapshot; candidates: Candidate[] } {
  resetNames();
  const nodes = names.map((name, i) => machine({ name, type: small, pods: ['500m'], disruptionCost: i + 1 }));
  const roomy = machine({ name: 'roomy', type: xlarge, pods: ['1'] });
  return { snapshot: snapshotOf({ machines: [...nodes, roomy] }), candidates: nodes.map((n) => n.candidate) };
}

describe('multi-node consolidation (§4.8.1)', () => {
  it('GIVEN two nodes whose pods fit only together on one cheaper node WHEN the method runs THEN it replaces 2 with 1', () => {
    resetNames();
    const a = machine({ name: 'a', type: medium, pods: ['3'] });
    const b = machine({ name: 'b', type: medium, pods: ['3'] });
    const allowance = new CountingAllowance();
    const result = multiNodeConsolidation(snapshotOf({ machines: [a, b] }), [a.candidate, b.candidate], allowance);
    assert.equal(result.commands.length, 1);
    const [command] = result.commands;
    assert.equal(command.method, 'multi-node-consolidation');
    assert.equal(command.decision, 'replace');
    assert.deepEqual(
      command.candidates.map((c) => c.name),
      ['a', 'b'],
    );
    assert.deepEqual(
      command.replacements[0].instanceTypeOptions.map((o) => o.name),
      ['large'],
    );
    assert.equal(command.summary, 'replace 2 nodes (default) with large, saves $0.10/h');
    assert.equal(allowance.taken.length, 2, 'one Underutilized disruption per node taken');
  });

  it('GIVEN three lightly used nodes and room on a fourth that is not a candidate THEN it deletes all three (3→0)', () => {
    const { snapshot, candidates } = lightNodesAndRoomOnAnother(['a', 'b', 'c']);
    const result = multiNodeConsolidation(snapshot, candidates, new CountingAllowance());
    assert.equal(result.commands.length, 1);
    assert.equal(result.commands[0].decision, 'delete');
    assert.deepEqual(
      result.commands[0].candidates.map((c) => c.name),
      ['a', 'b', 'c'],
    );
    assert.equal(result.commands[0].summary, 'delete 3 nodes (default), their 3 pods fit elsewhere, saves $0.30/h');
    assert.deepEqual(result.verdicts, []);
  });

  it('GIVEN a pool allowance of 2 for 3 candidates THEN the third gets a budget verdict and the command takes 2', () => {
    const { snapshot, candidates } = lightNodesAndRoomOnAnother(['a', 'b', 'c']);
    const result = multiNodeConsolidation(snapshot, candidates, new CountingAllowance({ default: 2 }));
    assert.equal(result.budgetConstrained, true);
    assert.deepEqual(
      result.commands[0].candidates.map((c) => c.name),
      ['a', 'b'],
    );
    assert.deepEqual(
      result.verdicts.map((v) => [v.node, v.kind]),
      [['c', 'budget']],
    );
  });

  it('GIVEN fewer than two candidates THEN there is nothing for multi-node to do', () => {
    resetNames();
    const a = machine({ name: 'a', type: xlarge, pods: ['1'] });
    const result = multiNodeConsolidation(snapshotOf({ machines: [a] }), [a.candidate], new CountingAllowance());
    assert.deepEqual(result.commands, []);
    assert.equal(result.probes, 0);
  });

  it('GIVEN a replacement that could be one of the removed types THEN only options cheaper than that candidate stay', () => {
    resetNames();
    const a = machine({ name: 'a', type: large, pods: ['1'] });
    const b = machine({ name: 'b', type: large, pods: ['1'] });
    const c = machine({ name: 'c', type: small, pods: ['1'] });
    const context = new ConsolidationContext(snapshotOf({ machines: [a, b, c] }));
    const outcome = computeConsolidation(context, [a.candidate, b.candidate, c.candidate]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.deepEqual(
      outcome.command.replacements[0].instanceTypeOptions.map((o) => o.name),
      ['medium', 'large', 'xlarge'],
    );
    const filtered = filterOutSameInstanceType(context, outcome.command);
    assert.deepEqual(
      filtered?.replacements[0].instanceTypeOptions.map((o) => o.name),
      ['medium'],
      'large is being removed; a large replacement would be worse than deleting the others',
    );
  });

  it('GIVEN the only cheaper option is the type of one of the candidates THEN the replace is invalid (delete the other instead)', () => {
    resetNames();
    const a = machine({ name: 'a', type: small, pods: ['1500m'] });
    const b = machine({ name: 'b', type: medium, pods: ['2'] });
    const context = new ConsolidationContext(snapshotOf({ machines: [a, b] }));
    const outcome = computeConsolidation(context, [a.candidate, b.candidate]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.equal(filterOutSameInstanceType(context, outcome.command), undefined);
    const result = multiNodeConsolidation(snapshotOf({ machines: [a, b] }), [a.candidate, b.candidate], new CountingAllowance());
    assert.deepEqual(result.commands, []);
    assert.deepEqual(
      result.verdicts.map((v) => [v.node, v.kind, v.message]),
      ['a', 'b'].map((node) => [
        node,
        'savings',
        'with the 2 cheapest nodes to disrupt: a replacement would be one of the removed instance types, not cheaper than it',
      ]),
    );
  });

  it('GIVEN a clock past the timeout after the first probe THEN it returns the best command found so far', () => {
    const { snapshot, candidates } = lightNodesAndRoomOnAnother(['a', 'b', 'c', 'd', 'e']);
    let calls = 0;
    const clock = { now: () => (calls++ < 2 ? 0 : 120_000) };
    const result = multiNodeConsolidation(snapshot, candidates, new CountingAllowance(), { clock });
    assert.equal(result.timedOut, true);
    assert.equal(result.probes, 1);
    assert.equal(result.commands.length, 1, 'the first probe (3 nodes) was valid and is returned');
    assert.equal(result.commands[0].candidates.length, 3);
  });
});
