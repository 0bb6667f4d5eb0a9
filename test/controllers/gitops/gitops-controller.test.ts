import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterSyncOptions } from '../../../src/controllers/gitops/cluster-sync-controller.js';
import { GitOpsController } from '../../../src/controllers/gitops/gitops-controller.js';
import { isNotFoundActionError } from '../../../src/gitops/decisions/decision-errors.js';
import type { Actor } from '../../../src/gitops/decisions/gitops-service.js';
import { loadClusterManifests } from '../../../src/gitops/source/load-cluster.js';
import { readSuspensions, SuspensionsFileError } from '../../../src/gitops/decisions/suspensions-file.js';
import { InMemoryDecisionRepository } from '../../../src/testing/in-memory-decision-repository.js';
import type { SyncWorld } from './sync-harness.js';
import { syncController, syncWorld } from './sync-harness.js';

const ALICE: Actor = { name: 'alice', via: 'cli' };
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
});

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'karpd-gitops-state-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Two clusters, `sandbox` (auto) and `lab` (manual), sharing one audit log; `lab` may be made unreachable. */
function twoClusters(dir: string, labOptions: Partial<ClusterSyncOptions> = {}) {
  const sandbox = syncWorld(['sync: {policy: auto, interval: 30s}']);
  const lab: SyncWorld = { ...syncWorld(['sync: {policy: manual, interval: 30s}']), audit: sandbox.audit, clock: sandbox.clock };
  cleanup.push(
    () => sandbox.source.cleanup(),
    () => lab.source.cleanup(),
  );
  const controllers = [syncController(sandbox), syncController(lab, { cluster: 'lab', ...renderAs(lab), ...labOptions })];
  const service = new GitOpsController({
    clusters: controllers,
    audit: sandbox.audit,
    suspensionsPath: join(dir, 'suspensions.json'),
    clock: sandbox.clock,
    logger: sandbox.logger,
  });
  return { sandbox, lab, controllers, service };
}

/** The lab cluster renders the sandbox folder of its own source (the harness's commits hold one cluster folder). */
function renderAs(_world: SyncWorld): Partial<ClusterSyncOptions> {
  return {
    renderRevision: async (tree) => {
      const manifests = await loadClusterManifests(tree, 'sandbox');
      return { ...manifests, cluster: { ...manifests.cluster, metadata: { name: 'lab' } } };
    },
  };
}

async function settle(controllers: ReturnType<typeof twoClusters>['controllers']): Promise<void> {
  for (const controller of controllers) await controller.idle();
}

describe('GitOpsController', () => {
  it('syncs every cluster by its own policy and lists their Decisions newest first', async () => {
    const { sandbox, lab, controllers, service } = twoClusters(stateDir());
    await service.start();
    await settle(controllers);

    assert.equal(sandbox.live.objects.size, 2);
    assert.equal(lab.live.objects.size, 0);
    assert.deepEqual(
      service.clusters().map((c) => `${c.cluster}:${c.status}`),
      ['sandbox:synced', 'lab:pending'],
    );
    const pending = await service.decisions({ state: 'pending' });
    assert.equal(pending.length, 1);
    assert.equal(pending[0].spec.cluster, 'lab');
    assert.equal((await service.decisions({ cluster: 'sandbox' })).length, 1);

    const applied = await service.approve(pending[0].metadata.name!, ALICE);
    assert.equal(applied.status?.state, 'applied');
    assert.equal(lab.live.objects.size, 2);
    await service.stop();
  });

  it('keeps serving the other clusters when one is unreachable', async () => {
    const unreachable = new InMemoryDecisionRepository();
    unreachable.failNext(new Error('connect ECONNREFUSED 127.0.0.1:7443'), 100);
    const { sandbox, controllers, service } = twoClusters(stateDir(), {
      listLive: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:7443')),
      repository: unreachable,
    });
    await service.start();
    await settle(controllers);
    assert.equal(sandbox.live.objects.size, 2);
    const lab = service.clusters().find((c) => c.cluster === 'lab');
    assert.equal(lab?.status, 'error');
    assert.match(lab?.error ?? '', /ECONNREFUSED/);
    assert.equal((await service.decisions()).length, 1, "the sandbox's Decisions are still listed");
    await service.stop();
  });

  it('persists a suspension across a restart, audits suspend and resume, and names an unknown cluster', async () => {
    const dir = stateDir();
    const first = twoClusters(dir);
    await first.service.suspend('sandbox', ALICE);
    const file = join(dir, 'suspensions.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal((await readSuspensions(file)).sandbox?.by, 'alice');

    const restarted = twoClusters(dir);
    await restarted.service.start();
    await settle(restarted.controllers);
    assert.equal(restarted.sandbox.live.objects.size, 0, 'nothing applied while suspended');
    const state = restarted.service.clusters().find((c) => c.cluster === 'sandbox');
    assert.equal(state?.status, 'suspended');
    assert.equal(state?.suspendedBy, 'alice');

    await restarted.service.resume('sandbox', ALICE);
    await settle(restarted.controllers);
    assert.equal(restarted.sandbox.live.objects.size, 2);
    assert.deepEqual(await readSuspensions(file), {});
    const actions = [...first.sandbox.audit.entries, ...restarted.sandbox.audit.entries].map((e) => `${e.action} ${e.cluster} by ${e.who}`);
    assert.ok(actions.includes('suspended sandbox by alice'));
    assert.ok(actions.includes('resumed sandbox by alice'));
    await assert.rejects(
      restarted.service.suspend('nope', ALICE),
      (error) => isNotFoundActionError(error) && /unknown cluster "nope"/.test(String(error)),
    );
    await restarted.service.stop();
  });

  it('refreshes the source and re-syncs one cluster, audited', async () => {
    const { sandbox, lab, service } = twoClusters(stateDir());
    await service.refresh(ALICE, 'sandbox');
    assert.equal(sandbox.source.refreshes, 1);
    assert.equal(lab.source.refreshes, 0);
    assert.equal(sandbox.live.objects.size, 2);
    assert.ok(sandbox.audit.entries.some((e) => e.action === 'refreshed' && e.cluster === 'sandbox' && e.who === 'alice'));
  });

  it('answers DecisionNotFoundError for a Decision no cluster has', async () => {
    const { service } = twoClusters(stateDir());
    await assert.rejects(service.approve('sandbox-git-change-0000000000', ALICE), (error) => isNotFoundActionError(error));
  });
});

describe('suspensions file', () => {
  it('names the file and what it expected when it is not what karpd wrote', async () => {
    const dir = stateDir();
    const file = join(dir, 'suspensions.json');
    writeFileSync(file, '{"sandbox": true}');
    await assert.rejects(readSuspensions(file), (error) => error instanceof SuspensionsFileError && error.message.includes(file));
    assert.equal(readFileSync(file, 'utf8'), '{"sandbox": true}');
  });
});
