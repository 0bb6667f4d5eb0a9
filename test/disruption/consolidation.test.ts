import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Labels } from '../../src/apis/well-known-labels.js';
import { ConsolidationContext, computeConsolidation } from '../../src/disruption/consolidation.js';
import { instanceType, resetNames } from '../../src/testing/index.js';
import { catalog, machine, pendingPod, pool, snapshotOf } from './consolidation-fixtures.js';

const [small, medium, large, xlarge] = catalog();

function requirementValues(claim: { requirements: readonly { key: string; operator: string; values?: string[] }[] }, key: string) {
  return claim.requirements.find((r) => r.key === key && r.operator === 'In')?.values;
}

describe('computeConsolidation', () => {
  it('GIVEN a node whose pods fit on another node WHEN consolidating it THEN it is deleted', () => {
    resetNames();
    const a = machine({ name: 'a', type: medium, pods: ['1'] });
    const b = machine({ name: 'b', type: medium, pods: ['1'] });
    const snapshot = snapshotOf({ machines: [a, b] });
    const outcome = computeConsolidation(new ConsolidationContext(snapshot), [a.candidate]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.equal(outcome.command.decision, 'delete');
    assert.deepEqual(outcome.command.replacements, []);
    assert.deepEqual(
      outcome.command.evictedPods,
      a.pods.map((p) => `default/${p.metadata.name}`),
    );
    assert.equal(outcome.command.priceBefore, 0.2);
    assert.equal(outcome.command.priceAfter, 0);
    assert.equal(outcome.command.summary, 'delete medium (default), its 1 pod fit elsewhere, saves $0.20/h');
  });

  it('GIVEN a big node with a small pod and no room elsewhere WHEN consolidating THEN it is replaced by one cheaper node', () => {
    resetNames();
    const a = machine({ name: 'a', type: xlarge, pods: ['1'] });
    const snapshot = snapshotOf({ machines: [a] });
    const outcome = computeConsolidation(new ConsolidationContext(snapshot), [a.candidate]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.equal(outcome.command.decision, 'replace');
    assert.equal(outcome.command.replacements.length, 1);
    const [replacement] = outcome.command.replacements;
    assert.deepEqual(
      replacement.instanceTypeOptions.map((o) => o.name),
      ['small', 'medium', 'large'],
      'every option is cheaper than the xlarge being replaced',
    );
    assert.deepEqual(requirementValues(replacement, Labels.instanceType), ['large', 'medium', 'small'], 'pinned to the options');
    assert.equal(outcome.command.priceAfter, replacement.instanceTypeOptions[0].price);
    assert.match(outcome.command.summary, /^replace xlarge \(default\) with small or 2 other instance types, saves \$0\.40\/h$/);
  });

  it('GIVEN the node is already the cheapest type its pods fit WHEN consolidating THEN it is not replaced (savings)', () => {
    resetNames();
    const a = machine({ name: 'a', type: small, pods: ['1500m'] });
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a] })), [a.candidate]);
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'savings');
    assert.match(outcome.message, /^no cheaper replacement than \$0\.10\/h: the cheapest, small, costs \$0\.\d+\/h$/);
  });

  it('GIVEN the only other type fitting is an identical twin at the same price WHEN consolidating THEN no identical replacement is proposed', () => {
    resetNames();
    const twin = instanceType({ name: 'small-twin', cpu: '2', memory: '8Gi', price: 0.1, capacityTypes: ['on-demand'] });
    const types = [small, twin, medium];
    const a = machine({ name: 'a', type: small, pods: ['1500m'] });
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a], types })), [a.candidate]);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'savings');
  });

  it('GIVEN a replacement that saves $0.001/h WHEN consolidating THEN minimum savings refuse it', () => {
    resetNames();
    const current = instanceType({ name: 'current', cpu: '4', memory: '16Gi', price: 0.1, capacityTypes: ['on-demand'] });
    const almost = instanceType({ name: 'almost', cpu: '4', memory: '16Gi', price: 0.099, capacityTypes: ['on-demand'] });
    const a = machine({ name: 'a', type: current, pods: ['3'] });
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a], types: [current, almost] })), [a.candidate]);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'savings');
    assert.equal(outcome.message, 'replacement would save only $0.0010/h (needs $0.0050/h)');
  });

  it('GIVEN minimum savings of $0.05/h and 10 % WHEN the cheaper option saves only $0.04/h THEN it is refused, and a real saving is accepted', () => {
    resetNames();
    const current = instanceType({ name: 'current', cpu: '4', memory: '16Gi', price: 0.4, capacityTypes: ['on-demand'] });
    const near = instanceType({ name: 'near', cpu: '4', memory: '16Gi', price: 0.36, capacityTypes: ['on-demand'] });
    const far = instanceType({ name: 'far', cpu: '4', memory: '16Gi', price: 0.2, capacityTypes: ['on-demand'] });
    const a = machine({ name: 'a', type: current, pods: ['3'] });
    const settings = { minimumSavings: { perHour: 0.05, percent: 10 } };
    const refused = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a], types: [current, near], settings })), [
      a.candidate,
    ]);
    assert.ok(!refused.ok);
    assert.equal(refused.message, 'replacement would save only $0.04/h (needs $0.05/h)');
    const accepted = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a], types: [current, near, far], settings })), [
      a.candidate,
    ]);
    assert.ok(accepted.ok, accepted.ok ? '' : accepted.message);
    assert.deepEqual(
      accepted.command.replacements[0].instanceTypeOptions.map((o) => o.name),
      ['far'],
      'an option saving less than the minimum is not a launch option either',
    );
    assert.ok(accepted.command.priceBefore - accepted.command.priceAfter >= 0.05);
  });

  it('GIVEN an on-demand node in a pool allowing spot and on-demand WHEN it is replaced THEN the replacement is forced to spot', () => {
    resetNames();
    const types = catalog(['on-demand', 'spot']);
    const a = machine({ name: 'a', type: types[3], pods: ['1'] });
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a], types })), [a.candidate]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    const [replacement] = outcome.command.replacements;
    assert.deepEqual(requirementValues(replacement, Labels.capacityType), ['spot']);
    assert.ok(replacement.instanceTypeOptions.every((o) => o.capacityType === 'spot'));
    assert.equal(replacement.price, 0.07, 'priced at the spot offering (70 % of $0.10)');
  });

  it('GIVEN an on-demand-only pool WHEN a node is replaced THEN the replacement stays on-demand', () => {
    resetNames();
    const onDemand = pool('od', {
      spec: { template: { spec: { requirements: [{ key: Labels.capacityType, operator: 'In', values: ['on-demand'] }] } } },
    });
    const types = catalog(['on-demand', 'spot']);
    const a = machine({ name: 'a', pool: onDemand, type: types[3], pods: ['1'] });
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a], types })), [a.candidate]);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.deepEqual(requirementValues(outcome.command.replacements[0], Labels.capacityType), ['on-demand']);
    assert.equal(outcome.command.priceAfter, 0.1);
  });

  it('GIVEN pods with hostname anti-affinity that need two nodes WHEN consolidating THEN no (its pods would need 2 new nodes)', () => {
    resetNames();
    const antiAffinity = [{ labelSelector: { matchLabels: { app: 'spread' } }, topologyKey: Labels.hostname }];
    const a = machine({
      name: 'a',
      type: xlarge,
      pods: ['1', '1'],
      podOptions: { labels: { app: 'spread' }, podAntiAffinity: antiAffinity },
    });
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a] })), [a.candidate]);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'no-fit');
    assert.equal(outcome.message, 'its pods would need 2 new nodes');
  });

  it('GIVEN a pod no pool can place WHEN consolidating THEN no-fit names the pod and the reason', () => {
    resetNames();
    const a = machine({ name: 'a', type: xlarge, pods: ['12'] });
    const types = new Map([['default', [small, medium, large]]]);
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a], types })), [a.candidate]);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'no-fit');
    assert.match(outcome.message, /^its pods would not fit elsewhere: pod default\/pod-\d+: .+/);
  });

  it('GIVEN the only room is on an uninitialized node WHEN consolidating THEN the pods count as not fitting', () => {
    resetNames();
    const a = machine({ name: 'a', type: small, pods: ['1'] });
    const young = machine({ name: 'young', type: medium, initialized: false });
    const outcome = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a, young] })), [a.candidate]);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'no-fit');
    assert.match(outcome.message, /would schedule against uninitialized node young/);
  });

  it('GIVEN a pending pod that takes the room WHEN consolidating THEN the candidate pods do not count on that room', () => {
    resetNames();
    const a = machine({ name: 'a', type: small, pods: ['1500m'] });
    const b = machine({ name: 'b', type: small, pods: ['500m'] });
    const free = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a, b] })), [a.candidate]);
    assert.ok(free.ok && free.command.decision === 'delete', 'without the pending pod, a fits onto b');
    const busy = computeConsolidation(new ConsolidationContext(snapshotOf({ machines: [a, b], pending: [pendingPod('1500m')] })), [
      a.candidate,
    ]);
    assert.ok(!busy.ok || busy.command.decision !== 'delete', 'with it, a is not simply deleted');
  });

  it('GIVEN pods of a deleting node WHEN consolidating THEN they are rescheduled too and take room', () => {
    resetNames();
    const a = machine({ name: 'a', type: small, pods: ['1'] });
    const b = machine({ name: 'b', type: small, pods: ['500m'] });
    const leaving = machine({ name: 'leaving', type: small, pods: ['1'], markedForDeletion: true });
    const context = new ConsolidationContext(snapshotOf({ machines: [a, b, leaving] }));
    const outcome = computeConsolidation(context, [a.candidate]);
    assert.ok(!outcome.ok);
    assert.equal(outcome.kind, 'savings', 'b has room for one of the two pods; the other would need a new small, which is not cheaper');
    const simulation = context.simulator.simulate([a.candidate]);
    assert.ok(simulation.placements.some((p) => p.pod === `default/${leaving.pods[0].metadata.name}`));
  });
});
