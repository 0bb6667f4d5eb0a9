import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RevisionNotFoundError, STAGING_FOLDER, exportRevision } from '../../src/gitops/source/export-revision.js';
import { commitFiles, git, makeOrigin, tempDir } from './git-fixture.js';

describe('exportRevision', () => {
  it('resolves HEAD, a branch, a tag, a full and a short hash to the same commit and exports its files', async () => {
    const repo = makeOrigin();
    git(repo.dir, ['tag', 'v1']);
    const dest = tempDir('trees');
    for (const rev of ['HEAD', 'main', 'v1', repo.first, repo.first.slice(0, 8)]) {
      const revision = await exportRevision(repo.dir, rev, dest);
      assert.equal(revision.commit, repo.first, rev);
      assert.equal(revision.ref, rev);
      assert.equal(revision.tree, join(dest, repo.first));
      assert.equal(readFileSync(join(revision.tree, 'clusters/a/cluster.yaml'), 'utf8'), 'kind: Cluster\n');
    }
    assert.deepEqual(readdirSync(dest).sort(), [STAGING_FOLDER, repo.first].sort());
    assert.deepEqual(readdirSync(join(dest, STAGING_FOLDER)), []);
  });

  it('exports an older commit as it was, without uncommitted edits, and keeps symlinks as symlinks', async () => {
    const repo = makeOrigin();
    symlinkSync('cluster.yaml', join(repo.dir, 'clusters/a/alias.yaml'));
    const linked = commitFiles(repo.dir, { 'clusters/a/nodepools/p.yaml': 'v: 1\n' }, 'with a link');
    commitFiles(repo.dir, { 'clusters/a/nodepools/p.yaml': 'v: 2\n' }, 'newer');
    writeFileSync(join(repo.dir, 'clusters/a/nodepools/p.yaml'), 'v: uncommitted\n');
    const revision = await exportRevision(repo.dir, 'HEAD~1', tempDir('trees'));
    assert.equal(revision.commit, linked);
    assert.equal(revision.message, 'with a link');
    assert.equal(readFileSync(join(revision.tree, 'clusters/a/nodepools/p.yaml'), 'utf8'), 'v: 1\n');
    assert.ok(lstatSync(join(revision.tree, 'clusters/a/alias.yaml')).isSymbolicLink());
    assert.equal(readlinkSync(join(revision.tree, 'clusters/a/alias.yaml')), 'cluster.yaml');
    const head = await exportRevision(repo.dir, 'HEAD', tempDir('trees'));
    assert.equal(readFileSync(join(head.tree, 'clusters/a/nodepools/p.yaml'), 'utf8'), 'v: 2\n');
  });

  it('throws a RevisionNotFoundError naming the revision and the repository', async () => {
    const repo = makeOrigin();
    const dest = tempDir('trees');
    for (const rev of ['no-such-branch', 'deadbeef', '--all']) {
      await assert.rejects(
        exportRevision(repo.dir, rev, dest),
        (error: unknown) =>
          error instanceof RevisionNotFoundError && error.message.includes(`"${rev}"`) && error.message.includes(repo.dir),
      );
    }
    assert.equal(existsSync(join(dest, STAGING_FOLDER)), false, 'nothing is written for a bad revision');
  });
});
