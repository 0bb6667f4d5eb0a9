import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GitSource } from '../../src/gitops/source/git-source.js';
import { TEMPLATE_COMMIT_AUTHOR, TemplateRepositoryError, ensureTemplateRepository } from '../../src/gitops/source/template-repository.js';
import { FakeClock } from '../../src/testing/fake-clock.js';
import { RecordingLogger } from '../../src/testing/recording-logger.js';
import { commitFiles, git, tempDir, writeRepoFile } from './git-fixture.js';

const TEMPLATE = resolve('repo-template');
const POOL = 'clusters/sandbox/nodepools/airflow-worker.yaml';

/** Runs with a HOME that has no git configuration, as on a fresh machine. */
function withoutGitIdentity(): () => void {
  const saved = { HOME: process.env.HOME, XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME };
  const home = tempDir('home');
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

describe('ensureTemplateRepository', () => {
  let restore: () => void = () => undefined;
  before(() => {
    restore = withoutGitIdentity();
  });
  after(() => restore());

  it('creates DIR/gitops from repo-template with one commit by karpd, on a machine with no git identity', async () => {
    const target = join(tempDir('state'), 'gitops');
    const result = await ensureTemplateRepository(TEMPLATE, target);
    assert.equal(result.created, true);
    assert.equal(git(target, ['rev-parse', 'HEAD']), result.head);
    assert.equal(git(target, ['rev-list', '--count', 'HEAD']), '1');
    assert.equal(git(target, ['log', '-1', '--format=%an <%ae>']), `${TEMPLATE_COMMIT_AUTHOR.name} <${TEMPLATE_COMMIT_AUTHOR.email}>`);
    assert.equal(git(target, ['branch', '--show-current']), 'main');
    assert.equal(git(target, ['status', '--porcelain']), '', 'everything of the template is committed');
    assert.equal(readFileSync(join(target, POOL), 'utf8'), readFileSync(join(TEMPLATE, POOL), 'utf8'));
    assert.throws(() => git(target, ['config', '--local', 'user.email']), 'no identity is written into the repository');
    assert.deepEqual(
      readdirSync(join(target, '..')).filter((name) => name !== 'gitops'),
      [],
      'no staging folder is left',
    );
  });

  it('never changes an existing repository: a second call leaves commits and edits as they are', async () => {
    const target = join(tempDir('state'), 'gitops');
    const first = await ensureTemplateRepository(TEMPLATE, target);
    const identity = ['-c', 'user.name=Operator', '-c', 'user.email=op@example.com'];
    writeRepoFile(target, POOL, 'kind: NodePool # committed edit\n');
    git(target, ['add', '--all']);
    git(target, [...identity, 'commit', '--quiet', '-m', 'edit the pool']);
    const head = git(target, ['rev-parse', 'HEAD']);
    writeFileSync(join(target, 'clusters/sandbox/cluster.yaml'), 'uncommitted: true\n');
    const second = await ensureTemplateRepository(TEMPLATE, target);
    assert.deepEqual(second, { path: target, created: false, head });
    assert.notEqual(head, first.head);
    assert.equal(readFileSync(join(target, POOL), 'utf8'), 'kind: NodePool # committed edit\n');
    assert.equal(readFileSync(join(target, 'clusters/sandbox/cluster.yaml'), 'utf8'), 'uncommitted: true\n');
    assert.equal(git(target, ['rev-list', '--count', 'HEAD']), '2');
  });

  it('refuses to overwrite a folder that is not a repository', async () => {
    const target = join(tempDir('state'), 'gitops');
    mkdirSync(target);
    writeFileSync(join(target, 'mine.txt'), 'keep me\n');
    await assert.rejects(ensureTemplateRepository(TEMPLATE, target), TemplateRepositoryError);
    assert.deepEqual(readdirSync(target), ['mine.txt']);
  });

  it('names a missing template folder', async () => {
    const target = join(tempDir('state'), 'gitops');
    await assert.rejects(
      ensureTemplateRepository('/nonexistent/template', target),
      /template folder \/nonexistent\/template does not exist/,
    );
    assert.equal(existsSync(target), false);
  });

  it('is a source a GitSource follows: commits are seen, uncommitted edits are not', async () => {
    const target = join(tempDir('state'), 'gitops');
    const created = await ensureTemplateRepository(TEMPLATE, target);
    const source = new GitSource({
      url: target,
      cacheDir: join(tempDir('state'), 'cache'),
      intervalMs: 30_000,
      clock: new FakeClock(),
      logger: new RecordingLogger(),
    });
    assert.equal((await source.refresh())?.commit, created.head);
    git(target, ['config', 'user.name', 'Operator']);
    git(target, ['config', 'user.email', 'op@example.com']);
    const edited = commitFiles(target, { [POOL]: 'kind: NodePool # limits raised\n' }, 'raise airflow-worker limits');
    writeFileSync(join(target, POOL), 'kind: NodePool # not committed\n');
    const revision = await source.refresh();
    assert.equal(revision?.commit, edited);
    assert.equal(readFileSync(join(revision?.tree ?? '', POOL), 'utf8'), 'kind: NodePool # limits raised\n');
  });
});
