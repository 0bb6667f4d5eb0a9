import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { GitSourceOptions } from '../../src/gitops/source/git-source.js';
import { GitSource } from '../../src/gitops/source/git-source.js';
import type { Revision } from '../../src/gitops/source/revision.js';
import { GitSourceConfigError } from '../../src/gitops/source/source-ref.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { RecordingLogger } from '../../src/testing/recording-logger.js';
import { commitFiles, git, makeOrigin, tempDir } from './git-fixture.js';

const INTERVAL = 30_000;

function sourceFor(url: string, extra: Partial<GitSourceOptions> = {}) {
  const clock = new FakeClock();
  const logger = new RecordingLogger();
  const cacheDir = join(tempDir('cache'), 'source');
  const source = new GitSource({ url, cacheDir, intervalMs: INTERVAL, clock, logger, random: () => 0.5, ...extra });
  const seen: Revision[] = [];
  source.onRevision((revision) => seen.push(revision));
  return { source, clock, logger, cacheDir, seen };
}

const read = (revision: Revision | undefined, path: string) => readFileSync(join(revision?.tree ?? '/nonexistent', path), 'utf8');
const later = (clock: FakeClock, ms: number) => new Date(clock.now().getTime() + ms).toISOString();

describe('GitSource', () => {
  it('has no revision before the first fetch, then puts the branch tip in force and tells its listeners', async () => {
    const origin = makeOrigin();
    const { source, clock, seen } = sourceFor(origin.dir);
    assert.equal(source.current(), undefined);
    source.start();
    const revision = await source.refresh();
    assert.equal(revision?.commit, origin.first);
    assert.equal(revision?.ref, 'main');
    assert.equal(revision?.message, 'first');
    assert.equal(revision?.author, 'Test Author <author@example.com>');
    assert.match(revision?.committedAt ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.equal(read(revision, 'clusters/a/cluster.yaml'), 'kind: Cluster\n');
    assert.deepEqual(
      seen.map((r) => r.commit),
      [origin.first],
    );
    const status = source.status();
    assert.equal(status.revision, origin.first);
    assert.equal(status.failures, 0);
    assert.equal(status.error, undefined);
    assert.equal(status.fetchedAt, clock.now().toISOString());
    assert.equal(status.nextFetchAt, later(clock, INTERVAL));
    await source.stop();
    assert.equal(clock.pending(), 0);
  });

  it('takes a new commit on refresh and on the interval, and fires listeners only when the commit changes', async () => {
    const origin = makeOrigin();
    const { source, clock, seen } = sourceFor(origin.dir);
    source.start();
    await source.refresh();
    await source.refresh();
    assert.equal(seen.length, 1);
    const second = commitFiles(origin.dir, { 'clusters/a/nodepools/p.yaml': 'kind: NodePool\n' }, 'second');
    assert.equal((await source.refresh())?.commit, second);
    const third = commitFiles(origin.dir, { 'clusters/a/nodepools/p.yaml': 'kind: NodePool # 3\n' }, 'third');
    clock.advance(INTERVAL - 1);
    assert.equal(source.current()?.commit, second, 'nothing fetched before the interval is up');
    clock.advance(1);
    const joined = source.refresh();
    assert.equal(source.refresh(), joined, 'a refresh joins the fetch already running');
    assert.equal((await joined)?.commit, third);
    assert.equal(read(source.current(), 'clusters/a/nodepools/p.yaml'), 'kind: NodePool # 3\n');
    assert.deepEqual(
      seen.map((r) => r.message),
      ['first', 'second', 'third'],
    );
    await source.stop();
  });

  it('syncs only commits of a working repository, never its uncommitted or untracked edits', async () => {
    const origin = makeOrigin();
    const { source } = sourceFor(origin.dir);
    await source.refresh();
    writeFileSync(join(origin.dir, 'clusters/a/cluster.yaml'), 'kind: Cluster # edited\n');
    writeFileSync(join(origin.dir, 'clusters/a/untracked.yaml'), 'kind: NodePool\n');
    git(origin.dir, ['add', 'clusters/a/untracked.yaml']);
    const revision = await source.refresh();
    assert.equal(revision?.commit, origin.first);
    assert.equal(read(revision, 'clusters/a/cluster.yaml'), 'kind: Cluster\n');
    assert.equal(existsSync(join(revision?.tree ?? '', 'clusters/a/untracked.yaml')), false);
    const status = git(origin.dir, ['status', '--porcelain']).split('\n');
    assert.deepEqual(status, ['M clusters/a/cluster.yaml', 'A  clusters/a/untracked.yaml'], "the working repository's index is untouched");
  });

  it('keeps the last revision when the remote is unreachable, shows why, backs off, and recovers', async () => {
    const origin = makeOrigin();
    const { source, clock, logger } = sourceFor(origin.dir, { maxBackoffMs: 150_000 });
    source.start();
    await source.refresh();
    const moved = `${origin.dir}-moved`;
    renameSync(origin.dir, moved);
    const expected = [60_000, 120_000, 150_000, 150_000];
    for (const [index, backoff] of expected.entries()) {
      assert.equal((await source.refresh())?.commit, origin.first);
      const status = source.status();
      assert.equal(status.failures, index + 1);
      assert.equal(status.revision, origin.first);
      assert.match(status.error ?? '', new RegExp(`fetching branch main from ${origin.dir}`));
      assert.equal(status.nextFetchAt, later(clock, backoff));
    }
    assert.ok(logger.problems().some((line) => line.message.includes('fetch failed')));
    renameSync(moved, origin.dir);
    const next = commitFiles(origin.dir, { 'b.yaml': 'b\n' }, 'after the outage');
    clock.advance(150_000);
    assert.equal((await source.refresh())?.commit, next);
    assert.equal(source.status().failures, 0);
    assert.equal(source.status().error, undefined);
    assert.equal(source.status().nextFetchAt, later(clock, INTERVAL));
    await source.stop();
  });

  it('clears the lock files a killed fetch leaves in its clone before it retries', async () => {
    const origin = makeOrigin();
    const { source, cacheDir } = sourceFor(origin.dir);
    await source.refresh();
    renameSync(origin.dir, `${origin.dir}-moved`);
    await source.refresh();
    writeFileSync(join(cacheDir, 'repo.git/refs/karpd/branch/main.lock'), '');
    renameSync(`${origin.dir}-moved`, origin.dir);
    const next = commitFiles(origin.dir, { 'b.yaml': 'b\n' }, 'next');
    assert.equal((await source.refresh())?.commit, next);
    assert.equal(existsSync(join(cacheDir, 'repo.git/refs/karpd/branch/main.lock')), false);
  });

  it('never shows credentials of the URL in its status or logs', async () => {
    const { source, logger } = sourceFor('https://bot:s3cret@127.0.0.1:9/nope.git', { gitTimeoutMs: 20_000 });
    assert.equal(await source.refresh(), undefined);
    const status = source.status();
    assert.equal(status.url, 'https://127.0.0.1:9/nope.git');
    assert.equal(status.failures, 1);
    assert.match(status.error ?? '', /fetching branch main from https:\/\/127\.0\.0\.1:9\/nope\.git/);
    assert.doesNotMatch(JSON.stringify([status, logger.lines]), /s3cret/);
  });

  it('bounds every git call: a remote that accepts and never answers fails the fetch with a timeout', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const port = (server.address() as { port: number }).port;
    try {
      const { source } = sourceFor(`http://127.0.0.1:${port}/repo.git`, { gitTimeoutMs: 500 });
      assert.equal(await source.refresh(), undefined);
      assert.match(source.status().error ?? '', /git timed out after 0\.5 s/);
      assert.equal(source.status().failures, 1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((done) => server.close(done));
    }
  });

  it('reports a file:// URL that does not exist', async () => {
    const { source } = sourceFor('file:///nonexistent/karpd-repo');
    assert.equal(await source.refresh(), undefined);
    assert.match(source.status().error ?? '', /file:\/\/\/nonexistent\/karpd-repo/);
  });

  it('follows a tag that moves, and resolves an annotated tag to its commit', async () => {
    const origin = makeOrigin();
    git(origin.dir, ['tag', 'v1']);
    const { source } = sourceFor(origin.dir, { ref: { tag: 'v1' } });
    const first = await source.refresh();
    assert.equal(first?.commit, origin.first);
    assert.equal(first?.ref, 'v1');
    const second = commitFiles(origin.dir, { 'b.yaml': 'b\n' }, 'second');
    assert.equal((await source.refresh())?.commit, origin.first, 'the tag has not moved yet');
    git(origin.dir, ['tag', '--force', '--annotate', '-m', 'moved', 'v1']);
    assert.equal((await source.refresh())?.commit, second);
  });

  it('takes the new tip of a force-pushed branch', async () => {
    const origin = makeOrigin();
    const { source } = sourceFor(origin.dir);
    commitFiles(origin.dir, { 'b.yaml': 'b\n' }, 'to be rewritten');
    await source.refresh();
    git(origin.dir, ['reset', '--quiet', '--hard', origin.first]);
    const rewritten = commitFiles(origin.dir, { 'c.yaml': 'c\n' }, 'rewritten');
    const revision = await source.refresh();
    assert.equal(revision?.commit, rewritten);
    assert.equal(existsSync(join(revision?.tree ?? '', 'b.yaml')), false);
  });

  it('fetches a pinned commit until it exists, then never moves', async () => {
    const origin = makeOrigin();
    const work = tempDir('work');
    git(work, ['clone', '--quiet', origin.dir, '.']);
    git(work, ['config', 'user.name', 'W']);
    git(work, ['config', 'user.email', 'w@example.com']);
    const pinned = commitFiles(work, { 'b.yaml': 'b\n' }, 'pinned');
    const { source, seen } = sourceFor(origin.dir, { ref: { commit: pinned } });
    assert.equal(await source.refresh(), undefined);
    assert.match(source.status().error ?? '', new RegExp(`commit ${pinned} not found in ${origin.dir}`));
    git(work, ['push', '--quiet', 'origin', 'main:feature']);
    assert.equal((await source.refresh())?.commit, pinned);
    commitFiles(origin.dir, { 'c.yaml': 'c\n' }, 'later');
    assert.equal((await source.refresh())?.commit, pinned);
    assert.equal(seen.length, 1);
    assert.equal(source.status().ref, pinned);
  });

  it('exports each revision whole under trees/ and keeps only the newest trees plus the one in force', async () => {
    const origin = makeOrigin();
    const { source, cacheDir } = sourceFor(origin.dir, { keepTrees: 2 });
    await source.refresh();
    for (const n of [2, 3, 4]) {
      commitFiles(origin.dir, { [`clusters/a/nodepools/p${n}.yaml`]: `n: ${n}\n` }, `commit ${n}`);
      await source.refresh();
    }
    const trees = readdirSync(join(cacheDir, 'trees'));
    assert.equal(trees.length, 2);
    assert.ok(trees.includes(source.current()?.commit ?? ''));
    for (const tree of trees) {
      assert.match(tree, /^[0-9a-f]{40}$/, 'only complete, renamed exports live under trees/');
      assert.ok(existsSync(join(cacheDir, 'trees', tree, 'clusters/a/cluster.yaml')));
    }
    assert.deepEqual(readdirSync(join(cacheDir, 'staging')), [], 'staging folders are removed after each export');
    assert.equal(existsSync(join(source.current()?.tree ?? '', '.git')), false, 'a tree holds files only, no repository');
  });

  it('keeps working when a listener throws', async () => {
    const origin = makeOrigin();
    const { source, logger, seen } = sourceFor(origin.dir);
    source.onRevision(() => {
      throw new Error('listener broke');
    });
    const unsubscribe = source.onRevision(() => seen.push(seen[0] as Revision));
    unsubscribe();
    assert.equal((await source.refresh())?.commit, origin.first);
    assert.equal(seen.length, 1, 'an unsubscribed listener is not called');
    assert.ok(logger.lines.some((line) => line.level === 'error' && line.message.includes('listener failed')));
  });

  it('refuses a configuration git would misread', () => {
    const options = { cacheDir: tempDir('cache'), intervalMs: 1, clock: new FakeClock(), logger: new RecordingLogger() };
    assert.throws(() => new GitSource({ ...options, url: '--upload-pack=evil' }), GitSourceConfigError);
    assert.throws(() => new GitSource({ ...options, url: 'x', ref: { branch: 'a', tag: 'b' } }), /not branch and tag/);
    assert.throws(() => new GitSource({ ...options, url: 'x', ref: { branch: '-f' } }), /not a valid ref name/);
    assert.throws(() => new GitSource({ ...options, url: 'x', ref: { commit: 'main' } }), /not a commit hash/);
  });
});
