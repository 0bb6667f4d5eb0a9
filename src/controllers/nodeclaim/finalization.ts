/**
 * Deletion of a NodeClaim (https://karpenter.sh/docs/concepts/nodeclaims/): delete its Node and
 * wait for the Node's own finalizer (drain) to finish, then terminate the
 * instance until the provider reports it gone, then release the finalizer.
 * The finalizer is only removed once the provider says NotFound, so no
 * instance can leak however often the agent restarts in between.
 */
import type { Node } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { NodeClaimConditions } from '../../apis/nodeclaim.js';
import { Duration } from '../../apis/duration.js';
import { Annotations, Labels, TERMINATION_FINALIZER } from '../../apis/well-known-labels.js';
import { isNodeClaimNotFoundError } from '../../cloudprovider/types.js';
import { Kinds } from '../../kube/resource-kinds.js';
import { isConditionTrue, setCondition } from '../conditions.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { findInstanceFor } from './launch.js';

/** Writes `karpenter.sh/nodeclaim-termination-timestamp` (deletion + terminationGracePeriod) once, so drain knows its deadline. */
export async function ensureTerminationTimestamp(ctx: ControllerContext, claim: NodeClaim): Promise<void> {
  const grace = claim.spec.terminationGracePeriod;
  if (grace === undefined || claim.metadata.annotations?.[Annotations.nodeClaimTerminationTimestamp] !== undefined) return;
  const deleting = Date.parse(claim.metadata.deletionTimestamp ?? '');
  const graceMs = Duration.tryParse(grace)?.toMillis();
  if (Number.isNaN(deleting) || graceMs === undefined || !Number.isFinite(graceMs)) return;
  const deadline = new Date(deleting + graceMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await ctx.kube.patchNodeClaimMetadata(claim.metadata.name ?? '', {
    annotations: { [Annotations.nodeClaimTerminationTimestamp]: deadline },
  });
}

/**
 * One finalization pass; returns true once the finalizer is gone. `instance`
 * is the claim as the provider knows it when the claim's own status has no
 * providerID yet (a launch whose status write was lost). Without either, the
 * provider is asked afresh for an instance tagged for this claim; the
 * finalizer is never dropped while one may exist (a failed list throws).
 */
export async function finalizeNodeClaim(
  ctx: ControllerContext,
  claim: NodeClaim,
  nodes: readonly Node[],
  launch: { inFlight: boolean; instance?: NodeClaim },
): Promise<boolean> {
  const name = claim.metadata.name ?? '';
  if (!(claim.metadata.finalizers ?? []).includes(TERMINATION_FINALIZER)) return true;
  if (launch.inFlight) return false;
  await ensureTerminationTimestamp(ctx, claim);
  const target = claim.status?.providerID ? claim : (launch.instance ?? (await findInstanceFor(ctx, name)));
  const providerID = target?.status?.providerID;
  const claimNodes = providerID ? nodes.filter((node) => node.spec.providerID === providerID) : [];
  if (claimNodes.length > 0) {
    for (const node of claimNodes) if (node.metadata.deletionTimestamp === undefined) await ctx.kube.deleteNode(node.metadata.name ?? '');
    return false;
  }
  if (providerID && target !== undefined) {
    try {
      await ctx.cloud.delete(target);
      if (!isConditionTrue(claim.status?.conditions, NodeClaimConditions.instanceTerminating)) {
        const conditions = setCondition(
          claim.status?.conditions,
          { type: NodeClaimConditions.instanceTerminating, status: 'True', reason: 'InstanceTerminating' },
          ctx.now(),
        );
        await ctx.kube.patchNodeClaimStatus(name, { conditions }).catch((error: unknown) => {
          ctx.logger.warn(
            {
              controller: 'nodeclaim.lifecycle',
              nodeClaim: name,
              providerID,
              reason: error instanceof Error ? error.message : String(error),
            },
            'writing the InstanceTerminating condition failed',
          );
        });
      }
      return false;
    } catch (error) {
      if (!isNodeClaimNotFoundError(error)) throw error;
    }
  }
  // A pass that runs on a cache still showing the finalizer finds it gone: count and log the termination once.
  if (!(await ctx.kube.removeFinalizer(Kinds.nodeClaim, name, TERMINATION_FINALIZER))) return true;
  const nodePool = claim.metadata.labels?.[Labels.nodePool] ?? '';
  ctx.metrics.nodeClaimsTerminated.inc({ nodepool: nodePool, capacity_type: claim.metadata.labels?.[Labels.capacityType] ?? '' });
  ctx.logger.info(
    { controller: 'nodeclaim.lifecycle', nodeClaim: name, nodePool, node: claim.status?.nodeName, providerID },
    'terminated nodeclaim',
  );
  return true;
}
