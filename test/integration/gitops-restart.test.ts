/**
 * A restart of the embedded stack on the same state folder (`persist: true`
 * from the start): the Decisions live in each cluster's saved world, so a
 * pending one is still pending afterwards, is not created a second time by
 * the new agent's passes, and can be approved; the audit log continues.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decision } from '../../src/apis/decision.js';
import { eventually } from '../../src/testing/eventually.js';
import { CLI_USER, GitOpsScenario, startTestStack } from './gitops-stack-harness.js';

const summary = (decisions: readonly Decision[]) => decisions.map((d) => [d.metadata.name, d.spec.kind, d.status?.state]).sort();

describe('GitOps across a restart', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'karpd-gitops-restart-'));
  let s: GitOpsScenario | undefined;

  after(async () => {
    await s?.stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps pending Decisions, does not duplicate them, and they can be approved afterwards', async () => {
    s = new GitOpsScenario(await startTestStack(dir, { persist: true }), dir);
    const head = s.head();
    const pending = await s.decisionWhere('lab', "lab's pending initial Decision", (d) => d.status?.state === 'pending');
    await eventually(() => s?.state('sandbox').appliedRevision === head, 'sandbox to apply the first revision', 20_000);
    const before = [...(await s.decisions('lab')), ...(await s.decisions('sandbox'))];
    const auditBefore = s.audit().length;
    assert.ok(auditBefore > 0);
    await s.stack.stop();
    s = undefined;

    s = new GitOpsScenario(await startTestStack(dir, { persist: true }), dir);
    assert.equal(s.stack.restored, true, 'the saved world is continued');
    const restarted = s;
    await eventually(
      () => ['lab', 'sandbox'].every((c) => restarted.state(c as 'lab' | 'sandbox').seenRevision === head),
      'both clusters to take the revision again',
      20_000,
    );
    // Two more full passes of each cluster: neither may create a Decision again.
    await s.stack.gitops.controller.refresh({ name: 'test', via: 'karpd' });
    await s.stack.gitops.controller.refresh({ name: 'test', via: 'karpd' });
    const afterRestart = [...(await s.decisions('lab')), ...(await s.decisions('sandbox'))];
    assert.deepEqual(summary(afterRestart), summary(before));
    assert.equal(s.state('lab').pendingDecisions, 1);
    assert.equal(s.state('lab').status, 'pending');
    assert.equal(s.state('sandbox').status, 'synced');
    assert.equal(s.audit().filter((e) => e.action === 'decision-created').length, before.length, 'no Decision created twice');
    assert.ok(s.audit().length >= auditBefore, 'the audit log continues');

    const approved = await s.cli(['approve', pending.metadata.name ?? '']);
    assert.equal(approved.code, 0, approved.err);
    assert.deepEqual(await s.nodePoolNames('lab'), ['default', 'trino-xsmall']);
    assert.deepEqual(
      s.auditOf(pending.metadata.name ?? '').map((e) => [e.who, e.action]),
      [
        ['karpd', 'decision-created'],
        [CLI_USER, 'approved'],
        [CLI_USER, 'applied'],
      ],
    );
  });
});
