/**
 * What the view model is built from, as plain data: each cluster's objects (a state snapshot's lists), its
 * Decisions and GitOps sync state, the provisioner's reasons, the spot events karpd handled, the price of
 * each offering, the cost history, and the agent's log. The composition root gathers these (I/O, clock);
 * {@link buildViewModel} (`build-view.ts`) is pure over them. Types only.
 */
import type { DaemonSet, Node, Pod, PodDisruptionBudget } from '../../apis/core-v1.js';
import type { Decision } from '../../apis/decision.js';
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { InterruptionAction, InterruptionKind } from '../../cloudprovider/types.js';
import type { DisruptionReport } from '../../disruption/report.js';
import type { HistorySample, LogLineRow } from './view-model.js';

/** The objects of one cluster (a `ClusterSnapshot`'s lists; `src/state` is not imported here to keep this pure). */
export interface ClusterObjects {
  readonly nodes: readonly Node[];
  readonly pods: readonly Pod[];
  readonly nodeClaims: readonly NodeClaim[];
  readonly nodePools: readonly NodePool[];
  readonly nodeClasses: readonly EC2NodeClass[];
  readonly daemonSets: readonly DaemonSet[];
  readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
  /** Pending pods (`namespace/name`) the provisioner planned onto each in-flight NodeClaim (by claim name). */
  readonly nominatedPods: ReadonlyMap<string, readonly string[]>;
}

/** GitOps sync of one cluster as the view needs it (a subset of `ClusterSyncState`). */
export interface ClusterSyncInput {
  /** `synced`, `out-of-sync`, `drifted`, `pending`, `suspended`, `error`. */
  readonly status: 'synced' | 'out-of-sync' | 'drifted' | 'pending' | 'suspended' | 'error';
  /** The Git ref followed (`main`, `tag v1.2`, a commit). */
  readonly ref: string;
  /** The full revision applied to the cluster. */
  readonly appliedRevision?: string;
  readonly error?: string;
  /** The Git source's own error (the remote is unreachable), the revision in force stays. */
  readonly sourceError?: string;
  readonly suspendedBy?: string;
  /** The sync window verdict now. */
  readonly window?: { readonly allowed: boolean; readonly reason: string };
  /** Each NodePool/EC2NodeClass's comparison status (`in-sync`, `live-drifted`, …). */
  readonly objects: ReadonlyArray<{ readonly kind: string; readonly name: string; readonly status: string }>;
}

/** A NodeClaim as it was when an interruption notice named its instance (the claim may be gone since). */
export interface InterruptedClaim {
  readonly name: string;
  readonly nodePool: string;
  readonly instanceType?: string;
  readonly zone?: string;
  readonly capacityType?: string;
}

/** One step karpd took on an interruption notice: `marked c5.xlarge spot us-east-1a unavailable`, `launched replacement spark-batch-x7k2p`. */
export interface SpotEventAction {
  /** RFC 3339: when karpd took it. */
  readonly at: string;
  readonly what: string;
}

/**
 * One interruption notice karpd handled, and what became of it. The interruption controller records
 * `id`…`claims` (and `actions`, `deadline`, `replacedBy` for the replacements it launched); {@link trackSpotEvents}
 * (pure) fills in `goneAt`, `replacedBy` and `replacementReadyAt` as the claims go and new ones come.
 */
export interface SpotEventRecord {
  readonly id: string;
  readonly kind: InterruptionKind;
  readonly action: InterruptionAction;
  /** What the controller did: deleted the claims (cordon and drain follow), only recorded it, or knew no claim. */
  readonly outcome: 'deleted' | 'recorded' | 'unknown-instance';
  readonly instanceIds: readonly string[];
  /** RFC 3339: when the cloud sent the notice. */
  readonly time: string;
  /** RFC 3339: when karpd handled it. */
  readonly handledAt: string;
  readonly claims: readonly InterruptedClaim[];
  /** RFC 3339: when the last of its claims was gone (drained and terminated). */
  readonly goneAt?: string;
  /** NodeClaims of the same pools created after the notice (the replacements the provisioner launched). */
  readonly replacedBy?: readonly string[];
  /** What karpd did, in order (absent in records from before actions were kept). */
  readonly actions?: readonly SpotEventAction[];
  /** RFC 3339: when the instance goes (a spot notice's 2 minutes after it was sent); the drain is forced by then. */
  readonly deadline?: string;
  /** RFC 3339: when the last of `replacedBy` (as known then) became Initialized. */
  readonly replacementReadyAt?: string;
}

/** Everything about one cluster. */
export interface ClusterViewInput {
  readonly name: string;
  readonly cloud: 'sim' | 'aws';
  readonly objects: ClusterObjects;
  /** Absent when GitOps does not manage the cluster. */
  readonly sync?: ClusterSyncInput;
  /** This cluster's Decisions, any order. */
  readonly decisions: readonly Decision[];
  /** Why each pending pod (`namespace/name`) waits, from the provisioner's last round. */
  readonly pendingReasons: ReadonlyMap<string, string>;
  readonly spotEvents: readonly SpotEventRecord[];
  /** $/h of one offering; undefined when unknown (the totals then say `≥`). */
  readonly price: (instanceType: string, capacityType: string, zone: string) => number | undefined;
  /** The cost history, oldest first (the caller samples it; see `HISTORY_SAMPLE_MS`). */
  readonly history: readonly HistorySample[];
  /** The disruption controller's latest round (why nodes stay, budgets left, claims being disrupted). */
  readonly disruption?: DisruptionReport;
}

/** Everything the view is built from. */
export interface ViewInput {
  /** The time the view is built at (ages are computed against it). */
  readonly now: Date;
  /** The version the built view carries. */
  readonly version: number;
  readonly clusters: readonly ClusterViewInput[];
  /** The agent's log ring, oldest first. */
  readonly log: readonly LogLineRow[];
}
