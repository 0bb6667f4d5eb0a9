/**
 * What the agent API, the CLI and the dashboard see of GitOps sync: every
 * cluster's sync state, the Decisions, and the actions a person takes on
 * them. Types only; `src/controllers/gitops/gitops-controller.ts` implements
 * it over the per-cluster sync controllers.
 */
import type { DriftPolicy, SyncPolicy } from '../../apis/cluster.js';
import type { Decision, DecisionState } from '../../apis/decision.js';
import type { Problem } from '../../apis/problem.js';
import type { ComparisonStatus } from '../diff/object-comparison.js';
import type { SourceStatus } from '../source/revision.js';

/** Who acts: a person through the CLI, the API or the dashboard, or karpd itself. */
export interface Actor {
  /** The OS user, the token's name, or `karpd`. */
  readonly name: string;
  readonly via: 'cli' | 'api' | 'dashboard' | 'karpd';
}

/**
 * Sync state in Argo CD's and Flux's words: `synced` (live equals Git), `out-of-sync` (Git changes not applied
 * yet), `drifted` (live changed behind Git's back), `pending` (a Decision waits for a person or a window),
 * `suspended`, `error` (the revision was refused or the cluster is unreachable; the last good one stays).
 */
export type SyncStatus = 'synced' | 'out-of-sync' | 'drifted' | 'pending' | 'suspended' | 'error';

/** One cluster as `karpd status` and the dashboard's header show it. */
export interface ClusterSyncState {
  readonly cluster: string;
  readonly cloud: 'sim' | 'aws';
  readonly syncPolicy: SyncPolicy;
  readonly driftPolicy: DriftPolicy;
  readonly status: SyncStatus;
  /** The Git source (shared by the clusters of one repository). */
  readonly source: SourceStatus;
  /** The revision last applied to this cluster (the last good one). */
  readonly appliedRevision?: string;
  /** The revision last looked at (it may have been refused). */
  readonly seenRevision?: string;
  /** RFC 3339. */
  readonly lastSyncAt?: string;
  readonly lastAttemptAt?: string;
  /** Why the last attempt failed (a refused revision names file, line, object and field). */
  readonly error?: string;
  /** The problems of a refused revision. */
  readonly problems?: readonly Problem[];
  readonly suspended: boolean;
  /** Who suspended it and when (`spec.sync.suspend` in Git says `git`). */
  readonly suspendedBy?: string;
  readonly suspendedAt?: string;
  /** The sync window verdict now, when windows are configured. */
  readonly window?: { readonly allowed: boolean; readonly reason: string };
  readonly objects: ReadonlyArray<{ readonly kind: string; readonly name: string; readonly status: ComparisonStatus }>;
  readonly pendingDecisions: number;
  /** True on a replica that is not the leader: the leader syncs the cluster, and this one's figures are from when it last led. */
  readonly follower?: boolean;
}

/** The actions and views of GitOps sync. */
export interface GitOpsService {
  clusters(): ClusterSyncState[];
  /** Decisions of every cluster (or one), newest first. */
  decisions(filter?: { readonly cluster?: string; readonly state?: DecisionState }): Promise<Decision[]>;
  /** Approves a pending Decision and applies it; resolves with its final state (applied or failed). */
  approve(name: string, actor: Actor): Promise<Decision>;
  reject(name: string, actor: Actor, reason?: string): Promise<Decision>;
  /** Fetches Git now and re-syncs (every cluster, or one). */
  refresh(actor: Actor, cluster?: string): Promise<void>;
  suspend(cluster: string, actor: Actor): Promise<void>;
  resume(cluster: string, actor: Actor): Promise<void>;
}
