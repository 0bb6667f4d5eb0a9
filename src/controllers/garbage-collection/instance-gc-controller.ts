/**
 * Terminates instances that no NodeClaim accounts for (https://karpenter.sh/docs/concepts/nodeclaims/ (garbage collection)),
 * after a grace period. An instance tagged with the name of a NodeClaim that
 * still exists is never collected: the lifecycle controller adopts it (a
 * launch whose status write was lost), so the two never race.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { collectLeakedInstances } from '../../cloudprovider/garbage-collection.js';
import type { CloudProvider } from '../../cloudprovider/types.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';

/** Collects leaked instances on every pass (run it on a slow interval). */
export class InstanceGarbageCollector implements Reconciler {
  readonly name = 'garbagecollection';

  constructor(
    private readonly ctx: ControllerContext,
    private readonly options: { gracePeriodMs?: number } = {},
  ) {}

  async reconcile(): Promise<void> {
    const claims = this.ctx.state.snapshot().nodeClaims;
    const claimedNames = new Set(claims.map((claim) => claim.metadata.name ?? ''));
    const claimedProviderIDs = new Set(claims.flatMap((claim) => (claim.status?.providerID ? [claim.status.providerID] : [])));
    const cloud = this.ctx.cloud;
    const unadopted: CloudProvider = {
      name: cloud.name,
      create: (claim) => cloud.create(claim),
      delete: (claim) => cloud.delete(claim),
      get: (providerID) => cloud.get(providerID),
      list: async (): Promise<NodeClaim[]> => (await cloud.list()).filter((instance) => !claimedNames.has(instance.metadata.name ?? '')),
      getInstanceTypes: (pool) => cloud.getInstanceTypes(pool),
      isDrifted: (claim) => cloud.isDrifted(claim),
    };
    const terminated = await collectLeakedInstances(unadopted, {
      claimedProviderIDs,
      now: new Date(this.ctx.now()),
      gracePeriodMs: this.options.gracePeriodMs,
      logger: this.ctx.logger,
    });
    for (const _providerID of terminated)
      this.ctx.metrics.nodeClaimsDisrupted.inc({ reason: 'garbage_collected', nodepool: '', capacity_type: '' });
  }
}
