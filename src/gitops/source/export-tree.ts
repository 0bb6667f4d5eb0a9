/**
 * Exports one commit's files into `<trees>/<commit>` atomically: the files are
 * checked out into a staging folder beside it (with a private index, so the
 * repository's own index and working copy are never touched) and the folder
 * is renamed into place only when complete, so no reader ever sees half a
 * tree. Symlinks stay symlinks; the reader (`local-repository.ts`) checks
 * where they lead. Also resolves revisions and reads a commit's metadata.
 */
import { mkdir, mkdtemp, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { AutoscalerError, hasError } from '../../apis/errors.js';
import type { GitCallOptions } from './git-process.js';
import { isGitCommandError, runGit } from './git-process.js';

/** Where exported trees go, and the staging folder beside them (same file system, never read by anyone). */
export interface TreeFolders {
  readonly trees: string;
  readonly staging: string;
}

/** A commit's metadata, as {@link Revision} carries it. */
export interface CommitInfo {
  readonly commit: string;
  readonly message: string;
  readonly author: string;
  /** RFC 3339. */
  readonly committedAt: string;
}

/** Thrown when a revision (branch, tag, commit, `HEAD`, short hash) does not name a commit of the repository. */
export class RevisionNotFoundError extends AutoscalerError {
  constructor(
    readonly revision: string,
    readonly repository: string,
    message: string,
  ) {
    super(message);
    this.name = 'RevisionNotFoundError';
  }
}

/** Is `error` a {@link RevisionNotFoundError}? */
export function isRevisionNotFoundError(error: unknown): boolean {
  return hasError(error, RevisionNotFoundError);
}

/** The full hash of the commit `revision` names in `repoDir`; throws {@link RevisionNotFoundError}. */
export async function resolveCommit(repoDir: string, revision: string, options: GitCallOptions = {}): Promise<string> {
  if (revision.startsWith('-') || revision.trim() === '') {
    throw new RevisionNotFoundError(revision, repoDir, `revision "${revision}" is not a revision of ${repoDir}`);
  }
  const notFound = new RevisionNotFoundError(
    revision,
    repoDir,
    `revision "${revision}" not found in ${repoDir} (no such branch, tag or commit)`,
  );
  const out = await runGit(repoDir, ['rev-parse', '--verify', '--end-of-options', `${revision}^{commit}`], 'resolving', options).catch(
    (error: unknown) => {
      if (isGitCommandError(error)) throw notFound;
      throw error;
    },
  );
  const commit = out.trim();
  if (!/^[0-9a-f]{40,64}$/.test(commit)) throw notFound;
  return commit;
}

/** Whether `commit` exists in `repoDir`. */
export async function hasCommit(repoDir: string, commit: string, options: GitCallOptions = {}): Promise<boolean> {
  return resolveCommit(repoDir, commit, options).then(
    () => true,
    (error: unknown) => {
      if (isRevisionNotFoundError(error)) return false;
      throw error;
    },
  );
}

/** The author, commit time and message of `commit`. */
export async function readCommitInfo(repoDir: string, commit: string, options: GitCallOptions = {}): Promise<CommitInfo> {
  const out = await runGit(
    repoDir,
    ['log', '-1', '--no-show-signature', '--format=%H%x00%an <%ae>%x00%cI%x00%B', commit],
    `reading commit ${commit}`,
    options,
  );
  const [hash = commit, author = '', committedAt = '', message = ''] = out.split('\0');
  return { commit: hash.trim(), author, committedAt, message: message.trimEnd() };
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** Exports `commit` of `repoDir` to `folders.trees/<commit>` (reused when already there) and returns that folder. */
export async function exportTree(repoDir: string, commit: string, folders: TreeFolders, options: GitCallOptions = {}): Promise<string> {
  const target = join(folders.trees, commit);
  if (await isFolder(target)) {
    const now = new Date();
    await utimes(target, now, now);
    return target;
  }
  await mkdir(folders.trees, { recursive: true });
  await mkdir(folders.staging, { recursive: true });
  const staging = await mkdtemp(join(folders.staging, `${commit.slice(0, 12)}-`));
  try {
    const tree = join(staging, 'tree');
    await mkdir(tree);
    // A private index and work tree: the repository's own index and working copy stay as they are.
    const env = { ...options.env, GIT_INDEX_FILE: join(staging, 'index'), GIT_WORK_TREE: tree };
    const call = { ...options, env };
    await runGit(repoDir, ['read-tree', commit], `exporting ${commit}`, call);
    await runGit(repoDir, ['checkout-index', '--all', '--force', `--prefix=${tree}/`], `exporting ${commit}`, call);
    await rename(tree, target).catch(async (error: NodeJS.ErrnoException) => {
      // Another export of the same commit won the race: its tree is just as complete.
      if (!(await isFolder(target))) throw error;
    });
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
