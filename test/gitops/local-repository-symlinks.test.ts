import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateManifestSet } from '../../src/gitops/render/validate-manifest-set.js';
import { exportRevision } from '../../src/gitops/source/export-revision.js';
import { loadClusterManifests } from '../../src/gitops/source/load-cluster.js';
import { readManifestSet } from '../../src/gitops/source/local-repository.js';
import { commitFiles, git, tempDir, writeRepoFile } from './git-fixture.js';

const SANDBOX = 'clusters/sandbox';

describe('readManifestSet and symlinks', () => {
  let root = '';
  let outside = '';
  before(() => {
    root = tempDir('links');
    outside = tempDir('outside');
    writeFileSync(join(outside, 'secret.yaml'), 'kind: Secret\n');
    writeRepoFile(outside, 'pools/far.yaml', 'kind: NodePool\n');
    writeRepoFile(root, `${SANDBOX}/cluster.yaml`, 'kind: Cluster\n');
    writeRepoFile(root, `${SANDBOX}/nodepools/good.yaml`, 'kind: NodePool # good\n');
    writeRepoFile(root, `${SANDBOX}/.shared/pools/shared.yaml`, 'kind: NodePool # shared\n');
    writeRepoFile(root, 'clusters/other/cluster.yaml', 'kind: Cluster\n');
    writeRepoFile(root, 'clusters/other/nodepools/theirs.yaml', 'kind: NodePool # theirs\n');
    symlinkSync('good.yaml', join(root, SANDBOX, 'nodepools/alias.yaml'));
    symlinkSync('.shared/pools', join(root, SANDBOX, 'linked-pools'));
    symlinkSync(join(outside, 'secret.yaml'), join(root, SANDBOX, 'nodepools/absolute.yaml'));
    symlinkSync('../../../../../../../../../../etc/passwd', join(root, SANDBOX, 'nodepools/passwd.yaml'));
    symlinkSync('../../other/nodepools/theirs.yaml', join(root, SANDBOX, 'nodepools/theirs.yaml'));
    symlinkSync(join(outside, 'pools'), join(root, SANDBOX, 'far-pools'));
    symlinkSync('missing.yaml', join(root, SANDBOX, 'nodepools/broken.yaml'));
    mkdirSync(join(root, 'base'));
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'base/loose.yaml'));
    writeFileSync(join(root, 'base/plain.yaml'), 'kind: EC2NodeClass\n');
  });

  it('follows symlinks that stay inside the cluster folder and reports every one that leaves it, naming the file', async () => {
    const set = await readManifestSet(['.'], root);
    const sandbox = set.clusters.find((cluster) => cluster.name === 'sandbox');
    assert.deepEqual(
      sandbox?.manifests.map((file) => [file.path, file.text]),
      [
        [`${SANDBOX}/linked-pools/shared.yaml`, 'kind: NodePool # shared\n'],
        [`${SANDBOX}/nodepools/alias.yaml`, 'kind: NodePool # good\n'],
        [`${SANDBOX}/nodepools/good.yaml`, 'kind: NodePool # good\n'],
      ],
    );
    assert.deepEqual(
      sandbox?.unreadable?.map((file) => [file.path, file.code, file.message]),
      [
        [`${SANDBOX}/far-pools`, 'symlink-outside-folder', `symlink points outside ${SANDBOX}: ${join(outside, 'pools')}`],
        [
          `${SANDBOX}/nodepools/absolute.yaml`,
          'symlink-outside-folder',
          `symlink points outside ${SANDBOX}: ${join(outside, 'secret.yaml')}`,
        ],
        [`${SANDBOX}/nodepools/broken.yaml`, 'broken-symlink', 'broken symlink: missing.yaml does not exist'],
        [
          `${SANDBOX}/nodepools/passwd.yaml`,
          'symlink-outside-folder',
          `symlink points outside ${SANDBOX}: ../../../../../../../../../../etc/passwd`,
        ],
        [
          `${SANDBOX}/nodepools/theirs.yaml`,
          'symlink-outside-folder',
          `symlink points outside ${SANDBOX}: ../../other/nodepools/theirs.yaml`,
        ],
      ],
    );
    assert.deepEqual(
      set.loose.map((file) => file.path),
      ['base/plain.yaml'],
    );
    assert.deepEqual(
      set.unreadable?.map((file) => file.path),
      ['base/loose.yaml'],
    );
    assert.doesNotMatch(JSON.stringify(set), /Secret|root:/, 'nothing outside was read');
  });

  it('turns each unreadable file into an error problem for that file, next to the problems of the files read', async () => {
    const set = await readManifestSet([SANDBOX], root);
    const report = validateManifestSet(set);
    const errors = report.problems.filter((problem) => problem.code === 'symlink-outside-folder');
    assert.deepEqual(
      errors.map((problem) => [problem.severity, problem.file]),
      [
        ['error', `${SANDBOX}/far-pools`],
        ['error', `${SANDBOX}/nodepools/absolute.yaml`],
        ['error', `${SANDBOX}/nodepools/passwd.yaml`],
        ['error', `${SANDBOX}/nodepools/theirs.yaml`],
      ],
    );
    assert.ok(
      report.problems.some((problem) => problem.file === `${SANDBOX}/nodepools/good.yaml`),
      'the good file was still validated',
    );
  });
});

describe('a committed symlink out of the cluster folder', () => {
  it('is refused with an error naming the file while the rest of the revision is read', async () => {
    const repo = tempDir('linked-repo');
    git(repo, ['init', '--quiet', '--initial-branch=main']);
    cpSync(resolve('repo-template/clusters/sandbox'), join(repo, SANDBOX), { recursive: true });
    symlinkSync('../../../../etc/passwd', join(repo, SANDBOX, 'nodepools/passwd.yaml'));
    git(repo, ['config', 'user.name', 'T']);
    git(repo, ['config', 'user.email', 't@example.com']);
    commitFiles(repo, {}, 'a link out');
    const revision = await exportRevision(repo, 'HEAD', tempDir('trees'));
    const manifests = await loadClusterManifests(revision.tree, 'sandbox');
    const problem = manifests.problems.find((p) => p.file === `${SANDBOX}/nodepools/passwd.yaml`);
    assert.equal(problem?.severity, 'error');
    assert.equal(problem?.message, `symlink points outside ${SANDBOX}: ../../../../etc/passwd`);
    assert.ok(manifests.objects.some((object) => object.kind === 'NodePool' && object.metadata?.name === 'airflow-worker'));
  });
});
