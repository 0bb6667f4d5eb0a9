/**
 * GitOps sync end to end, in-process: `startEmbeddedStack` with its two
 * simulated clusters (sandbox: sync auto, drift approve; lab: sync manual,
 * drift auto), commits to `DIR/gitops` with real git, the live objects read
 * through each cluster's kube context, Decisions approved through the
 * `karpd` CLI, and the audit log read after each step. One stack is shared;
 * the steps run in order and each leaves both clusters in sync with Git.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../src/testing/eventually.js';
import { CLI_USER, GitOpsScenario, kubectlMissing, startTestStack } from './gitops-stack-harness.js';

const AIRFLOW = 'clusters/sandbox/nodepools/airflow-worker.yaml';
const SANDBOX_DEFAULT = 'clusters/sandbox/nodepools/default.yaml';
const LAB_TRINO = 'clusters/lab/nodepools/trino-xsmall.yaml';

describe('GitOps sync of the embedded clusters', { timeout: 300_000 }, () => {
  let dir: string;
  let s: GitOpsScenario;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'karpd-gitops-sync-'));
    s = new GitOpsScenario(await startTestStack(dir), dir);
  });

  after(async () => {
    await s?.stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies a commit to sandbox (auto) and holds it for lab (manual) until approved, auditing each step', async () => {
    // lab's first revision is itself a Decision waiting for a person.
    const initial = await s.decisionWhere('lab', "lab's initial git-change Decision", (d) => d.status?.state === 'pending');
    assert.equal(initial.spec.kind, 'git-change');
    assert.deepEqual(await s.nodePoolNames('lab'), [], 'nothing is applied to lab before approval');
    const approvedInitial = await s.cli(['approve', initial.metadata.name ?? '']);
    assert.equal(approvedInitial.code, 0, approvedInitial.err);
    assert.deepEqual(await s.nodePoolNames('lab'), ['default', 'trino-xsmall']);

    const commit = s.commit('raise airflow-worker and trino-xsmall cpu limits', {
      [AIRFLOW]: s.edited(AIRFLOW, 'cpu: "2000"', 'cpu: "1500"'),
      [LAB_TRINO]: s.edited(LAB_TRINO, 'cpu: "1000"', 'cpu: "900"'),
    });
    await eventually(
      async () => (await s.nodePool('sandbox', 'airflow-worker'))?.spec.limits?.cpu === '1500',
      'sandbox applies the commit',
    );
    const applied = await s.decisionWhere(
      'sandbox',
      'the sandbox Decision of the commit, applied',
      (d) => d.spec.revision === commit && d.status?.state === 'applied',
    );
    await eventually(() => s.state('sandbox').appliedRevision === commit, 'sandbox to record the applied revision');

    const pending = await s.decisionWhere('lab', 'a pending lab Decision of the commit', (d) => d.spec.revision === commit);
    assert.equal(pending.status?.state, 'pending');
    assert.equal(pending.status?.waitingFor, 'sync policy manual');
    assert.equal(pending.status?.heldBy, 'person');
    assert.match(pending.spec.diff, /-\s+cpu: "?1000"?/);
    assert.match(pending.spec.diff, /\+\s+cpu: "?900"?/);
    assert.equal((await s.nodePool('lab', 'trino-xsmall'))?.spec.limits?.cpu, '1000', 'lab keeps the old limit while the Decision waits');
    await eventually(() => s.state('lab').status === 'pending', 'lab to show the pending Decision');

    const listed = await s.cli(['decisions']);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, new RegExp(pending.metadata.name ?? 'missing name'));

    const approved = await s.cli(['approve', pending.metadata.name ?? '']);
    assert.equal(approved.code, 0, approved.err);
    assert.match(approved.out, /applied/);
    assert.equal((await s.nodePool('lab', 'trino-xsmall'))?.spec.limits?.cpu, '900');
    await eventually(() => s.state('lab').status === 'synced', 'lab in sync after the approval');

    const karpdSteps = s.auditOf(applied.metadata.name ?? '');
    assert.match(karpdSteps[0]?.result ?? '', /sync policy auto/);
    assert.deepEqual(
      karpdSteps.map((e) => [e.who, e.action, e.revision]),
      [
        ['karpd', 'decision-created', commit],
        ['karpd', 'applied', commit],
      ],
    );
    const labSteps = s.auditOf(pending.metadata.name ?? '');
    assert.deepEqual(
      labSteps.map((e) => [e.who, e.action, e.revision, e.cluster]),
      [
        ['karpd', 'decision-created', commit, 'lab'],
        [CLI_USER, 'approved', commit, 'lab'],
        [CLI_USER, 'applied', commit, 'lab'],
      ],
    );
    assert.match(labSteps[2]?.result ?? '', /applied 1 change/);
  });

  it('refuses a broken commit whole, names file, line, object and field, and applies the next good commit', async () => {
    const good = s.head();
    await eventually(() => s.state('sandbox').appliedRevision === good, 'sandbox to apply the newest revision');
    const broken = s.commit('airflow-worker: an unknown operator, and a valid change to default', {
      [AIRFLOW]: s.edited(AIRFLOW, 'operator: In\n          values: ["m5.large"]', 'operator: Within\n          values: ["m5.large"]'),
      [SANDBOX_DEFAULT]: s.edited(SANDBOX_DEFAULT, 'cpu: "64"', 'cpu: "72"'),
    });
    const state = await eventually(() => {
      const current = s.state('sandbox');
      return current.seenRevision === broken && current.error !== undefined ? current : undefined;
    }, 'sandbox to refuse the broken revision');
    assert.equal(state.status, 'error');
    assert.equal(state.appliedRevision, good, 'the last good revision stays in force');
    assert.match(state.error ?? '', /clusters\/sandbox\/nodepools\/airflow-worker\.yaml:\d+/);
    assert.match(state.error ?? '', /NodePool\/airflow-worker/);
    assert.match(state.error ?? '', /spec\.template\.spec\.requirements\[0\]\.operator/);
    assert.match(state.error ?? '', /Within/);
    assert.equal((await s.nodePool('sandbox', 'default'))?.spec.limits?.cpu, '64', 'the valid change of the same commit is not applied');
    assert.equal((await s.decisions('sandbox')).filter((d) => d.spec.revision === broken).length, 0, 'no Decision for a refused revision');

    const status = await s.cli(['status']);
    assert.equal(status.code, 0, status.err);
    assert.match(status.out, /sandbox\s+✗ error/);
    assert.match(status.out, /airflow-worker\.yaml:\d+.*NodePool\/airflow-worker.*requirements\[0\]\.operator/);
    const refused = s.audit().find((e) => e.action === 'revision-refused' && e.revision === broken);
    assert.ok(refused, 'the refusal is audited');
    assert.match(refused.result, /stays in force/);

    const fixed = s.commit('airflow-worker: operator In again', {
      [AIRFLOW]: s.edited(AIRFLOW, 'operator: Within', 'operator: In'),
    });
    await eventually(async () => (await s.nodePool('sandbox', 'default'))?.spec.limits?.cpu === '72', 'the next good commit applies');
    const recovered = await eventually(() => {
      const current = s.state('sandbox');
      return current.appliedRevision === fixed && current.error === undefined ? current : undefined;
    }, 'sandbox in sync with the fixed revision');
    assert.equal(recovered.status, 'synced');
  });

  it('turns a kubectl patch on sandbox into a config-drift Decision with its diff, reverted on approval', {
    skip: kubectlMissing,
  }, async () => {
    const inGit = (await s.nodePool('sandbox', 'airflow-worker'))?.spec.limits?.cpu;
    assert.equal(inGit, '1500');
    const patched = await s.kubectl('sandbox', [
      'patch',
      'nodepool',
      'airflow-worker',
      '--type',
      'merge',
      '-p',
      '{"spec":{"limits":{"cpu":"3000"}}}',
    ]);
    assert.equal(patched.code, 0, patched.err);
    const drift = await s.decisionWhere(
      'sandbox',
      'a pending config-drift Decision',
      (d) => d.spec.kind === 'config-drift' && d.status?.state === 'pending',
    );
    assert.equal(drift.status?.waitingFor, 'drift policy approve');
    assert.equal(drift.status?.heldBy, 'person');
    assert.match(drift.spec.diff, /-\s+cpu: "?3000"?/);
    assert.match(drift.spec.diff, /\+\s+cpu: "?1500"?/);
    await eventually(() => s.state('sandbox').status === 'pending', 'sandbox to show the pending drift Decision');
    assert.equal((await s.nodePool('sandbox', 'airflow-worker'))?.spec.limits?.cpu, '3000', 'nothing is reverted before the approval');

    const listed = await s.cli(['decisions']);
    assert.match(listed.out, new RegExp(drift.metadata.name ?? 'missing name'));
    assert.match(listed.out, /3000/);
    const viaKubectl = await s.kubectl('sandbox', ['get', 'decisions']);
    assert.equal(viaKubectl.code, 0, viaKubectl.err);
    assert.match(viaKubectl.out, new RegExp(`${drift.metadata.name ?? 'missing name'}\\s+config-drift\\s+.*pending`));
    const approved = await s.cli(['approve', drift.metadata.name ?? '']);
    assert.equal(approved.code, 0, approved.err);
    assert.equal((await s.nodePool('sandbox', 'airflow-worker'))?.spec.limits?.cpu, '1500', 'reverted to Git');
    assert.deepEqual(
      s.auditOf(drift.metadata.name ?? '').map((e) => [e.who, e.action, e.kind]),
      [
        ['karpd', 'decision-created', 'config-drift'],
        [CLI_USER, 'approved', 'config-drift'],
        [CLI_USER, 'applied', 'config-drift'],
      ],
    );
    await eventually(() => s.state('sandbox').status === 'synced', 'sandbox in sync after the revert');
  });

  it('reverts a kubectl patch on lab at once (drift auto)', { skip: kubectlMissing }, async () => {
    const patched = await s.kubectl('lab', ['patch', 'nodepool', 'trino-xsmall', '--type', 'merge', '-p', '{"spec":{"weight":7}}']);
    assert.equal(patched.code, 0, patched.err);
    await eventually(async () => (await s.nodePool('lab', 'trino-xsmall'))?.spec.weight === 50, 'lab to revert the drift');
    const drift = await s.decisionWhere('lab', 'the applied config-drift Decision', (d) => d.spec.kind === 'config-drift');
    await eventually(
      () => s.auditOf(drift.metadata.name ?? '').some((e) => e.who === 'karpd' && e.action === 'applied'),
      'the audit log to record karpd reverting the drift',
    );
    assert.match(drift.spec.diff, /weight/);
  });

  it('holds a change in a deny window (heldBy window); a person approving it overrides the window, audited', async () => {
    const cluster = 'clusters/sandbox/cluster.yaml';
    const windows = "    windows:\n      - kind: deny\n        name: freeze\n        schedule: '* * * * *'\n        duration: 1h\n";
    const withWindow = s.edited(cluster, '    interval: 30s\n', `    interval: 30s\n${windows}`);
    const commit = s.commit('a deny window, and a change it holds', {
      [cluster]: withWindow,
      [AIRFLOW]: s.edited(AIRFLOW, 'cpu: "1500"', 'cpu: "1600"'),
    });
    const held = await s.decisionWhere(
      'sandbox',
      'a Decision held by the window',
      (d) => d.spec.revision === commit && d.status?.heldBy === 'window',
    );
    assert.equal(held.status?.state, 'pending');
    assert.match(held.status?.waitingFor ?? '', /freeze/);
    assert.equal(s.state('sandbox').window?.allowed, false);
    assert.equal((await s.nodePool('sandbox', 'airflow-worker'))?.spec.limits?.cpu, '1500', 'held, not applied');

    const approved = await s.cli(['approve', held.metadata.name ?? '']);
    assert.equal(approved.code, 0, approved.err);
    assert.equal((await s.nodePool('sandbox', 'airflow-worker'))?.spec.limits?.cpu, '1600');
    const approval = s.auditOf(held.metadata.name ?? '').find((e) => e.action === 'approved');
    assert.equal(approval?.who, CLI_USER);
    assert.match(approval?.override ?? '', /freeze/);
    assert.match(approval?.result ?? '', /overriding/);

    const open = s.commit('lift the deny window', { [cluster]: s.edited(cluster, windows, '') });
    await s.seen('sandbox', open);
    await eventually(() => {
      const state = s.state('sandbox');
      return state.window === undefined && state.status === 'synced' && state.appliedRevision === open;
    }, 'sandbox open and in sync');
  });

  it('keeps the last good revision while Git is unreachable, shows the error, and recovers on refresh', async () => {
    const good = s.head();
    await eventually(() => s.state('sandbox').appliedRevision === good, 'sandbox to apply the newest revision');
    const away = join(dir, 'gitops-away');
    renameSync(s.repo, away);
    try {
      const state = await eventually(() => {
        const current = s.state('sandbox');
        return current.source.error !== undefined ? current : undefined;
      }, 'the source to report the failed fetch');
      assert.ok(state.source.failures >= 1);
      assert.equal(state.appliedRevision, good);
      assert.ok(s.state('lab').source.error !== undefined, 'both clusters show the shared source');
      const status = await s.cli(['status']);
      assert.match(status.out, /git error/);
      assert.equal((await s.nodePool('sandbox', 'airflow-worker'))?.spec.limits?.cpu, '1600', 'live objects untouched');
    } finally {
      renameSync(away, s.repo);
    }
    const refreshed = await s.cli(['refresh']);
    assert.equal(refreshed.code, 0, refreshed.err);
    const recovered = await eventually(() => {
      const current = s.state('sandbox');
      return current.source.error === undefined ? current : undefined;
    }, 'the source to recover');
    assert.equal(recovered.source.failures, 0);
    assert.equal(recovered.appliedRevision, good);
  });

  it('karpd plan on a commit narrowing a pool prints the projected $/h change and exits 1', async () => {
    await s.createPod('lab', 'plan-probe', {
      containers: [{ name: 'app', image: 'pause', resources: { requests: { cpu: '1', memory: '1Gi' } } }],
    });
    const lab = 'clusters/lab/nodepools/default.yaml';
    const narrowed = s.commit('lab default: memory-optimised instances only', {
      [lab]: s.edited(lab, 'values: ["c", "m", "r"]', 'values: ["r"]'),
    });
    await s.decisionWhere('lab', 'the pending Decision of the narrowing', (d) => d.spec.revision === narrowed);
    const plan = await s.cli(['plan', '--cluster', 'lab']);
    assert.equal(plan.code, 1, `${plan.out}${plan.err}`);
    const price = /\$\/h\s+([\d.]+) → ([\d.]+)/.exec(plan.out);
    assert.ok(price, `a $/h line in:\n${plan.out}`);
    assert.notEqual(price[1], price[2], 'the price changes');
    assert.match(plan.out, /NodePool\/default/);
  });
});
