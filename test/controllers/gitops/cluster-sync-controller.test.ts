import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor } from '../../../src/gitops/decisions/gitops-service.js';
import type { SyncWorld } from './sync-harness.js';
import { replaced, syncController, syncWorld } from './sync-harness.js';

const ALICE: Actor = { name: 'alice', via: 'cli' };
const WEBHOOK = { notify: { webhook: 'https://hooks.example.com/karpd' } };
const POOL = 'nodepools/airflow-worker.yaml';

let worlds: SyncWorld[] = [];
function world(spec: string[], extras = {}): SyncWorld {
  const created = syncWorld(spec, extras);
  worlds.push(created);
  return created;
}
afterEach(() => {
  for (const w of worlds) w.source.cleanup();
  worlds = [];
});

async function decisionsOf(w: SyncWorld, state?: string) {
  return (await w.repository.list()).filter((d) => state === undefined || d.status?.state === state);
}

describe('ClusterSyncController: Git changes', () => {
  it('applies a revision at once under sync policy auto, EC2NodeClasses before NodePools, and audits each step as karpd', async () => {
    const w = world(['sync: {policy: auto}']);
    const controller = syncController(w);
    await controller.reconcile();

    assert.deepEqual(w.live.applyCalls, [['EC2NodeClass/karpenter-nodeclass-default', 'NodePool/airflow-worker']]);
    const [decision] = await w.repository.list();
    assert.equal(decision.spec.kind, 'git-change');
    assert.equal(decision.status?.state, 'applied');
    assert.match(
      decision.spec.summary,
      /^apply [0-9a-f]{7}: create EC2NodeClass karpenter-nodeclass-default, create NodePool airflow-worker$/,
    );
    assert.deepEqual(w.audit.actions(), ['decision-created by karpd', 'applied by karpd']);
    const state = controller.state();
    assert.equal(state.status, 'synced');
    assert.equal(state.appliedRevision, w.source.current()?.commit);
    assert.deepEqual(
      state.objects.map((o) => `${o.kind}/${o.name}:${o.status}`),
      ['EC2NodeClass/karpenter-nodeclass-default:in-sync', 'NodePool/airflow-worker:in-sync'],
    );
  });

  it('makes a change pending under sync policy manual, tells the webhook, and applies it when a person approves', async () => {
    const w = world(['sync: {policy: manual}'], WEBHOOK);
    const controller = syncController(w);
    await controller.reconcile();

    assert.equal(w.live.objects.size, 0);
    const [pending] = await decisionsOf(w, 'pending');
    assert.equal(pending.status?.waitingFor, 'sync policy manual');
    assert.equal(pending.status?.heldBy, 'person');
    assert.equal(controller.state().status, 'pending');
    assert.deepEqual(w.notifier.events(), ['decision-waiting']);
    assert.equal(w.notifier.sent[0].webhook, 'https://hooks.example.com/karpd');

    const applied = await controller.approve(pending.metadata.name!, ALICE);
    assert.equal(applied.status?.state, 'applied');
    assert.equal(applied.status?.decidedBy, 'alice');
    assert.equal(w.live.objects.size, 2);
    assert.deepEqual(w.notifier.events(), ['decision-waiting', 'decision-applied']);
    assert.deepEqual(w.audit.actions(), ['decision-created by karpd', 'approved by alice', 'applied by alice']);
    await controller.idle();
    assert.equal(controller.state().status, 'synced');
  });

  it('GIVEN two replicas WHEN a person approves through the follower THEN the follower only records the approval and the leader applies it', async () => {
    // Found by hand: with two `karpd run` replicas, `karpd approve` through the follower's agent API applied the
    // Decision from the follower, a second writer beside the leader.
    const w = world(['sync: {policy: manual}']);
    let leading = true;
    const controller = syncController(w, { canAct: () => leading });
    await controller.reconcile();
    const [pending] = await decisionsOf(w, 'pending');
    leading = false;

    const approved = await controller.approve(pending.metadata.name!, ALICE);
    assert.equal(approved.status?.state, 'approved');
    assert.equal(approved.status?.decidedBy, 'alice');
    assert.match(approved.status?.history?.at(-1)?.message ?? '', /not the leader: the leader applies it/);
    assert.equal(w.live.objects.size, 0, 'the follower writes nothing');
    assert.deepEqual(w.audit.actions(), ['decision-created by karpd', 'approved by alice']);
    assert.equal(controller.state().follower, true, 'karpd status says this replica follows');

    leading = true;
    await controller.reconcile();
    const [applied] = await w.repository.list();
    assert.equal(applied.status?.state, 'applied');
    assert.equal(applied.status?.decidedBy, 'alice');
    assert.equal(w.live.objects.size, 2);
    assert.equal(controller.state().follower, undefined);
  });

  it('refuses a broken revision whole, names file, line, object and field, audits it once, and applies the next good one', async () => {
    const w = world(['sync: {policy: auto}']);
    const controller = syncController(w);
    await controller.reconcile();
    const good = w.source.current()!.commit;

    w.source.commit((edit, read) => {
      edit(POOL, replaced(read(POOL), 'cpu: "2000"', 'cpu: "3000"'));
      edit('nodepools/broken.yaml', replaced(read(POOL), 'name: airflow-worker\nspec:\n', 'name: broken\nspec:\n  weight: 500\n'));
    });
    await controller.reconcile();
    await controller.reconcile();

    assert.equal(w.live.spec('NodePool', 'airflow-worker').limits.cpu, '2000', 'nothing of the broken commit is applied');
    const state = controller.state();
    assert.equal(state.status, 'error');
    assert.match(state.error ?? '', /refused: clusters\/sandbox\/nodepools\/broken\.yaml:\d+: NodePool\/broken: spec\.weight: /);
    assert.equal(state.appliedRevision, good);
    assert.ok(state.problems?.some((p) => p.path === 'spec.weight'));
    assert.equal(w.audit.entries.filter((e) => e.action === 'revision-refused').length, 1);
    assert.equal(w.logger.problems().filter((l) => /refused/.test(l.message)).length, 1);

    w.source.commit((edit) => edit('nodepools/broken.yaml', undefined));
    await controller.reconcile();
    assert.equal(w.live.spec('NodePool', 'airflow-worker').limits.cpu, '3000');
    assert.equal(controller.state().status, 'synced');
    assert.equal(controller.state().error, undefined);
  });

  it('reports objects of other kinds once and applies the rest', async () => {
    const w = world(['sync: {policy: auto}']);
    w.source.commit((edit) => edit('nodepools/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata: {a: b}\n'));
    const controller = syncController(w);
    await controller.reconcile();
    await controller.reconcile();
    assert.equal(w.live.objects.size, 2);
    assert.equal(w.logger.problems().filter((l) => /other kinds ignored/.test(l.message)).length, 1);
  });

  it('records a failing apply in the Decision, the audit log, the webhook and the state', async () => {
    const w = world(['sync: {policy: auto}'], WEBHOOK);
    w.live.failNextApply(new Error('applying NodePool airflow-worker: 422 spec.limits.cpu invalid'));
    const controller = syncController(w);
    await controller.reconcile();

    const [failed] = await w.repository.list();
    assert.equal(failed.status?.state, 'failed');
    assert.match(failed.status?.message ?? '', /422 spec\.limits\.cpu invalid/);
    assert.deepEqual(w.notifier.events(), ['decision-failed']);
    assert.equal(w.audit.entries.at(-1)?.action, 'failed');
    assert.match(controller.state().error ?? '', /failed: applying NodePool airflow-worker/);
    assert.ok(w.repository.events.some((e) => e.type === 'Warning' && e.reason === 'Failed'));
  });
});

describe('ClusterSyncController: config drift', () => {
  it('under drift policy approve, makes a pending drift Decision that reverts the live object when approved', async () => {
    const w = world(['sync: {policy: auto}', 'drift: {policy: approve}']);
    const controller = syncController(w);
    await controller.reconcile();
    w.live.edit('NodePool', 'airflow-worker', (spec) => (spec.limits.cpu = '9999'));
    await controller.reconcile();

    assert.equal(w.live.spec('NodePool', 'airflow-worker').limits.cpu, '9999');
    const [drift] = (await decisionsOf(w, 'pending')).filter((d) => d.spec.kind === 'config-drift');
    assert.equal(drift.status?.waitingFor, 'drift policy approve');
    assert.match(drift.spec.diff, /9999/);

    const reverted = await controller.approve(drift.metadata.name!, ALICE);
    assert.equal(reverted.status?.state, 'applied');
    assert.equal(w.live.spec('NodePool', 'airflow-worker').limits.cpu, '2000');
    assert.ok(w.audit.entries.some((e) => e.action === 'approved' && e.who === 'alice' && e.decision === drift.metadata.name));
  });

  it('under drift policy auto, reverts at once (self-heal), recorded as a Decision karpd applied', async () => {
    const w = world(['sync: {policy: auto}', 'drift: {policy: auto}']);
    const controller = syncController(w);
    await controller.reconcile();
    w.live.edit('NodePool', 'airflow-worker', (spec) => (spec.limits.cpu = '9999'));
    await controller.reconcile();

    assert.equal(w.live.spec('NodePool', 'airflow-worker').limits.cpu, '2000');
    const drift = (await w.repository.list()).find((d) => d.spec.kind === 'config-drift');
    assert.equal(drift?.status?.state, 'applied');
    assert.equal(drift?.status?.decidedBy, 'karpd');
    assert.ok(w.audit.entries.some((e) => e.action === 'applied' && e.kind === 'config-drift' && e.who === 'karpd'));
  });

  it('under drift policy ignore, only shows the drift', async () => {
    const w = world(['sync: {policy: auto}', 'drift: {policy: ignore}']);
    const controller = syncController(w);
    await controller.reconcile();
    w.live.edit('NodePool', 'airflow-worker', (spec) => (spec.limits.cpu = '9999'));
    await controller.reconcile();
    assert.equal((await w.repository.list()).length, 1);
    assert.equal(controller.state().status, 'drifted');
  });
});

describe('ClusterSyncController: prune', () => {
  it('prunes an empty pool under auto, but a pool that still has nodes waits for a person', async () => {
    const w = world(['sync: {policy: auto}']);
    const controller = syncController(w);
    w.source.commit((edit, read) => edit('nodepools/spare.yaml', replaced(read(POOL), 'name: airflow-worker', 'name: spare')));
    w.source.commit((edit, read) => edit('nodepools/busy.yaml', replaced(read(POOL), 'name: airflow-worker', 'name: busy')));
    await controller.reconcile();
    assert.equal(w.live.objects.size, 4);

    w.nodes.set('busy', 2);
    w.source.commit((edit) => {
      edit('nodepools/spare.yaml', undefined);
      edit('nodepools/busy.yaml', undefined);
    });
    await controller.reconcile();
    const prune = (await w.repository.list()).find((d) => d.spec.kind === 'prune');
    assert.equal(prune?.status?.state, 'pending');
    assert.match(prune?.status?.waitingFor ?? '', /busy \(2 nodes\)/);
    assert.ok(w.live.objects.has('NodePool/spare'), 'one prune Decision holds both pools');

    await controller.approve(prune!.metadata.name!, ALICE);
    assert.ok(!w.live.objects.has('NodePool/spare') && !w.live.objects.has('NodePool/busy'));
    assert.deepEqual(w.live.pruneCalls, [['NodePool/busy', 'NodePool/spare']]);
  });

  it('refuses a revision that removes every NodePool unless a person approves, even under auto', async () => {
    const w = world(['sync: {policy: auto}']);
    const controller = syncController(w);
    await controller.reconcile();
    w.source.commit((edit) => edit(POOL, undefined));
    await controller.reconcile();
    assert.ok(w.live.objects.has('NodePool/airflow-worker'));
    const [prune] = await decisionsOf(w, 'pending');
    assert.match(prune.status?.waitingFor ?? '', /removes every NodePool of cluster sandbox: approve explicitly/);
  });
});
