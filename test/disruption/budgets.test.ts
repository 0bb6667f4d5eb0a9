import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedDisruptions, budgetNodes, evaluateBudget } from '../../src/disruption/budgets.js';

// Wednesday 2026-01-07 10:30 UTC
const WEDNESDAY_1030 = new Date('2026-01-07T10:30:00Z');
const SATURDAY_1030 = new Date('2026-01-10T10:30:00Z');

describe('allowedDisruptions', () => {
  it('defaults to 10% of the nodes, rounded up', () => {
    assert.deepEqual(allowedDisruptions({ budgets: undefined, nodes: 12, disrupting: 0, now: WEDNESDAY_1030 }), {
      nodes: 2,
      detail: '10% of 12 nodes = 2',
      binding: 0,
      unlimited: false,
    });
  });

  it('rounds percentages up (5% of 10 nodes = 1, 10% of 1 node = 1, 0% = 0)', () => {
    assert.equal(budgetNodes({ nodes: '5%' }, 10)?.allowed, 1);
    assert.equal(budgetNodes({ nodes: '10%' }, 1)?.allowed, 1);
    assert.equal(budgetNodes({ nodes: '0%' }, 50)?.allowed, 0);
    assert.equal(budgetNodes({ nodes: '100%' }, 7)?.allowed, 7);
    assert.equal(budgetNodes({ nodes: '33%' }, 3)?.allowed, 1);
    assert.equal(budgetNodes({ nodes: '34%' }, 3)?.allowed, 2);
    assert.equal(budgetNodes({ nodes: '10%' }, 0)?.allowed, 0);
  });

  it('takes counts as they are', () => {
    const result = allowedDisruptions({ budgets: [{ nodes: '3' }], nodes: 100, disrupting: 0, now: WEDNESDAY_1030 });
    assert.equal(result.nodes, 3);
    assert.equal(result.detail, '3');
  });

  it('subtracts the nodes already disrupting and never goes below 0', () => {
    assert.deepEqual(allowedDisruptions({ budgets: [{ nodes: '10%' }], nodes: 12, disrupting: 1, now: WEDNESDAY_1030 }).nodes, 1);
    assert.equal(
      allowedDisruptions({ budgets: [{ nodes: '10%' }], nodes: 12, disrupting: 1, now: WEDNESDAY_1030 }).detail,
      '10% of 12 nodes = 2, 1 disrupting',
    );
    assert.equal(allowedDisruptions({ budgets: [{ nodes: '1' }], nodes: 12, disrupting: 5, now: WEDNESDAY_1030 }).nodes, 0);
  });

  it('the most restrictive active budget wins', () => {
    const result = allowedDisruptions({
      budgets: [{ nodes: '50%' }, { nodes: '2' }, { nodes: '25%' }],
      nodes: 20,
      disrupting: 0,
      now: WEDNESDAY_1030,
    });
    assert.equal(result.nodes, 2);
    assert.equal(result.binding, 1);
  });

  it('a scheduled budget limits only inside its window, saying until when', () => {
    const budgets = [{ nodes: '10%' }, { nodes: '0', schedule: '0 9 * * 1-5', duration: '8h' }];
    const inside = allowedDisruptions({ budgets, nodes: 12, disrupting: 0, now: WEDNESDAY_1030 });
    assert.deepEqual(inside, { nodes: 0, detail: '0 until 17:00 (schedule "0 9 * * 1-5")', binding: 1, unlimited: false });
    const weekend = allowedDisruptions({ budgets, nodes: 12, disrupting: 0, now: SATURDAY_1030 });
    assert.equal(weekend.nodes, 2);
    assert.equal(weekend.binding, 0);
  });

  it('a window is active from the hit (inclusive) to hit + duration (exclusive)', () => {
    const budget = { nodes: '0', schedule: '0 9 * * *', duration: '1h30m' };
    assert.equal(evaluateBudget(budget, 10, new Date('2026-01-07T08:59:59Z')).active, false);
    assert.equal(evaluateBudget(budget, 10, new Date('2026-01-07T09:00:00Z')).active, true);
    assert.equal(evaluateBudget(budget, 10, new Date('2026-01-07T10:29:59Z')).active, true);
    assert.equal(evaluateBudget(budget, 10, new Date('2026-01-07T10:30:00Z')).active, false);
  });

  it('a window that ends on another day names the date', () => {
    const result = allowedDisruptions({
      budgets: [{ nodes: '1', schedule: '0 22 * * *', duration: '10h' }],
      nodes: 10,
      disrupting: 0,
      now: new Date('2026-01-07T23:00:00Z'),
    });
    assert.equal(result.detail, '1 until 2026-01-08 08:00 (schedule "0 22 * * *")');
  });

  it('reads cron nicknames as upstream does', () => {
    assert.equal(evaluateBudget({ nodes: '0', schedule: '@daily', duration: '1h' }, 5, new Date('2026-01-07T00:30:00Z')).active, true);
    assert.equal(evaluateBudget({ nodes: '0', schedule: '@midnight', duration: '1h' }, 5, new Date('2026-01-07T01:30:00Z')).active, false);
  });

  it('filters budgets by reason; without a reason every budget applies', () => {
    const budgets = [{ nodes: '0', reasons: ['Drifted' as const] }, { nodes: '5' }];
    assert.equal(allowedDisruptions({ budgets, nodes: 20, disrupting: 0, now: WEDNESDAY_1030, reason: 'Drifted' }).nodes, 0);
    assert.equal(allowedDisruptions({ budgets, nodes: 20, disrupting: 0, now: WEDNESDAY_1030, reason: 'Underutilized' }).nodes, 5);
    assert.equal(allowedDisruptions({ budgets, nodes: 20, disrupting: 0, now: WEDNESDAY_1030 }).nodes, 0);
  });

  it('no active budget leaves every node not already disrupting', () => {
    const result = allowedDisruptions({
      budgets: [{ nodes: '0', schedule: '0 9 * * 1-5', duration: '1h' }],
      nodes: 4,
      disrupting: 1,
      now: SATURDAY_1030,
    });
    assert.deepEqual(result, { nodes: 3, detail: 'no active budget: 4 nodes, 1 disrupting', unlimited: true });
    assert.equal(allowedDisruptions({ budgets: [], nodes: 4, disrupting: 0, now: SATURDAY_1030 }).unlimited, true);
  });

  it('fails closed on a budget it cannot read, naming the field', () => {
    const badCron = allowedDisruptions({
      budgets: [{ nodes: '5', schedule: 'not a cron', duration: '1h' }],
      nodes: 10,
      disrupting: 0,
      now: WEDNESDAY_1030,
    });
    assert.equal(badCron.nodes, 0);
    assert.match(badCron.detail, /invalid schedule "not a cron"/);
    const badNodes = allowedDisruptions({ budgets: [{ nodes: 'lots' }], nodes: 10, disrupting: 0, now: WEDNESDAY_1030 });
    assert.equal(badNodes.nodes, 0);
    assert.match(badNodes.detail, /invalid nodes "lots"/);
    const badDuration = allowedDisruptions({
      budgets: [{ nodes: '5', schedule: '@daily', duration: 'soon' }],
      nodes: 10,
      disrupting: 0,
      now: WEDNESDAY_1030,
    });
    assert.match(badDuration.detail, /invalid duration "soon"/);
    const half = allowedDisruptions({ budgets: [{ nodes: '5', schedule: '@daily' }], nodes: 10, disrupting: 0, now: WEDNESDAY_1030 });
    assert.equal(half.nodes, 0);
    assert.match(half.detail, /schedule and duration go together/);
  });
});
