/**
 * The provisioner (https://karpenter.sh/docs/concepts/scheduling/): batch pending pods, plan on a
 * fresh snapshot, create NodeClaims, nominate nodes for pods that fit
 * existing or in-flight capacity, and tell every pod that cannot be placed
 * why — as a Kubernetes Event and in {@link ProvisionerController.pendingReasons}
 * for the dashboard.
 */
import { compareNodePools } from '../../scheduling/pool-order.js';
import type { Clock } from '../../apis/clock.js';
import type { Pod } from '../../apis/core-v1.js';
import type { NodePool } from '../../apis/nodepool.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import { objectKey, type ClusterSnapshot } from '../../state/cluster-state.js';
import { isConditionTrue } from '../conditions.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';
import { ObjectValidity } from '../validity/object-validity.js';
import { Batcher, type BatcherOptions } from './batcher.js';
import { buildNodeClaim } from './nodeclaim-builder.js';
import type { PlannedNodeClaim, Planner, ProvisioningPlan } from './planner.js';
import { ignoredReason, isProvisionable } from './provisionable-pods.js';

/** Options of {@link ProvisionerController}. */
export interface ProvisionerOptions extends BatcherOptions {
  planner: Planner;
  clock: Clock;
  /** May this agent act now? @default always */
  canAct?: () => boolean;
  /** How long nodes stay nominated for the pods planned onto them. @default 20000 */
  nominationMs?: number;
  /** How often pending pods are re-offered to the batcher. @default 1000 */
  scanIntervalMs?: number;
  /** Validation results shared with the status controllers. @default a cache of its own */
  validity?: ObjectValidity;
}

/** Orders pools as upstream: weight descending, then name descending. */
export function orderNodePools(pools: readonly NodePool[]): NodePool[] {
  return [...pools].sort(compareNodePools);
}

function isUsable(pool: NodePool): boolean {
  if (pool.metadata.deletionTimestamp !== undefined || pool.spec.replicas !== undefined) return false;
  return pool.status?.conditions === undefined || isConditionTrue(pool.status.conditions, 'Ready');
}

/**
 * Where an instance type's prices come from, for every place a price is
 * shown (`catalog-us-east-1`: the static us-east-1 on-demand table, used for
 * every region until a live price source answers).
 */
function priceSourceOf(type: InstanceType | undefined): string | undefined {
  const source = (type as { priceSource?: unknown } | undefined)?.priceSource;
  return typeof source === 'string' ? source : undefined;
}

/** Plans and launches capacity for pending pods. */
export class ProvisionerController {
  readonly name = 'provisioner';
  private readonly batcher: Batcher;
  private readonly reasons = new Map<string, string>();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private cancelScan: (() => void) | undefined;
  private readonly errors: ObjectErrors;
  private readonly validity: ObjectValidity;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly options: ProvisionerOptions,
  ) {
    this.batcher = new Batcher(options.clock, options);
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
    this.validity = options.validity ?? new ObjectValidity();
  }

  /** Why each pending pod (`namespace/name`) is still waiting, as of the last round. */
  pendingReasons(): ReadonlyMap<string, string> {
    return this.reasons;
  }

  /** Starts scanning for pending pods and running rounds. */
  start(): void {
    this.cancelScan = this.options.clock.setInterval(() => this.scan(), this.options.scanIntervalMs ?? 1000);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelScan?.();
    this.batcher.flush();
    await this.loop;
  }

  /** Offers every provisionable pod to the batcher. */
  scan(): void {
    if (!this.ctx.state.synced()) return;
    for (const pod of this.ctx.state.snapshot().pods) {
      if (isProvisionable(pod)) this.batcher.trigger(pod.metadata.uid ?? objectKey(pod));
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.batcher.nextBatch();
      if (this.stopped) return;
      try {
        await this.provision();
      } catch (error) {
        this.errors.report({ kind: 'Controller', name: this.name }, error, 'provisioning round failed');
      }
    }
  }

  /** One round on a fresh snapshot; returns the plan (for tests and the API). */
  async provision(): Promise<ProvisioningPlan | undefined> {
    if (!this.ctx.state.synced() || !(this.options.canAct?.() ?? true)) return undefined;
    const snapshot = this.ctx.state.snapshot();
    const pods = this.podsToPlan(snapshot);
    if (pods.length === 0) return undefined;
    const { nodePools, instanceTypes } = await this.schedulablePools(snapshot);
    const started = performance.now();
    const plan = this.options.planner({ snapshot, pods, nodePools, instanceTypes });
    const seconds = (performance.now() - started) / 1000;
    this.ctx.metrics.schedulingDuration.observe({ controller: this.name }, seconds);
    this.ctx.metrics.provisionerSchedulingDuration.observe(seconds);
    this.ctx.metrics.queueDepth.set({ controller: this.name }, pods.length);
    this.ctx.metrics.unschedulablePods.set({ controller: this.name }, plan.unschedulable.length);
    await this.act(plan, nodePools, instanceTypes);
    return plan;
  }

  /**
   * The usable pools with their instance types: an invalid pool (or one whose
   * EC2NodeClass is invalid), or one whose instance types cannot be read, is
   * left out and logged (rate-limited); every other pool is still offered.
   */
  private async schedulablePools(
    snapshot: ClusterSnapshot,
  ): Promise<{ nodePools: NodePool[]; instanceTypes: Map<string, readonly InstanceType[]> }> {
    const nodePools: NodePool[] = [];
    const instanceTypes = new Map<string, readonly InstanceType[]>();
    const candidates = orderNodePools(snapshot.nodePools.filter(isUsable));
    await this.errors.each(
      candidates,
      (pool) => refOf('NodePool', pool),
      async (pool) => {
        const problem = this.validity.schedulingProblem(pool, snapshot.nodeClasses);
        if (problem !== undefined) throw new Error(`invalid, left out of scheduling: ${problem}`);
        instanceTypes.set(pool.metadata.name ?? '', await this.ctx.cloud.getInstanceTypes(pool));
        nodePools.push(pool);
      },
      'nodepool left out of this round',
    );
    return { nodePools, instanceTypes };
  }

  private podsToPlan(snapshot: ClusterSnapshot): Pod[] {
    const pods: Pod[] = [];
    const pending = new Set<string>();
    for (const pod of snapshot.pods) {
      if (!isProvisionable(pod)) continue;
      pending.add(objectKey(pod));
      const ignored = ignoredReason(pod);
      if (ignored === undefined) pods.push(pod);
      else void this.explain(pod, ignored);
    }
    for (const key of this.reasons.keys()) if (!pending.has(key)) this.reasons.delete(key);
    return pods;
  }

  private async act(
    plan: ProvisioningPlan,
    pools: readonly NodePool[],
    instanceTypes: ReadonlyMap<string, readonly InstanceType[]>,
  ): Promise<void> {
    const until = this.ctx.now() + (this.options.nominationMs ?? 20_000);
    await this.errors.each(
      plan.newNodeClaims,
      (claim) => ({ kind: 'NodePool', name: claim.nodePool }),
      async (claim) => {
        const pool = pools.find((p) => p.metadata.name === claim.nodePool);
        const cheapest = instanceTypes.get(claim.nodePool)?.find((type) => type.name === claim.instanceTypeNames[0]);
        if (pool !== undefined) await this.launch(pool, claim, until, priceSourceOf(cheapest));
      },
      'creating a nodeclaim failed; will retry',
    );
    for (const { nodeName, pods } of plan.existing) {
      this.ctx.state.nominate(nodeName, until, pods.map(objectKey));
      for (const pod of pods) this.reasons.delete(objectKey(pod));
    }
    for (const { pod, reason } of plan.unschedulable) await this.explain(pod, reason);
  }

  private async launch(pool: NodePool, plan: PlannedNodeClaim, nominateUntil: number, priceSource: string | undefined): Promise<void> {
    const created = await this.ctx.kube.createNodeClaim(buildNodeClaim(pool, plan));
    this.ctx.state.upsert('nodeClaims', created);
    const name = created.metadata.name ?? '';
    this.ctx.state.nominate(name, nominateUntil, plan.pods.map(objectKey));
    this.ctx.metrics.nodeClaimsCreated.inc({ reason: 'provisioning', nodepool: plan.nodePool, min_values_relaxed: 'false' });
    const types = plan.instanceTypeNames;
    const shown = types.length > 5 ? `${types.slice(0, 5).join(', ')} and ${types.length - 5} other(s)` : types.join(', ');
    this.ctx.logger.info(
      {
        controller: this.name,
        nodeClaim: name,
        nodePool: plan.nodePool,
        pods: plan.pods.length,
        instanceTypes: shown,
        price: plan.price,
        ...(priceSource ? { priceSource } : {}),
      },
      'created nodeclaim',
    );
    for (const pod of plan.pods) {
      this.reasons.delete(objectKey(pod));
      await this.ctx.kube.recordEvent({
        involved: pod,
        type: 'Normal',
        reason: 'Nominated',
        message: `Pod should schedule on: nodeclaim/${name}`,
      });
    }
    await this.ctx.kube.recordEvent({
      involved: created,
      type: 'Normal',
      reason: 'Launching',
      message: `launching nodeclaim for ${plan.pods.length} pod(s) in nodepool ${plan.nodePool} (${created.metadata.labels?.[Labels.nodePool]})`,
    });
  }

  /** Records why a pod waits; an Event only when the reason changed. */
  private async explain(pod: Pod, reason: string): Promise<void> {
    const key = objectKey(pod);
    if (this.reasons.get(key) === reason) return;
    this.reasons.set(key, reason);
    await this.ctx.kube.recordEvent({
      involved: pod,
      type: 'Warning',
      reason: 'FailedScheduling',
      message: `Failed to schedule pod, ${reason}`,
    });
    this.ctx.logger.info({ controller: this.name, pod: key, reason }, 'pod cannot be scheduled');
  }
}
