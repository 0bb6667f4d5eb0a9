/**
 * One revision of a local repository, exported for `karpd plan --repo PATH
 * --revision REV`: the revision (branch, tag, commit, `HEAD`, short hash) is
 * resolved and its committed files exported to `destRoot/<commit>` with the
 * same atomic export a Git source uses, so uncommitted edits never count.
 */
import { join } from 'node:path';
import type { Revision } from './revision.js';
import { exportTree, readCommitInfo, resolveCommit } from './export-tree.js';

export { RevisionNotFoundError, isRevisionNotFoundError } from './export-tree.js';

/** The staging folder of {@link exportRevision}, inside `destRoot` (hidden, never a tree). */
export const STAGING_FOLDER = '.staging';

/**
 * Resolves `rev` in the repository at `repoDir` and exports its tree under `destRoot`.
 * Throws `RevisionNotFoundError` (naming the rev and the repository) when `rev` names no commit.
 *
 * @example
 * const revision = await exportRevision('.', 'HEAD', join(stateDir, 'plan-trees'));
 * await loadClusterManifests(revision.tree, 'sandbox');
 */
export async function exportRevision(repoDir: string, rev: string, destRoot: string): Promise<Revision> {
  const commit = await resolveCommit(repoDir, rev);
  const tree = await exportTree(repoDir, commit, { trees: destRoot, staging: join(destRoot, STAGING_FOLDER) });
  const info = await readCommitInfo(repoDir, commit);
  return { ...info, commit, ref: rev, tree };
}
