/**
 * A {@link RevisionSource} over one Git repository and one ref, with
 * simple-git. karpd fetches into its own bare clone (`cacheDir/repo.git`), so
 * only commits are ever synced, never a working copy's edits; each revision
 * put in force is exported atomically to `cacheDir/trees/<commit>`. Fetches
 * run on the interval ± jitter; a failed one leaves the last revision in
 * force, says why in `status().error` and backs off exponentially. With
 * `verify.keys`, an unsigned or untrusted commit is refused, not taken.
 * Semantics after Flux's source-controller (GitRepository: interval, ref,
 * verify, artifact per revision).
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CancelTimer, Clock } from '../../apis/clock.js';
import type { Logger } from '../../kube/logger.js';
import type { Revision, RevisionSource, RevisionVerification, SourceStatus } from './revision.js';
import { RevisionNotFoundError, exportTree, hasCommit, isRevisionNotFoundError, readCommitInfo, resolveCommit } from './export-tree.js';
import { nextFetchDelay } from './fetch-schedule.js';
import { DEFAULT_GIT_TIMEOUT_MS, redactCredentials, runGit } from './git-process.js';
import { pruneTrees } from './prune-trees.js';
import type { SourceRef, SourceRefOptions } from './source-ref.js';
import { checkSourceUrl, fetchRefspecs, localRevision, sourceRefOf } from './source-ref.js';
import { prepareKeyring, refusalReason, verifyCommit } from './verify-commit.js';

/** Options of a {@link GitSource}. */
export interface GitSourceOptions {
  /** https, ssh (`git@host:org/repo`) or a local path (a bare or a working repository). */
  readonly url: string;
  /** Exactly one of branch, tag or commit. @default { branch: 'main' } */
  readonly ref?: SourceRefOptions;
  /** karpd's clone and exported trees live here, and nothing else is written. */
  readonly cacheDir: string;
  readonly intervalMs: number;
  /** Fraction of the interval added or taken at random. @default 0.1 */
  readonly jitter?: number;
  /** @default Math.random */
  readonly random?: () => number;
  /** Paths of ASCII-armored public keys; when given, only commits signed by one of them are taken. */
  readonly verify?: { readonly keys: readonly string[] };
  readonly clock: Clock;
  readonly logger: Logger;
  /** @default 300000 (5 min) */
  readonly maxBackoffMs?: number;
  /** @default 60000 */
  readonly gitTimeoutMs?: number;
  /** Exported trees kept (the one in force is never removed). @default 3 */
  readonly keepTrees?: number;
}

/** Follows `options.url`'s ref; see the module comment. */
export class GitSource implements RevisionSource {
  private readonly ref: SourceRef;
  private readonly repoDir: string;
  private readonly listeners = new Set<(revision: Revision) => void>();
  private revision: Revision | undefined;
  private fetchedAt: Date | undefined;
  private error: string | undefined;
  private failures = 0;
  private nextFetchAt: Date | undefined;
  private refused: { readonly commit: string; readonly reason: string } | undefined;
  private running: Promise<Revision | undefined> | undefined;
  private cancelTimer: CancelTimer | undefined;
  private started = false;
  private stopped = false;
  private repoReady = false;
  private keyring: Promise<{ home: string; fingerprints: string[] }> | undefined;

  constructor(private readonly options: GitSourceOptions) {
    checkSourceUrl(options.url);
    this.ref = sourceRefOf(options.ref);
    this.repoDir = join(options.cacheDir, 'repo.git');
  }

  current(): Revision | undefined {
    return this.revision;
  }

  status(): SourceStatus {
    return {
      url: redactCredentials(this.options.url),
      ref: this.ref.name,
      ...(this.revision === undefined ? {} : { revision: this.revision.commit }),
      ...(this.fetchedAt === undefined ? {} : { fetchedAt: this.fetchedAt.toISOString() }),
      ...(this.error === undefined ? {} : { error: this.error }),
      failures: this.failures,
      ...(this.nextFetchAt === undefined ? {} : { nextFetchAt: this.nextFetchAt.toISOString() }),
      ...(this.refused === undefined ? {} : { refused: this.refused }),
    };
  }

  refresh(): Promise<Revision | undefined> {
    if (this.running !== undefined) return this.running;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const run = this.fetchCycle().then(() => {
      this.running = undefined;
      this.schedule();
      return this.revision;
    });
    this.running = run;
    return run;
  }

  onRevision(listener: (revision: Revision) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.refresh();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.nextFetchAt = undefined;
    await this.running;
  }

  private schedule(): void {
    if (!this.started || this.stopped) {
      this.nextFetchAt = undefined;
      return;
    }
    const delay = nextFetchDelay(
      {
        intervalMs: this.options.intervalMs,
        jitter: this.options.jitter ?? 0.1,
        failures: this.failures,
        maxBackoffMs: this.options.maxBackoffMs ?? 300_000,
      },
      (this.options.random ?? Math.random)(),
    );
    this.nextFetchAt = new Date(this.options.clock.now().getTime() + delay);
    this.cancelTimer = this.options.clock.setTimeout(() => {
      this.cancelTimer = undefined;
      void this.refresh();
    }, delay);
  }

  /** One fetch; never rejects: a failure is recorded in the status. */
  private async fetchCycle(): Promise<void> {
    const fields = { url: redactCredentials(this.options.url), ref: this.ref.name };
    try {
      const commit = await this.fetchCommit();
      await this.take(commit);
      this.failures = 0;
      this.error = undefined;
      this.fetchedAt = this.options.clock.now();
    } catch (error) {
      this.failures += 1;
      this.error = redactCredentials(error instanceof Error ? error.message : String(error));
      this.options.logger.warn(
        { ...fields, failures: this.failures, error: this.error },
        'git source: fetch failed; the revision in force stays',
      );
    }
  }

  private call() {
    return { timeoutMs: this.options.gitTimeoutMs ?? DEFAULT_GIT_TIMEOUT_MS };
  }

  private async ensureRepository(): Promise<void> {
    if (this.repoReady) return;
    await mkdir(this.options.cacheDir, { recursive: true });
    await runGit(this.options.cacheDir, ['init', '--bare', '--quiet', this.repoDir], `creating ${this.repoDir}`, this.call());
    this.repoReady = true;
  }

  /** Fetches the ref into karpd's clone and resolves the commit it points at now. */
  private async fetchCommit(): Promise<string> {
    await this.ensureRepository();
    if (this.failures > 0) await removeStaleLocks(this.repoDir);
    const pinned = this.ref.kind === 'commit';
    if (pinned && this.revision !== undefined) return this.revision.commit;
    if (!pinned || !(await hasCommit(this.repoDir, this.ref.name, this.call()))) {
      const url = this.options.url;
      const args = ['fetch', '--force', '--no-tags', '--no-write-fetch-head', '--', url, ...fetchRefspecs(this.ref)];
      await runGit(this.repoDir, args, `fetching ${this.ref.kind} ${this.ref.name} from ${url}`, this.call());
    }
    return resolveCommit(this.repoDir, localRevision(this.ref), this.call()).catch((error: unknown) => {
      if (!isRevisionNotFoundError(error)) throw error;
      const url = redactCredentials(this.options.url);
      throw new RevisionNotFoundError(this.ref.name, url, `${this.ref.kind} ${this.ref.name} not found in ${url}`);
    });
  }

  /** Puts `commit` in force unless it already is, or verification refuses it. */
  private async take(commit: string): Promise<void> {
    if (commit === this.revision?.commit) {
      this.refused = undefined;
      return;
    }
    if (commit === this.refused?.commit) return;
    const verification = await this.verify(commit);
    if (verification !== undefined && !verification.verified) {
      this.refused = { commit, reason: refusalReason(commit, verification) };
      this.options.logger.warn({ url: redactCredentials(this.options.url), ref: this.ref.name, commit }, this.refused.reason);
      return;
    }
    const folders = { trees: join(this.options.cacheDir, 'trees'), staging: join(this.options.cacheDir, 'staging') };
    const tree = await exportTree(this.repoDir, commit, folders, this.call());
    const info = await readCommitInfo(this.repoDir, commit, this.call());
    this.revision = { ...info, commit, ref: this.ref.name, tree, ...(verification === undefined ? {} : { verification }) };
    this.refused = undefined;
    this.options.logger.info({ url: redactCredentials(this.options.url), ref: this.ref.name, commit }, 'git source: new revision in force');
    this.emit(this.revision);
    await pruneTrees(folders.trees, this.options.keepTrees ?? 3, commit);
  }

  private async verify(commit: string): Promise<RevisionVerification | undefined> {
    const keys = this.options.verify?.keys;
    if (keys === undefined) return undefined;
    const home = join(this.options.cacheDir, 'gnupg');
    this.keyring ??= prepareKeyring(home, keys, this.call().timeoutMs).then((fingerprints) => ({ home, fingerprints }));
    const keyring = await this.keyring.catch((error: unknown) => {
      this.keyring = undefined;
      throw error;
    });
    return verifyCommit(this.repoDir, commit, keyring, this.call());
  }

  private emit(revision: Revision): void {
    for (const listener of this.listeners) {
      try {
        listener(revision);
      } catch (error) {
        this.options.logger.error({ commit: revision.commit, error: String(error) }, 'git source: a revision listener failed');
      }
    }
  }
}

/** Lock files a killed git (a timed-out fetch) leaves behind; karpd is the only writer of its clone. */
async function removeStaleLocks(repoDir: string): Promise<void> {
  const top = await readdir(repoDir, { withFileTypes: true }).catch(() => []);
  const refs = await readdir(join(repoDir, 'refs'), { recursive: true, withFileTypes: true }).catch(() => []);
  const locks = [...top, ...refs].filter((entry) => entry.isFile() && entry.name.endsWith('.lock'));
  await Promise.all(locks.map((entry) => rm(join(entry.parentPath, entry.name), { force: true })));
}
