/**
 * Creates the local GitOps repository the embedded default syncs from: a copy
 * of `repo-template/` committed on `main`, so the operator can edit, commit
 * and watch NodePools sync. An existing repository is left as it is.
 */
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';

/** What {@link ensureTemplateRepository} did. */
export interface TemplateRepositoryResult {
  readonly path: string;
  /** True when the repository was created now, false when it already existed. */
  readonly created: boolean;
  /** The commit `main` points at. */
  readonly head: string;
}

/** Creates `targetDir` as a Git repository holding `templateDir`, unless it already is one. */
export async function ensureTemplateRepository(templateDir: string, targetDir: string): Promise<TemplateRepositoryResult> {
  if (existsSync(join(targetDir, '.git'))) {
    const head = (await simpleGit(targetDir).revparse(['HEAD'])).trim();
    return { path: targetDir, created: false, head };
  }
  if (!existsSync(templateDir)) throw new Error(`creating the gitops repository: template folder ${templateDir} does not exist`);
  mkdirSync(targetDir, { recursive: true });
  cpSync(templateDir, targetDir, { recursive: true });
  const git = simpleGit(targetDir);
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.name', 'karpd', false, 'local');
  await git.addConfig('user.email', 'karpd@localhost', false, 'local');
  await git.add('.');
  await git.commit('Initial cluster configuration from repo-template');
  const head = (await git.revparse(['HEAD'])).trim();
  return { path: targetDir, created: true, head };
}
