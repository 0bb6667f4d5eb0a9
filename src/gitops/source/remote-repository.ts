/**
 * Brings a remote GitOps repository into the state directory: clone on first
 * use, then fetch and hard-reset to the branch's tip. The checkout is karpd's
 * own; a local path works as a URL too. Credentials come from git's own
 * helpers (ssh agent, credential helpers) and are never logged.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';

/** Where the repository is checked out and at which commit. */
export interface Checkout {
  readonly path: string;
  readonly head: string;
}

/** Removes `user:password@` from a URL before it is shown anywhere. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//');
}

/** Clones or updates `url`'s `branch` into `dir`. */
export async function syncCheckout(url: string, branch: string, dir: string): Promise<Checkout> {
  if (!existsSync(join(dir, '.git'))) {
    mkdirSync(dir, { recursive: true });
    try {
      await simpleGit().clone(url, dir, ['--branch', branch, '--single-branch']);
    } catch (error) {
      throw new Error(
        `cloning ${redactUrl(url)} (branch ${branch}): ${error instanceof Error ? error.message.replaceAll(url, redactUrl(url)) : String(error)}`,
      );
    }
  } else {
    const git = simpleGit(dir);
    await git.fetch('origin', branch);
    await git.reset(['--hard', `origin/${branch}`]);
  }
  const head = (await simpleGit(dir).revparse(['HEAD'])).trim();
  return { path: dir, head };
}
