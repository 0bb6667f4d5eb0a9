import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceReadError, readManifestSet } from '../../src/gitops/source/local-repository.js';

describe('readManifestSet', () => {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'karpd-repo-'));
    await mkdir(join(root, 'clusters/a/nodepools/team'), { recursive: true });
    await mkdir(join(root, 'clusters/b'), { recursive: true });
    await mkdir(join(root, 'base'), { recursive: true });
    await mkdir(join(root, '.git'), { recursive: true });
    await writeFile(join(root, 'clusters/a/cluster.yaml'), 'kind: Cluster\n');
    await writeFile(join(root, 'clusters/a/nodepools/one.yaml'), 'kind: NodePool\n');
    await writeFile(join(root, 'clusters/a/nodepools/team/two.yml'), 'kind: NodePool\n');
    await writeFile(join(root, 'clusters/a/README.md'), '# not a manifest\n');
    await writeFile(join(root, 'clusters/b/cluster.yaml'), 'kind: Cluster\n');
    await writeFile(join(root, 'base/shared.yaml'), 'kind: EC2NodeClass\n');
    await writeFile(join(root, '.git/config.yaml'), 'ignored: true\n');
  });
  after(async () => rm(root, { recursive: true, force: true }));

  it('groups a repository into cluster folders and loose files, with paths relative to cwd', async () => {
    const set = await readManifestSet(['.'], root);
    assert.deepEqual(
      set.clusters.map((cluster) => [cluster.name, cluster.clusterFile.path, cluster.manifests.map((file) => file.path)]),
      [
        ['a', 'clusters/a/cluster.yaml', ['clusters/a/nodepools/one.yaml', 'clusters/a/nodepools/team/two.yml']],
        ['b', 'clusters/b/cluster.yaml', []],
      ],
    );
    assert.deepEqual(
      set.loose.map((file) => file.path),
      ['base/shared.yaml'],
    );
  });

  it('finds the cluster of a single file by walking up to its cluster.yaml', async () => {
    const set = await readManifestSet(['clusters/a/nodepools/team/two.yml'], root);
    assert.equal(set.clusters.length, 1);
    assert.equal(set.clusters[0].name, 'a');
    assert.equal(set.clusters[0].clusterFile.text, 'kind: Cluster\n');
    assert.deepEqual(
      set.clusters[0].manifests.map((file) => file.path),
      ['clusters/a/nodepools/team/two.yml'],
    );
  });

  it('reads each file once when paths overlap', async () => {
    const set = await readManifestSet(['clusters/a', 'clusters/a/nodepools/one.yaml'], root);
    assert.equal(set.clusters[0].manifests.length, 2);
  });

  it('throws a SourceReadError naming a missing path', async () => {
    await assert.rejects(
      readManifestSet(['nope.yaml'], root),
      (error: unknown) => error instanceof SourceReadError && error.message === 'nope.yaml: no such file or folder',
    );
  });
});
