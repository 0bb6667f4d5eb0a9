/**
 * Drift detection for one NodeClaim (karpenter-semantics.md §5): has the machine drifted from what its NodePool and
 * NodeClass would build today, and why, in a sentence a person reads. First match wins:
 *
 * 1. `NodePoolDrifted` — the `karpenter.sh/nodepool-hash` annotations of pool and claim differ; compared only when
 *    both carry `karpenter.sh/nodepool-hash-version` and the versions are equal (another version is re-stamped by
 *    the hash controller, never drifted);
 * 2. `RequirementsDrifted` — the claim's labels no longer satisfy the pool's requirements (requirements-drift.ts);
 * 3. `InstanceTypeNotFound` — only for claims older than 1 h: the claim's instance type is no longer offered for
 *    the pool, or has no offering for the claim's zone and capacity type (a `reserved` claim also accepts
 *    `on-demand`, since reservations can be demoted); availability is not required;
 * 4. provider drift — the reason the cloud provider's `isDrifted` returned (AMI, subnet, security group, NodeClass
 *    hash…); the caller asks the provider (it is asynchronous) and passes the answer in.
 *
 * Only Launched claims are judged: the caller clears the condition of the others. Pure.
 */
import type { EC2NodeClass } from '../apis/ec2nodeclass.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import type { NodePool } from '../apis/nodepool.js';
import { Annotations, Labels } from '../apis/well-known-labels.js';
import type { DriftReason } from '../cloudprovider/types.js';
import type { InstanceType, Offering } from '../scheduling/instance-type.js';
import { Requirements } from '../scheduling/requirements.js';
import { requirementsDrift } from './requirements-drift.js';

/** A claim younger than this is never `InstanceTypeNotFound` (upstream: the provider's catalog may lag a launch). */
export const INSTANCE_TYPE_DRIFT_MIN_AGE_MS = 60 * 60_000;

/** The reasons of the `Drifted` condition: karpd's own three, or the provider's. */
export type NodeClaimDriftReason = 'NodePoolDrifted' | 'RequirementsDrifted' | 'InstanceTypeNotFound' | DriftReason;

/** Why a claim has drifted: the condition's reason and message. */
export interface Drift {
  readonly reason: NodeClaimDriftReason;
  /** A sentence: `NodePool default template changed (hash 1f2e… → 9a8b…)`. */
  readonly message: string;
}

/** What {@link driftOf} judges. */
export interface DriftInput {
  readonly nodeClaim: NodeClaim;
  /** The claim's NodePool as it is now. */
  readonly nodePool: NodePool;
  /** The claim's NodeClass, when known (for the provider-drift message). */
  readonly nodeClass?: EC2NodeClass;
  /** The instance types the provider offers for the pool; `undefined` when not known, which skips step 3. */
  readonly instanceTypes: readonly InstanceType[] | undefined;
  /** ms since the epoch. */
  readonly now: number;
  /** What the cloud provider's `isDrifted` returned for the claim, if it was asked and said drifted. */
  readonly providerReason?: DriftReason;
}

/**
 * Why the claim has drifted, or `undefined` when it has not (first match wins, see the file comment).
 * Throws `RequirementParseError` when the pool's requirements cannot be parsed (a bad NodePool).
 */
export function driftOf(input: DriftInput): Drift | undefined {
  const { nodeClaim, nodePool } = input;
  return (
    staticDrift(nodeClaim, nodePool) ??
    requirementDrift(nodeClaim, nodePool) ??
    instanceTypeDrift(input) ??
    (input.providerReason === undefined ? undefined : providerDrift(input.providerReason, nodeClaim, input.nodeClass))
  );
}

/** Step 1: the template hash of the pool differs from the one the claim was built from (same hash version only). */
export function staticDrift(nodeClaim: NodeClaim, nodePool: NodePool): Drift | undefined {
  const claim = nodeClaim.metadata.annotations ?? {};
  const pool = nodePool.metadata.annotations ?? {};
  const version = claim[Annotations.nodePoolHashVersion];
  if (version === undefined || version !== pool[Annotations.nodePoolHashVersion]) return undefined;
  const built = claim[Annotations.nodePoolHash];
  const current = pool[Annotations.nodePoolHash];
  if (built === undefined || current === undefined || built === current) return undefined;
  return { reason: 'NodePoolDrifted', message: `NodePool ${nodePool.metadata.name ?? ''} template changed (hash ${built} → ${current})` };
}

/** Step 2: the claim's labels no longer satisfy the pool's requirements. */
export function requirementDrift(nodeClaim: NodeClaim, nodePool: NodePool): Drift | undefined {
  const message = requirementsDrift(nodeClaim.metadata.labels, Requirements.from(nodePool.spec.template.spec.requirements));
  return message === undefined ? undefined : { reason: 'RequirementsDrifted', message };
}

function offeringFits(offering: Offering, zone: string | undefined, capacityType: string | undefined): boolean {
  if (zone !== undefined && offering.zone !== zone) return false;
  if (capacityType === undefined || offering.capacityType === capacityType) return true;
  return capacityType === 'reserved' && offering.capacityType === 'on-demand';
}

/** Step 3: the claim (older than an hour) has an instance type, zone and capacity type the pool no longer offers. */
export function instanceTypeDrift(input: Pick<DriftInput, 'nodeClaim' | 'nodePool' | 'instanceTypes' | 'now'>): Drift | undefined {
  const { nodeClaim, instanceTypes } = input;
  const created = Date.parse(nodeClaim.metadata.creationTimestamp ?? '');
  if (instanceTypes === undefined || Number.isNaN(created) || input.now - created < INSTANCE_TYPE_DRIFT_MIN_AGE_MS) return undefined;
  const labels = nodeClaim.metadata.labels ?? {};
  const name = labels[Labels.instanceType];
  if (name === undefined) return undefined;
  const pool = input.nodePool.metadata.name ?? '';
  const type = instanceTypes.find((candidate) => candidate.name === name);
  if (type === undefined || type.offerings.length === 0)
    return { reason: 'InstanceTypeNotFound', message: `instance type ${name} is no longer offered for NodePool ${pool}` };
  const zone = labels[Labels.zone];
  const capacityType = labels[Labels.capacityType];
  if (type.offerings.some((offering) => offeringFits(offering, zone, capacityType))) return undefined;
  const where = [zone, capacityType].filter((part) => part !== undefined).join(' ');
  return { reason: 'InstanceTypeNotFound', message: `instance type ${name} has no ${where} offering for NodePool ${pool} any more` };
}

/** The NodeClass a claim names, as `EC2NodeClass default`. */
function nodeClassName(nodeClaim: NodeClaim, nodeClass: EC2NodeClass | undefined): string {
  const ref = nodeClaim.spec.nodeClassRef;
  return `${nodeClass?.kind ?? ref.kind} ${nodeClass?.metadata.name ?? ref.name}`;
}

/** What changed, for the reasons the providers karpd ships return. */
type DescribeDrift = (nodeClaim: NodeClaim, nodeClass: string, current?: EC2NodeClass) => string;
const PROVIDER_DRIFT: ReadonlyMap<string, DescribeDrift> = new Map<string, DescribeDrift>([
  ['NodeClassDrift', (_claim, nodeClass) => `${nodeClass} changed since the node was launched`],
  [
    'AMIDrift',
    (claim, nodeClass, current) => {
      const amis = (current?.status?.amis ?? []).map((ami) => ami.id);
      const now = amis.length > 0 ? ` (it selects ${amis.slice(0, 3).join(', ')}${amis.length > 3 ? ', …' : ''})` : '';
      return `image ${claim.status?.imageID ?? '<unknown>'} is no longer selected by ${nodeClass} amiSelectorTerms${now}`;
    },
  ],
  ['SecurityGroupDrift', (_claim, nodeClass) => `security groups differ from those ${nodeClass} securityGroupSelectorTerms select`],
  ['SubnetDrift', (_claim, nodeClass) => `subnet is no longer selected by ${nodeClass} subnetSelectorTerms`],
  ['CapacityReservationDrift', (_claim, nodeClass) => `capacity reservation is no longer selected by ${nodeClass}`],
  ['PlacementGroupDrift', (_claim, nodeClass) => `placement group differs from the one ${nodeClass} names`],
]);

/** Step 4: the provider's reason, with a sentence for the reasons karpd's providers return. */
export function providerDrift(reason: DriftReason, nodeClaim: NodeClaim, nodeClass?: EC2NodeClass): Drift {
  const describe = PROVIDER_DRIFT.get(reason);
  const message =
    describe === undefined
      ? `cloud provider reports drift: ${reason}`
      : describe(nodeClaim, nodeClassName(nodeClaim, nodeClass), nodeClass);
  return { reason, message };
}
