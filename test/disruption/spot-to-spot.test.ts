import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Labels } from '../../src/apis/well-known-labels.js';
import { ConsolidationContext, computeConsolidation } from '../../src/disruption/consolidation.js';
import type { InstanceType } from '../../src/scheduling/instance-type.js';
import { instanceType, resetNames } from '../../src/testing/index.js';
import { machine, snapshotOf } from './consolidation-fixtures.js';

/** `count` types that all fit the test pods, `t-0` the cheapest; spot costs $0.01 × (i + 1), on-demand ten times that. */
function spotTypes(count: number): InstanceType[] {
  return Array.from({ length: count }, (_, i) =>
    instanceType({ name: `t-${String(i).padStart(2, '0')}`, cpu: '4', memory: '16Gi', price: 0.1 * (i + 1), spotPrice: 0.01 * (i + 1) }),
  );
}

function capacityTypeOf(claim: { requirements: readonly { key: string; values?: string[] }[] }): string[] | undefined {
  return claim.requirements.find((r) => r.key === Labels.capacityType)?.values;
}

/** One spot node `a` of the dearest of `cheaper + 1` {@link spotTypes}, with one 1-cpu pod, consolidated alone. */
function consolidateSpotNodeWithCheaper(cheaper: number) {
  resetNames();
  const types = spotTypes(cheaper + 1);
  const a = machine({ name: 'a', type: types[cheaper], capacityType: 'spot', pods: ['1'] });
  return { types, outcome: computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a], types })), [a.candidate]) };
}

describe('spot-to-spot consolidation (§4.8.3)', () => {
  it('GIVEN a spot node with only 14 cheaper spot options WHEN consolidating it alone THEN it is not replaced (spot-to-spot)', () => {
    const { outcome } = consolidateSpotNodeWithCheaper(14);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'spot-to-spot');
    assert.equal(outcome.message, 'spot-to-spot consolidation needs 15 cheaper instance types, found 14');
  });

  it('GIVEN a spot node with exactly 15 cheaper spot options WHEN consolidating it alone THEN it launches with all 15', () => {
    const { types, outcome } = consolidateSpotNodeWithCheaper(15);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.deepEqual(
      outcome.command.replacements[0].instanceTypeOptions.map((o) => o.name),
      types.slice(0, 15).map((t) => t.name),
    );
  });

  it('GIVEN a spot node with 19 cheaper spot options WHEN consolidating it THEN it launches as one of the 15 cheapest, spot only', () => {
    const { types, outcome } = consolidateSpotNodeWithCheaper(19);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    const [replacement] = outcome.command.replacements;
    assert.deepEqual(
      replacement.instanceTypeOptions.map((o) => o.name),
      types.slice(0, 15).map((t) => t.name),
    );
    assert.ok(replacement.instanceTypeOptions.every((o) => o.capacityType === 'spot'));
    assert.deepEqual(capacityTypeOf(replacement), ['spot']);
    assert.equal(outcome.command.priceBefore, 0.2);
    assert.equal(outcome.command.priceAfter, 0.01);
  });

  it('GIVEN spot-to-spot is disabled WHEN a spot node would need a replacement THEN it is refused, and it is still deleted when its pods fit elsewhere', () => {
    resetNames();
    const types = spotTypes(20);
    const settings = { spotToSpotConsolidation: false };
    const alone = machine({ name: 'alone', type: types[19], capacityType: 'spot', pods: ['1'] });
    const refused = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [alone], types, settings })), [alone.candidate]);
    assert.ok(!refused.ok);
    assert.equal(refused.kind, 'spot-to-spot');
    assert.match(refused.message, /spot-to-spot consolidation is disabled/);
    const roomy = machine({ name: 'roomy', type: types[0], capacityType: 'spot' });
    const deleted = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [alone, roomy], types, settings })), [
      alone.candidate,
    ]);
    assert.ok(deleted.ok, deleted.ok ? '' : deleted.message);
    assert.equal(deleted.command.decision, 'delete');
  });

  it('GIVEN two spot nodes WHEN consolidated together THEN a spot replacement needs no 15-option flexibility', () => {
    resetNames();
    const types = spotTypes(4);
    const a = machine({ name: 'a', type: types[3], capacityType: 'spot', pods: ['1'] });
    const b = machine({ name: 'b', type: types[3], capacityType: 'spot', pods: ['1'] });
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a, b], types })), [a.candidate, b.candidate]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.equal(outcome.command.decision, 'replace');
    assert.deepEqual(capacityTypeOf(outcome.command.replacements[0]), ['spot']);
    assert.ok(outcome.command.replacements[0].instanceTypeOptions.length < 15);
  });
});
