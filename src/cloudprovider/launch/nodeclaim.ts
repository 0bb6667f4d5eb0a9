/**
 * The NodeClaim a provider hands back after a launch or rebuilds from an
 * instance: resolved labels, capacity, allocatable and providerID
 * (aws/karpenter-provider-aws pkg/providers/instance (CreateFleet launch), https://karpenter.sh/docs/concepts/nodeclaims/).
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { KARPENTER_V1 } from '../../apis/nodepool.js';
import { Labels, type CapacityType } from '../../apis/well-known-labels.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { toResourceList, type Resources } from '../../scheduling/resources.js';

/** The labels a node of this type in this zone and capacity type carries: every single-valued requirement plus zone and capacity type. */
export function resolvedLabels(type: InstanceType, zone: string, capacityType: CapacityType): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const req of type.requirements) {
    if (req.operator === 'In' && req.values?.length === 1) labels[req.key] = req.values[0];
  }
  labels[Labels.zone] = zone;
  labels[Labels.capacityType] = capacityType;
  const zoneID = type.offerings.find((offering) => offering.zone === zone)?.zoneID;
  if (zoneID !== undefined) labels[Labels.zoneID] = zoneID;
  return labels;
}

function nonZero(resources: Resources): Resources {
  return Object.fromEntries(Object.entries(resources).filter(([, amount]) => amount !== 0));
}

/** What a launch resolved. */
export interface LaunchResult {
  readonly instanceType: InstanceType;
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly providerID: string;
  readonly imageID: string;
  readonly extraLabels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The launched NodeClaim: a copy of the request with resolved labels (the claim's own labels win) and status filled in. */
export function launchedNodeClaim(nodeClaim: NodeClaim, result: LaunchResult): NodeClaim {
  const labels = {
    ...resolvedLabels(result.instanceType, result.zone, result.capacityType),
    ...result.extraLabels,
    ...nodeClaim.metadata.labels,
  };
  return {
    ...nodeClaim,
    metadata: { ...nodeClaim.metadata, labels, annotations: { ...nodeClaim.metadata.annotations, ...result.annotations } },
    status: {
      ...nodeClaim.status,
      providerID: result.providerID,
      imageID: result.imageID,
      capacity: toResourceList(nonZero(result.instanceType.capacity)),
      allocatable: toResourceList(nonZero(result.instanceType.allocatable)),
    },
  };
}

/** What is known about an instance when rebuilding its NodeClaim (Get/List). */
export interface InstanceFacts {
  readonly providerID: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly imageID?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly launchTime: Date;
  /** Set when the instance is shutting down or terminated. */
  readonly terminating?: Date;
  /** The type, when still known, for capacity and labels. */
  readonly type?: InstanceType;
}

/** A NodeClaim rebuilt from a cloud instance (name from the `karpenter.sh/nodeclaim` tag). */
export function nodeClaimFromInstance(facts: InstanceFacts): NodeClaim {
  const labels: Record<string, string> = facts.type === undefined ? {} : resolvedLabels(facts.type, facts.zone, facts.capacityType);
  labels[Labels.instanceType] = facts.instanceType;
  labels[Labels.zone] = facts.zone;
  labels[Labels.capacityType] = facts.capacityType;
  const nodePool = facts.tags[Labels.nodePool];
  if (nodePool !== undefined) labels[Labels.nodePool] = nodePool;
  const nodeClass = facts.tags[Labels.ec2NodeClass];
  if (nodeClass !== undefined) labels[Labels.ec2NodeClass] = nodeClass;
  return {
    apiVersion: KARPENTER_V1,
    kind: 'NodeClaim',
    metadata: {
      name: facts.tags['karpenter.sh/nodeclaim'] ?? '',
      labels,
      creationTimestamp: facts.launchTime.toISOString(),
      ...(facts.terminating === undefined ? {} : { deletionTimestamp: facts.terminating.toISOString() }),
    },
    spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: nodeClass ?? '' } },
    status: {
      providerID: facts.providerID,
      ...(facts.imageID === undefined ? {} : { imageID: facts.imageID }),
      ...(facts.type === undefined
        ? {}
        : { capacity: toResourceList(nonZero(facts.type.capacity)), allocatable: toResourceList(nonZero(facts.type.allocatable)) }),
    },
  };
}
