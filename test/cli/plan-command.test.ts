/**
 * `karpd plan` against the embedded control plane and a real Git repository:
 * exit 0 when nothing would change, 1 with the diff and the what-if's $/h
 * when something would, 2 on a broken revision, a bad revision or no
 * cluster to read; only committed files count.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyObjects } from '../../src/gitops/apply/apply-objects.js';
import { loadClusterManifests } from '../../src/gitops/source/load-cluster.js';
import { main } from '../../src/operator/cli/main.js';
import type { CommandIO } from '../../src/operator/cli/command.js';
import { writeKubeconfig } from '../../src/sim/control-plane/kubeconfig.js';
import { startEmbeddedCluster, type EmbeddedCluster } from '../../src/testing/embedded-cluster.js';

const TEMPLATE = resolve(import.meta.dirname, '../../repo-template');

function capture(cwd: string): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd, stdout, stderr };
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: repo, encoding: 'utf8' });
}

describe('karpd plan', () => {
  let cluster: EmbeddedCluster;
  let repo: string;
  let kubeconfig: string;
  before(async () => {
    cluster = await startEmbeddedCluster();
    const dir = mkdtempSync(join(tmpdir(), 'karpd-plan-test-'));
    repo = join(dir, 'repo');
    cpSync(TEMPLATE, repo, { recursive: true });
    git(repo, 'init', '-q', '--initial-branch=main');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'initial');
    kubeconfig = writeKubeconfig(join(dir, 'kube'), cluster.controlPlane.url);
  });
  after(() => cluster.close());

  const plan = async (...args: string[]) => {
    const io = capture(repo);
    const code = await main(['plan', '--repo', repo, '--kubeconfig', kubeconfig, '--cluster', 'sandbox', ...args], io);
    return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
  };

  it('an empty cluster: every object is missing, exit 1', async () => {
    const { code, out } = await plan();
    assert.equal(code, 1, out);
    assert.match(out, /NodePool\/airflow-worker\s+missing/);
  });

  it('after the revision is applied: nothing to do, exit 0', async () => {
    const manifests = await loadClusterManifests(repo, 'sandbox');
    await applyObjects(cluster.rest, manifests.objects, { revision: git(repo, 'rev-parse', 'HEAD').trim() });
    const { code, out } = await plan();
    assert.equal(code, 0, out);
    assert.doesNotMatch(out, /git-changed|missing/);
  });

  it('an uncommitted edit does not count; committed, it is a change with its diff and projected $/h, and json says the same', async () => {
    const file = join(repo, 'clusters/sandbox/nodepools/airflow-worker.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('values: ["m5.large"]', 'values: ["m5.2xlarge"]'));
    assert.equal((await plan()).code, 0);
    git(repo, 'commit', '-qam', 'airflow on m5.2xlarge');
    const { code, out } = await plan();
    assert.equal(code, 1, out);
    assert.match(out, /NodePool\/airflow-worker\s+git-changed/);
    assert.match(out, /-\s+- m5\.large/);
    assert.match(out, /\+\s+- m5\.2xlarge/);
    assert.match(out, /\$\/h/);
    const json = await plan('--format', 'json');
    assert.equal(json.code, 1);
    const parsed = JSON.parse(json.out) as { exitCode: number; clusters: Array<{ cluster: string }> };
    assert.equal(parsed.exitCode, 1);
    assert.equal(parsed.clusters[0].cluster, 'sandbox');
    const markdown = await plan('--format', 'markdown');
    assert.match(markdown.out, /^<!-- karpd-plan -->/);
    assert.match(markdown.out, /```diff/);
  });

  it('--revision plans an older commit', async () => {
    const { code } = await plan('--revision', 'HEAD~1');
    assert.equal(code, 0);
  });

  it('a broken revision: exit 2, the error names file, line and field', async () => {
    const file = join(repo, 'clusters/sandbox/nodepools/default.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('operator: Gt', 'operator: Equals'));
    git(repo, 'commit', '-qam', 'broken');
    const { code, out } = await plan();
    assert.equal(code, 2, out);
    assert.match(out, /clusters\/sandbox\/nodepools\/default\.yaml/);
    assert.match(out, /Equals/);
    git(repo, 'revert', '--no-edit', 'HEAD');
  });

  it('bad flags, an unknown revision or cluster: exit 2 with the reason', async () => {
    assert.equal((await plan('--format', 'yaml')).code, 2);
    const badRevision = await plan('--revision', 'no-such-branch');
    assert.equal(badRevision.code, 2);
    assert.match(badRevision.err, /no-such-branch/);
    const io = capture(repo);
    assert.equal(await main(['plan', '--repo', repo, '--kubeconfig', kubeconfig, '--cluster', 'staging'], io), 2);
    assert.match(io.stderr.join('\n'), /no cluster folder "staging"/);
  });

  it('no kubeconfig to read the cluster: exit 2 naming it', async () => {
    const io = capture(repo);
    const code = await main(['plan', '--repo', repo, '--kubeconfig', join(repo, 'nope'), '--cluster', 'sandbox'], io);
    assert.equal(code, 2);
    assert.match(io.stdout.join('\n'), /nope does not exist/);
  });
});
