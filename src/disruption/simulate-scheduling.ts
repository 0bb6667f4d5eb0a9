/**
 * Upstream's `SimulateScheduling` (karpenter-semantics.md §4.8 step 1, also used by drift §4.7): would the pods of
 * some candidates fit elsewhere, and on which new NodeClaims? The pods are the pending pods, the candidates'
 * reschedulable pods and the reschedulable pods of nodes already being deleted; the nodes are every state node but
 * the candidates (deleting ones are no capacity); the pools are the usable NodePools with their instance types.
 * A pod that lands on an uninitialized node counts as a failure (unless it comes from a deleting node): a
 * disruption must not rely on a node that has not come up yet.
 *
 * A {@link SchedulingSimulator} is built once per snapshot and asked hundreds of times (single-node consolidation
 * evaluates every candidate): what does not depend on the candidate set (the pools, the pods of deleting nodes, the
 * solver's compiled pools and existing nodes in one {@link SolveCache}) is derived once.
 */
import type { Pod } from '../apis/core-v1.js';
import type { NodePool } from '../apis/nodepool.js';
import { Labels } from '../apis/well-known-labels.js';
import { isReschedulable } from './pod-disruption.js';
import { type PodKey, podKey } from '../scheduling/pod-info.js';
import type { PreferencePolicy } from '../scheduling/preferences.js';
import { compareNodePools } from '../scheduling/pool-order.js';
import type { NewNodeClaim, NodePoolOption, Placement, SchedulingNode, SchedulingSnapshot } from '../scheduling/snapshot.js';
import { SolveCache } from '../scheduling/solve-cache.js';
import { solve } from '../scheduling/solve.js';
import { type StateNode, stateNodeName } from '../state/state-node.js';
import type { Candidate, DisruptionSnapshot } from './types.js';

/** Where a simulated pod came from: it decides whether its failure blocks a disruption. */
export type SimulatedPodSource = 'candidate' | 'deleting' | 'pending';

/** A pod the simulation could not place, with the scheduler's reasons (headline first). */
export interface SimulatedPodFailure {
  readonly pod: PodKey;
  readonly source: SimulatedPodSource;
  readonly reasons: readonly string[];
}

/** What one simulation found. */
export interface SimulationResult {
  /** NodeClaims the pods would need (for pending pods too), options cheapest first. */
  readonly newNodeClaims: readonly NewNodeClaim[];
  /**
   * What a command must launch: the new NodeClaims that take at least one pod of a candidate or of a deleting node.
   * The others hold only pending pods, which are the provisioner's to launch for. A deleting node's pods count: an
   * earlier command's replacement may be the room this simulation gives a candidate's pods, so its pods need the
   * claim the simulation found for them, or both sets of pods come back pending with one node coming for them.
   */
  readonly commandClaims: readonly NewNodeClaim[];
  /** Where each placed pod went (pods counted as failures are left out). */
  readonly placements: readonly Placement[];
  readonly failures: readonly SimulatedPodFailure[];
  /** Upstream's `AllNonPendingPodsScheduled`: every candidate pod and every pod of a deleting node was placed. */
  readonly allNonPendingScheduled: boolean;
  /** The candidates' reschedulable pods, in the order given. */
  readonly candidatePods: readonly PodKey[];
  readonly timedOut: boolean;
}

/** Options of {@link SchedulingSimulator}. */
export interface SimulatorOptions {
  /** Shared with other simulators of the same pools (results are the same with or without). @default a new cache */
  readonly cache?: SolveCache;
  /** @default 'Respect' */
  readonly preferencePolicy?: PreferencePolicy;
  /** Upstream truncates a simulation's instance types as provisioning does. @default 600 */
  readonly maxInstanceTypes?: number;
}

function isConditionTrue(pool: NodePool, type: string): boolean {
  const conditions = pool.status?.conditions;
  return conditions === undefined || conditions.some((c) => c.type === type && c.status === 'True');
}

/** Pools new NodeClaims may come from, as the provisioner's: not deleting, not static, Ready (or no status yet). */
export function isUsablePool(pool: NodePool): boolean {
  return pool.metadata.deletionTimestamp === undefined && pool.spec.replicas === undefined && isConditionTrue(pool, 'Ready');
}

/**
 * Does the pod have to move when its node goes? pod-disruption.ts's {@link isReschedulable} (upstream
 * `IsReschedulable`), re-exported for the callers that import it from here.
 */
export { isReschedulable };

/** Is the node past initialization (an unmanaged node always is), as the solver reads it? */
function isInitialized(node: StateNode): boolean {
  if (node.nodeClaim === undefined) return node.node !== undefined;
  if (node.node === undefined) return false;
  const labels = { ...(node.nodeClaim.metadata.labels ?? {}), ...(node.node.metadata.labels ?? {}) };
  return labels[Labels.initialized] === 'true';
}

/** Simulates removing candidate sets from one snapshot, again and again, cheaply. */
export class SchedulingSimulator {
  private readonly cache: SolveCache;
  private readonly pools: readonly NodePoolOption[];
  private readonly active: readonly { readonly name: string; readonly node: SchedulingNode }[];
  private readonly uninitialized: ReadonlySet<string>;
  private readonly deletingPods: readonly Pod[];
  private readonly deletingKeys: ReadonlySet<PodKey>;
  private readonly pendingKeys: ReadonlySet<PodKey>;

  constructor(
    private readonly snapshot: DisruptionSnapshot,
    private readonly options: SimulatorOptions = {},
  ) {
    this.cache = options.cache ?? new SolveCache();
    this.pools = [...snapshot.nodePools]
      .filter((pool) => isUsablePool(pool) && (snapshot.instanceTypes.get(pool.metadata.name ?? '')?.length ?? 0) > 0)
      .sort(compareNodePools)
      .map((nodePool) => ({ nodePool, instanceTypes: snapshot.instanceTypes.get(nodePool.metadata.name ?? '') ?? [] }));
    const active: Array<{ name: string; node: SchedulingNode }> = [];
    const uninitialized = new Set<string>();
    const deletingPods: Pod[] = [];
    for (const node of snapshot.nodes) {
      if (node.markedForDeletion) {
        for (const pod of node.pods) if (isReschedulable(pod)) deletingPods.push(pod);
        continue;
      }
      const name = stateNodeName(node);
      active.push({ name, node });
      if (!isInitialized(node)) uninitialized.add(name);
    }
    this.active = active;
    this.uninitialized = uninitialized;
    this.deletingPods = deletingPods;
    this.deletingKeys = new Set(deletingPods.map(podKey));
    this.pendingKeys = new Set(snapshot.pendingPods.map(podKey));
  }

  /** The pools new NodeClaims may come from, in the provisioner's order. */
  get nodePools(): readonly NodePoolOption[] {
    return this.pools;
  }

  /** Would the candidates' pods (with the pending pods and those of deleting nodes) fit without the candidates? */
  simulate(candidates: readonly Candidate[]): SimulationResult {
    const removed = new Set(candidates.map((c) => c.name));
    const candidatePods = candidates.flatMap((c) => c.reschedulablePods);
    const candidateKeys = new Set(candidatePods.map(podKey));
    const pods = [...this.snapshot.pendingPods, ...candidatePods, ...this.deletingPods];
    const nodes: SchedulingNode[] = [];
    for (const entry of this.active) if (!removed.has(entry.name)) nodes.push(entry.node);
    const scheduling: SchedulingSnapshot = { nodes, nodePools: this.pools, daemonSets: this.snapshot.daemonSets };
    const result = solve(scheduling, pods, {
      cache: this.cache,
      preferencePolicy: this.options.preferencePolicy ?? 'Respect',
      maxInstanceTypes: this.options.maxInstanceTypes ?? 600,
    });
    const sourceOf = (key: PodKey): SimulatedPodSource =>
      candidateKeys.has(key) ? 'candidate' : this.deletingKeys.has(key) ? 'deleting' : this.pendingKeys.has(key) ? 'pending' : 'candidate';
    const failures: SimulatedPodFailure[] = result.unschedulable.map((u) => ({ pod: u.pod, source: sourceOf(u.pod), reasons: u.reasons }));
    const placements: Placement[] = [];
    for (const placement of result.placements) {
      if (placement.kind === 'new' || !this.uninitialized.has(placement.target) || this.deletingKeys.has(placement.pod)) {
        placements.push(placement);
        continue;
      }
      failures.push({
        pod: placement.pod,
        source: sourceOf(placement.pod),
        reasons: [`would schedule against uninitialized ${placement.kind === 'in-flight' ? 'nodeclaim' : 'node'} ${placement.target}`],
      });
    }
    return {
      newNodeClaims: result.newNodeClaims,
      commandClaims: result.newNodeClaims.filter((claim) => claim.pods.some((pod) => candidateKeys.has(pod) || this.deletingKeys.has(pod))),
      placements,
      failures,
      allNonPendingScheduled: failures.every((f) => f.source === 'pending'),
      candidatePods: candidatePods.map(podKey),
      timedOut: result.timedOut,
    };
  }
}

/** The failures that block a disruption, as `pod a/b: reason; …`, at most `max` of them (upstream's events list 5). */
export function blockingFailuresText(simulation: SimulationResult, max = 5): string {
  const blocking = simulation.failures.filter((f) => f.source !== 'pending');
  const listed = blocking.slice(0, max).map((f) => `pod ${f.pod}: ${f.reasons[0] ?? 'no reason given'}`);
  return `${listed.join('; ')}${blocking.length > max ? `; and ${blocking.length - max} more` : ''}`;
}

/** One simulation on a fresh simulator (callers that simulate more than once keep a {@link SchedulingSimulator}). */
export function simulateScheduling(snapshot: DisruptionSnapshot, candidates: readonly Candidate[]): SimulationResult {
  return new SchedulingSimulator(snapshot).simulate(candidates);
}
