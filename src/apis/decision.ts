/**
 * karpd's `karpd.dev/v1alpha1` Decision: one change to a cluster — a Git
 * change to apply, a config drift to revert, a prune (the disruption
 * controllers add node replacements and consolidations) — with its diff, its
 * what-if and its state. Decisions are cluster-scoped custom resources in the
 * cluster they change, so pending approvals survive restarts and leader
 * changes and `kubectl get decisions` lists them; the agent API, the CLI and
 * the dashboard are views over them.
 */
import type { KubeObject } from './object-meta.js';

/** The apiVersion of karpd's own kinds (Decision, Cluster). */
export const DECISION_API_VERSION = 'karpd.dev/v1alpha1';

/** What a Decision changes: Git's objects (`git-change`, `config-drift`, `prune`) or the cluster's nodes (the rest). */
export type DecisionKind = 'git-change' | 'config-drift' | 'prune' | NodeDecisionKind;

/** Decisions the disruption controller makes: replacing or removing nodes. */
export type NodeDecisionKind = 'consolidation' | 'node-drift' | 'expiry';

/** Every node Decision kind. */
export const NODE_DECISION_KINDS: readonly NodeDecisionKind[] = ['consolidation', 'node-drift', 'expiry'];

/** Is `kind` one the disruption controller owns (not GitOps sync)? */
export function isNodeDecisionKind(kind: DecisionKind | string): kind is NodeDecisionKind {
  return (NODE_DECISION_KINDS as readonly string[]).includes(kind);
}

/**
 * Where a Decision is: `pending` waits for a person (or a sync window); `approved` is about to be applied;
 * `rejected`, `applied`, `failed` and `superseded` (a newer revision replaced it) are final.
 */
export type DecisionState = 'pending' | 'approved' | 'rejected' | 'applied' | 'failed' | 'superseded';

/** The states a Decision never leaves. */
export const FINAL_DECISION_STATES: readonly DecisionState[] = ['rejected', 'applied', 'failed', 'superseded'];

/** Labels every Decision carries, so they can be listed per cluster and kind. */
export const DecisionLabels = {
  cluster: 'karpd.dev/cluster',
  kind: 'karpd.dev/decision-kind',
} as const;

/** One object a Decision creates, updates or deletes. */
export interface DecisionChange {
  readonly action: 'create' | 'update' | 'delete';
  /** `NodePool` or `EC2NodeClass`. */
  readonly kind: string;
  readonly name: string;
  /** The rendered object from Git to apply (create, update). */
  readonly desired?: KubeObject & { spec?: unknown };
  /** The unified diff of this object, live → desired (`-`/`+`). */
  readonly diff: string;
  /** Nodes the pool still has (prune of a NodePool); a prune with nodes always waits for approval. */
  readonly nodes?: number;
}

/** A projected fleet: what the scheduler would run the cluster's pods on. */
export interface ProjectedFleet {
  readonly nodes: number;
  /** Instance type (and capacity type) → count, e.g. `{"m5.large/on-demand": 3}`. */
  readonly instanceMix: Readonly<Record<string, number>>;
  readonly pricePerHour: number;
  /** Pods with nowhere to run. */
  readonly unschedulablePods: number;
  /** True when some instance price is unknown (the $/h is then a lower bound). */
  readonly pricesIncomplete?: boolean;
}

/** Why an existing node would drift under the new pools. */
export type NodeDriftReason = 'pool-removed' | 'template-changed' | 'requirements-changed';

/** How many existing nodes of one pool would drift for one reason. */
export interface DriftedNodeGroup {
  readonly nodePool: string;
  readonly reason: NodeDriftReason;
  readonly nodes: number;
}

/** The what-if of a NodePool change: the scheduler run on the cluster's current pods under the old and new pools. */
export interface DecisionWhatIf {
  readonly before: ProjectedFleet;
  readonly after: ProjectedFleet;
  /** Pods schedulable before that would not be after, each with the scheduler's reason. */
  readonly newlyUnschedulable: ReadonlyArray<{ readonly pod: string; readonly reason: string }>;
  /** Existing nodes that would drift (their pool's template changed, no longer matches, or the pool goes) and be replaced. */
  readonly driftedNodes: number;
  /** The drifted nodes by pool and reason (pool name order), when the what-if computed them. */
  readonly drifted?: readonly DriftedNodeGroup[];
  /** How many pods become unschedulable when `newlyUnschedulable` lists only the first of them (bounded for the CR). */
  readonly newlyUnschedulableTotal?: number;
  /** Pods the what-if ran on (running and pending). */
  readonly pods: number;
  /** Why the what-if is partial or missing (no instance types yet…), when it is. */
  readonly note?: string;
}

/** One step in a Decision's life, as shown in history and the audit log. */
export interface DecisionHistoryEntry {
  readonly state: DecisionState;
  /** RFC 3339. */
  readonly at: string;
  /** Who did it: `karpd` for the agent's own steps, else the OS user or token name. */
  readonly by: string;
  readonly message?: string;
}

export interface DecisionSpec {
  /** The cluster folder of the GitOps repository. */
  cluster: string;
  kind: DecisionKind;
  /** One line: `apply revision 3f2a91c: update NodePool airflow-worker`. */
  summary: string;
  /** The full Git commit the change comes from (a node Decision: the one in force when it was planned, or empty). */
  revision: string;
  changes: DecisionChange[];
  /** Every change's diff, joined (what `kubectl get decision -o yaml` and the dashboard show). */
  diff: string;
  whatIf?: DecisionWhatIf;
  /** The plan of a node Decision (kinds `consolidation`, `node-drift`, `expiry`); `changes` is then empty. */
  disruption?: NodeDisruptionPlan;
}

/** A node a node Decision removes. */
export interface DisruptionPlanNode {
  /** The Node's name (the NodeClaim's while it has no Node). */
  readonly name: string;
  readonly nodeClaim: string;
  readonly nodePool: string;
  readonly instanceType?: string;
  readonly capacityType?: string;
  readonly zone?: string;
  /** USD/hour; absent when unknown. */
  readonly pricePerHour?: number;
  /** Pods that will be evicted from it. */
  readonly pods: number;
}

/** A node a node Decision launches first (a replacement). */
export interface DisruptionPlanLaunch {
  readonly nodePool: string;
  /** The instance types it may launch as, cheapest first (bounded). */
  readonly instanceTypes: readonly string[];
  /** `spot`, `on-demand` or `spot/on-demand` when both are allowed. */
  readonly capacityType: string;
  /** The cheapest option's price, USD/hour. */
  readonly pricePerHour: number;
}

/** The budget a node Decision uses: what is left of the pool's budget for the reason once it runs. */
export interface DisruptionPlanBudget {
  readonly nodePool: string;
  /** `Empty`, `Drifted`, `Underutilized` (expiry is not budgeted). */
  readonly reason: string;
  /** Nodes the budget still allows after this command. */
  readonly remaining: number;
}

/** What a node Decision does, for the person approving it. */
export interface NodeDisruptionPlan {
  /** The method that planned it: `emptiness`, `drift`, `single-node-consolidation`, `expiration`, … */
  readonly method: string;
  /** Upstream's disruption reason: `Empty`, `Drifted`, `Underutilized`, `Expired`. */
  readonly reason: string;
  /** `delete`: no replacement; `replace`: launch first, then remove. */
  readonly action: 'delete' | 'replace';
  readonly remove: readonly DisruptionPlanNode[];
  readonly launch: readonly DisruptionPlanLaunch[];
  /** `namespace/name` of the pods evicted (bounded; `evictedPodsTotal` counts them all). */
  readonly evictedPods: readonly string[];
  readonly evictedPodsTotal: number;
  /** `namespace/name` of PodDisruptionBudgets covering evicted pods that allow only one more disruption or none. */
  readonly pdbsAtRisk: readonly string[];
  readonly budgets: readonly DisruptionPlanBudget[];
  /** USD/hour of the removed nodes, and of the launched ones. */
  readonly priceBefore: number;
  readonly priceAfter: number;
}

export interface DecisionStatus {
  state: DecisionState;
  /** Why it waits (`sync policy manual`, `deny window "business-hours" until 18:00Z`, `prune of a pool with 3 nodes`). */
  waitingFor?: string;
  /** Who a pending Decision waits for: a person's approval, or only a sync window (karpd applies it when the window allows). */
  heldBy?: 'person' | 'window';
  /** Final-state detail: the rejection reason, the apply error, the superseding Decision. */
  message?: string;
  /** Who approved or rejected it. */
  decidedBy?: string;
  decidedAt?: string;
  appliedAt?: string;
  supersededBy?: string;
  /** When the last reminder was sent (webhook). */
  remindedAt?: string;
  history: DecisionHistoryEntry[];
}

/** A `karpd.dev/v1alpha1` Decision. */
export interface Decision extends KubeObject {
  apiVersion: typeof DECISION_API_VERSION;
  kind: 'Decision';
  spec: DecisionSpec;
  status?: DecisionStatus;
}

/** Is `state` final (rejected, applied, failed, superseded)? */
export function isFinalDecisionState(state: DecisionState | undefined): boolean {
  return state !== undefined && FINAL_DECISION_STATES.includes(state);
}
