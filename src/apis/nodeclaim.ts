/**
 * `karpenter.sh/v1` NodeClaim: one requested machine. Spec: docs
 * https://karpenter.sh/docs/concepts/nodeclaims/
 */
import type { Taint } from './core-v1.js';
import type { NodeClassReference, NodeSelectorRequirementWithMinValues } from './nodepool.js';
import type { Condition, KubeObject, ResourceList } from './object-meta.js';
import type { KARPENTER_V1 } from './nodepool.js';

/** The desired state of a NodeClaim (immutable once created). */
export interface NodeClaimSpec {
  requirements: NodeSelectorRequirementWithMinValues[];
  taints?: Taint[];
  startupTaints?: Taint[];
  resources?: { requests?: ResourceList };
  nodeClassRef: NodeClassReference;
  expireAfter?: string;
  terminationGracePeriod?: string;
}

/** What Karpenter observed about a NodeClaim's instance and node. */
export interface NodeClaimStatus {
  nodeName?: string;
  providerID?: string;
  imageID?: string;
  capacity?: ResourceList;
  allocatable?: ResourceList;
  conditions?: Condition[];
  lastPodEventTime?: string;
}

/** A `karpenter.sh/v1` NodeClaim: one requested machine. */
export interface NodeClaim extends KubeObject {
  apiVersion: typeof KARPENTER_V1;
  kind: 'NodeClaim';
  spec: NodeClaimSpec;
  status?: NodeClaimStatus;
}

/** NodeClaim condition types (https://karpenter.sh/docs/concepts/nodeclaims/). */
export const NodeClaimConditions = {
  launched: 'Launched',
  registered: 'Registered',
  initialized: 'Initialized',
  ready: 'Ready',
  drifted: 'Drifted',
  consolidatable: 'Consolidatable',
  disruptionReason: 'DisruptionReason',
  drained: 'Drained',
  volumesDetached: 'VolumesDetached',
  instanceTerminating: 'InstanceTerminating',
  consistentStateFound: 'ConsistentStateFound',
} as const;
