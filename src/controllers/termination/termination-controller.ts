/**
 * Node termination (https://karpenter.sh/docs/concepts/disruption/#termination-controller): a managed Node being
 * deleted keeps the `karpenter.sh/termination` finalizer until its NodeClaim
 * is deleting, it is tainted `karpenter.sh/disrupted:NoSchedule`, its pods
 * are drained through the eviction API (PDBs honoured), and its instance is
 * terminating. Every step is idempotent, so a restart resumes where it was.
 */
import type { Node } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Annotations, Labels, TERMINATION_FINALIZER, Taints } from '../../apis/well-known-labels.js';
import { isNodeClaimNotFoundError } from '../../cloudprovider/types.js';
import { isEvictionBlockedError } from '../../kube/errors.js';
import { Kinds } from '../../kube/resource-kinds.js';
import type { ClusterSnapshot } from '../../state/cluster-state.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';
import { planDrain } from './drain-plan.js';

/** Drains and finalizes Nodes that are being deleted. */
export class TerminationController implements Reconciler {
  readonly name = 'node.termination';
  private readonly errors: ObjectErrors;

  constructor(private readonly ctx: ControllerContext) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
  }

  async reconcile(): Promise<void> {
    const snapshot = this.ctx.state.snapshot();
    for (const node of snapshot.nodes) {
      if (node.metadata.deletionTimestamp === undefined || !(node.metadata.finalizers ?? []).includes(TERMINATION_FINALIZER)) continue;
      try {
        await this.terminate(node, snapshot);
      } catch (error) {
        this.errors.report(refOf('Node', node), error, 'node termination step failed; will retry');
      }
    }
  }

  private async terminate(node: Node, snapshot: ClusterSnapshot): Promise<void> {
    const name = node.metadata.name ?? '';
    const claim = snapshot.nodeClaims.find((c) => c.status?.providerID !== undefined && c.status.providerID === node.spec.providerID);
    if (claim !== undefined && claim.metadata.deletionTimestamp === undefined)
      await this.ctx.kube.deleteNodeClaim(claim.metadata.name ?? '');
    if (!(node.spec.taints ?? []).some((t) => t.key === Taints.disrupted.key && t.effect === Taints.disrupted.effect)) {
      await this.ctx.kube.taintNode(name, { ...Taints.disrupted });
    }
    const deadline = claim?.metadata.annotations?.[Annotations.nodeClaimTerminationTimestamp];
    const plan = planDrain(snapshot.podsByNode.get(name) ?? [], this.ctx.now(), deadline ? Date.parse(deadline) : undefined);
    if (!plan.drained) {
      await this.drain(plan);
      return;
    }
    if (claim !== undefined && !(await this.instanceGone(claim))) return;
    await this.ctx.kube.removeFinalizer(Kinds.node, name, TERMINATION_FINALIZER);
    this.ctx.metrics.nodesTerminated.inc({ nodepool: node.metadata.labels?.[Labels.nodePool] ?? '' });
    this.ctx.logger.debug({ controller: this.name, node: name, providerID: node.spec.providerID }, 'terminated node');
  }

  private async drain(plan: ReturnType<typeof planDrain>): Promise<void> {
    for (const { pod, graceSeconds } of plan.forceDelete) {
      await this.ctx.kube.deletePod(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', graceSeconds);
    }
    for (const pod of plan.evict) {
      const namespace = pod.metadata.namespace ?? 'default';
      try {
        await this.ctx.kube.evictPod(namespace, pod.metadata.name ?? '');
        this.ctx.metrics.podsEvictionRequests.inc({ code: '201' });
      } catch (error) {
        if (!isEvictionBlockedError(error)) throw error;
        this.ctx.metrics.podsEvictionRequests.inc({ code: '429' });
        this.ctx.logger.debug(
          { controller: this.name, pod: `${namespace}/${pod.metadata.name}`, reason: (error as Error).message },
          'eviction blocked by a PodDisruptionBudget; retrying',
        );
      }
    }
  }

  /** Asks the provider to terminate; true once it reports the instance gone. */
  private async instanceGone(claim: NodeClaim): Promise<boolean> {
    try {
      await this.ctx.cloud.delete(claim);
      return false;
    } catch (error) {
      if (isNodeClaimNotFoundError(error)) return true;
      throw error;
    }
  }
}
