/** The disruption report in the dashboard: WHY in the NodeClaims window, budget left in Pools, node Decisions and their approval. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  clusterView,
  decisionRow,
  nodeClaimRow,
  nodeDecisionRow,
  nodeDisruptionPlan,
  poolRow,
  viewModel,
} from '../../src/testing/view-model-fixtures.js';
import { hourMinute } from '../../ui/state/format.js';
import { KEYS, type RenderedApp, detailText, renderApp, statusText, tableHeading, tableRows } from './render-app.js';

const kept = nodeClaimRow({
  name: 'web-aaaaa',
  why: 'pod airflow/scheduler-0 has do-not-disrupt',
  disruption: {
    status: 'kept',
    kind: 'pod-blocked',
    method: 'single-node-consolidation',
    message: 'pod airflow/scheduler-0 has do-not-disrupt',
  },
});
const moving = nodeClaimRow({
  name: 'web-bbbbb',
  state: 'Disrupting',
  why: 'launching replacements: replace m5.2xlarge with m5.large',
  disruption: {
    status: 'disrupting',
    phase: 'launching',
    method: 'single-node-consolidation',
    reason: 'Underutilized',
    summary: 'replace m5.2xlarge with m5.large',
    decision: 'consolidation-7f3a2',
    since: '2026-01-01T12:00:00Z',
  },
});
const plain = nodeClaimRow({ name: 'web-ccccc' });
const until = '2026-01-01T17:00:00Z';
const nodeDecision = nodeDecisionRow({
  plan: nodeDisruptionPlan({
    evictedPods: ['shop/web-1', 'shop/web-2', 'shop/cart-0', 'shop/cart-1'],
    evictedPodsTotal: 9,
  }),
});
const view = viewModel({
  clusters: [
    clusterView({
      pools: [
        poolRow({
          name: 'default',
          budgetLeft: { nodes: 2, allowed: 3, reason: 'Underutilized', detail: 'Underutilized: 2 of 3 left', until },
        }),
        poolRow({ name: 'batch', budgetLeft: { nodes: 0, allowed: 1, reason: 'Drifted', detail: 'Drifted: 0 of 1 left' } }),
      ],
      nodeClaims: [kept, moving, plain],
      decisions: [nodeDecision, decisionRow()],
    }),
  ],
});

describe('disruption in the dashboard', () => {
  let app: RenderedApp;
  afterEach(() => app.unmount());

  it('GIVEN verdicts and a disruption WHEN the NodeClaims window shows THEN WHY says why each node stays or what is disrupting it', async () => {
    app = await renderApp({ view, columns: 180 });
    await app.press('2');
    assert.ok(tableHeading(app.frame()).includes(' WHY'));
    const rows = tableRows(app.frame());
    assert.match(rows.find((r) => r.includes('web-aaaaa')) ?? '', /Initialized .*pod airflow\/scheduler-0 has do-not-disrupt/);
    assert.match(rows.find((r) => r.includes('web-bbbbb')) ?? '', /Disrupting .*launching replacements: replace m5\.2xlarge/);
    assert.match(rows.find((r) => r.includes('web-ccccc')) ?? '', /\$0\.10$/);
  });

  it('GIVEN a 120-column terminal WHEN the NodeClaims window shows THEN WHY still shows (in place of the memory bar), cut to fit', async () => {
    app = await renderApp({ view });
    await app.press('2');
    const heading = tableHeading(app.frame());
    assert.ok(heading.includes(' WHY'));
    assert.ok(!heading.includes('MEMORY'));
    assert.match(tableRows(app.frame()).find((r) => r.includes('web-aaaaa')) ?? '', /\$0\.10 pod airflo/);
  });

  it('GIVEN a node kept WHEN d opens its why THEN the verdict shows with its method and kind', async () => {
    app = await renderApp({ view });
    await app.press('2', 'd');
    const detail = detailText(app.frame());
    assert.match(detail, /details: why/);
    assert.match(detail, /Not disrupted because: pod airflow\/scheduler-0 has do-not-disrupt/);
    assert.match(detail, /Kind: pod-blocked/);
    assert.match(detail, /Method: single-node-consolidation/);
  });

  it('GIVEN a node being disrupted WHEN d opens its why THEN phase, command, method and Decision show', async () => {
    app = await renderApp({ view });
    await app.press('2', 'j', 'd');
    const detail = detailText(app.frame());
    assert.match(detail, /Phase: launching/);
    assert.match(detail, /Command: replace m5\.2xlarge with m5\.large/);
    assert.match(detail, /Method: single-node-consolidation \(Underutilized\)/);
    assert.match(detail, /Decision: consolidation-7f3a2/);
  });

  it('GIVEN budgets in the report WHEN the Pools window shows THEN BUDGET is left/allowed, with until when a schedule limits it', async () => {
    app = await renderApp({ view });
    const rows = tableRows(app.frame());
    assert.match(rows.find((r) => r.includes('default')) ?? '', new RegExp(`2/3 until ${hourMinute(until)}`));
    assert.match(rows.find((r) => r.includes('batch')) ?? '', / 0\/1 /);
    assert.match(detailText(app.frame()), /Budget left: 0\/1 \(Drifted: 0 of 1 left\)|Budget left: 2\/3 until/);
  });

  it('GIVEN a node Decision WHEN the Decisions window shows THEN it is listed with its kind and $/h before → after from its plan', async () => {
    app = await renderApp({ view });
    await app.press('5');
    const row = tableRows(app.frame()).find((r) => r.includes('consolidation-7f3a2')) ?? '';
    assert.match(row, /consolidation\s+● pending/);
    assert.match(row, /\$0\.38 → \$0\.10/);
  });

  it('GIVEN a node Decision WHEN a opens the approval THEN its plan shows: removed, launched, pods evicted, PDBs at risk, budget left, $/h — and no revision', async () => {
    app = await renderApp({ view });
    await app.press('5', 'a');
    const frame = app.frame();
    assert.match(frame, /Approve consolidation-7f3a2 \(consolidation\)\?/);
    assert.doesNotMatch(frame, /\(consolidation at /);
    assert.match(frame, /action: replace \(single-node-consolidation, Underutilized\)/);
    assert.match(frame, /nodes removed: 1/);
    assert.match(frame, /- ip-10-0-0-7 m5\.2xlarge on-demand us-east-1a \(pool default\) \$0\.38\/h, 3 pods/);
    assert.match(frame, /nodes launched: 1/);
    assert.match(frame, /\+ m5\.large \(or m5a\.large\) on-demand \(pool default\) \$0\.10\/h/);
    assert.match(frame, /pods evicted: 9/);
    assert.match(frame, /shop\/web-1, shop\/web-2, shop\/cart-0, shop\/cart-1/);
    assert.match(frame, /… 5 more/);
    assert.match(frame, /PDBs at risk: shop\/web/);
    assert.match(frame, /budget left: default Underutilized: 1 left/);
    assert.match(frame, /\$\/h: \$0\.38 → \$0\.10/);
    assert.doesNotMatch(frame, /Diff:/);
    assert.equal(app.source.calls.length, 0);
  });

  it('GIVEN the node Decision approval WHEN Enter is pressed THEN the approve action is called with its name', async () => {
    app = await renderApp({ view });
    app.source.results.approve = { ok: true, message: 'approved consolidation-7f3a2' };
    await app.press('5', 'a', KEYS.enter);
    assert.deepEqual(app.source.callsOf('approve'), [{ action: 'approve', args: ['consolidation-7f3a2'] }]);
    assert.match(statusText(app.frame()), /✓ approved consolidation-7f3a2/);
  });

  it('GIVEN a node Decision selected WHEN d opens it THEN the plan shows instead of an empty diff', async () => {
    app = await renderApp({ view });
    await app.press('5', 'd');
    assert.match(detailText(app.frame()), /nodes removed: 1/);
    await app.press('d');
    assert.match(detailText(app.frame()), /Plan:/);
  });
});
