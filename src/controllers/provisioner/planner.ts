/**
 * The provisioner's view of a scheduling decision. The controller hands a
 * round's inputs to a {@link Planner} (the pure solver behind an adapter) and
 * acts on the returned {@link ProvisioningPlan}: create these NodeClaims,
 * nominate these nodes, explain these pending pods.
 */
import type { Pod } from '../../apis/core-v1.js';
import type { NodePool, NodeSelectorRequirementWithMinValues } from '../../apis/nodepool.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import type { Resources } from '../../scheduling/resources.js';
import type { ClusterSnapshot } from '../../state/cluster-state.js';

/** Everything one round decides on. */
export interface PlanningInput {
  readonly snapshot: ClusterSnapshot;
  /** Pods to place, in any order (the planner orders them). */
  readonly pods: readonly Pod[];
  /** Usable NodePools, highest weight first. */
  readonly nodePools: readonly NodePool[];
  /** Instance types per NodePool name. */
  readonly instanceTypes: ReadonlyMap<string, readonly InstanceType[]>;
}

/** A NodeClaim to create. */
export interface PlannedNodeClaim {
  readonly nodePool: string;
  /** Pool ∩ template labels ∩ pods' requirements, plus instance-type and capacity-type `In` lists. */
  readonly requirements: readonly NodeSelectorRequirementWithMinValues[];
  /** Pod requests plus daemonset overhead. */
  readonly requests: Resources;
  readonly pods: readonly Pod[];
  /** Instance types that fit, cheapest first (already capped). */
  readonly instanceTypeNames: readonly string[];
  /** Cheapest compatible price per hour, for logs and the dashboard. */
  readonly price?: number;
}

/** The outcome of one round. */
export interface ProvisioningPlan {
  readonly newNodeClaims: readonly PlannedNodeClaim[];
  /** Pods that fit capacity that exists or is in flight: node (or NodeClaim) name → pods. */
  readonly existing: ReadonlyArray<{ readonly nodeName: string; readonly pods: readonly Pod[] }>;
  readonly unschedulable: ReadonlyArray<{ readonly pod: Pod; readonly reason: string }>;
}

/** A pure planning function. */
export type Planner = (input: PlanningInput) => ProvisioningPlan;
