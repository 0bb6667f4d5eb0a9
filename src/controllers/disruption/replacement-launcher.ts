/**
 * Launches the replacement NodeClaims a disruption command (or a spot interruption) needs before its nodes are
 * drained: each simulated NodeClaim becomes a real one in its pool, nominated for the pods that will move to it so
 * the provisioner counts it as capacity for them instead of launching again when they are evicted.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { NewNodeClaim } from '../../scheduling/snapshot.js';
import { buildSimulatedNodeClaim } from '../provisioner/nodeclaim-builder.js';
import type { ControllerContext } from '../runtime/controller-context.js';

/** Why replacements are launched (the `reason` label of `karpenter_nodeclaims_created_total`). */
export type ReplacementReason = 'consolidation' | 'drift' | 'interruption';

/** One replacement that was created. */
export interface LaunchedReplacement {
  readonly nodeClaim: NodeClaim;
  /** The simulated claim it came from. */
  readonly planned: NewNodeClaim;
}

/** How long a replacement stays nominated for its pods, ms (they are evicted only once it is initialized). */
export const REPLACEMENT_NOMINATION_MS = 10 * 60_000;

/**
 * Creates one NodeClaim per `replacements` entry (in order). Throws on the first failure after the ones already
 * created; the caller owns rolling them back (deleting the created claims) so a failed command leaks no instance.
 */
export async function launchReplacements(
  ctx: ControllerContext,
  replacements: readonly NewNodeClaim[],
  nodePools: readonly NodePool[],
  reason: ReplacementReason,
  created: LaunchedReplacement[] = [],
): Promise<LaunchedReplacement[]> {
  for (const planned of replacements) {
    const pool = nodePools.find((p) => p.metadata.name === planned.nodePool);
    if (pool === undefined) throw new Error(`replacement ${planned.name}: NodePool ${planned.nodePool} no longer exists`);
    const nodeClaim = await ctx.kube.createNodeClaim(buildSimulatedNodeClaim(pool, planned));
    ctx.state.upsert('nodeClaims', nodeClaim);
    const name = nodeClaim.metadata.name ?? '';
    ctx.state.nominate(name, ctx.now() + REPLACEMENT_NOMINATION_MS, planned.pods);
    ctx.metrics.nodeClaimsCreated.inc({ reason, nodepool: planned.nodePool, min_values_relaxed: 'false' });
    created.push({ nodeClaim, planned });
    ctx.logger.info(
      { controller: 'disruption', nodeClaim: name, nodePool: planned.nodePool, reason, pods: planned.pods.length, price: planned.price },
      'launched replacement nodeclaim',
    );
  }
  return created;
}
