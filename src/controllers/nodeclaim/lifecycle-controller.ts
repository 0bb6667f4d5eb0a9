/**
 * The NodeClaim lifecycle controller: for every NodeClaim, in order —
 * finalizer → launch → registration → initialization → liveness — and the
 * deletion path when the claim is being deleted (https://karpenter.sh/docs/concepts/nodeclaims/).
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { NodeClaimConditions } from '../../apis/nodeclaim.js';
import { Labels, TERMINATION_FINALIZER } from '../../apis/well-known-labels.js';
import { Kinds } from '../../kube/resource-kinds.js';
import { isConditionTrue } from '../conditions.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';
import { finalizeNodeClaim } from './finalization.js';
import { LaunchGuard, launchNodeClaim } from './launch.js';
import { livenessViolation, type LivenessOptions } from './liveness.js';
import { initializeNodeClaim, registerNodeClaim } from './registration.js';

/** Options of {@link NodeClaimLifecycleController}. */
export type NodeClaimLifecycleOptions = LivenessOptions;

/** Drives every NodeClaim towards Ready, or through deletion. */
export class NodeClaimLifecycleController implements Reconciler {
  readonly name = 'nodeclaim.lifecycle';
  private readonly guard = new LaunchGuard();
  private readonly launches = new Set<Promise<void>>();
  private readonly errors: ObjectErrors;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly options: NodeClaimLifecycleOptions = {},
  ) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
  }

  /** One pass over every NodeClaim. Launches run in the background so one slow launch blocks nothing. */
  async reconcile(): Promise<void> {
    const snapshot = this.ctx.state.snapshot();
    this.guard.prune(new Set(snapshot.nodeClaims.map((claim) => claim.metadata.uid ?? claim.metadata.name ?? '')));
    for (const claim of snapshot.nodeClaims) {
      try {
        await this.reconcileOne(claim, snapshot.nodes);
      } catch (error) {
        this.errors.report(refOf('NodeClaim', claim), error, 'nodeclaim reconcile failed; will retry');
      }
    }
  }

  /** Resolves when every background launch has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.launches.size > 0) await Promise.all([...this.launches]);
  }

  private async reconcileOne(claim: NodeClaim, nodes: Parameters<typeof registerNodeClaim>[2]): Promise<void> {
    const name = claim.metadata.name ?? '';
    if (claim.metadata.deletionTimestamp !== undefined) {
      const inFlight = this.guard.has(claim.metadata.uid ?? name);
      const instance = claim.status?.providerID ? undefined : this.guard.unrecorded.get(name);
      if (await finalizeNodeClaim(this.ctx, claim, nodes, { inFlight, instance })) this.guard.unrecorded.delete(name);
      return;
    }
    if (!(claim.metadata.finalizers ?? []).includes(TERMINATION_FINALIZER)) {
      await this.ctx.kube.addFinalizer(Kinds.nodeClaim, name, TERMINATION_FINALIZER);
      return;
    }
    const conditions = claim.status?.conditions;
    if (!isConditionTrue(conditions, NodeClaimConditions.launched)) {
      if (await this.deleteIfNotLive(claim)) return;
      const launch = launchNodeClaim(this.ctx, claim, this.guard);
      this.launches.add(launch);
      void launch.finally(() => this.launches.delete(launch));
      return;
    }
    if (!isConditionTrue(conditions, NodeClaimConditions.registered)) {
      await registerNodeClaim(this.ctx, claim, nodes);
      await this.deleteIfNotLive(claim);
      return;
    }
    if (!isConditionTrue(conditions, NodeClaimConditions.initialized)) await initializeNodeClaim(this.ctx, claim, nodes);
  }

  private async deleteIfNotLive(claim: NodeClaim): Promise<boolean> {
    const violation = livenessViolation(claim, this.ctx.now(), this.options);
    if (violation === undefined) return false;
    const name = claim.metadata.name ?? '';
    await this.ctx.kube.recordEvent({
      involved: claim,
      type: 'Warning',
      reason: violation === 'launch_timeout' ? 'LaunchTimeout' : 'RegistrationTimeout',
      message: `deleting nodeclaim ${name}: ${violation.replace('_', ' ')}`,
    });
    await this.ctx.kube.deleteNodeClaim(name);
    this.ctx.metrics.nodeClaimsDisrupted.inc({
      reason: violation,
      nodepool: claim.metadata.labels?.[Labels.nodePool] ?? '',
      capacity_type: claim.metadata.labels?.[Labels.capacityType] ?? '',
    });
    this.ctx.logger.warn({ controller: this.name, nodeClaim: name, reason: violation }, 'deleted nodeclaim that missed its deadline');
    return true;
  }
}
