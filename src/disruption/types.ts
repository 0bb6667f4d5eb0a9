/**
 * The contract of the disruption decisions (karpenter-semantics.md §4, §5): what every method reads (a
 * {@link DisruptionSnapshot}), what it returns ({@link MethodResult}: commands to carry out and, for every node it
 * looked at and left alone, a {@link NodeVerdict} a person can read). Pure data: the methods never execute a
 * command, read a clock or do I/O; `src/controllers/disruption` carries commands out.
 */
import type { DaemonSet, Pod, PodDisruptionBudget } from '../apis/core-v1.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import type { DisruptionReason, NodePool } from '../apis/nodepool.js';
import type { CapacityType } from '../apis/well-known-labels.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import type { PodKey } from '../scheduling/pod-info.js';
import type { NewNodeClaim } from '../scheduling/snapshot.js';
import type { StateNode } from '../state/state-node.js';

/** The graceful methods, in the order the disruption loop runs them (upstream v1.5+). */
export const DISRUPTION_METHODS = ['emptiness', 'static-drift', 'drift', 'multi-node-consolidation', 'single-node-consolidation'] as const;
export type DisruptionMethod = (typeof DISRUPTION_METHODS)[number];

/** The budget reason each method counts against. */
export const METHOD_REASON: Readonly<Record<DisruptionMethod, DisruptionReason>> = {
  emptiness: 'Empty',
  'static-drift': 'Drifted',
  drift: 'Drifted',
  'multi-node-consolidation': 'Underutilized',
  'single-node-consolidation': 'Underutilized',
};

/** The least a replacement must save, so a node is never churned for an identical one (beyond upstream, RFC #2562). */
export interface MinimumSavings {
  /** USD per hour. @default 0.005 */
  readonly perHour: number;
  /** Percent of the candidates' price. @default 1 */
  readonly percent: number;
}

/** Knobs of the decisions (karpenter-semantics.md §11), all with upstream's defaults unless said. */
export interface DisruptionSettings {
  /** Spot candidates may be replaced by spot (upstream gate SpotToSpotConsolidation; karpd: on). @default true */
  readonly spotToSpotConsolidation: boolean;
  /** A replace must save at least both of these (a delete always may). */
  readonly minimumSavings: MinimumSavings;
  /** Spot-to-spot single-node: the fewest cheaper options, and how many of the cheapest to launch with. @default 15 */
  readonly minSpotToSpotOptions: number;
  /** Multi-node: the most candidates one command takes. @default 100 */
  readonly multiNodeMaxCandidates: number;
  /** How long a pod nomination keeps a node off the candidate list, ms. @default 20000 */
  readonly nominationWindowMs: number;
}

/** The settings when nothing is configured. */
export const DEFAULT_DISRUPTION_SETTINGS: DisruptionSettings = {
  spotToSpotConsolidation: true,
  minimumSavings: { perHour: 0.005, percent: 1 },
  minSpotToSpotOptions: 15,
  multiNodeMaxCandidates: 100,
  nominationWindowMs: 20_000,
};

/** One moment of the cluster as the disruption methods read it. Built by the controller from a ClusterSnapshot. */
export interface DisruptionSnapshot {
  /** ms since the epoch; the only clock the methods see. */
  readonly now: number;
  /** Every machine (Node, NodeClaim, or both) with its bound pods, as ClusterSnapshot.stateNodes. */
  readonly nodes: readonly StateNode[];
  /** Pending pods the provisioner would place (they must still fit after a disruption). */
  readonly pendingPods: readonly Pod[];
  /** Every NodePool (also those not Ready: their nodes are still candidates for drift). */
  readonly nodePools: readonly NodePool[];
  /** Instance types the cloud provider offers per NodePool name (prices and availability of offerings). */
  readonly instanceTypes: ReadonlyMap<string, readonly InstanceType[]>;
  readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
  readonly daemonSets: readonly DaemonSet[];
  /**
   * Drift reasons the caller resolved asynchronously (the cloud provider's `isDrifted`), by NodeClaim name. The
   * NodeClaim's `Drifted` condition is what the methods act on; this is for explanations only.
   */
  readonly providerDrift?: ReadonlyMap<string, string>;
  readonly settings: DisruptionSettings;
}

/** A node a graceful method may disrupt, with what the methods need to know of it (karpenter-semantics.md §4.3). */
export interface Candidate {
  /** The Node's name. */
  readonly name: string;
  readonly stateNode: StateNode;
  readonly nodeClaim: NodeClaim;
  readonly nodePool: NodePool;
  /** Undefined when the pool's instance types no longer include it (then it can only be deleted or drifted). */
  readonly instanceType: InstanceType | undefined;
  readonly zone: string;
  readonly capacityType: CapacityType;
  /** The offering's price for this zone and capacity type, USD/hour (0 when unknown, and `priceKnown` false). */
  readonly price: number;
  readonly priceKnown: boolean;
  /** Pods that must be rescheduled if the node goes (evictable, not DaemonSet/mirror/terminal). */
  readonly reschedulablePods: readonly Pod[];
  /** Upstream's disruption cost (§4.3): lower is disrupted first. */
  readonly disruptionCost: number;
}

/** Why a node is not disrupted (now), in words, with a kind the dashboard can group by. */
export interface NodeVerdict {
  /** Node name (or NodeClaim name while the claim has no Node). */
  readonly node: string;
  readonly nodeClaim?: string;
  readonly nodePool?: string;
  /** The method that said it; absent for reasons every method shares (candidate filter). */
  readonly method?: DisruptionMethod;
  readonly kind: VerdictKind;
  /** A sentence a person reads: `pod airflow/scheduler-0 has do-not-disrupt`, `replacement would save only $0.01/h`. */
  readonly message: string;
  /** Kind `balanced` only: the rejecting pool's score of the refused move (added for Balanced, §4.8.4). */
  readonly balanced?: BalancedScore;
}

/** The kinds of "no". */
export type VerdictKind =
  /** Not a candidate at all: not initialized, being deleted, no NodePool, nominated, node annotated do-not-disrupt. */
  | 'not-candidate'
  /** A pod on it blocks: do-not-disrupt, PDB with no disruptions allowed, pod under several PDBs. */
  | 'pod-blocked'
  /** consolidateAfter not elapsed / Never / policy WhenEmpty. */
  | 'policy'
  /** The pool's budget for the reason is used up. */
  | 'budget'
  /** Its pods would not fit elsewhere (or would need more than one new node). */
  | 'no-fit'
  /** A replacement would not be cheaper, or not cheaper by the minimum savings. */
  | 'savings'
  /** Spot-to-spot rules (disabled, or fewer than 15 cheaper options). */
  | 'spot-to-spot'
  /**
   * The `Balanced` consolidation policy (§4.8.4) rejected the move: it saves too little of the pool's cost for the
   * share of the pool's disruption it causes (score below 1/k). Added for Balanced (balanced-consolidation.ts).
   */
  | 'balanced';

/**
 * The `Balanced` policy's score of one consolidation command in one of its source pools (karpenter-semantics.md
 * §4.8.4; balanced-consolidation.ts computes it): (savings ÷ pool cost) ÷ (move disruption ÷ pool disruption).
 * Added for Balanced; only pools whose policy is `Balanced` are scored.
 */
export interface BalancedScore {
  readonly nodePool: string;
  /** The score; `Infinity` when the pool's candidates are empty (nothing is rescheduled). */
  readonly score: number;
  /** 1/k: the least score approved. */
  readonly threshold: number;
  /** The pool's share of what the move saves, USD/hour. */
  readonly savings: number;
  /** Σ prices of the pool's nodes (not being deleted), USD/hour. */
  readonly poolCost: number;
  /** Σ disruption of the pool's candidates in the move. */
  readonly disruption: number;
  /** Σ disruption of the pool's nodes (not being deleted). */
  readonly poolDisruption: number;
  readonly approved: boolean;
  /** `score 0.31 < 0.50 (k=2) in pool default: saves $0.02/h of the pool's $0.40/h for 2 of its 9 nodes' disruption`. */
  readonly message: string;
}

/** One thing to do: remove these candidates, launching these replacements first. */
export interface DisruptionCommand {
  readonly method: DisruptionMethod;
  readonly reason: DisruptionReason;
  /** `delete`: no replacement; `replace`: launch `replacements`, wait until initialized, then remove. */
  readonly decision: 'delete' | 'replace';
  readonly candidates: readonly Candidate[];
  /** From the scheduler's simulation; for consolidation at most one, its options cut to what is cheaper. */
  readonly replacements: readonly NewNodeClaim[];
  /** Pods that will be evicted (the candidates' reschedulable pods). */
  readonly evictedPods: readonly PodKey[];
  /** Σ candidates' prices, USD/hour. */
  readonly priceBefore: number;
  /** Σ replacements' (cheapest option) prices, USD/hour. */
  readonly priceAfter: number;
  /** One line: `delete 3 empty nodes of spark-batch`, `replace m5.2xlarge with m5.large, saves $0.29/h`. */
  readonly summary: string;
  /**
   * Consolidation only, when a source pool's policy is `Balanced`: the approved score in each such pool (added for
   * Balanced, §4.8.4; absent for every other command).
   */
  readonly balanced?: readonly BalancedScore[];
}

/** What one method run returns. */
export interface MethodResult {
  readonly commands: readonly DisruptionCommand[];
  /** Every node the method considered and did not take, with why. */
  readonly verdicts: readonly NodeVerdict[];
  /** True when a budget stopped the method from taking a node it otherwise would have (upstream: no memoising). */
  readonly budgetConstrained: boolean;
}
