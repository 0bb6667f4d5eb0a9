/**
 * The NodeClaim expiration controller (karpenter-semantics.md §2.6, §4.1): deletes every NodeClaim older than its
 * `spec.expireAfter` (`disruption/expiration.ts`). Forceful, like upstream: no disruption budget, no replacement
 * launched first — the provisioner sees the pods the drain frees and launches what they need. Each deletion records
 * an `Expired` Event, counts `karpenter_nodeclaims_disrupted_total{reason="expired"}` and logs once (a claim being
 * deleted is not looked at again). A claim with a `terminationGracePeriod` gets its
 * `karpenter.sh/nodeclaim-termination-timestamp` (deletion time + grace period, as the finalizer would write it)
 * right away, so the drain knows its deadline from the start. Before deleting, it annotates the claim
 * (`disruption/forceful-disruption.ts`) so the disruption report shows it Disrupting, reason `Expired`. Asks for a
 * pass at the next expiry.
 */
import { AutoscalerError } from '../../apis/errors.js';
import { Labels } from '../../apis/well-known-labels.js';
import { type Expiration, planExpirations } from '../../disruption/expiration.js';
import { forcefulDisruptionAnnotations } from '../../disruption/forceful-disruption.js';
import { isNotFoundError } from '../../kube/errors.js';
import { formatTime } from '../conditions.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';
import { ensureTerminationTimestamp } from './finalization.js';

/** A claim whose expiry cannot be computed (its message says why). */
export class ExpirationSpecError extends AutoscalerError {}

/** Deletes expired NodeClaims. */
export class ExpirationController implements Reconciler {
  readonly name = 'nodeclaim.expiration';
  private readonly errors: ObjectErrors;
  private nextExpiryAt: number | undefined;

  constructor(private readonly ctx: ControllerContext) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
  }

  /** One pass: delete what has expired, report claims whose expiry cannot be computed. */
  async reconcile(): Promise<void> {
    const plan = planExpirations(this.ctx.state.snapshot().nodeClaims, this.ctx.now());
    this.nextExpiryAt = plan.nextExpiryAt;
    for (const entry of plan.invalid) this.errors.report(refOf('NodeClaim', entry.nodeClaim), new ExpirationSpecError(entry.message));
    await this.errors.each(
      plan.expired,
      (entry) => refOf('NodeClaim', entry.nodeClaim),
      (entry) => this.expire(entry),
      'deleting expired nodeclaim failed; will retry',
    );
  }

  /** When the next claim expires. */
  nextPassAt(): number | undefined {
    return this.nextExpiryAt;
  }

  /** Says why on the claim, so the disruption report lists it as Disrupting (expiration); never stops the delete. */
  private async markExpired(name: string, message: string): Promise<void> {
    try {
      await this.ctx.kube.patchNodeClaimMetadata(name, { annotations: forcefulDisruptionAnnotations('Expired', message) });
    } catch (error) {
      this.ctx.logger.debug({ controller: this.name, nodeClaim: name, error: String(error) }, 'annotating an expired nodeclaim failed');
    }
  }

  private async expire(entry: Expiration): Promise<void> {
    const claim = entry.nodeClaim;
    const name = claim.metadata.name ?? '';
    await this.markExpired(name, entry.message);
    if (!(await this.ctx.kube.deleteNodeClaim(name))) return;
    const nodePool = claim.metadata.labels?.[Labels.nodePool] ?? '';
    const eventError = await this.ctx.kube.recordEvent({
      involved: claim,
      type: 'Normal',
      reason: 'Expired',
      message: `nodeclaim ${name} ${entry.message}`,
    });
    this.ctx.metrics.nodeClaimsDisrupted.inc({
      reason: 'expired',
      nodepool: nodePool,
      capacity_type: claim.metadata.labels?.[Labels.capacityType] ?? '',
    });
    this.ctx.logger.info(
      {
        controller: this.name,
        nodeClaim: name,
        nodePool,
        reason: 'expired',
        detail: entry.message,
        ...(eventError ? { eventError: eventError.message } : {}),
      },
      'deleted expired nodeclaim',
    );
    if (claim.spec.terminationGracePeriod === undefined) return;
    const deleting = this.ctx.state.get('nodeClaims', name) ?? claim;
    const deletionTimestamp = deleting.metadata.deletionTimestamp ?? formatTime(this.ctx.now());
    try {
      await ensureTerminationTimestamp(this.ctx, { ...deleting, metadata: { ...deleting.metadata, deletionTimestamp } });
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
    }
  }
}
