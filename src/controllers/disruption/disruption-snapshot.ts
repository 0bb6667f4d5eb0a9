/**
 * Builds the {@link DisruptionSnapshot} the disruption methods read (src/disruption/types.ts) from the cluster
 * state's snapshot, the cloud provider's instance types per NodePool (as the provisioner asks for them) and the
 * disruption settings (karpenter-semantics.md §11). Every NodePool is in it, Ready or not (their nodes may still
 * drift); a pool whose instance types cannot be read is left out of `instanceTypes` and logged, so its nodes get
 * the verdict `instance types of NodePool … are not known` instead of being disrupted blind.
 */
import type { InstanceType } from '../../scheduling/instance-type.js';
import { DEFAULT_DISRUPTION_SETTINGS, type DisruptionSettings, type DisruptionSnapshot } from '../../disruption/types.js';
import type { ClusterSnapshot } from '../../state/cluster-state.js';
import { isProvisionable } from '../provisioner/provisionable-pods.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';

/** What {@link buildDisruptionSnapshot} reads. */
export interface DisruptionSnapshotSource {
  readonly ctx: ControllerContext;
  readonly errors: ObjectErrors;
  readonly settings?: DisruptionSettings;
}

/** The disruption snapshot of `cluster` at `ctx.now()`. */
export async function buildDisruptionSnapshot(source: DisruptionSnapshotSource, cluster: ClusterSnapshot): Promise<DisruptionSnapshot> {
  const { ctx, errors } = source;
  const instanceTypes = new Map<string, readonly InstanceType[]>();
  await errors.each(
    cluster.nodePools,
    (pool) => refOf('NodePool', pool),
    async (pool) => {
      instanceTypes.set(pool.metadata.name ?? '', await ctx.cloud.getInstanceTypes(pool));
    },
    'instance types of nodepool unknown; its nodes are not disrupted this round',
  );
  return {
    now: ctx.now(),
    nodes: cluster.stateNodes,
    pendingPods: cluster.pods.filter(isProvisionable),
    nodePools: cluster.nodePools,
    instanceTypes,
    podDisruptionBudgets: cluster.podDisruptionBudgets,
    daemonSets: cluster.daemonSets,
    settings: source.settings ?? DEFAULT_DISRUPTION_SETTINGS,
  };
}

/** A fresh snapshot builder bound to a context (one ObjectErrors for its log rate-limiting). */
export function disruptionSnapshotSource(ctx: ControllerContext, settings?: DisruptionSettings): DisruptionSnapshotSource {
  return { ctx, errors: new ObjectErrors('disruption', ctx.logger, ctx.now), ...(settings !== undefined ? { settings } : {}) };
}
