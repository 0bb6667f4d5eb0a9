/**
 * Keeps every EC2NodeClass's status (subnets, security groups, AMIs,
 * instance profile, conditions) as the cloud resolves it (aws-provider.md
 * §1.3–1.4). The resolution is the provider's; this controller only writes
 * it when something other than a timestamp changed, keeping each condition's
 * lastTransitionTime while its status holds.
 */
import type { EC2NodeClass, EC2NodeClassStatus } from '../../apis/ec2nodeclass.js';
import { setCondition } from '../conditions.js';
import { stableStringify } from '../stable-json.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';

/** Resolves a NodeClass into the status it should have. */
export type NodeClassStatusResolver = (nodeClass: EC2NodeClass, now: Date) => EC2NodeClassStatus | Promise<EC2NodeClassStatus>;

function comparable(status: EC2NodeClassStatus | undefined): string {
  const conditions = (status?.conditions ?? [])
    .map((c) => ({ type: c.type, status: c.status, reason: c.reason ?? c.type, message: c.message || undefined }))
    .sort((a, b) => (a.type < b.type ? -1 : 1));
  return stableStringify({ ...status, conditions });
}

/** Writes resolved NodeClass status. */
export class NodeClassStatusController implements Reconciler {
  readonly name = 'nodeclass.status';

  constructor(
    private readonly ctx: ControllerContext,
    private readonly resolve: NodeClassStatusResolver,
  ) {}

  async reconcile(): Promise<void> {
    for (const nodeClass of this.ctx.state.snapshot().nodeClasses) {
      if (nodeClass.metadata.deletionTimestamp !== undefined) continue;
      const resolved = await this.resolve(nodeClass, new Date(this.ctx.now()));
      if (comparable(resolved) === comparable(nodeClass.status)) continue;
      let conditions = nodeClass.status?.conditions ?? [];
      for (const condition of resolved.conditions ?? []) {
        conditions = setCondition(conditions, { type: condition.type, status: condition.status, reason: condition.reason ?? condition.type, message: condition.message }, this.ctx.now());
      }
      const generation = nodeClass.metadata.generation;
      const status = { ...resolved, conditions: conditions.map((c) => (generation === undefined ? c : { ...c, observedGeneration: generation })) };
      this.ctx.state.upsert('nodeClasses', await this.ctx.kube.patchEC2NodeClassStatus(nodeClass.metadata.name ?? '', status));
      this.ctx.logger.info({ controller: this.name, nodeClass: nodeClass.metadata.name, ready: resolved.conditions?.find((c) => c.type === 'Ready')?.status }, 'updated nodeclass status');
    }
  }
}
