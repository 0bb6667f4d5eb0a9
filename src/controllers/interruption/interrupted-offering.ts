/**
 * The first step on a spot interruption warning (aws-provider.md §6.2): mark the instance's offering (instance
 * type, zone, spot) unavailable in the cloud provider's ICE cache for its TTL (3 min), so the replacement — and
 * any launch in the next minutes — goes to another offering instead of the capacity pool being reclaimed. The
 * offering is read from the NodeClaim's labels (set at launch), so no cloud call is needed.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { ControllerContext } from '../runtime/controller-context.js';

/** The ICE-cache reason upstream's interruption controller gives. */
export const SPOT_INTERRUPTION_REASON = 'SpotInterruption';

/**
 * Marks the claim's spot offering unavailable; returns the action (`marked c5.xlarge spot us-east-1a unavailable`),
 * or undefined when there is nothing to mark: the claim is not spot, lacks the labels, or the provider has no cache.
 */
export function markInterruptedOffering(ctx: ControllerContext, claim: NodeClaim): string | undefined {
  const labels = claim.metadata.labels ?? {};
  const instanceType = labels[Labels.instanceType];
  const zone = labels[Labels.zone];
  if (labels[Labels.capacityType] !== 'spot' || instanceType === undefined || zone === undefined) return undefined;
  if (ctx.cloud.markOfferingUnavailable === undefined) return undefined;
  ctx.cloud.markOfferingUnavailable({ instanceType, zone, capacityType: 'spot' }, SPOT_INTERRUPTION_REASON);
  ctx.logger.info(
    { controller: 'interruption', nodeClaim: claim.metadata.name, instanceType, zone, capacityType: 'spot' },
    'marked the interrupted spot offering unavailable',
  );
  return `marked ${instanceType} spot ${zone} unavailable`;
}
