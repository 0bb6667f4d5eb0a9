/** The disruption report in the view model: NodeClaim states and WHY, the pools' budget left, node Decisions' plans. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildViewModel, createViewModelBuilder } from '../../../src/observe/view-model/build-view.js';
import { indexDisruption } from '../../../src/observe/view-model/disruption-index.js';
import { nodePool } from '../../../src/testing/builders.js';
import {
  disruptingClaim,
  disruptionReport,
  nodeDisruptionPlan,
  nodeVerdict,
  poolBudgetReport,
} from '../../../src/testing/view-model-fixtures.js';
import { clusterInput, decision, launchedClaim, nodeFor, viewInput } from './builders.js';

type Input = Parameters<typeof clusterInput>[0];

function cluster(input: Input) {
  return buildViewModel(viewInput([clusterInput(input)])).clusters[0];
}

const claimNames = ['kept', 'moving', 'leaving', 'drifted', 'gone'];

function fleet() {
  const claims = [
    launchedClaim('kept'),
    launchedClaim('moving'),
    launchedClaim('leaving', { deleting: true }),
    launchedClaim('drifted', { extraConditions: [{ type: 'Drifted', status: 'True' }] }),
    launchedClaim('gone', { deleting: true }),
  ];
  return { nodeClaims: claims, nodes: claims.map((claim) => nodeFor(claim)), nodePools: [nodePool()] };
}

const report = disruptionReport({
  verdicts: [
    nodeVerdict({
      node: 'kept',
      nodeClaim: 'kept',
      method: 'single-node-consolidation',
      kind: 'savings',
      message: 'replacement would save only $0.01/h',
    }),
    nodeVerdict({
      node: 'drifted',
      nodeClaim: undefined,
      kind: 'budget',
      message: 'budget for Drifted of pool default is used up (0 of 1 left)',
    }),
  ],
  disrupting: [
    disruptingClaim({ nodeClaim: 'moving', node: 'moving', phase: 'launching' }),
    disruptingClaim({
      nodeClaim: 'leaving',
      node: 'leaving',
      phase: 'draining',
      method: 'drift',
      reason: 'Drifted',
      summary: 'replace drifted m5.large',
    }),
  ],
});

describe('NodeClaims window with a disruption report', () => {
  it('GIVEN claims in the report WHEN built THEN a claim being disrupted is Disrupting (deleting too), a deleted one outside it Terminating, a Drifted condition Drifted', () => {
    const rows = cluster({ objects: fleet(), disruption: report }).nodeClaims;
    assert.deepEqual(Object.fromEntries(rows.map((row) => [row.name, row.state])), {
      drifted: 'Drifted',
      gone: 'Terminating',
      kept: 'Initialized',
      leaving: 'Disrupting',
      moving: 'Disrupting',
    });
  });

  it('GIVEN verdicts and disruptions WHEN built THEN WHY is the verdict message or the phase and summary, and the row carries the whole entry', () => {
    const rows = new Map(cluster({ objects: fleet(), disruption: report }).nodeClaims.map((row) => [row.name, row]));
    assert.equal(rows.get('kept')?.why, 'replacement would save only $0.01/h');
    assert.deepEqual(rows.get('kept')?.disruption, {
      status: 'kept',
      kind: 'savings',
      method: 'single-node-consolidation',
      message: 'replacement would save only $0.01/h',
    });
    assert.equal(rows.get('moving')?.why, 'launching replacements: replace m5.2xlarge with m5.large, saves $0.29/h');
    assert.equal(rows.get('leaving')?.why, 'draining: replace drifted m5.large');
    assert.deepEqual(rows.get('moving')?.disruption, {
      status: 'disrupting',
      phase: 'launching',
      method: 'single-node-consolidation',
      reason: 'Underutilized',
      summary: 'replace m5.2xlarge with m5.large, saves $0.29/h',
      decision: 'consolidation-7f3a2',
      since: '2026-01-01T12:00:00Z',
    });
    // A verdict that names only the node (no nodeClaim) is found through the claim's node.
    assert.equal(rows.get('drifted')?.disruption?.status, 'kept');
    assert.equal(rows.get('gone')?.why, undefined);
    assert.equal('disruption' in (rows.get('gone') ?? {}), false);
  });

  it('GIVEN no report WHEN built THEN no row has a WHY and the states are the lifecycle ones', () => {
    const rows = cluster({ objects: fleet() }).nodeClaims;
    assert.ok(rows.every((row) => row.why === undefined && row.disruption === undefined));
    assert.equal(rows.find((row) => row.name === 'moving')?.state, 'Initialized');
  });

  it('GIVEN the same report, or a new report object with the same words, WHEN rebuilt THEN every row is reused; a changed verdict rebuilds only its row', () => {
    const objects = fleet();
    const builder = createViewModelBuilder();
    const first = builder.build(viewInput([clusterInput({ objects, disruption: report })])).clusters[0].nodeClaims;
    const same = builder.build(viewInput([clusterInput({ objects, disruption: report })])).clusters[0].nodeClaims;
    assert.equal(same, first);
    const copy = structuredClone(report);
    const copied = builder.build(viewInput([clusterInput({ objects, disruption: copy })])).clusters[0].nodeClaims;
    assert.equal(copied, first);
    const changed = { ...copy, verdicts: [{ ...copy.verdicts[0], message: 'pod shop/web-1 has do-not-disrupt' }, copy.verdicts[1]] };
    const next = builder.build(viewInput([clusterInput({ objects, disruption: changed })])).clusters[0].nodeClaims;
    assert.equal(next.find((row) => row.name === 'kept')?.why, 'pod shop/web-1 has do-not-disrupt');
    for (const name of claimNames.filter((name) => name !== 'kept'))
      assert.equal(
        next.find((row) => row.name === name),
        first.find((row) => row.name === name),
        name,
      );
    assert.notEqual(
      next.find((row) => row.name === 'kept'),
      first.find((row) => row.name === 'kept'),
    );
  });

  it('GIVEN a claim leaves the report WHEN rebuilt THEN its WHY is gone', () => {
    const objects = fleet();
    const builder = createViewModelBuilder();
    builder.build(viewInput([clusterInput({ objects, disruption: report })]));
    const after = builder.build(viewInput([clusterInput({ objects, disruption: disruptionReport() })])).clusters[0].nodeClaims;
    assert.ok(after.every((row) => row.why === undefined));
    assert.equal(after.find((row) => row.name === 'moving')?.state, 'Initialized');
  });
});

describe('Pools window budget left', () => {
  const pools = [nodePool({ metadata: { name: 'default' } }), nodePool({ metadata: { name: 'batch' } })];

  it('GIVEN the report has budgets per reason WHEN built THEN the pool shows the reason with the fewest left, with until when scheduled', () => {
    const budgets = disruptionReport({
      budgets: [
        poolBudgetReport({ reason: 'Empty', allowed: 3, remaining: 3, disrupting: 0 }),
        poolBudgetReport({ reason: 'Underutilized', allowed: 3, remaining: 2, disrupting: 1, until: '2026-01-01T17:00:00Z' }),
        poolBudgetReport({ reason: 'Drifted', allowed: 5, remaining: 2, disrupting: 3 }),
      ],
    });
    const row = cluster({ objects: { nodePools: pools }, disruption: budgets }).pools.find((pool) => pool.name === 'default');
    assert.deepEqual(row?.budgetLeft, {
      nodes: 2,
      allowed: 3,
      reason: 'Underutilized',
      detail: 'Underutilized: 2 of 3 left (1 disrupting, 12 nodes)',
      until: '2026-01-01T17:00:00Z',
    });
  });

  it('GIVEN no report for a pool WHEN built THEN its budget is computed from its budgets (the 10% default)', () => {
    const budgets = disruptionReport({ budgets: [poolBudgetReport({ nodePool: 'default' })] });
    const row = cluster({ objects: { nodePools: pools }, disruption: budgets }).pools.find((pool) => pool.name === 'batch');
    assert.equal(row?.budgetLeft.allowed, undefined);
    assert.equal(row?.budgetLeft.reason, undefined);
    assert.equal(typeof row?.budgetLeft.detail, 'string');
  });

  it('GIVEN two reasons equally tight WHEN indexed THEN the one allowing fewer wins, then the reason name', () => {
    const index = indexDisruption(
      disruptionReport({
        budgets: [
          poolBudgetReport({ reason: 'Underutilized', allowed: 4, remaining: 1 }),
          poolBudgetReport({ reason: 'Empty', allowed: 2, remaining: 1 }),
          poolBudgetReport({ reason: 'Drifted', allowed: 2, remaining: 1 }),
        ],
      }),
    );
    assert.equal(index.tightestBudgetOf('default')?.reason, 'Drifted');
    assert.equal(index.tightestBudgetOf('other'), undefined);
  });
});

describe('Decisions window node Decisions', () => {
  it('GIVEN a consolidation Decision WHEN built THEN its row has its kind and plan and no revision', () => {
    const plan = nodeDisruptionPlan();
    const rows = cluster({
      decisions: [
        decision('consolidation-1', 'pending', '2026-01-01T00:10:00Z', { kind: 'consolidation', revision: 'abcdef0123', disruption: plan }),
        decision('git-1', 'pending', '2026-01-01T00:00:00Z'),
      ],
    }).decisions;
    const node = rows.find((row) => row.name === 'consolidation-1');
    assert.equal(node?.kind, 'consolidation');
    assert.deepEqual(node?.plan, plan);
    assert.equal(node?.revision, undefined);
    const git = rows.find((row) => row.name === 'git-1');
    assert.equal(git?.revision, 'abcdef0');
    assert.equal(git?.plan, undefined);
  });

  it('GIVEN a git change with a stray plan WHEN built THEN the plan is not shown (only node kinds have one)', () => {
    const rows = cluster({
      decisions: [decision('git-2', 'pending', '2026-01-01T00:00:00Z', { disruption: nodeDisruptionPlan() })],
    }).decisions;
    assert.equal(rows[0].plan, undefined);
  });
});
