/**
 * The input and output of {@link solve}: plain data in, plain data out.
 * `SchedulingNode` has the shape of a state node (src/state), so a cluster
 * snapshot's `stateNodes` can be passed as they are.
 */
import type { DaemonSet, Node, NodeSelectorRequirement, Pod } from '../apis/core-v1.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import type { NodePool, NodeSelectorRequirementWithMinValues } from '../apis/nodepool.js';
import type { CapacityType } from '../apis/well-known-labels.js';
import type { InstanceType } from './instance-type.js';
import type { PodKey } from './pod-info.js';
import type { PreferencePolicy } from './preferences.js';
import type { Resources } from './resources.js';
import type { SolveCache } from './solve-cache.js';

/** One machine of the cluster: a Node, an in-flight NodeClaim without a Node yet, or both. */
export interface SchedulingNode {
  readonly node?: Node;
  readonly nodeClaim?: NodeClaim;
  /** Pods bound to it (their requests use its capacity; they count for topology). */
  readonly pods: readonly Pod[];
  /** Being deleted: not used as capacity (pass its pods to {@link solve} to reschedule them). */
  readonly markedForDeletion: boolean;
  /**
   * Pending pods an earlier round planned onto this in-flight NodeClaim. Those of them passed to {@link solve}
   * are tried on it first, so they keep their claim and count in topology where it may land.
   */
  readonly nominatedPods?: readonly PodKey[];
}

/** A NodePool with the instance types its cloud provider offers for it. */
export interface NodePoolOption {
  readonly nodePool: NodePool;
  readonly instanceTypes: readonly InstanceType[];
}

/** Everything a scheduling round reads besides the pods to place. */
export interface SchedulingSnapshot {
  /** Existing nodes and in-flight NodeClaims. */
  readonly nodes: readonly SchedulingNode[];
  /** Ready NodePools (the caller leaves out pools that are not Ready or are being deleted). */
  readonly nodePools: readonly NodePoolOption[];
  /** DaemonSets whose pods will land on new nodes (their requests are reserved on each new NodeClaim). */
  readonly daemonSets?: readonly DaemonSet[];
  /**
   * Volume topology per pod (https://karpenter.sh/docs/concepts/scheduling/#persistent-volume-topology), resolved by the caller from its PVCs (bound PV node affinity, or the
   * StorageClass's allowedTopologies for WaitForFirstConsumer): alternatives, ORed, each a list of ANDed
   * requirements (e.g. `[[{ key: zone, operator: 'In', values: ['eu-west-1a'] }]]`). They constrain the node
   * but do not count as the pod's node affinity for topology spread.
   */
  readonly volumeRequirements?: Readonly<Record<PodKey, readonly (readonly NodeSelectorRequirement[])[]>>;
}

/** Options of {@link solve}. */
export interface SolveOptions {
  /** @default 'Respect' */
  readonly preferencePolicy?: PreferencePolicy;
  /** `Strict` fails a NodeClaim whose instance types cannot meet minValues; `BestEffort` relaxes it. @default 'Strict' */
  readonly minValuesPolicy?: 'Strict' | 'BestEffort';
  /** The most instance-type options a new NodeClaim carries (cheapest first). @default 600 */
  readonly maxInstanceTypes?: number;
  /** Stops placing pods once `now()` passes the start plus `timeoutMs` (what was placed is kept). */
  readonly clock?: { now(): number };
  /** @default 60000 */
  readonly timeoutMs?: number;
  /** Reuse compiled NodePools across solves (same results, less setup); keep one per caller. */
  readonly cache?: SolveCache;
}

/** Where a pod goes. */
export interface Placement {
  readonly pod: PodKey;
  /** `existing` = a Node, `in-flight` = a NodeClaim launched before this round, `new` = a NodeClaim of this round. */
  readonly kind: 'existing' | 'in-flight' | 'new';
  /** Node name, NodeClaim name, or the new NodeClaim's placeholder name. */
  readonly target: string;
}

/** One instance type a new NodeClaim may launch as, with its cheapest compatible available offering. */
export interface InstanceTypeOption {
  readonly name: string;
  readonly price: number;
  readonly zone: string;
  readonly capacityType: CapacityType;
}

/** A NodeClaim this round decided to launch. */
export interface NewNodeClaim {
  /** Placeholder name (also its hostname during the simulation), e.g. `default-0001`. */
  readonly name: string;
  readonly nodePool: string;
  /**
   * Pool ∩ pods ∩ topology requirements (no hostname), plus `node.kubernetes.io/instance-type In [options]` and
   * `karpenter.sh/capacity-type In [capacity types those options offer]`.
   */
  readonly requirements: NodeSelectorRequirementWithMinValues[];
  /** Template labels, `karpenter.sh/nodepool`, and custom keys the requirements pin to one value (well-known keys are left to the provider). */
  readonly labels: Readonly<Record<string, string>>;
  readonly pods: readonly PodKey[];
  /** Pod requests plus the smallest DaemonSet overhead among the options. */
  readonly requests: Resources;
  /** Cheapest first, at most `maxInstanceTypes`. */
  readonly instanceTypeOptions: readonly InstanceTypeOption[];
  /** Price of the cheapest option (USD/hour). */
  readonly price: number;
  /** True when BestEffort lowered a minValues to what the options can meet. */
  readonly minValuesRelaxed: boolean;
}

/** A pod that could not be placed, with the reasons a person reads (headline first). */
export interface UnschedulablePod {
  readonly pod: PodKey;
  readonly reasons: readonly string[];
}

/** The plan of one scheduling round. */
export interface SolveResult {
  /** One entry per placed pod, in placement order. */
  readonly placements: readonly Placement[];
  /** Existing nodes and in-flight claims that received pods, in the order they were tried. */
  readonly existingNodes: ReadonlyArray<{ readonly name: string; readonly inFlight: boolean; readonly pods: readonly PodKey[] }>;
  readonly newNodeClaims: readonly NewNodeClaim[];
  readonly unschedulable: readonly UnschedulablePod[];
  /** True when the timeout stopped the round early. */
  readonly timedOut: boolean;
}
