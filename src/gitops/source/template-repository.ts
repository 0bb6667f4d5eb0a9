/**
 * Creates the local GitOps repository the embedded default syncs from: a copy
 * of `repo-template/` committed on `main`, so the operator can edit, commit
 * and watch NodePools sync. It is built in a staging folder beside the target
 * and renamed into place only once committed, so a crash never leaves half a
 * repository; once it exists it is never touched again (edits and commits in
 * it are the operator's). The initial commit is made as `karpd` with
 * per-command settings, so it works on a machine without a git identity and
 * leaves the operator's own identity and signing settings in charge of
 * every later commit.
 */
import { cp, mkdir, mkdtemp, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AutoscalerError, hasError } from '../../apis/errors.js';
import { runGit } from './git-process.js';

/** What {@link ensureTemplateRepository} did. */
export interface TemplateRepositoryResult {
  readonly path: string;
  /** True when the repository was created now, false when it already existed. */
  readonly created: boolean;
  /** The commit `HEAD` points at. */
  readonly head: string;
}

/** The author of the initial commit. */
export const TEMPLATE_COMMIT_AUTHOR = { name: 'karpd', email: 'karpd@localhost' } as const;

/** Thrown when the GitOps repository cannot be created or read (no template, a folder in the way). */
export class TemplateRepositoryError extends AutoscalerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateRepositoryError';
  }
}

/** Is `error` a {@link TemplateRepositoryError}? */
export function isTemplateRepositoryError(error: unknown): boolean {
  return hasError(error, TemplateRepositoryError);
}

async function entriesOf(path: string): Promise<string[] | undefined> {
  return readdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new TemplateRepositoryError(`reading ${path}: ${error.code ?? String(error)}`, { cause: error });
  });
}

async function headOf(repo: string): Promise<string> {
  const out = await runGit(repo, ['rev-parse', '--verify', 'HEAD^{commit}'], `reading HEAD of the gitops repository ${repo}`);
  return out.trim();
}

async function buildRepository(templateDir: string, staging: string): Promise<void> {
  await cp(templateDir, staging, { recursive: true, verbatimSymlinks: true });
  await runGit(staging, ['init', '--quiet', '--initial-branch=main'], `creating the gitops repository in ${staging}`);
  await runGit(staging, ['add', '--all'], `creating the gitops repository in ${staging}`);
  const identity = ['-c', `user.name=${TEMPLATE_COMMIT_AUTHOR.name}`, '-c', `user.email=${TEMPLATE_COMMIT_AUTHOR.email}`];
  await runGit(
    staging,
    [
      ...identity,
      '-c',
      'commit.gpgsign=false',
      'commit',
      '--quiet',
      '--no-verify',
      '-m',
      'Initial cluster configuration from repo-template',
    ],
    `committing the gitops repository in ${staging}`,
  );
}

/** Creates `targetDir` as a Git repository holding `templateDir`, unless it already is one (then it is left as it is). */
export async function ensureTemplateRepository(templateDir: string, targetDir: string): Promise<TemplateRepositoryResult> {
  if (await stat(join(targetDir, '.git')).catch(() => undefined)) return { path: targetDir, created: false, head: await headOf(targetDir) };
  const existing = await entriesOf(targetDir);
  if (existing !== undefined && existing.length > 0) {
    throw new TemplateRepositoryError(
      `creating the gitops repository: ${targetDir} exists and is not a Git repository; karpd never overwrites it (move it away, or make it a repository)`,
    );
  }
  if (!(await stat(templateDir).catch(() => undefined))?.isDirectory()) {
    throw new TemplateRepositoryError(`creating the gitops repository: template folder ${templateDir} does not exist`);
  }
  await mkdir(dirname(targetDir), { recursive: true });
  const staging = await mkdtemp(join(dirname(targetDir), `.${basename(targetDir)}.creating-`));
  try {
    await buildRepository(templateDir, staging);
    if (existing !== undefined) await rmdir(targetDir);
    await rename(staging, targetDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { path: targetDir, created: true, head: await headOf(targetDir) };
}
