import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Cluster, ClusterSpec } from '../../src/apis/cluster.js';
import type { Decision, DecisionState } from '../../src/apis/decision.js';
import { withClusterDefaults } from '../../src/apis/defaults.js';
import type { ComparisonStatus, ObjectComparison } from '../../src/gitops/diff/object-comparison.js';
import { decisionName, MAX_DECISION_NAME_LENGTH } from '../../src/gitops/decisions/decision-name.js';
import type { SyncPlanInput } from '../../src/gitops/decisions/plan-sync.js';
import { MAX_FAILED_ATTEMPTS, planSync, syncStatusOf } from '../../src/gitops/decisions/plan-sync.js';

const REV1 = '3f2a91c0000000000000000000000000000000aa';
const REV2 = '9b1d3e70000000000000000000000000000000bb';
const NOW = new Date('2026-03-01T12:00:00Z');

function cluster(spec: Partial<ClusterSpec> = {}): Cluster {
  return withClusterDefaults({
    apiVersion: 'karpd.dev/v1alpha1',
    kind: 'Cluster',
    metadata: { name: 'sandbox' },
    spec: { cloud: 'sim', region: 'eu-west-2', sync: { policy: 'auto' }, drift: { policy: 'approve' }, ...spec },
  });
}

function comparison(kind: string, name: string, status: ComparisonStatus, diff = `-a\n+b ${name}`): ObjectComparison {
  const object = { apiVersion: kind === 'NodePool' ? 'karpenter.sh/v1' : 'karpenter.k8s.aws/v1', kind, metadata: { name }, spec: { x: 1 } };
  const hasDesired = status !== 'extra' && status !== 'unmanaged';
  const hasLive = status !== 'missing';
  return {
    kind,
    name,
    status,
    ...(hasDesired ? { desired: object } : {}),
    ...(hasLive ? { live: object } : {}),
    diff: status === 'in-sync' ? '' : diff,
    ...(status === 'live-drifted' ? { driftDiff: `-x\n+y ${name}` } : {}),
  };
}

function input(overrides: Partial<SyncPlanInput> = {}): SyncPlanInput {
  return {
    cluster: cluster(),
    revision: REV1,
    comparisons: [],
    nodesPerPool: new Map(),
    suspended: false,
    decisions: [],
    now: NOW,
    ...overrides,
  };
}

function withState(decision: Decision, state: DecisionState): Decision {
  return { ...decision, status: { state, history: [] } };
}

describe('planSync: git changes', () => {
  it('holds every Git change of a revision in one git-change Decision applied at once under sync policy auto', () => {
    const plan = planSync(
      input({
        comparisons: [
          comparison('NodePool', 'airflow-worker', 'git-changed'),
          comparison('EC2NodeClass', 'gpu', 'missing'),
          comparison('NodePool', 'trino', 'in-sync'),
        ],
      }),
    );
    assert.equal(plan.decisions.length, 1);
    const [planned] = plan.decisions;
    assert.equal(planned.kind, 'git-change');
    assert.equal(planned.hold, undefined);
    assert.equal(planned.draft?.status?.state, 'approved');
    assert.equal(planned.draft?.status?.decidedBy, 'karpd');
    assert.equal(planned.draft?.spec.summary, 'apply 3f2a91c: create EC2NodeClass gpu, update NodePool airflow-worker');
    assert.deepEqual(
      planned.draft?.spec.changes.map((c) => `${c.action} ${c.kind}/${c.name}`),
      ['create EC2NodeClass/gpu', 'update NodePool/airflow-worker'],
    );
    assert.ok(planned.draft?.spec.changes.every((c) => c.desired !== undefined));
    assert.match(planned.draft?.spec.diff ?? '', /\+b gpu[\s\S]*\+b airflow-worker/);
    assert.equal(planned.draft?.metadata.labels?.['karpd.dev/cluster'], 'sandbox');
  });

  it('makes the change a pending Decision for a person under sync policy manual', () => {
    const plan = planSync(
      input({ cluster: cluster({ sync: { policy: 'manual' } }), comparisons: [comparison('NodePool', 'a', 'git-changed')] }),
    );
    assert.deepEqual(plan.decisions[0].hold, { heldBy: 'person', waitingFor: 'sync policy manual' });
    assert.equal(plan.decisions[0].draft?.status?.state, 'pending');
    assert.equal(plan.decisions[0].draft?.status?.heldBy, 'person');
  });

  it('lets Git win over live edits and says so in the summary', () => {
    const plan = planSync(input({ comparisons: [comparison('NodePool', 'a', 'both-changed')] }));
    assert.equal(plan.decisions[0].kind, 'git-change');
    assert.match(plan.decisions[0].content.summary, /update NodePool a \(overwrites live edits\)/);
  });

  it('holds an auto change in a deny window (heldBy window) and applies it once the window allows', () => {
    const comparisons = [comparison('NodePool', 'a', 'git-changed')];
    const held = planSync(input({ comparisons, window: { allowed: false, reason: 'deny window "freeze" until 18:00Z' } }));
    assert.deepEqual(held.decisions[0].hold, { heldBy: 'window', waitingFor: 'deny window "freeze" until 18:00Z' });
    const stored = held.decisions[0].draft!;
    const later = planSync(input({ comparisons, window: { allowed: true, reason: 'no deny window' }, decisions: [stored] }));
    assert.equal(later.decisions[0].name, stored.metadata.name);
    assert.equal(later.decisions[0].existing, stored);
    assert.equal(later.decisions[0].draft, undefined);
    assert.equal(later.decisions[0].hold, undefined);
  });

  it('creates nothing when the cluster is in sync, and nothing for unmanaged objects', () => {
    const plan = planSync(
      input({ comparisons: [comparison('NodePool', 'a', 'in-sync'), comparison('NodePool', 'hand-made', 'unmanaged')] }),
    );
    assert.deepEqual(plan.decisions, []);
    assert.deepEqual(plan.supersede, []);
  });
});

describe('planSync: config drift', () => {
  const drift = [comparison('NodePool', 'airflow-worker', 'live-drifted')];

  it('waits for a person under drift policy approve', () => {
    const plan = planSync(input({ comparisons: drift }));
    assert.equal(plan.decisions[0].kind, 'config-drift');
    assert.deepEqual(plan.decisions[0].hold, { heldBy: 'person', waitingFor: 'drift policy approve' });
    assert.match(plan.decisions[0].content.summary, /^revert drift to 3f2a91c: update NodePool airflow-worker$/);
  });

  it('reverts at once under drift policy auto (self-heal), recorded as a Decision karpd approved', () => {
    const plan = planSync(input({ cluster: cluster({ drift: { policy: 'auto' } }), comparisons: drift }));
    assert.equal(plan.decisions[0].hold, undefined);
    assert.equal(plan.decisions[0].draft?.status?.decidedBy, 'karpd');
    assert.match(plan.decisions[0].reason, /self-heal/);
  });

  it('only shows drift under drift policy ignore', () => {
    const plan = planSync(input({ cluster: cluster({ drift: { policy: 'ignore' } }), comparisons: drift }));
    assert.deepEqual(plan.decisions, []);
    assert.deepEqual(
      plan.shown.map((c) => c.name),
      ['airflow-worker'],
    );
  });
});

describe('planSync: prune', () => {
  const keep = comparison('NodePool', 'keep', 'in-sync');

  it('prunes an empty pool under sync policy auto at once', () => {
    const plan = planSync(input({ comparisons: [keep, comparison('NodePool', 'old', 'extra')], nodesPerPool: new Map([['old', 0]]) }));
    assert.equal(plan.decisions[0].kind, 'prune');
    assert.equal(plan.decisions[0].hold, undefined);
    assert.equal(plan.decisions[0].content.changes[0].action, 'delete');
  });

  it('always waits for a person when the pool still has nodes, even under auto', () => {
    const plan = planSync(input({ comparisons: [keep, comparison('NodePool', 'old', 'extra')], nodesPerPool: new Map([['old', 3]]) }));
    assert.equal(plan.decisions[0].hold?.heldBy, 'person');
    assert.match(plan.decisions[0].hold?.waitingFor ?? '', /old \(3 nodes\)/);
    assert.equal(plan.decisions[0].content.changes[0].nodes, 3);
  });

  it('refuses a revision that removes every NodePool unless a person approves explicitly', () => {
    const plan = planSync(
      input({
        comparisons: [
          comparison('EC2NodeClass', 'default', 'in-sync'),
          comparison('NodePool', 'a', 'extra'),
          comparison('NodePool', 'b', 'extra'),
        ],
      }),
    );
    assert.equal(plan.decisions[0].hold?.heldBy, 'person');
    assert.match(plan.decisions[0].hold?.waitingFor ?? '', /removes every NodePool of cluster sandbox: approve explicitly/);
  });

  it('follows sync policy manual otherwise', () => {
    const plan = planSync(
      input({ cluster: cluster({ sync: { policy: 'manual' } }), comparisons: [keep, comparison('EC2NodeClass', 'old', 'extra')] }),
    );
    assert.deepEqual(plan.decisions[0].hold, { heldBy: 'person', waitingFor: 'sync policy manual' });
  });

  it('plans git changes, drift reverts and prunes in that order', () => {
    const plan = planSync(
      input({
        cluster: cluster({ drift: { policy: 'auto' } }),
        comparisons: [
          comparison('NodePool', 'gone', 'extra'),
          comparison('NodePool', 'd', 'live-drifted'),
          comparison('NodePool', 'g', 'git-changed'),
        ],
      }),
    );
    assert.deepEqual(
      plan.decisions.map((d) => d.kind),
      ['git-change', 'config-drift', 'prune'],
    );
  });
});

describe('planSync: names, restarts and superseding', () => {
  const comparisons = [comparison('NodePool', 'a', 'git-changed')];

  it('names a Decision deterministically, so a second plan finds it instead of creating a duplicate', () => {
    const first = planSync(input({ cluster: cluster({ sync: { policy: 'manual' } }), comparisons }));
    const again = planSync(
      input({ cluster: cluster({ sync: { policy: 'manual' } }), comparisons, decisions: [first.decisions[0].draft!] }),
    );
    assert.equal(again.decisions[0].name, first.decisions[0].name);
    assert.equal(again.decisions[0].draft, undefined);
    assert.deepEqual(again.supersede, []);
    assert.match(first.decisions[0].name, /^sandbox-git-change-[0-9a-f]{10}$/);
  });

  it('supersedes a pending git-change when a newer revision replaces it', () => {
    const manual = cluster({ sync: { policy: 'manual' } });
    const old = planSync(input({ cluster: manual, comparisons })).decisions[0].draft!;
    const plan = planSync(input({ cluster: manual, revision: REV2, comparisons, decisions: [old] }));
    assert.notEqual(plan.decisions[0].name, old.metadata.name);
    assert.deepEqual(plan.supersede, [
      {
        name: old.metadata.name,
        supersededBy: plan.decisions[0].name,
        reason: `replaced by ${plan.decisions[0].name} (apply 9b1d3e7: update NodePool a)`,
      },
    ]);
  });

  it('supersedes a pending drift Decision once the drift was fixed by hand', () => {
    const pending = planSync(input({ comparisons: [comparison('NodePool', 'a', 'live-drifted')] })).decisions[0].draft!;
    const plan = planSync(input({ comparisons: [comparison('NodePool', 'a', 'in-sync')], decisions: [pending] }));
    assert.deepEqual(plan.supersede, [{ name: pending.metadata.name, reason: 'the drift is gone (fixed by hand or reverted)' }]);
  });

  it('leaves final Decisions and Decisions of other states alone', () => {
    const applied = withState(planSync(input({ comparisons })).decisions[0].draft!, 'applied');
    const plan = planSync(input({ comparisons: [], decisions: [applied] }));
    assert.deepEqual(plan.supersede, []);
  });

  it('makes a new occurrence when the same change is needed again after it was applied', () => {
    const drift = [comparison('NodePool', 'a', 'live-drifted')];
    const auto = cluster({ drift: { policy: 'auto' } });
    const applied = withState(planSync(input({ cluster: auto, comparisons: drift })).decisions[0].draft!, 'applied');
    const again = planSync(input({ cluster: auto, comparisons: drift, decisions: [applied] }));
    assert.ok(again.decisions[0].draft);
    assert.notEqual(again.decisions[0].name, applied.metadata.name);
  });

  it('does not ask again for a change a person rejected, and stops retrying a change that failed too often', () => {
    const rejected = withState(planSync(input({ comparisons })).decisions[0].draft!, 'rejected');
    const afterReject = planSync(input({ comparisons, decisions: [rejected] }));
    assert.deepEqual(afterReject.decisions, []);
    assert.equal(afterReject.blocked[0].state, 'rejected');

    const failed: Decision[] = [];
    for (let attempt = 0; attempt < MAX_FAILED_ATTEMPTS; attempt++) {
      const plan = planSync(input({ comparisons, decisions: failed }));
      assert.equal(plan.decisions.length, 1, `attempt ${attempt + 1} is planned`);
      failed.push(withState(plan.decisions[0].draft!, 'failed'));
    }
    const exhausted = planSync(input({ comparisons, decisions: failed }));
    assert.deepEqual(exhausted.decisions, []);
    assert.equal(exhausted.blocked[0].state, 'failed');
  });
});

describe('planSync: suspended', () => {
  it('creates, applies and supersedes nothing', () => {
    const pending = planSync(
      input({ cluster: cluster({ sync: { policy: 'manual' } }), comparisons: [comparison('NodePool', 'a', 'git-changed')] }),
    ).decisions[0].draft!;
    const plan = planSync(input({ suspended: true, comparisons: [comparison('NodePool', 'b', 'git-changed')], decisions: [pending] }));
    assert.equal(plan.suspended, true);
    assert.deepEqual(plan.decisions, []);
    assert.deepEqual(plan.supersede, []);
  });
});

describe('decisionName', () => {
  it('is a DNS-1123 label of at most 63 characters that keeps its hash for long cluster names', () => {
    const name = decisionName('A_Very.Long-Cluster-Name-That-Goes-On-And-On-And-On-Forever', 'config-drift', 'k');
    assert.ok(name.length <= MAX_DECISION_NAME_LENGTH, name);
    assert.match(name, /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
    assert.match(name, /-config-drift-[0-9a-f]{10}$/);
    assert.notEqual(decisionName('sandbox', 'prune', 'k1'), decisionName('sandbox', 'prune', 'k2'));
    assert.equal(decisionName('sandbox', 'prune', 'k1'), decisionName('sandbox', 'prune', 'k1'));
  });
});

describe('syncStatusOf', () => {
  it('names the most urgent state', () => {
    const base = { suspended: false, pendingDecisions: 0, objects: [] };
    assert.equal(syncStatusOf({ ...base, error: 'refused' }), 'error');
    assert.equal(syncStatusOf({ ...base, suspended: true }), 'suspended');
    assert.equal(syncStatusOf({ ...base, pendingDecisions: 1 }), 'pending');
    assert.equal(syncStatusOf({ ...base, objects: [{ status: 'live-drifted' }] }), 'drifted');
    assert.equal(syncStatusOf({ ...base, objects: [{ status: 'missing' }] }), 'out-of-sync');
    assert.equal(syncStatusOf({ ...base, objects: [{ status: 'in-sync' }, { status: 'unmanaged' }] }), 'synced');
  });
});
