/**
 * The {@link DisruptionSnapshot} the interruption controller simulates a replacement on (karpenter-semantics.md
 * §4.8 step 1 reads the same inputs): every state node with its pods, the pods the provisioner would place, the
 * NodePools with the instance types the cloud offers them now (after the interrupted offering was marked
 * unavailable), PDBs and DaemonSets. A stand-in until the disruption controller exports its own builder.
 */
import { DEFAULT_DISRUPTION_SETTINGS, type DisruptionSnapshot } from '../../disruption/types.js';
import { isUsablePool } from '../../disruption/simulate-scheduling.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import type { ClusterSnapshot } from '../../state/cluster-state.js';
import { isProvisionable } from '../provisioner/provisionable-pods.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { reasonOf } from '../runtime/object-errors.js';

/**
 * Reads the instance types of every usable pool (a pool whose types cannot be read is left out and logged: the
 * simulation then places no pod there) and assembles the snapshot at `ctx.now()`.
 */
export async function interruptionSnapshot(ctx: ControllerContext, cluster: ClusterSnapshot): Promise<DisruptionSnapshot> {
  const instanceTypes = new Map<string, readonly InstanceType[]>();
  for (const pool of cluster.nodePools) {
    if (!isUsablePool(pool)) continue;
    const name = pool.metadata.name ?? '';
    try {
      instanceTypes.set(name, await ctx.cloud.getInstanceTypes(pool));
    } catch (error) {
      ctx.logger.warn(
        { controller: 'interruption', nodePool: name, reason: reasonOf(error) },
        'reading instance types failed; the replacement simulation leaves the pool out',
      );
    }
  }
  return {
    now: ctx.now(),
    nodes: cluster.stateNodes,
    pendingPods: cluster.pods.filter(isProvisionable),
    nodePools: cluster.nodePools,
    instanceTypes,
    podDisruptionBudgets: cluster.podDisruptionBudgets,
    daemonSets: cluster.daemonSets,
    settings: DEFAULT_DISRUPTION_SETTINGS,
  };
}
