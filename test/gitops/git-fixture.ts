/** Temp Git repositories for the source tests: an origin to commit to, with a local identity and no signing. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Runs git in `cwd` and returns its trimmed stdout. */
export function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A fresh temp folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `karpd-${prefix}-`));
}

/** Writes `text` to `path` under `repo` (creating folders). */
export function writeRepoFile(repo: string, path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

/** Writes `files`, commits them all with `message` and returns the new commit's hash. */
export function commitFiles(repo: string, files: Record<string, string>, message: string, extra: readonly string[] = []): string {
  for (const [path, text] of Object.entries(files)) writeRepoFile(repo, path, text);
  git(repo, ['add', '--all']);
  git(repo, ['-c', 'commit.gpgsign=false', 'commit', '--quiet', '--allow-empty', '-m', message, ...extra]);
  return git(repo, ['rev-parse', 'HEAD']);
}

/** A working repository on branch `main` with one commit holding `clusters/a/cluster.yaml`. */
export function makeOrigin(): { dir: string; first: string } {
  const dir = tempDir('origin');
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['config', 'user.name', 'Test Author']);
  git(dir, ['config', 'user.email', 'author@example.com']);
  const first = commitFiles(dir, { 'clusters/a/cluster.yaml': 'kind: Cluster\n' }, 'first');
  return { dir, first };
}
