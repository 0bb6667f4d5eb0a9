/**
 * Launch step of the NodeClaim lifecycle (https://karpenter.sh/docs/concepts/nodeclaims/):
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

/** The tag (and label) naming the NodeClaim an instance was launched for. */
const NODECLAIM_TAG = 'karpenter.sh/nodeclaim';

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
      (claims) => new Map(claims.filter((c) => c.metadata.deletionTimestamp === undefined).map((c) => [nodeClaimNameOf(c), c])),
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

/** The NodeClaim an instance was launched for: its `karpenter.sh/nodeclaim` tag, as the provider reports it. */
function nodeClaimNameOf(instance: NodeClaim): string {
  return instance.metadata.labels?.[NODECLAIM_TAG] ?? instance.metadata.name ?? '';
}

/**
 * Asks the cloud provider, afresh, for a live instance tagged for the NodeClaim `name` (after a launch whose
 * status write was lost, the claim has no providerID but the instance exists). A failed list rejects: the caller
 * must then not assume there is none.
 */
export async function findInstanceFor(ctx: ControllerContext, name: string): Promise<NodeClaim | undefined> {
  const instances = await ctx.cloud.list();
  return instances.find((instance) => instance.metadata.deletionTimestamp === undefined && nodeClaimNameOf(instance) === name);
}

/**
 * Launches `claim` (or adopts its instance) and records it. A failed record is not a success: the launch stays
 * unrecorded, the instance is kept in `guard.unrecorded`, and the next reconcile records that same instance.
 */
export async function launchNodeClaim(ctx: ControllerContext, claim: NodeClaim, guard: LaunchGuard): Promise<void> {
  const name = claim.metadata.name ?? '';
  const uid = claim.metadata.uid ?? name;
  if (guard.has(uid) || guard.wasRecorded(uid)) return;
  guard.add(uid);
  try {
    const obtained = await obtainInstance(ctx, claim, guard);
    if (obtained === undefined) return;
    const { launched, adopted } = obtained;
    guard.unrecorded.set(name, launched);
    try {
      await recordLaunch(ctx, claim, launched);
    } catch (error) {
      ctx.logger.warn(
        { controller: 'nodeclaim.lifecycle', nodeClaim: name, providerID: launched.status?.providerID, reason: errorMessage(error) },
        'recording launch failed; will retry with the same instance',
      );
      return;
    }
    guard.markRecorded(uid);
    guard.unrecorded.delete(name);
    ctx.logger.info(
      {
        controller: 'nodeclaim.lifecycle',
        nodeClaim: name,
        nodePool: nodePoolOf(claim),
        providerID: launched.status?.providerID,
        instanceType: launched.metadata.labels?.[Labels.instanceType],
        zone: launched.metadata.labels?.[Labels.zone],
        capacityType: launched.metadata.labels?.[Labels.capacityType],
        adopted,
      },
      'launched nodeclaim',
    );
  } finally {
    guard.delete(uid);
  }
}

/** The instance for `claim`: the one launched but not yet recorded, one found by tag at start, or a new one. */
async function obtainInstance(
  ctx: ControllerContext,
  claim: NodeClaim,
  guard: LaunchGuard,
): Promise<{ launched: NodeClaim; adopted: boolean } | undefined> {
  const name = claim.metadata.name ?? '';
  try {
    const adopted = guard.unrecorded.get(name) ?? (await guard.existing(ctx)).get(name);
    return { launched: adopted ?? (await ctx.cloud.create(claim)), adopted: adopted !== undefined };
  } catch (error) {
    await handleLaunchError(ctx, claim, error).catch((handling: unknown) => {
      ctx.logger.warn(
        { controller: 'nodeclaim.lifecycle', nodeClaim: name, reason: errorMessage(handling), launchError: errorMessage(error) },
        'handling a failed launch failed; will retry',
      );
    });
    return undefined;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function recordLaunch(ctx: ControllerContext, claim: NodeClaim, launched: NodeClaim): Promise<void> {
  const name = claim.metadata.name ?? '';
  const labels = { ...(launched.metadata.labels ?? {}), ...(claim.metadata.labels ?? {}) };
  const annotations = { ...(launched.metadata.annotations ?? {}), ...(claim.metadata.annotations ?? {}) };
  await ctx.kube.patchNodeClaimMetadata(name, { labels, annotations });
  const status = {
    providerID: launched.status?.providerID,
    imageID: launched.status?.imageID,
    capacity: launched.status?.capacity,
    allocatable: launched.status?.allocatable,
    conditions: setCondition(
      claim.status?.conditions,
      { type: NodeClaimConditions.launched, status: 'True', reason: 'Launched' },
      ctx.now(),
    ),
  };
  ctx.state.upsert('nodeClaims', await ctx.kube.patchNodeClaimStatus(name, status));
}

async function handleLaunchError(ctx: ControllerContext, claim: NodeClaim, error: unknown): Promise<void> {
  const name = claim.metadata.name ?? '';
  const nodePool = nodePoolOf(claim);
  const message = errorMessage(error);
  if (isInsufficientCapacityError(error) || isNodeClassNotReadyError(error)) {
    const reason = isInsufficientCapacityError(error) ? 'insufficient_capacity' : 'nodeclass_not_ready';
    await ctx.kube.recordEvent({
      involved: claim,
      type: 'Warning',
      reason: isInsufficientCapacityError(error) ? 'InsufficientCapacityError' : 'NodeClassNotReady',
      message,
    });
    await ctx.kube.deleteNodeClaim(name);
    ctx.metrics.nodeClaimsDisrupted.inc({ reason, nodepool: nodePool, capacity_type: '' });
    ctx.logger.warn(
      { controller: 'nodeclaim.lifecycle', nodeClaim: name, nodePool, reason: message },
      'launch failed; deleted nodeclaim so it is planned again',
    );
    return;
  }
  const conditionReason = findError(error, CreateError)?.conditionReason ?? 'LaunchFailed';
  const conditions = setCondition(
    claim.status?.conditions,
    { type: NodeClaimConditions.launched, status: 'Unknown', reason: conditionReason, message },
    ctx.now(),
  );
  try {
    await ctx.kube.patchNodeClaimStatus(name, { conditions });
  } catch (writeError) {
    ctx.logger.warn(
      { controller: 'nodeclaim.lifecycle', nodeClaim: name, reason: errorMessage(writeError) },
      'writing the Launched=Unknown condition failed',
    );
  }
  ctx.logger.warn({ controller: 'nodeclaim.lifecycle', nodeClaim: name, nodePool, reason: message }, 'launch failed; will retry');
}
