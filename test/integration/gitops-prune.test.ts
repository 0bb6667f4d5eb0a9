/**
 * Pruning from Git on the embedded sandbox cluster (sync auto): a NodePool
 * whose file is deleted and that has no nodes is pruned at once; one that
 * still has nodes waits for a person's approval; a commit that removes every
 * NodePool of the cluster waits too, and reverting it supersedes the wait.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../src/testing/eventually.js';
import { CLI_USER, GitOpsScenario, startTestStack } from './gitops-stack-harness.js';

const POOLS = 'clusters/sandbox/nodepools';

describe('GitOps prune on sandbox', { timeout: 300_000 }, () => {
  let dir: string;
  let s: GitOpsScenario;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'karpd-gitops-prune-'));
    s = new GitOpsScenario(await startTestStack(dir), dir);
    const first = s.head();
    await eventually(() => s.state('sandbox').appliedRevision === first, 'sandbox to apply the first revision', 20_000);
  });

  after(async () => {
    await s?.stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prunes a NodePool without nodes under sync auto, audited as karpd', async () => {
    assert.ok((await s.nodePoolNames('sandbox')).includes('jupyterhub-small'));
    const commit = s.commit('drop jupyterhub-small', { [`${POOLS}/jupyterhub-small.yaml`]: null });
    await eventually(async () => !(await s.nodePoolNames('sandbox')).includes('jupyterhub-small'), 'jupyterhub-small pruned');
    const prune = await s.decisionWhere(
      'sandbox',
      'the applied prune Decision',
      (d) => d.spec.kind === 'prune' && d.spec.revision === commit && d.status?.state === 'applied',
    );
    assert.deepEqual(
      prune.spec.changes.map((c) => [c.action, c.kind, c.name]),
      [['delete', 'NodePool', 'jupyterhub-small']],
    );
    await eventually(
      () => s.auditOf(prune.metadata.name ?? '').some((e) => e.who === 'karpd' && e.action === 'applied' && e.revision === commit),
      'the audit log to record the prune',
    );
  });

  it('waits for approval before pruning a NodePool that still has nodes', async () => {
    await s.createPod('sandbox', 'trino-probe', {
      nodeSelector: { NodePool: 'trino-xsmall' },
      tolerations: [{ key: 'trino-xsmall', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [{ name: 'app', image: 'pause', resources: { requests: { cpu: '500m', memory: '512Mi' } } }],
    });
    await eventually(async () => (await s.nodeClaimsOf('sandbox', 'trino-xsmall')).length > 0, 'a NodeClaim of trino-xsmall', 30_000);
    const commit = s.commit('drop trino-xsmall', { [`${POOLS}/trino-xsmall.yaml`]: null });
    const prune = await s.decisionWhere(
      'sandbox',
      'a pending prune Decision',
      (d) => d.spec.kind === 'prune' && d.spec.revision === commit,
    );
    assert.equal(prune.status?.state, 'pending');
    assert.equal(prune.status?.heldBy, 'person');
    assert.match(prune.status?.waitingFor ?? '', /prune of NodePool trino-xsmall \(\d+ nodes?\) that still has nodes/);
    assert.ok((prune.spec.changes[0]?.nodes ?? 0) >= 1, 'the change counts the pool’s nodes');
    assert.ok((await s.nodePoolNames('sandbox')).includes('trino-xsmall'), 'not pruned while it waits');

    await s.deletePod('sandbox', 'trino-probe');
    const approved = await s.cli(['approve', prune.metadata.name ?? '']);
    assert.equal(approved.code, 0, approved.err);
    const deleting = await s.nodePool('sandbox', 'trino-xsmall');
    assert.ok(deleting === undefined || deleting.metadata.deletionTimestamp !== undefined, 'deleted once approved');
    await eventually(async () => !(await s.nodePoolNames('sandbox')).includes('trino-xsmall'), 'trino-xsmall gone with its nodes', 30_000);
    assert.deepEqual(
      s.auditOf(prune.metadata.name ?? '').map((e) => [e.who, e.action]),
      [
        ['karpd', 'decision-created'],
        [CLI_USER, 'approved'],
        [CLI_USER, 'applied'],
      ],
    );
  });

  it('holds a commit that removes every NodePool until approved explicitly; reverting it supersedes the Decision', async () => {
    const before = await s.nodePoolNames('sandbox');
    assert.ok(before.length > 0);
    const files = Object.fromEntries(readdirSync(join(s.repo, POOLS)).map((file) => [`${POOLS}/${file}`, null]));
    const commit = s.commit('remove every NodePool', files);
    const held = await s.decisionWhere('sandbox', 'the Decision removing every pool', (d) => d.spec.revision === commit);
    assert.equal(held.status?.state, 'pending');
    assert.match(held.status?.waitingFor ?? '', /removes every NodePool of cluster sandbox: approve explicitly/);
    assert.deepEqual(await s.nodePoolNames('sandbox'), before, 'nothing is pruned');

    const reverted = s.revertHead();
    await eventually(
      async () => (await s.decisions('sandbox')).find((d) => d.metadata.name === held.metadata.name)?.status?.state === 'superseded',
      'the wait to be superseded by the revert',
    );
    await eventually(() => s.state('sandbox').appliedRevision === reverted && s.state('sandbox').status === 'synced', 'sandbox in sync');
    assert.deepEqual(await s.nodePoolNames('sandbox'), before);
    assert.ok(s.auditOf(held.metadata.name ?? '').some((e) => e.action === 'superseded'));
  });
});
