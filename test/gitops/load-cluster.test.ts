import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ClusterNotFoundError, loadClusterManifests } from '../../src/gitops/source/load-cluster.js';

const TEMPLATE = resolve(import.meta.dirname, '../../repo-template');

describe('loadClusterManifests', () => {
  it('returns the rendered objects of one cluster of repo-template', async () => {
    const loaded = await loadClusterManifests(TEMPLATE, 'sandbox');
    assert.equal(loaded.cluster.spec.cloud, 'sim');
    const names = loaded.objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    assert.deepEqual(names, [
      'EC2NodeClass/karpenter-nodeclass-default',
      'NodePool/airflow-worker',
      'NodePool/default',
      'NodePool/jupyterhub-small',
      'NodePool/trino-xsmall',
    ]);
    assert.ok(!JSON.stringify(loaded.objects).includes('{{'), 'placeholders are rendered');
  });

  it('leaves out an object with errors and reports it, keeping the others', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'karpd-repo-'));
    cpSync(TEMPLATE, repo, { recursive: true });
    const broken = join(repo, 'clusters/sandbox/nodepools/broken.yaml');
    writeFileSync(
      broken,
      'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: broken\nspec:\n  weight: 500\n  template:\n    spec:\n      requirements: []\n      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: karpenter-nodeclass-default}\n',
    );
    const loaded = await loadClusterManifests(repo, 'sandbox');
    assert.ok(!loaded.objects.some((o) => o.metadata.name === 'broken'));
    assert.equal(loaded.objects.filter((o) => o.kind === 'NodePool').length, 4);
    const problem = loaded.problems.find((p) => p.name === 'broken' && p.severity === 'error');
    assert.ok(problem, 'the broken pool is reported');
    assert.equal(problem.path, 'spec.weight');
  });

  it('names the missing cluster', async () => {
    await assert.rejects(
      loadClusterManifests(TEMPLATE, 'nope'),
      (error) => error instanceof ClusterNotFoundError && /cluster "nope" not found/.test(error.message),
    );
  });
});
