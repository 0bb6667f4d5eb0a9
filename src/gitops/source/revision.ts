/**
 * What a Git source hands the sync: a fetched (and, when configured,
 * verified) commit, exported as a read-only tree so nothing half-fetched or
 * uncommitted is ever rendered. Types only; `git-source.ts` implements them.
 */

/** The outcome of `git verify-commit` on a revision. */
export interface RevisionVerification {
  readonly verified: boolean;
  /** The key (fingerprint) and signer that signed it, when verified. */
  readonly signer?: string;
  /** Why it is not trusted (`unsigned`, `signed by unknown key ABCD…`). */
  readonly reason?: string;
}

/** One commit, exported. */
export interface Revision {
  /** The full commit hash. */
  readonly commit: string;
  /** The ref it was resolved from (`main`, `v1.2`, or the pinned commit). */
  readonly ref: string;
  readonly message: string;
  readonly author: string;
  /** RFC 3339. */
  readonly committedAt: string;
  /** A folder holding exactly this commit's files (read it, never write it). */
  readonly tree: string;
  readonly verification?: RevisionVerification;
}

/** What the dashboard and `karpd status` show of a source. */
export interface SourceStatus {
  /** The URL with any credentials removed. */
  readonly url: string;
  readonly ref: string;
  /** The revision in force (last good). */
  readonly revision?: string;
  /** RFC 3339: when the last fetch succeeded. */
  readonly fetchedAt?: string;
  /** The last fetch's error (the remote is unreachable…); the revision in force stays. */
  readonly error?: string;
  /** Consecutive failed fetches (back-off grows with them). */
  readonly failures: number;
  readonly nextFetchAt?: string;
  /** A newer revision that was fetched and not taken (unsigned, untrusted), with the reason. */
  readonly refused?: { readonly commit: string; readonly reason: string };
}

/** A source of revisions: one Git repository, one ref. */
export interface RevisionSource {
  /** The revision in force: the last fetched (and verified) one. */
  current(): Revision | undefined;
  status(): SourceStatus;
  /** Fetches now (joins a fetch already running); resolves with the revision in force afterwards. */
  refresh(): Promise<Revision | undefined>;
  /** Called whenever the revision in force changes. Returns an unsubscribe function. */
  onRevision(listener: (revision: Revision) => void): () => void;
  /** Starts fetching on the interval (with jitter). */
  start(): void;
  stop(): Promise<void>;
}
