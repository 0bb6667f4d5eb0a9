/**
 * Interruption handling (https://karpenter.sh/docs/concepts/disruption/#interruption, https://karpenter.sh/docs/concepts/disruption/#interruption):
 * a spot interruption warning, scheduled maintenance or an instance stopping
 * deletes the NodeClaim at once — the termination controller drains the node
 * and the provisioner plans a replacement in parallel. Rebalance
 * recommendations are only recorded. Recent events are kept for the dashboard.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { InterruptedClaim } from '../../observe/view-model/view-input.js';
import { Labels } from '../../apis/well-known-labels.js';
import { parseAwsProviderID, type InterruptionEvent, type InterruptionSource } from '../../cloudprovider/types.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';

/** What karpd did about one interruption event. */
export interface HandledInterruption {
  readonly event: InterruptionEvent;
  /** NodeClaims deleted (or that would have been, for NoAction events: none). */
  readonly nodeClaims: readonly string[];
  readonly action: 'deleted' | 'recorded' | 'unknown-instance';
  /** RFC 3339: when karpd handled it (the controller's clock). */
  readonly handledAt: string;
  /** The NodeClaims the notice named, as they were when it was handled (they are deleted soon after). */
  readonly claims: readonly InterruptedClaim[];
}

/** Options of {@link InterruptionController}. */
export interface InterruptionOptions {
  /** May this agent act now? Events that arrive while it may not are left for redelivery. @default always */
  canAct?: () => boolean;
  /** How many handled events to keep. @default 100 */
  historySize?: number;
}

/** What the dashboard keeps of a NodeClaim an interruption named. */
function interruptedClaim(claim: NodeClaim): InterruptedClaim {
  const labels = claim.metadata.labels ?? {};
  const instanceType = labels[Labels.instanceType];
  const zone = labels[Labels.zone];
  const capacityType = labels[Labels.capacityType];
  return {
    name: claim.metadata.name ?? '',
    nodePool: labels[Labels.nodePool] ?? '',
    ...(instanceType !== undefined ? { instanceType } : {}),
    ...(zone !== undefined ? { zone } : {}),
    ...(capacityType !== undefined ? { capacityType } : {}),
  };
}

function claimsFor(event: InterruptionEvent, claims: readonly NodeClaim[]): NodeClaim[] {
  const ids = new Set(event.instanceIDs);
  return claims.filter((claim) => {
    const parsed = claim.status?.providerID ? parseAwsProviderID(claim.status.providerID) : undefined;
    return parsed !== undefined && ids.has(parsed.instanceID);
  });
}

/** Subscribes to a provider's interruption stream and acts on it. */
export class InterruptionController {
  readonly name = 'interruption';
  private readonly handled: HandledInterruption[] = [];
  private unsubscribe: (() => void) | undefined;
  private readonly errors: ObjectErrors;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly source: InterruptionSource,
    private readonly options: InterruptionOptions = {},
  ) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
  }

  start(): void {
    this.unsubscribe = this.source.subscribe((event) => this.handle(event));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  /** The most recent handled events, newest last. */
  history(): readonly HandledInterruption[] {
    return this.handled;
  }

  /** Records the event on the claim and deletes it when the action says so; true when deleted. */
  private async act(event: InterruptionEvent, claim: NodeClaim): Promise<boolean> {
    await this.ctx.kube.recordEvent({
      involved: claim,
      type: 'Warning',
      reason:
        event.kind === 'spot_interrupted'
          ? 'SpotInterrupted'
          : event.kind === 'rebalance_recommendation'
            ? 'SpotRebalanceRecommendation'
            : 'InstanceInterrupted',
      message: `${event.kind.replaceAll('_', ' ')}${event.detail ? `: ${event.detail}` : ''}`,
    });
    if (event.action !== 'CordonAndDrain' || claim.metadata.deletionTimestamp !== undefined) return false;
    await this.ctx.kube.deleteNodeClaim(claim.metadata.name ?? '');
    this.ctx.metrics.nodeClaimsDisrupted.inc({
      reason: 'interruption',
      nodepool: claim.metadata.labels?.[Labels.nodePool] ?? '',
      capacity_type: claim.metadata.labels?.[Labels.capacityType] ?? '',
    });
    return true;
  }

  /** Handles one event; throws (so the source redelivers) when the agent may not act yet. */
  async handle(event: InterruptionEvent): Promise<void> {
    if (!this.ctx.state.synced() || !(this.options.canAct?.() ?? true))
      throw new Error('cluster state not synced or not leader; retry later');
    const claims = claimsFor(event, this.ctx.state.snapshot().nodeClaims);
    const names = claims.map((claim) => claim.metadata.name ?? '');
    let action: HandledInterruption['action'] = claims.length === 0 ? 'unknown-instance' : 'recorded';
    const failed: string[] = [];
    await this.errors.each(
      claims,
      (claim) => refOf('NodeClaim', claim),
      async (claim) => {
        try {
          if (await this.act(event, claim)) action = 'deleted';
        } catch (error) {
          failed.push(claim.metadata.name ?? '');
          throw error;
        }
      },
      'handling an interruption failed; the event will be redelivered',
    );
    if (failed.length > 0) throw new Error(`interruption ${event.id}: nodeclaim(s) ${failed.join(', ')} not handled; retry later`);
    this.ctx.logger.info(
      { controller: this.name, kind: event.kind, instances: event.instanceIDs, nodeClaims: names, action },
      'handled interruption',
    );
    const handledAt = new Date(this.ctx.now()).toISOString();
    this.handled.push({ event, nodeClaims: names, action, handledAt, claims: claims.map(interruptedClaim) });
    if (this.handled.length > (this.options.historySize ?? 100)) this.handled.shift();
  }
}
