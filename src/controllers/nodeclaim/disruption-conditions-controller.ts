/**
 * The `nodeclaim.disruption` controller (karpenter-semantics.md §4.4, §5): keeps the two conditions the disruption
 * methods act on current on every NodeClaim that is not being deleted.
 *
 * - `Drifted` (only Launched claims; cleared otherwise and once no longer drifted): reason and message from
 *   `disruption/drift-detection.ts`; the cloud provider's `isDrifted` is asked only when karpd's own checks find
 *   nothing, at most once per claim per 5 minutes (drift-inputs.ts). While the provider cannot be asked the
 *   condition keeps its last value.
 * - `Consolidatable` (`disruption/consolidatable.ts`): True once consolidateAfter has passed since the last pod event
 *   on the claim's node (pod-events.ts: bind/unbind/terminal changes seen in ClusterState snapshots; before any, the
 *   claim's Initialized transition), False with the remaining wait while it has not, removed for `Never` and for
 *   claims not initialized. A pass is requested for the moment the wait ends ({@link nextPassAt}).
 *
 * Runs on NodeClaim/NodePool/NodeClass/Pod changes (state changes) and every 5 minutes (the loop's interval, set by
 * the operator). Writes the status through the same writer as the lifecycle controller, only when a condition
 * changed. One object's failure is reported for it alone (ObjectErrors); the other claims still reconcile.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { NodeClaimConditions } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { Condition } from '../../apis/object-meta.js';
import { Labels } from '../../apis/well-known-labels.js';
import { type Consolidatability, consolidatableOf } from '../../disruption/consolidatable.js';
import { type Drift, driftOf, INSTANCE_TYPE_DRIFT_MIN_AGE_MS, providerDrift } from '../../disruption/drift-detection.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import type { ClusterSnapshot } from '../../state/cluster-state.js';
import { findCondition, isConditionTrue, removeCondition, setCondition } from '../conditions.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';
import { stableStringify } from '../stable-json.js';
import { type DriftInputOptions, InstanceTypesCache, ProviderDriftCache } from './drift-inputs.js';
import { PodEventTracker } from './pod-events.js';

/** Options of {@link DisruptionConditionsController} (cache lifetimes, see drift-inputs.ts). */
export type DisruptionConditionsOptions = DriftInputOptions;

/** Reason of `Consolidatable=True`. */
export const CONSOLIDATABLE_REASON = 'Consolidatable';
/** Reason of `Consolidatable=False` while consolidateAfter has not passed. */
export const CONSOLIDATE_AFTER_NOT_ELAPSED_REASON = 'ConsolidateAfterNotElapsed';

/** What one pass knows besides the claim. */
interface Pass {
  readonly now: number;
  readonly pools: ReadonlyMap<string, NodePool>;
  readonly nodeClasses: ReadonlyMap<string, EC2NodeClass>;
  /** NodeClaim name → its Node's name. */
  readonly nodeOf: ReadonlyMap<string, string>;
}

/** Drift as far as it is known: `known: false` leaves the condition as it is. */
type DriftVerdict = { readonly known: true; readonly drift?: Drift } | { readonly known: false };

const NOT_DRIFTED: DriftVerdict = { known: true };
const UNKNOWN: DriftVerdict = { known: false };

function byName<T extends { metadata: { name?: string } }>(objects: readonly T[]): Map<string, T> {
  return new Map(objects.map((object) => [object.metadata.name ?? '', object]));
}

function passOf(snapshot: ClusterSnapshot, now: number): Pass {
  const nodeOf = new Map<string, string>();
  for (const stateNode of snapshot.stateNodes) {
    const claim = stateNode.nodeClaim?.metadata.name;
    const node = stateNode.node?.metadata.name;
    if (claim !== undefined && node !== undefined) nodeOf.set(claim, node);
  }
  return { now, pools: byName(snapshot.nodePools), nodeClasses: byName(snapshot.nodeClasses), nodeOf };
}

/** Conditions compared as a set by type, so a reordering is no change. */
function sameConditions(a: readonly Condition[], b: readonly Condition[]): boolean {
  const sorted = (list: readonly Condition[]) => [...list].sort((x, y) => (x.type < y.type ? -1 : x.type > y.type ? 1 : 0));
  return stableStringify(sorted(a)) === stableStringify(sorted(b));
}

function withDrifted(conditions: readonly Condition[], verdict: DriftVerdict, now: number): readonly Condition[] {
  if (!verdict.known) return conditions;
  if (verdict.drift === undefined) return removeCondition(conditions, NodeClaimConditions.drifted);
  const { reason, message } = verdict.drift;
  return setCondition(conditions, { type: NodeClaimConditions.drifted, status: 'True', reason, message }, now);
}

/** Sets and clears the disruption conditions of NodeClaims. */
export class DisruptionConditionsController implements Reconciler {
  readonly name = 'nodeclaim.disruption';
  private readonly errors: ObjectErrors;
  private readonly podEvents = new PodEventTracker();
  private readonly providerAnswers: ProviderDriftCache;
  private readonly instanceTypes: InstanceTypesCache;
  /** The wait end last written into a claim's `Consolidatable=False` message, so a countdown alone is no change. */
  private readonly waitingUntil = new Map<string, number>();
  private requeueAt: number | undefined;

  constructor(
    private readonly ctx: ControllerContext,
    options: DisruptionConditionsOptions = {},
  ) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
    this.providerAnswers = new ProviderDriftCache(ctx.cloud, options);
    this.instanceTypes = new InstanceTypesCache(ctx.cloud, options);
  }

  /** One pass over every NodeClaim not being deleted. */
  async reconcile(): Promise<void> {
    const snapshot = this.ctx.state.snapshot();
    const pass = passOf(snapshot, this.ctx.now());
    this.podEvents.observe(snapshot.stateNodes, pass.now);
    const claims = snapshot.nodeClaims.filter((claim) => claim.metadata.deletionTimestamp === undefined);
    this.requeueAt = undefined;
    await this.errors.each(
      claims,
      (claim) => refOf('NodeClaim', claim),
      (claim) => this.reconcileClaim(claim, pass),
      'setting disruption conditions failed; will retry',
    );
    this.providerAnswers.retain(snapshot.nodeClaims);
    this.instanceTypes.retain(snapshot.nodePools);
    const live = new Set(claims.map((claim) => claim.metadata.name ?? ''));
    for (const name of this.waitingUntil.keys()) if (!live.has(name)) this.waitingUntil.delete(name);
  }

  /** The earliest end of a consolidateAfter wait seen in the last pass. */
  nextPassAt(): number | undefined {
    return this.requeueAt;
  }

  private async reconcileClaim(claim: NodeClaim, pass: Pass): Promise<void> {
    const name = claim.metadata.name ?? '';
    const pool = pass.pools.get(claim.metadata.labels?.[Labels.nodePool] ?? '');
    if (pool === undefined) return;
    let failure: unknown;
    const drift = await this.driftVerdict(claim, pool, pass).catch((error: unknown) => {
      failure = error;
      return UNKNOWN;
    });
    const consolidation = consolidatableOf(claim, pool, this.podEvents.lastEventOf(pass.nodeOf.get(name)), pass.now);
    if (consolidation.state === 'invalid') this.errors.report(refOf('NodePool', pool), new Error(consolidation.message));
    if (consolidation.at !== undefined) this.requeueAt = Math.min(this.requeueAt ?? consolidation.at, consolidation.at);
    const before = claim.status?.conditions ?? [];
    const after = this.withConsolidatable(withDrifted(before, drift, pass.now), name, consolidation, pass.now);
    if (!sameConditions(before, after)) await this.write(claim, before, after);
    if (consolidation.state === 'waiting' && consolidation.at !== undefined) this.waitingUntil.set(name, consolidation.at);
    else this.waitingUntil.delete(name);
    if (failure !== undefined) throw failure;
  }

  private async driftVerdict(claim: NodeClaim, pool: NodePool, pass: Pass): Promise<DriftVerdict> {
    if (!isConditionTrue(claim.status?.conditions, NodeClaimConditions.launched)) return NOT_DRIFTED;
    const nodeClass = pass.nodeClasses.get(claim.spec.nodeClassRef.name);
    const created = Date.parse(claim.metadata.creationTimestamp ?? '');
    const oldEnough = pass.now - created >= INSTANCE_TYPE_DRIFT_MIN_AGE_MS;
    const instanceTypes = oldEnough ? await this.instanceTypesOf(pool, pass.now) : undefined;
    const local = driftOf({ nodeClaim: claim, nodePool: pool, nodeClass, instanceTypes, now: pass.now });
    if (local !== undefined) return { known: true, drift: local };
    const answer = await this.providerAnswers.answerFor(claim, pass.now);
    if (!answer.known) return UNKNOWN;
    return answer.reason === undefined ? NOT_DRIFTED : { known: true, drift: providerDrift(answer.reason, claim, nodeClass) };
  }

  /** The pool's instance types; a failed listing is reported for the pool and the last list used. */
  private async instanceTypesOf(pool: NodePool, now: number): Promise<readonly InstanceType[] | undefined> {
    try {
      return await this.instanceTypes.typesFor(pool, now);
    } catch (error) {
      this.errors.report(refOf('NodePool', pool), error, 'listing instance types for drift failed; will retry');
      return this.instanceTypes.known(pool);
    }
  }

  private withConsolidatable(conditions: readonly Condition[], name: string, result: Consolidatability, now: number): readonly Condition[] {
    const type = NodeClaimConditions.consolidatable;
    switch (result.state) {
      case 'consolidatable':
        return setCondition(conditions, { type, status: 'True', reason: CONSOLIDATABLE_REASON, message: result.message }, now);
      case 'waiting': {
        const existing = findCondition(conditions, type);
        const unchanged = existing?.status === 'False' && existing.reason === CONSOLIDATE_AFTER_NOT_ELAPSED_REASON;
        if (unchanged && this.waitingUntil.get(name) === result.at) return conditions;
        return setCondition(
          conditions,
          { type, status: 'False', reason: CONSOLIDATE_AFTER_NOT_ELAPSED_REASON, message: result.message },
          now,
        );
      }
      case 'never':
      case 'not-initialized':
        return removeCondition(conditions, type);
      default:
        return conditions;
    }
  }

  private async write(claim: NodeClaim, before: readonly Condition[], after: readonly Condition[]): Promise<void> {
    const name = claim.metadata.name ?? '';
    this.ctx.state.upsert('nodeClaims', await this.ctx.kube.patchNodeClaimStatus(name, { conditions: [...after] }));
    const was = findCondition(before, NodeClaimConditions.drifted);
    const now = findCondition(after, NodeClaimConditions.drifted);
    const fields = { controller: this.name, nodeClaim: name, nodePool: claim.metadata.labels?.[Labels.nodePool] };
    if (now !== undefined && (was?.reason !== now.reason || was?.message !== now.message))
      this.ctx.logger.info({ ...fields, reason: now.reason, detail: now.message }, 'nodeclaim drifted');
    else if (now === undefined && was !== undefined) this.ctx.logger.info({ ...fields, reason: was.reason }, 'nodeclaim no longer drifted');
    const consolidatable = findCondition(after, NodeClaimConditions.consolidatable);
    if (stableStringify(consolidatable) !== stableStringify(findCondition(before, NodeClaimConditions.consolidatable)))
      this.ctx.logger.debug({ ...fields, status: consolidatable?.status ?? 'removed', detail: consolidatable?.message }, 'consolidatable');
  }
}
