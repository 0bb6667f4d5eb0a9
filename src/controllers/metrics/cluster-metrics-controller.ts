/**
 * Keeps the gauges that describe the cluster current: allocatable resources
 * of karpd's nodes (`karpenter_nodes_allocatable`), pod phases
 * (`karpenter_pods_state`) and the state cache (`karpenter_cluster_state_*`).
 */
import { Labels } from '../../apis/well-known-labels.js';
import { fromResourceList } from '../../scheduling/resources.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';

/** Rebuilds the cluster gauges from a snapshot on every pass. */
export class ClusterMetricsController implements Reconciler {
  readonly name = 'metrics.cluster';

  private readonly errors: ObjectErrors;

  constructor(private readonly ctx: ControllerContext) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
  }

  async reconcile(): Promise<void> {
    const snapshot = this.ctx.state.snapshot();
    const { metrics } = this.ctx;
    metrics.clusterStateSynced.set(this.ctx.state.synced() ? 1 : 0);
    metrics.clusterStateNodeCount.set(snapshot.stateNodes.length);
    metrics.nodesAllocatable.reset();
    const poolOfNode = new Map<string, string>();
    for (const node of snapshot.nodes) {
      const labels = node.metadata.labels ?? {};
      const nodePool = labels[Labels.nodePool];
      if (nodePool === undefined) continue;
      poolOfNode.set(node.metadata.name ?? '', nodePool);
      try {
        for (const [resource, amount] of Object.entries(fromResourceList(node.status?.allocatable))) {
          metrics.nodesAllocatable.set(
            {
              node_name: node.metadata.name ?? '',
              nodepool: nodePool,
              resource_type: resource,
              instance_type: labels[Labels.instanceType] ?? '',
              capacity_type: labels[Labels.capacityType] ?? '',
              zone: labels[Labels.zone] ?? '',
            },
            resource === 'cpu' ? amount / 1000 : amount,
          );
        }
      } catch (error) {
        this.errors.report(refOf('Node', node), error, 'node allocatable not exported');
      }
    }
    metrics.podsState.reset();
    for (const pod of snapshot.pods) {
      const node = pod.spec.nodeName ?? '';
      metrics.podsState.set(
        {
          name: pod.metadata.name ?? '',
          namespace: pod.metadata.namespace ?? '',
          node,
          nodepool: poolOfNode.get(node) ?? '',
          phase: pod.status?.phase ?? 'Pending',
        },
        1,
      );
    }
  }
}
