import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterSpec } from '../../../src/apis/cluster.js';
import type { EvaluateWindows } from '../../../src/controllers/gitops/sync-dependencies.js';
import { isDecisionStateError } from '../../../src/gitops/decisions/decision-errors.js';
import type { Actor } from '../../../src/gitops/decisions/gitops-service.js';
import type { SyncWorld } from './sync-harness.js';
import { replaced, syncController, syncWorld } from './sync-harness.js';

const ALICE: Actor = { name: 'alice', via: 'cli' };
const POOL = 'nodepools/airflow-worker.yaml';
const FREEZE_END = new Date('2026-03-02T18:00:00Z');

let worlds: SyncWorld[] = [];
function world(spec: string[], extras: Partial<ClusterSpec> = {}): SyncWorld {
  const created = syncWorld(spec, extras);
  worlds.push(created);
  return created;
}
afterEach(() => {
  for (const w of worlds) w.source.cleanup();
  worlds = [];
});

/** A deny window "freeze" until 18:00Z (the fake stands in for evaluateSyncWindows). */
const freeze: EvaluateWindows = (_windows, now) =>
  now < FREEZE_END
    ? { allowed: false, reason: 'deny window "freeze" until 2026-03-02T18:00:00Z', window: 'freeze', until: FREEZE_END }
    : { allowed: true, reason: 'no window denies' };
const WINDOWS: Partial<ClusterSpec> = { sync: { windows: [{ kind: 'deny', schedule: '0 8 * * *', duration: '10h', name: 'freeze' }] } };

function cpuCommit(w: SyncWorld, cpu: string): void {
  w.source.commit((edit, read) => edit(POOL, replaced(read(POOL), /cpu: "\d+"/.exec(read(POOL))![0], `cpu: "${cpu}"`)));
}

describe('ClusterSyncController: sync windows', () => {
  it('holds an auto change in a deny window and applies it as karpd once the window ends', async () => {
    const w = world(['sync: {policy: auto, interval: 30s}'], WINDOWS);
    const controller = syncController(w, { evaluateWindows: freeze });
    controller.start();
    await controller.idle();

    assert.equal(w.live.objects.size, 0);
    const [held] = await w.repository.list();
    assert.equal(held.status?.heldBy, 'window');
    assert.match(held.status?.waitingFor ?? '', /deny window "freeze"/);
    assert.deepEqual(controller.state().window, { allowed: false, reason: 'deny window "freeze" until 2026-03-02T18:00:00Z' });

    w.clock.advance(FREEZE_END.getTime() - w.clock.now().getTime() + 30_000);
    await controller.idle();
    assert.equal(w.live.objects.size, 2);
    const [applied] = await w.repository.list();
    assert.equal(applied.metadata.name, held.metadata.name);
    assert.equal(applied.status?.state, 'applied');
    assert.equal(applied.status?.decidedBy, 'karpd');
    await controller.stop();
  });

  it("lets a person's approval override the deny window and says so in the audit log", async () => {
    const w = world(['sync: {policy: auto}'], WINDOWS);
    const controller = syncController(w, { evaluateWindows: freeze });
    await controller.reconcile();
    const [held] = await w.repository.list();

    const applied = await controller.approve(held.metadata.name!, ALICE);
    assert.equal(applied.status?.state, 'applied');
    const approval = w.audit.entries.find((e) => e.action === 'approved');
    assert.equal(approval?.who, 'alice');
    assert.equal(approval?.override, 'deny window "freeze" until 2026-03-02T18:00:00Z');
  });
});

describe('ClusterSyncController: restarts and superseding', () => {
  it('keeps pending Decisions across a restart and does not duplicate them', async () => {
    const w = world(['sync: {policy: manual}']);
    await syncController(w).reconcile();
    assert.equal(w.repository.created, 1);

    const restarted = syncController(w);
    await restarted.reconcile();
    await restarted.reconcile();
    assert.equal(w.repository.created, 1);
    const [pending] = await w.repository.list();
    assert.equal((await restarted.approve(pending.metadata.name!, ALICE)).status?.state, 'applied');
  });

  it('supersedes a pending change when a newer revision replaces it, and refuses to approve the old one', async () => {
    const w = world(['sync: {policy: manual}']);
    const controller = syncController(w);
    await controller.reconcile();
    const [old] = await w.repository.list();
    cpuCommit(w, '3000');
    await controller.reconcile();

    const stored = await w.repository.get(old.metadata.name!);
    assert.equal(stored?.status?.state, 'superseded');
    const replacement = (await w.repository.list()).find((d) => d.status?.state === 'pending');
    assert.equal(stored?.status?.supersededBy, replacement?.metadata.name);
    await assert.rejects(controller.approve(old.metadata.name!, ALICE), (error) => isDecisionStateError(error));
    assert.ok(w.audit.entries.some((e) => e.action === 'superseded' && e.decision === old.metadata.name));
  });

  it('supersedes instead of applying when a person approves a Decision of a revision no longer in force', async () => {
    const w = world(['sync: {policy: manual}']);
    const controller = syncController(w);
    await controller.reconcile();
    const [old] = await w.repository.list();
    cpuCommit(w, '3000');

    await assert.rejects(
      controller.approve(old.metadata.name!, ALICE),
      /superseded instead of approved: its revision [0-9a-f]{7} is no longer in force/,
    );
    assert.equal(w.live.objects.size, 0);
    assert.equal((await w.repository.get(old.metadata.name!))?.status?.state, 'superseded');
  });

  it('rejects a pending Decision with the reason, and does not ask again for the same change', async () => {
    const w = world(['sync: {policy: manual}']);
    const controller = syncController(w);
    await controller.reconcile();
    const [pending] = await w.repository.list();
    const rejected = await controller.reject(pending.metadata.name!, ALICE, 'not during the migration');
    assert.equal(rejected.status?.state, 'rejected');
    assert.match(rejected.status?.message ?? '', /not during the migration/);
    await controller.reconcile();
    assert.equal((await w.repository.list()).length, 1);
    await assert.rejects(controller.reject(pending.metadata.name!, ALICE), (error) => isDecisionStateError(error));
  });
});

describe('ClusterSyncController: suspend', () => {
  it("applies and creates nothing while a person's suspension holds, and syncs again once lifted", async () => {
    const w = world(['sync: {policy: auto}']);
    const controller = syncController(w);
    controller.setSuspension({ by: 'alice', at: w.clock.now() });
    await controller.reconcile();
    assert.equal(w.live.objects.size, 0);
    assert.equal((await w.repository.list()).length, 0);
    const state = controller.state();
    assert.equal(state.status, 'suspended');
    assert.equal(state.suspendedBy, 'alice');

    controller.setSuspension(undefined);
    await controller.reconcile();
    assert.equal(w.live.objects.size, 2);
  });

  it("honours Git's spec.sync.suspend", async () => {
    const w = world(['sync: {policy: auto}'], { sync: { suspend: true } });
    const controller = syncController(w);
    await controller.reconcile();
    assert.equal(w.live.objects.size, 0);
    assert.equal(controller.state().suspendedBy, 'git');
  });
});

describe('ClusterSyncController: loop and reminders', () => {
  it('notices drift on the interval and a new revision on its own, without overlapping passes', async () => {
    const w = world(['sync: {policy: auto, interval: 30s}', 'drift: {policy: auto}']);
    let running = 0;
    let overlapped = false;
    const listLive = async () => {
      running++;
      overlapped ||= running > 1;
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return w.live.list();
    };
    const controller = syncController(w, { listLive });
    controller.start();
    await controller.idle();
    assert.equal(w.live.objects.size, 2);

    w.live.edit('NodePool', 'airflow-worker', (spec) => (spec.limits.cpu = '9999'));
    w.clock.advance(30_000);
    await controller.idle();
    assert.equal(w.live.spec('NodePool', 'airflow-worker').limits.cpu, '2000', 'reverted on the interval');

    cpuCommit(w, '4000');
    controller.trigger();
    controller.trigger();
    await controller.idle();
    assert.equal(w.live.spec('NodePool', 'airflow-worker').limits.cpu, '4000', 'applied on the new revision');
    assert.equal(overlapped, false);
    await controller.stop();
  });

  it('sends the reminders that are due and records when', async () => {
    const w = world(['sync: {policy: manual}'], { notify: { webhook: 'https://hooks.example.com/k', remindAfter: '4h' } });
    const seen: number[] = [];
    const controller = syncController(w, {
      dueReminders: (input) => {
        seen.push(input.remindAfterMs);
        return {
          decisions: input.pending.filter((d) => d.status?.remindedAt === undefined).map((d) => d.metadata.name!),
          suspended: false,
        };
      },
    });
    await controller.reconcile();
    await controller.reconcile();
    assert.deepEqual(w.notifier.events(), ['decision-waiting', 'decision-reminder']);
    assert.equal(seen[0], 4 * 3600_000);
    const [pending] = await w.repository.list();
    assert.equal(pending.status?.remindedAt, w.clock.now().toISOString());
  });

  it('keeps a failing cluster in its state instead of throwing', async () => {
    const w = world(['sync: {policy: auto}']);
    const controller = syncController(w, { listLive: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6443')) });
    await controller.reconcile();
    assert.equal(controller.state().status, 'error');
    assert.match(controller.state().error ?? '', /ECONNREFUSED/);
  });
});
