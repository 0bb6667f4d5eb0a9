/**
 * What the dashboard shows, as plain JSON-able data: one {@link ClusterView} per cluster (header, the rows of
 * every window) and the agent's log. The UI reads only this (in the agent's process, or as a snapshot plus a
 * stream of {@link ViewChange}s from the agent API), so everything here is already computed: ages in seconds,
 * prices in $/h, reasons as sentences. Types only; `build-view.ts` builds it.
 */
import type { DecisionKind, DecisionState, NodeDisruptionPlan } from '../../apis/decision.js';

/** Bumped when a field changes meaning, so an attached dashboard can refuse an agent it cannot read. */
export const VIEW_MODEL_SCHEMA = 1;

/** The whole screen's data. */
export interface ViewModel {
  readonly schema: typeof VIEW_MODEL_SCHEMA;
  /** Increases with every rebuild that changed something (the stream's sequence number). */
  readonly version: number;
  /** RFC 3339: the time the view was built at (the header's clock). */
  readonly generatedAt: string;
  /** Clusters in the agent's order (the first is primary). */
  readonly clusters: readonly ClusterView[];
  /** The agent's own log, oldest first, bounded (a ring buffer). */
  readonly log: readonly LogLineRow[];
}

/**
 * Sync state in the header's words: `synced` ✓, `drifted` ~, `pending` ●, `paused` ⏸, `error` ✗, plus
 * `out-of-sync` (Git ahead, being applied) and `unknown` (no GitOps for this cluster).
 */
export type SyncBadge = 'synced' | 'out-of-sync' | 'drifted' | 'pending' | 'paused' | 'error' | 'unknown';

/** One cluster. */
export interface ClusterView {
  readonly name: string;
  readonly cloud: 'sim' | 'aws';
  /** True when the cloud is simulated: the `i` key (inject a spot interruption) works. */
  readonly simulated: boolean;
  readonly header: ClusterHeader;
  readonly pools: readonly PoolRow[];
  /** Ordered by name. */
  readonly nodeClaims: readonly NodeClaimRow[];
  /** Pending pods first (oldest first), then the others by namespace/name. */
  readonly pods: readonly PodRow[];
  /** Newest first. */
  readonly spotEvents: readonly SpotEventRow[];
  /** Pending Decisions first (oldest first), then the history (newest first). */
  readonly decisions: readonly DecisionRow[];
  /** $/h and pending pods over the last hour, oldest first (one sample per `HISTORY_SAMPLE_MS`). */
  readonly history: readonly HistorySample[];
}

/** The header line's data for one cluster. */
export interface ClusterHeader {
  /** The Git ref followed (`main`), when GitOps runs for the cluster. */
  readonly ref?: string;
  /** The revision applied, 7 characters. */
  readonly revision?: string;
  readonly sync: SyncBadge;
  /** The sync state in words (`synced`, `2 decisions waiting`, `paused by alice`, the error). */
  readonly syncDetail: string;
  /** Sum of the known node prices, $/h. */
  readonly pricePerHour: number;
  /** pricePerHour × 730. */
  readonly pricePerMonth: number;
  /** Some node's price is unknown: the totals are lower bounds (shown with `≥`). */
  readonly pricesIncomplete: boolean;
  readonly nodes: number;
  readonly pendingPods: number;
  readonly pendingDecisions: number;
}

/** A resource used against a pool's limit or a node's allocatable. */
export interface Usage {
  /** CPU in millicores, memory in bytes. */
  readonly used: number;
  /** The pool's limit or the node's allocatable; absent when there is none. */
  readonly limit?: number;
}

/** One NodePool (window 1). */
export interface PoolRow {
  /** Stable row key: the pool's name. */
  readonly key: string;
  readonly name: string;
  readonly weight: number;
  readonly nodes: number;
  /** Requests of the pods on the pool's nodes vs `spec.limits` (or the nodes' allocatable when no limit). */
  readonly cpu: Usage;
  readonly memory: Usage;
  /** Whether `cpu`/`memory` `limit` is the pool's limit (true) or the nodes' allocatable (false). */
  readonly limited: { readonly cpu: boolean; readonly memory: boolean };
  readonly pricePerHour: number;
  readonly pricesIncomplete: boolean;
  readonly consolidationPolicy: string;
  readonly consolidateAfter: string;
  /**
   * Nodes that may be disrupted now under the pool's budgets (`3`), with the binding budget in words. From the
   * disruption controller's report when it has one for the pool (the reason with the fewest left), else computed here.
   */
  readonly budgetLeft: BudgetLeft;
  readonly driftedNodes: number;
  /** The Git comparison status of this pool (`in-sync`, `live-drifted`, …), `unmanaged` when Git has no such pool. */
  readonly syncStatus: string;
  /** `Ready`, or the reason it is not (the NodeClass is not ready, invalid spec…). */
  readonly readiness: string;
  readonly ready: boolean;
  /** Describe lines for the detail pane (`Requirements: …`, `Taints: …`, `Limits: …`). */
  readonly describe: readonly DescribeLine[];
}

/** What is left of a pool's disruption budget (the Pools window's BUDGET column: `remaining/allowed`). */
export interface BudgetLeft {
  /** Nodes a new command may still take (the report's `remaining`). */
  readonly nodes: number;
  /** The binding budget in words (`Underutilized: 2 of 3 left, 1 disrupting, 12 nodes`). */
  readonly detail: string;
  /** What the most restrictive active budget allows at once, before those in flight (report only). */
  readonly allowed?: number;
  /** The reason most constrained (`Empty`, `Drifted`, `Underutilized`), when the report said it. */
  readonly reason?: string;
  /** RFC 3339: when the scheduled budget that limits it stops being active. */
  readonly until?: string;
}

/** Why karpd leaves a NodeClaim's node alone (`kept`), or what is disrupting it, from the disruption report. */
export type NodeClaimDisruption =
  | {
      readonly status: 'kept';
      /** The kind of "no": `not-candidate`, `pod-blocked`, `policy`, `budget`, `no-fit`, `savings`, `spot-to-spot`, `balanced`. */
      readonly kind: string;
      /** The method that said it; absent for the candidate filter every method shares. */
      readonly method?: string;
      readonly message: string;
    }
  | {
      readonly status: 'disrupting';
      /** `waiting-approval`, `validating`, `launching`, `draining`. */
      readonly phase: string;
      readonly method: string;
      readonly reason: string;
      /** The command's one line (`replace m5.2xlarge with m5.large, saves $0.29/h`). */
      readonly summary: string;
      /** The node Decision carrying the command, when there is one. */
      readonly decision?: string;
      /** RFC 3339: when the command took it. */
      readonly since: string;
    };

/** NodeClaim lifecycle states as the dashboard names them. */
export type NodeClaimState = 'Pending' | 'Launched' | 'Registered' | 'Initialized' | 'Drifted' | 'Disrupting' | 'Terminating' | 'Failed';

/** One NodeClaim (window 2), with its node. */
export interface NodeClaimRow {
  readonly key: string;
  readonly name: string;
  readonly nodePool: string;
  readonly nodeName?: string;
  readonly instanceType?: string;
  readonly capacityType?: 'spot' | 'on-demand' | 'reserved';
  readonly zone?: string;
  /** EC2 instance id (`i-…`), once launched. */
  readonly instanceId?: string;
  readonly ageSeconds: number;
  readonly state: NodeClaimState;
  /** Requests of the node's pods vs its allocatable. */
  readonly cpu: Usage;
  readonly memory: Usage;
  readonly pods: number;
  readonly pricePerHour?: number;
  /**
   * One line for the WHY column: why karpd is not disrupting this node (the verdict's message), or what is
   * (`launching: replace m5.2xlarge with m5.large`); absent when the disruption report says nothing of it.
   */
  readonly why?: string;
  /** The whole verdict or disruption behind {@link why} (the detail pane). */
  readonly disruption?: NodeClaimDisruption;
  readonly describe: readonly DescribeLine[];
}

/** One pod (window 3). */
export interface PodRow {
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly phase: string;
  readonly pending: boolean;
  /** Why it waits, from the provisioner (`no nodepool tolerates taint dedicated=gpu`, …). */
  readonly reason?: string;
  /** The NodeClaim the provisioner launched (or nominated) for it. */
  readonly waitingFor?: string;
  readonly nodeName?: string;
  /** Millicores / bytes requested. */
  readonly cpu: number;
  readonly memory: number;
  /** `Deployment/airflow-worker`, `Job/spark-nightly`, … */
  readonly owner?: string;
  readonly ageSeconds: number;
  readonly describe: readonly DescribeLine[];
}

/** What an interruption notice was. */
export type SpotEventKind = 'interruption' | 'rebalance' | 'scheduled-change' | 'state-change';

/** One interruption notice (window 4) and what karpd did about it. */
export interface SpotEventRow {
  readonly key: string;
  /** RFC 3339: when the cloud sent it. */
  readonly time: string;
  readonly instanceId: string;
  readonly instanceType?: string;
  readonly zone?: string;
  readonly nodeClaim?: string;
  readonly kind: SpotEventKind;
  /** `cordoned, draining`, `drained, terminated; replaced by airflow-worker-x7k2p`, `recorded (no action)`. */
  readonly action: string;
  /** Seconds from the notice to the node gone; absent while it is still being handled. */
  readonly tookSeconds?: number;
  readonly done: boolean;
  /** RFC 3339: when the instance goes (spot: the notice + 2 min). */
  readonly deadline?: string;
  /** Seconds of notice the cloud gave (deadline − notice time). */
  readonly noticeSeconds?: number;
  /** Seconds from the notice to the replacement Initialized; absent until it is. */
  readonly replacedInSeconds?: number;
  /** What karpd did, in order, each with when (RFC 3339). */
  readonly actions?: readonly { readonly at: string; readonly what: string }[];
}

/** One Decision (window 5): a Git change, a config drift, a prune, or a node Decision (consolidation, drift, expiry). */
export interface DecisionRow {
  readonly key: string;
  /** The Decision's name (what approve and reject take). */
  readonly name: string;
  readonly cluster: string;
  /** `git-change`, `config-drift`, `prune`, or a node kind: `consolidation`, `node-drift`, `expiry`. */
  readonly kind: DecisionKind | (string & {});
  readonly state: DecisionState;
  readonly summary: string;
  /** 7 characters. */
  readonly revision?: string;
  readonly ageSeconds: number;
  /** Why it waits, while pending. */
  readonly waitingFor?: string;
  /** A pending Decision waits for a person (`a` works) or only for a sync window. */
  readonly heldBy?: 'person' | 'window';
  /** The objects it changes. */
  readonly changes: ReadonlyArray<{ readonly action: string; readonly kind: string; readonly name: string; readonly nodes?: number }>;
  /** The unified diff, `-`/`+` lines. */
  readonly diff: string;
  readonly whatIf?: DecisionWhatIfView;
  /** What a node Decision does (nodes removed and launched, pods evicted, PDBs at risk, budget left, $/h). */
  readonly plan?: NodeDisruptionPlan;
  /** Who decided and the final message (rejection reason, apply error, superseded by). */
  readonly decidedBy?: string;
  readonly message?: string;
  readonly history: ReadonlyArray<{ readonly state: string; readonly at: string; readonly by: string; readonly message?: string }>;
}

/** What approving a Decision does to the fleet. */
export interface DecisionWhatIfView {
  readonly before: { readonly nodes: number; readonly pricePerHour: number; readonly pricesIncomplete: boolean };
  readonly after: { readonly nodes: number; readonly pricePerHour: number; readonly pricesIncomplete: boolean };
  readonly newlyUnschedulable: ReadonlyArray<{ readonly pod: string; readonly reason: string }>;
  readonly newlyUnschedulableTotal: number;
  readonly driftedNodes: number;
  readonly note?: string;
}

/** One line of the agent's log (window 6). */
export interface LogLineRow {
  /** Sequence number (row key). */
  readonly key: string;
  readonly time: string;
  readonly level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  readonly message: string;
  /** The structured fields as `key=value` text (secrets are never logged). */
  readonly fields: string;
}

/** A label and its value for the describe pane. */
export interface DescribeLine {
  readonly label: string;
  readonly value: string;
}

/** One point of the header's sparklines. */
export interface HistorySample {
  readonly at: string;
  readonly pricePerHour: number;
  readonly pendingPods: number;
}

/** How often the history keeps a sample, and how much of it: one per 30 s over the last hour. */
export const HISTORY_SAMPLE_MS = 30_000;
export const HISTORY_SAMPLES = 120;

/** The sections of a cluster whose rows a {@link ViewChange} replaces or patches. */
export type RowSection = 'pools' | 'nodeClaims' | 'pods' | 'spotEvents' | 'decisions';

/**
 * One change from one view to the next, what the agent API streams after the first snapshot: rows added or
 * changed (by `key`) and removed in a section, a cluster's header or history replaced, clusters added or removed,
 * log lines appended. Applying every change of `viewChanges(a, b)` to `a` gives `b` (order of rows included).
 */
export type ViewChange =
  | {
      readonly op: 'rows';
      readonly cluster: string;
      readonly section: RowSection;
      readonly upsert: readonly unknown[];
      readonly remove: readonly string[];
      readonly order: readonly string[];
    }
  | { readonly op: 'header'; readonly cluster: string; readonly header: ClusterHeader }
  | { readonly op: 'history'; readonly cluster: string; readonly history: readonly HistorySample[] }
  | { readonly op: 'cluster'; readonly cluster: ClusterView }
  | { readonly op: 'remove-cluster'; readonly cluster: string }
  | { readonly op: 'clusters-order'; readonly order: readonly string[] }
  | { readonly op: 'log'; readonly append: readonly LogLineRow[]; readonly keep: number };

/** One message of the stream: the changes from `from` to `to` (version numbers) and the new `generatedAt`. */
export interface ViewDelta {
  readonly from: number;
  readonly to: number;
  readonly generatedAt: string;
  readonly changes: readonly ViewChange[];
}
