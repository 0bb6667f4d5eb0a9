/** The view feed hands each cluster's disruption report to the view (and leaves the field out without one). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DisruptionReport } from '../../src/disruption/report.js';
import { startViewFeed } from '../../src/observe/view-feed.js';
import { ClusterState } from '../../src/state/cluster-state.js';
import { nodePool } from '../../src/testing/builders.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { disruptionReport, nodeVerdict, poolBudgetReport } from '../../src/testing/view-model-fixtures.js';

describe('view feed with a disruption controller', () => {
  it('GIVEN a cluster whose agent publishes a report WHEN the view is built THEN the report reaches the view and a new round shows at the next rebuild', async () => {
    const clock = new FakeClock(new Date('2026-01-01T10:00:00Z'));
    const state = new ClusterState();
    state.upsert('nodePools', nodePool({ metadata: { name: 'default' } }));
    let report: DisruptionReport = disruptionReport({ budgets: [poolBudgetReport({ remaining: 2, allowed: 3 })] });
    const feed = await startViewFeed({
      clusters: [
        { name: 'sandbox', cloud: 'sim', state, pendingReasons: () => new Map(), disruption: () => report },
        { name: 'quiet', cloud: 'sim', state: new ClusterState(), pendingReasons: () => new Map(), disruption: () => undefined },
      ],
      clock,
    });
    const pool = () => feed.current().clusters[0].pools.find((row) => row.name === 'default');
    assert.equal(pool()?.budgetLeft.detail, 'Underutilized: 2 of 3 left (1 disrupting, 12 nodes)');
    report = disruptionReport({ budgets: [poolBudgetReport({ remaining: 0, allowed: 3, disrupting: 3 })], verdicts: [nodeVerdict()] });
    feed.rebuildNow();
    assert.equal(pool()?.budgetLeft.nodes, 0);
    assert.deepEqual(feed.current().clusters[1].pools, []);
    feed.stop();
  });
});
