/**
 * `karpd new nodepool` on a temp copy of repo-template: writes a valid pool
 * in the template's convention, copies --like, prints the pod-template
 * fragment and next steps, and refuses (writing nothing) on a bad name, an
 * unknown cluster, an existing file or a result that would not validate.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { NodePool } from '../../src/apis/nodepool.js';
import { loadClusterManifests } from '../../src/gitops/source/load-cluster.js';
import type { CommandIO } from '../../src/operator/cli/command.js';
import { main } from '../../src/operator/cli/main.js';

const TEMPLATE = resolve(import.meta.dirname, '../../repo-template');

function tempRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'karpd-new-'));
  cpSync(TEMPLATE, join(dir, 'gitops'), { recursive: true });
  return dir;
}

function captured(cwd: string): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), cwd };
}

function pools(dir: string, cluster = 'sandbox'): string[] {
  return readdirSync(join(dir, 'gitops/clusters', cluster, 'nodepools')).sort();
}

describe('karpd new nodepool', () => {
  it('GIVEN the template WHEN a pool is added THEN it follows the template convention, loads as valid and the pod fragment is printed', async () => {
    const dir = tempRepo();
    const io = captured(dir);
    assert.equal(await main(['new', 'nodepool', 'spark-worker', '--cluster', 'sandbox', '--repo', 'gitops'], io), 0, io.stderr.join('\n'));
    const file = join(dir, 'gitops/clusters/sandbox/nodepools/spark-worker.yaml');
    const text = readFileSync(file, 'utf8');
    const pool = parse(text) as NodePool;
    assert.deepEqual(pool.spec.template.metadata?.labels, { NodePool: 'spark-worker' });
    assert.deepEqual(pool.spec.template.spec.taints, [{ key: 'spark-worker', effect: 'NoSchedule' }]);
    assert.deepEqual(pool.spec.template.spec.nodeClassRef, {
      group: 'karpenter.k8s.aws',
      kind: 'EC2NodeClass',
      name: 'karpenter-nodeclass-default',
    });
    assert.deepEqual(pool.spec.limits, { cpu: '100', memory: '400Gi' });
    assert.match(text, /^# .*karpd's defaults/m, 'the file says where its limits come from');
    const loaded = await loadClusterManifests(join(dir, 'gitops'), 'sandbox');
    assert.ok(
      loaded.objects.some((object) => object.metadata.name === 'spark-worker'),
      'the Foundation loader accepts it',
    );
    assert.deepEqual(
      loaded.problems.filter((p) => p.name === 'spark-worker'),
      [],
    );
    const out = io.stdout.join('\n');
    assert.ok(
      out.includes(
        '  nodeSelector:\n    NodePool: spark-worker\n  tolerations:\n    - key: spark-worker\n      operator: Exists\n      effect: NoSchedule',
      ),
      out,
    );
    assert.ok(out.includes('cd gitops && git add clusters/sandbox/nodepools/spark-worker.yaml && git commit'), out);
    assert.match(out, /karpd applies the commit to cluster sandbox within its sync interval/);
  });

  it('GIVEN a cluster with sync policy manual WHEN a pool is added THEN the next steps say to approve the Decision', async () => {
    const dir = tempRepo();
    const io = captured(dir);
    assert.equal(await main(['new', 'nodepool', 'spark-worker', '--cluster=prod-eu', '--repo=gitops'], io), 0, io.stderr.join('\n'));
    assert.match(
      io.stdout.join('\n'),
      /cluster prod-eu syncs manually: the commit becomes a pending Decision; approve it with\n\s+karpd decisions, then karpd approve ID/,
    );
    assert.ok(existsSync(join(dir, 'gitops/clusters/prod-eu/nodepools/spark-worker.yaml')));
  });

  it('GIVEN --like airflow-worker WHEN a pool is added THEN limits, disruption and expireAfter are copied and the file says so', async () => {
    const dir = tempRepo();
    const io = captured(dir);
    const args = ['new', 'nodepool', 'spark-driver', '--cluster', 'sandbox', '--like', 'airflow-worker', '--state-dir', '.'];
    assert.equal(await main(args, io), 0, io.stderr.join('\n'));
    const text = readFileSync(join(dir, 'gitops/clusters/sandbox/nodepools/spark-driver.yaml'), 'utf8');
    const pool = parse(text) as NodePool;
    const like = parse(readFileSync(join(TEMPLATE, 'clusters/sandbox/nodepools/airflow-worker.yaml'), 'utf8')) as NodePool;
    assert.deepEqual(pool.spec.limits, like.spec.limits);
    assert.deepEqual(pool.spec.disruption, like.spec.disruption);
    assert.equal(pool.spec.template.spec.expireAfter, like.spec.template.spec.expireAfter);
    assert.match(text, /copied from the NodePool airflow-worker/);
    assert.match(io.stdout[0] ?? '', /limits and disruption like airflow-worker/);
  });

  it('GIVEN the file exists WHEN added again THEN it is refused unless --force', async () => {
    const dir = tempRepo();
    const file = join(dir, 'gitops/clusters/sandbox/nodepools/spark-worker.yaml');
    const args = ['new', 'nodepool', 'spark-worker', '--cluster', 'sandbox', '--repo', 'gitops'];
    assert.equal(await main(args, captured(dir)), 0);
    writeFileSync(file, '# edited by hand\n');
    const io = captured(dir);
    assert.equal(await main(args, io), 1);
    assert.match(io.stderr.join('\n'), /spark-worker\.yaml already exists: pass --force/);
    assert.equal(readFileSync(file, 'utf8'), '# edited by hand\n');
    assert.equal(await main([...args, '--force'], captured(dir)), 0);
    assert.match(readFileSync(file, 'utf8'), /kind: NodePool/);
  });

  it('GIVEN a name an existing pool has in another file WHEN added THEN it is refused and nothing written', async () => {
    const dir = tempRepo();
    const before = pools(dir);
    writeFileSync(
      join(dir, 'gitops/clusters/sandbox/nodepools/renamed.yaml'),
      readFileSync(join(TEMPLATE, 'clusters/sandbox/nodepools/trino-xsmall.yaml'), 'utf8'),
    );
    rmSync(join(dir, 'gitops/clusters/sandbox/nodepools/trino-xsmall.yaml'));
    const io = captured(dir);
    assert.equal(await main(['new', 'nodepool', 'trino-xsmall', '--cluster', 'sandbox', '--repo', 'gitops'], io), 1);
    assert.match(io.stderr.join('\n'), /NodePool trino-xsmall already exists in clusters\/sandbox\/nodepools\/renamed\.yaml/);
    assert.deepEqual(pools(dir), [...before.filter((name) => name !== 'trino-xsmall.yaml'), 'renamed.yaml'].sort());
  });

  it('GIVEN a broken file that already defines the name WHEN added THEN the validator refuses it, names file and field, and nothing is written', async () => {
    const dir = tempRepo();
    const broken = join(dir, 'gitops/clusters/sandbox/nodepools/other.yaml');
    const airflow = readFileSync(join(TEMPLATE, 'clusters/sandbox/nodepools/airflow-worker.yaml'), 'utf8');
    writeFileSync(
      broken,
      airflow.replace('name: airflow-worker', 'name: spark-worker').replace('spec:\n  template:', 'spec:\n  weight: 500\n  template:'),
    );
    const before = pools(dir);
    const io = captured(dir);
    assert.equal(await main(['new', 'nodepool', 'spark-worker', '--cluster', 'sandbox', '--repo', 'gitops'], io), 1);
    assert.match(
      io.stderr.join('\n'),
      /spark-worker\.yaml would not be valid; nothing written:\nclusters\/sandbox\/nodepools\/spark-worker\.yaml:\d+: NodePool\/spark-worker: metadata\.name: duplicate NodePool "spark-worker" \(first defined at clusters\/sandbox\/nodepools\/other\.yaml/,
    );
    assert.deepEqual(pools(dir), before);
  });

  it('GIVEN a bad name, an unknown cluster or an unknown flag THEN exit 2 with the reason and nothing written', async () => {
    const dir = tempRepo();
    const before = pools(dir);
    const cases: Array<[string[], RegExp]> = [
      [['new', 'nodepool', 'Spark_Worker', '--cluster', 'sandbox'], /NodePool name "Spark_Worker" is not a DNS label/],
      [
        ['new', 'nodepool', 'spark', '--cluster', 'staging', '--repo', 'gitops'],
        /unknown cluster "staging" in .*gitops \(known: lab, prod-eu, sandbox\)/,
      ],
      [['new', 'nodepool', 'spark', '--cluster', 'sandbox', '--repo', 'gitops', '--replicas', '3'], /unknown option "--replicas"/],
      [['new', 'nodepool', 'spark'], /--cluster is required/],
      [['new', 'nodegroup', 'spark', '--cluster', 'sandbox'], /only `nodepool` is known/],
      [
        ['new', 'nodepool', 'spark', '--cluster', 'sandbox', '--repo', 'gitops', '--like', 'nope'],
        /no NodePool nope in cluster sandbox to copy \(--like\): it has airflow-worker, default/,
      ],
      [['new', 'nodepool', 'spark', '--cluster', 'sandbox'], /no GitOps repository at .*\.karpd\/gitops/],
    ];
    for (const [args, expected] of cases) {
      const io = captured(dir);
      assert.equal(await main(args, io), 2, args.join(' '));
      assert.match(io.stderr.join('\n'), expected);
    }
    assert.deepEqual(pools(dir), before);
    assert.ok(!existsSync(join(dir, '.karpd')));
  });
});
