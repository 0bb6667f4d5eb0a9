/**
 * Provider-side drift of a NodeClaim (https://karpenter.sh/docs/concepts/disruption/#drift), first hit wins:
 * NodeClass hash, AMI, security groups, subnet. Pure: the caller fetches
 * the NodeClass and the instance.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import {
  ec2NodeClassHash,
  NODECLASS_HASH_ANNOTATION,
  NODECLASS_HASH_VERSION,
  NODECLASS_HASH_VERSION_ANNOTATION,
} from '../nodeclass/hash.js';
import type { DriftReason } from '../types.js';
import { AutoscalerError, hasError } from '../../apis/errors.js';

/** The instance facts drift compares. */
export interface DriftInstance {
  readonly securityGroupIDs: readonly string[];
  readonly subnetID?: string;
}

/** Thrown when drift cannot be decided (e.g. the NodeClass status lists nothing yet). */
export class DriftCheckError extends AutoscalerError {
  override readonly name = 'DriftCheckError';
}

/** The drift reason, or undefined; throws {@link DriftCheckError} when the NodeClass status is incomplete. */
export function awsDriftReason(
  nodeClaim: NodeClaim,
  nodeClass: EC2NodeClass,
  instance: DriftInstance | undefined,
): DriftReason | undefined {
  const annotations = nodeClaim.metadata.annotations ?? {};
  const versioned = annotations[NODECLASS_HASH_VERSION_ANNOTATION] === NODECLASS_HASH_VERSION;
  const stamped = annotations[NODECLASS_HASH_ANNOTATION];
  if (versioned && stamped !== undefined && stamped !== ec2NodeClassHash(nodeClass)) return 'NodeClassDrift';
  const amis = nodeClass.status?.amis ?? [];
  const imageID = nodeClaim.status?.imageID;
  if (amis.length > 0 && imageID !== undefined && !amis.some((ami) => ami.id === imageID)) return 'AMIDrift';
  if (instance === undefined) return undefined;
  const groups = nodeClass.status?.securityGroups ?? [];
  if (groups.length === 0)
    throw new DriftCheckError(
      `checking drift of ${nodeClaim.metadata.name ?? ''}: nodeclass ${nodeClass.metadata.name ?? ''} has no resolved security groups`,
    );
  const ids = new Set(groups.map((group) => group.id));
  if (instance.securityGroupIDs.length !== ids.size || instance.securityGroupIDs.some((id) => !ids.has(id))) return 'SecurityGroupDrift';
  const subnets = nodeClass.status?.subnets ?? [];
  if (subnets.length === 0)
    throw new DriftCheckError(
      `checking drift of ${nodeClaim.metadata.name ?? ''}: nodeclass ${nodeClass.metadata.name ?? ''} has no resolved subnets`,
    );
  if (instance.subnetID !== undefined && !subnets.some((subnet) => subnet.id === instance.subnetID)) return 'SubnetDrift';
  return undefined;
}

/** Is `error` a {@link DriftCheckError}? */
export function isDriftCheckError(error: unknown): boolean {
  return hasError(error, DriftCheckError);
}
