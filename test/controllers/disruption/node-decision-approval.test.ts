import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Taints } from '../../../src/apis/well-known-labels.js';
import { DisruptionController } from '../../../src/controllers/disruption/disruption-controller.js';
import { GitOpsController } from '../../../src/controllers/gitops/gitops-controller.js';
import type { Actor } from '../../../src/gitops/decisions/gitops-service.js';
import { initializedNode, nodePool, resetNames } from '../../../src/testing/index.js';
import { controllerEnv } from '../harness.js';
import { syncController, syncWorld } from '../gitops/sync-harness.js';

const ALICE: Actor = { name: 'alice', via: 'cli' };
let cleanup: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanup) fn();
  cleanup = [];
});

function world() {
  resetNames();
  const w = syncWorld(['sync: {policy: auto}']);
  const dir = mkdtempSync(join(tmpdir(), 'karpd-node-decisions-'));
  cleanup.push(
    () => w.source.cleanup(),
    () => rmSync(dir, { recursive: true, force: true }),
  );
  const sync = syncController(w);
  const service = new GitOpsController({
    clusters: [sync],
    audit: w.audit,
    suspensionsPath: join(dir, 'suspensions.json'),
    clock: w.clock,
    logger: w.logger,
  });
  const env = controllerEnv();
  env.state.upsert(
    'nodePools',
    nodePool({ metadata: { name: 'default' }, spec: { disruption: { consolidateAfter: '0s', budgets: [{ nodes: '100%' }] } } }),
  );
  const machine = initializedNode({ name: 'idle', instanceType: 'small' });
  env.state.upsert('nodes', machine.node!);
  env.state.upsert('nodeClaims', machine.nodeClaim!);
  const disruption = new DisruptionController(env.ctx, { decisions: w.repository, cluster: 'sandbox', approval: () => 'all' });
  return { w, service, env, disruption };
}

describe('node Decisions through GitOps', () => {
  it('GIVEN a pending consolidation Decision WHEN a person approves it through the GitOps service THEN it is approved without a revision check and the disruption controller carries it out', async () => {
    const { w, service, env, disruption } = world();
    await disruption.reconcile();
    const [pending] = await w.repository.list();
    assert.equal(pending.status?.state, 'pending');
    assert.equal(pending.spec.revision, '');

    const approved = await service.approve(pending.metadata.name ?? '', ALICE);
    assert.equal(approved.status?.state, 'approved');
    assert.equal(approved.status?.decidedBy, 'alice');
    assert.ok(w.audit.entries.some((e) => e.action === 'approved' && e.decision === pending.metadata.name));
    assert.deepEqual(env.kube.callsOf('deleteNodeClaim'), [], 'approving does not execute it');

    await disruption.reconcile();
    assert.ok((env.state.get('nodes', 'idle')?.spec.taints ?? []).some((t) => t.key === Taints.disrupted.key));
    env.clock.advance(15_000);
    await disruption.reconcile();
    assert.deepEqual(
      env.kube.callsOf('deleteNodeClaim').map((c) => c.args[0]),
      ['idle-claim'],
    );
    assert.equal((await w.repository.get(pending.metadata.name ?? ''))?.status?.state, 'applied');
  });

  it('GIVEN a pending node Decision WHEN a person rejects it THEN the same command is not asked for again', async () => {
    const { w, service, env, disruption } = world();
    await disruption.reconcile();
    const [pending] = await w.repository.list();
    await service.reject(pending.metadata.name ?? '', ALICE, 'not during the launch');
    env.clock.advance(10_000);
    await disruption.reconcile();
    const all = (await w.repository.list()).filter((d) => d.spec.kind === 'consolidation');
    assert.equal(all.length, 1);
    assert.equal(all[0].status?.state, 'rejected');
    assert.deepEqual(env.kube.callsOf('taintNode'), []);
  });

  it('GIVEN a cluster.yaml with spec.disruption.approval WHEN GitOps has synced it THEN the sync controller reports it for the disruption controller', async () => {
    const w = syncWorld(['sync: {policy: auto}'], { disruption: { approval: 'drift' } });
    cleanup.push(() => w.source.cleanup());
    const sync = syncController(w);
    await sync.reconcile();
    assert.equal(sync.disruptionApproval(), 'drift');
  });
});
