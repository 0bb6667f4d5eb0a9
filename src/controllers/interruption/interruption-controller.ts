/**
 * Interruption handling (https://karpenter.sh/docs/concepts/disruption/#interruption; aws-provider.md §6.2,
 * karpenter-semantics.md §4.12). Per NodeClaim the notice names:
 * - spot interruption warning: mark the offering (type, zone, spot) unavailable in the provider's ICE cache, launch
 *   the replacement the node's pods need BEFORE draining (spot-replacement.ts; beyond upstream, which waits for the
 *   evicted pods), stamp the termination timestamp at the notice's 2-minute deadline so the drain is forced before
 *   the instance goes, then delete the NodeClaim (cordon and drain follow). A failed replacement never blocks it.
 *   Before the delete the claim is annotated (`disruption/forceful-disruption.ts`), so the disruption report shows
 *   it Disrupting, reason `Interrupted`.
 * - scheduled change, instance stopping / terminating (and capacity-reservation warnings): delete the NodeClaim.
 * - rebalance recommendation: an Event only.
 * Each handled notice is kept (newest 100) with what karpd did and when, for the dashboard's Spot events window.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import { type InterruptionEvent, type InterruptionSource, parseAwsProviderID } from '../../cloudprovider/types.js';
import { forcefulDisruptionAnnotations } from '../../disruption/forceful-disruption.js';
import type { InterruptedClaim, SpotEventAction } from '../../observe/view-model/view-input.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';
import { markInterruptedOffering } from './interrupted-offering.js';
import { type DisruptionSnapshotSource, disruptionSnapshotSource } from '../disruption/disruption-snapshot.js';
import { launchSpotReplacement } from './spot-replacement.js';
import { interruptionDeadline, stampTerminationTimestamp } from './termination-deadline.js';

/** How many claims' pre-delete steps are remembered for redeliveries. */
const MAX_PREPARED = 1000;

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
  /** Each step karpd took, in order, with when (marked, launched, cordoned and draining, failures). */
  readonly actions: readonly SpotEventAction[];
  /** RFC 3339 (to the ms): the notice's deadline (spot: 2 minutes after it was sent); absent for notices without one. */
  readonly deadline?: string;
  /** The replacement NodeClaims karpd launched before draining. */
  readonly replacements: readonly string[];
}

/** Options of {@link InterruptionController}. */
export interface InterruptionOptions {
  /** May this agent act now? Events that arrive while it may not are left for redelivery. @default always */
  canAct?: () => boolean;
  /** How many handled events to keep. @default 100 */
  historySize?: number;
}

/** What was done for one claim before its delete, kept across redeliveries so nothing is launched twice. */
interface Prepared {
  readonly actions: readonly SpotEventAction[];
  readonly replacements: readonly string[];
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

/** `spot interrupted: …`: the Event's message, and the claim's disruption detail. */
function eventMessage(event: InterruptionEvent): string {
  return `${event.kind.replaceAll('_', ' ')}${event.detail ? `: ${event.detail}` : ''}`;
}

function eventReason(event: InterruptionEvent): string {
  if (event.kind === 'spot_interrupted') return 'SpotInterrupted';
  return event.kind === 'rebalance_recommendation' ? 'SpotRebalanceRecommendation' : 'InstanceInterrupted';
}

/** Subscribes to a provider's interruption stream and acts on it. */
export class InterruptionController {
  readonly name = 'interruption';
  private readonly handled: HandledInterruption[] = [];
  private readonly prepared = new Map<string, Prepared>();
  private unsubscribe: (() => void) | undefined;
  private readonly errors: ObjectErrors;
  /** One snapshot source, so a pool whose instance types cannot be read is logged rate-limited, not per notice. */
  private readonly snapshots: DisruptionSnapshotSource;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly source: InterruptionSource,
    private readonly options: InterruptionOptions = {},
  ) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
    this.snapshots = disruptionSnapshotSource(ctx);
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

  private action(what: string): SpotEventAction {
    return { at: new Date(this.ctx.now()).toISOString(), what };
  }

  /**
   * A spot warning's steps before the delete, once per claim and event (a redelivery reuses them): mark the
   * offering, launch the replacement. Neither throws; a failure is an action and a warning.
   */
  private async prepareSpot(event: InterruptionEvent, claim: NodeClaim): Promise<Prepared> {
    const key = `${event.id}\u0000${claim.metadata.name ?? ''}`;
    const known = this.prepared.get(key);
    if (known !== undefined) return known;
    const actions: SpotEventAction[] = [];
    const marked = markInterruptedOffering(this.ctx, claim);
    if (marked !== undefined) actions.push(this.action(marked));
    const outcome = await launchSpotReplacement(this.ctx, claim, this.snapshots);
    for (const name of outcome.launched) actions.push(this.action(`launched replacement ${name}`));
    if (outcome.note !== undefined) actions.push(this.action(outcome.note));
    if (outcome.error !== undefined) {
      actions.push(this.action(`replacement launch failed (the drain goes ahead): ${outcome.error}`));
      this.ctx.logger.warn(
        { controller: this.name, nodeClaim: claim.metadata.name, launched: outcome.launched, reason: outcome.error },
        'launching the replacement of an interrupted node failed; draining it anyway',
      );
    }
    const prepared = { actions, replacements: outcome.launched };
    this.prepared.set(key, prepared);
    // An event whose delete never succeeds expires from the queue; forget the oldest rather than grow forever.
    if (this.prepared.size > MAX_PREPARED) this.prepared.delete(this.prepared.keys().next().value ?? '');
    return prepared;
  }

  /** Says why on the claim, so the disruption report lists it as Disrupting (interruption); never stops the delete. */
  private async markInterrupted(name: string, message: string): Promise<void> {
    try {
      await this.ctx.kube.patchNodeClaimMetadata(name, { annotations: forcefulDisruptionAnnotations('Interrupted', message) });
    } catch (error) {
      this.ctx.logger.debug({ controller: this.name, nodeClaim: name, error: String(error) }, 'annotating an interrupted nodeclaim failed');
    }
  }

  /** Records the event on the claim and, when the action says so, cordons and drains it; the steps taken. */
  private async act(event: InterruptionEvent, claim: NodeClaim): Promise<Prepared & { deleted: boolean }> {
    await this.ctx.kube.recordEvent({
      involved: claim,
      type: 'Warning',
      reason: eventReason(event),
      message: eventMessage(event),
    });
    if (event.action !== 'CordonAndDrain') return { actions: [], replacements: [], deleted: false };
    if (claim.metadata.deletionTimestamp !== undefined) {
      // Already going (disrupted, expired): no replacement or drain of ours, but the offering is still reclaimed.
      const marked = event.kind === 'spot_interrupted' ? markInterruptedOffering(this.ctx, claim) : undefined;
      return { actions: marked === undefined ? [] : [this.action(marked)], replacements: [], deleted: false };
    }
    const prepared = event.kind === 'spot_interrupted' ? await this.prepareSpot(event, claim) : { actions: [], replacements: [] };
    const deadline = interruptionDeadline(event);
    const forcedBy = deadline === undefined ? undefined : await stampTerminationTimestamp(this.ctx, claim, deadline);
    const name = claim.metadata.name ?? '';
    await this.markInterrupted(name, eventMessage(event));
    await this.ctx.kube.deleteNodeClaim(name);
    this.prepared.delete(`${event.id}\u0000${name}`);
    this.ctx.metrics.nodeClaimsDisrupted.inc({
      reason: 'interruption',
      nodepool: claim.metadata.labels?.[Labels.nodePool] ?? '',
      capacity_type: claim.metadata.labels?.[Labels.capacityType] ?? '',
    });
    const drained = this.action(`cordoned and draining ${claim.status?.nodeName ?? name}${forcedBy ? ` (forced by ${forcedBy})` : ''}`);
    return { actions: [...prepared.actions, drained], replacements: prepared.replacements, deleted: true };
  }

  /** Handles one event; throws (so the source redelivers) when the agent may not act yet or a claim failed. */
  async handle(event: InterruptionEvent): Promise<void> {
    this.ctx.metrics.interruptionReceivedMessages.inc({ message_type: event.kind });
    if (!this.ctx.state.synced() || !(this.options.canAct?.() ?? true))
      throw new Error('cluster state not synced or not leader; retry later');
    const claims = claimsFor(event, this.ctx.state.snapshot().nodeClaims);
    const names = claims.map((claim) => claim.metadata.name ?? '');
    let action: HandledInterruption['action'] = claims.length === 0 ? 'unknown-instance' : 'recorded';
    const actions: SpotEventAction[] = [];
    const replacements: string[] = [];
    const failed: string[] = [];
    await this.errors.each(
      claims,
      (claim) => refOf('NodeClaim', claim),
      async (claim) => {
        try {
          const done = await this.act(event, claim);
          if (done.deleted) action = 'deleted';
          actions.push(...done.actions);
          replacements.push(...done.replacements);
        } catch (error) {
          failed.push(claim.metadata.name ?? '');
          throw error;
        }
      },
      'handling an interruption failed; the event will be redelivered',
    );
    if (failed.length > 0) throw new Error(`interruption ${event.id}: nodeclaim(s) ${failed.join(', ')} not handled; retry later`);
    this.ctx.logger.info(
      { controller: this.name, kind: event.kind, instances: event.instanceIDs, nodeClaims: names, action, replacements },
      'handled interruption',
    );
    this.record({ event, nodeClaims: names, action, claims: claims.map(interruptedClaim), actions, replacements });
  }

  /** Keeps the handled event (newest {@link InterruptionOptions.historySize}) and counts it as deleted from the queue. */
  private record(handled: Omit<HandledInterruption, 'handledAt' | 'deadline'>): void {
    const now = this.ctx.now();
    const deadline = interruptionDeadline(handled.event);
    this.handled.push({
      ...handled,
      handledAt: new Date(now).toISOString(),
      ...(deadline === undefined ? {} : { deadline: new Date(deadline).toISOString() }),
    });
    if (this.handled.length > (this.options.historySize ?? 100)) this.handled.shift();
    this.ctx.metrics.interruptionDeletedMessages.inc();
    this.ctx.metrics.interruptionMessageQueueDuration.observe(Math.max(0, now - handled.event.time.getTime()) / 1000);
  }
}
