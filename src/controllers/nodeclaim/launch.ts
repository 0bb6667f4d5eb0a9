/**
 * Launch step of the NodeClaim lifecycle (karpenter-semantics.md §2.4.2):
 * create the instance through the cloud provider and record what it resolved.
 * A launch is never started twice for one NodeClaim: in-flight launches are
 * remembered by UID, and after a restart an instance the provider already
 * tagged with this NodeClaim's name is adopted instead of launching another.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { NodeClaimConditions } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import { findError } from '../../apis/errors.js';
import { CreateError, isInsufficientCapacityError, isNodeClassNotReadyError } from '../../cloudprovider/types.js';
import { setCondition } from '../conditions.js';
import type { ControllerContext } from '../runtime/controller-context.js';

/** Remembers launches in flight so a slow status write never causes a second launch. */
export class LaunchGuard {
  private readonly inFlight = new Set<string>();
  /** Instances launched whose status write has not succeeded yet, by NodeClaim name. */
  readonly unrecorded = new Map<string, NodeClaim>();
  /** UIDs whose launch was recorded: a stale view of the claim never launches it again. */
  private readonly recorded = new Set<string>();
  private adoptable: Promise<Map<string, NodeClaim>> | undefined;

  has(uid: string): boolean {
    return this.inFlight.has(uid);
  }

  /** Was this claim's launch already recorded by this agent? */
  wasRecorded(uid: string): boolean {
    return this.recorded.has(uid);
  }

  /** Remembers a recorded launch. */
  markRecorded(uid: string): void {
    this.recorded.add(uid);
  }

  /** Forgets recorded launches of claims that no longer exist. */
  prune(liveUIDs: ReadonlySet<string>): void {
    for (const uid of this.recorded) if (!liveUIDs.has(uid)) this.recorded.delete(uid);
  }

  add(uid: string): void {
    this.inFlight.add(uid);
  }

  delete(uid: string): void {
    this.inFlight.delete(uid);
  }

  /** Instances the provider already has, by NodeClaim name (listed once per agent start). */
  existing(ctx: ControllerContext): Promise<Map<string, NodeClaim>> {
    this.adoptable ??= ctx.cloud.list().then(
      (claims) => new Map(claims.filter((c) => c.metadata.deletionTimestamp === undefined).map((c) => [c.metadata.labels?.['karpenter.sh/nodeclaim'] ?? c.metadata.name ?? '', c])),
      (error: unknown) => {
        this.adoptable = undefined;
        throw error;
      },
    );
    return this.adoptable;
  }

  /** Forgets the adoption list (after it has been used for every claim present at start). */
  forgetExisting(): void {
    this.adoptable = undefined;
  }
}

function nodePoolOf(claim: NodeClaim): string {
  return claim.metadata.labels?.[Labels.nodePool] ?? '';
}

/** Launches `claim` (or adopts its instance); returns when the status is written or the claim deleted. */
export async function launchNodeClaim(ctx: ControllerContext, claim: NodeClaim, guard: LaunchGuard): Promise<void> {
  const name = claim.metadata.name ?? '';
  const uid = claim.metadata.uid ?? name;
  if (guard.has(uid) || guard.wasRecorded(uid)) return;
  guard.add(uid);
  try {
    const adopted = guard.unrecorded.get(name) ?? (await guard.existing(ctx)).get(name);
    const launched = adopted ?? (await ctx.cloud.create(claim));
    guard.unrecorded.set(name, launched);
    await recordLaunch(ctx, claim, launched);
    guard.markRecorded(uid);
    guard.unrecorded.delete(name);
    ctx.logger.info({ controller: 'nodeclaim.lifecycle', nodeClaim: name, nodePool: nodePoolOf(claim), providerID: launched.status?.providerID, instanceType: launched.metadata.labels?.[Labels.instanceType], zone: launched.metadata.labels?.[Labels.zone], capacityType: launched.metadata.labels?.[Labels.capacityType], adopted: adopted !== undefined }, 'launched nodeclaim');
  } catch (error) {
    await handleLaunchError(ctx, claim, error);
  } finally {
    guard.delete(uid);
  }
}

async function recordLaunch(ctx: ControllerContext, claim: NodeClaim, launched: NodeClaim): Promise<void> {
  const name = claim.metadata.name ?? '';
  const labels = { ...(launched.metadata.labels ?? {}), ...(claim.metadata.labels ?? {}) };
  const annotations = { ...(launched.metadata.annotations ?? {}), ...(claim.metadata.annotations ?? {}) };
  const updated = await ctx.kube.patchNodeClaimMetadata(name, { labels, annotations });
  const status = {
    providerID: launched.status?.providerID,
    imageID: launched.status?.imageID,
    capacity: launched.status?.capacity,
    allocatable: launched.status?.allocatable,
    conditions: setCondition(claim.status?.conditions, { type: NodeClaimConditions.launched, status: 'True', reason: 'Launched' }, ctx.now()),
  };
  ctx.state.upsert('nodeClaims', await ctx.kube.patchNodeClaimStatus(name, status).catch(() => updated));
}

async function handleLaunchError(ctx: ControllerContext, claim: NodeClaim, error: unknown): Promise<void> {
  const name = claim.metadata.name ?? '';
  const nodePool = nodePoolOf(claim);
  const message = error instanceof Error ? error.message : String(error);
  if (isInsufficientCapacityError(error) || isNodeClassNotReadyError(error)) {
    const reason = isInsufficientCapacityError(error) ? 'insufficient_capacity' : 'nodeclass_not_ready';
    await ctx.kube.recordEvent({ involved: claim, type: 'Warning', reason: isInsufficientCapacityError(error) ? 'InsufficientCapacityError' : 'NodeClassNotReady', message });
    await ctx.kube.deleteNodeClaim(name);
    ctx.metrics.nodeClaimsDisrupted.inc({ reason, nodepool: nodePool, capacity_type: '' });
    ctx.logger.warn({ controller: 'nodeclaim.lifecycle', nodeClaim: name, nodePool, reason: message }, 'launch failed; deleted nodeclaim so it is planned again');
    return;
  }
  const conditionReason = findError(error, CreateError)?.conditionReason ?? 'LaunchFailed';
  const conditions = setCondition(claim.status?.conditions, { type: NodeClaimConditions.launched, status: 'Unknown', reason: conditionReason, message }, ctx.now());
  await ctx.kube.patchNodeClaimStatus(name, { conditions }).catch(() => undefined);
  ctx.logger.warn({ controller: 'nodeclaim.lifecycle', nodeClaim: name, nodePool, reason: message }, 'launch failed; will retry');
}
