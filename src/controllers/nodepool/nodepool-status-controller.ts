/** Keeps every NodePool's status (resources, nodes, conditions) and usage metrics current. */
import type { NodePool } from '../../apis/nodepool.js';
import { fromResourceList } from '../../scheduling/resources.js';
import { setCondition } from '../conditions.js';
import { stableStringify } from '../stable-json.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { desiredNodePoolStatus } from './nodepool-usage.js';

/** Writes NodePool status only when it changed. */
export class NodePoolStatusController implements Reconciler {
  readonly name = 'nodepool.status';

  constructor(private readonly ctx: ControllerContext) {}

  async reconcile(): Promise<void> {
    const snapshot = this.ctx.state.snapshot();
    for (const pool of snapshot.nodePools) {
      const desired = desiredNodePoolStatus(pool, snapshot.nodeClaims, snapshot.nodeClasses);
      this.recordMetrics(pool, desired.resources);
      const now = this.ctx.now();
      let conditions = setCondition(pool.status?.conditions, { type: 'NodeClassReady', ...desired.nodeClassReady }, now);
      conditions = setCondition(conditions, { type: 'ValidationSucceeded', status: 'True', reason: 'ValidationSucceeded' }, now);
      const ready = desired.nodeClassReady.status === 'True';
      conditions = setCondition(conditions, ready ? { type: 'Ready', status: 'True', reason: 'Ready' } : { type: 'Ready', status: 'False', reason: 'NodeClassNotReady', message: desired.nodeClassReady.status === 'False' ? desired.nodeClassReady.message : '' }, now);
      const status = { resources: desired.resources, nodes: desired.nodes, conditions };
      if (stableStringify(status) === stableStringify({ resources: pool.status?.resources, nodes: pool.status?.nodes, conditions: pool.status?.conditions })) continue;
      this.ctx.state.upsert('nodePools', await this.ctx.kube.patchNodePoolStatus(pool.metadata.name ?? '', status));
    }
  }

  private recordMetrics(pool: NodePool, resources: Record<string, string>): void {
    const name = pool.metadata.name ?? '';
    for (const [resource, amount] of Object.entries(fromResourceList(resources))) this.ctx.metrics.nodePoolUsage.set({ nodepool: name, resource_type: resource }, amount);
    for (const [resource, amount] of Object.entries(fromResourceList(pool.spec.limits))) this.ctx.metrics.nodePoolLimit.set({ nodepool: name, resource_type: resource }, amount);
  }
}
