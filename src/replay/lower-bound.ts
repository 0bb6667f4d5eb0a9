/**
 * The cost lower bound of `karpd replay` (issue #13): no autoscaler can run the scenario's pods for less.
 *
 * For each pod p, over every offering a node able to run p could be bought at (the NodePools whose taints p
 * tolerates and whose requirements p's nodeSelector / required node affinity is compatible with; the instance types
 * compatible with both whose allocatable fits p's requests; the offerings, spot included, the pool and the pod allow):
 *
 *   c_p = min price ÷ allocatable vCPU   (USD per vCPU-hour)      m_p = min price ÷ allocatable GiB   (USD per GiB-hour)
 *
 * and at every instant t, over the pods running or pending then (P(t)):
 *
 *   bound(t) = max( Σ_{p∈P(t)} cpu_p · c_p ,  Σ_{p∈P(t)} mem_p · m_p )        cost = ∫ bound(t) dt
 *
 * It is a lower bound: a node n of price π_n holding pods P_n has Σ_{p∈P_n} cpu_p ≤ alloc_cpu(n), and
 * c_p ≤ π_n / alloc_cpu(n) for each of them, so Σ_{p∈P_n} cpu_p · c_p ≤ π_n (memory likewise); summed over the nodes,
 * each sum is at most the fleet's price. When every pod can use every pool this is the brief's formula (the cheapest
 * $/unit of the scarcest resource over all offerings the pools allow, times the pods' requests); per pod it stays a
 * bound and is tighter where pools pin instance types. Pods no pool can run are left out (no system pays for them).
 * The bound changes only at pod events, so the integral is exact; a sample's `pricePerHour` is bound(t) at the end of
 * its minute (nodes, spotNodes and pendingPods are 0: the bound has no nodes). Prices are read once, from the
 * instance types given. DaemonSet overhead and packing are ignored (both only raise real cost).
 *
 * `costByPool` breaks the bound down: each pod is counted on the pool the provisioner would try first for it (the
 * first that admits it in scheduling/pool-order.ts's order, as the solver tries them), at that pool's cheapest rates, and each pool's pods get a bound of their
 * own. A pool's bound is what no system could run that pool's pods for; the pools' bounds add up to at least the
 * total (max of sums ≤ sum of maxes, and a pod may have a cheaper pool than its first).
 */
import type { Pod } from '../apis/core-v1.js';
import type { NodePool } from '../apis/nodepool.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import { comparePoolOrder } from '../scheduling/pool-order.js';
import { instanceTypeRequirements, offeringAllowed } from '../scheduling/pool-template.js';
import type { Requirements } from '../scheduling/requirements.js';
import { fits } from '../scheduling/resources.js';
import { poolRequirements } from './baseline/node-groups.js';
import { type PodConstraints, admits, constraintKey, podConstraints } from './baseline/pod-constraints.js';
import type { MinuteSample, SystemFigures, WorkloadTimeline } from './types.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const GIB = 1024 ** 3;

/** Input of {@link lowerBound}. */
export interface LowerBoundInput {
  /** The NodePools of the scenario's cluster folder. */
  readonly nodePools: readonly NodePool[];
  /** The region's instance types with priced offerings (spot included), e.g. the sim cloud's at the start. */
  readonly instanceTypes: readonly InstanceType[];
  /** The scenario's pod events, in time order. */
  readonly timeline: WorkloadTimeline;
}

/** The cheapest price of a unit of each resource, USD per hour. */
export interface ResourceRates {
  /** USD per allocatable vCPU-hour. */
  readonly cpuCoreHour: number;
  /** USD per allocatable GiB-hour of memory. */
  readonly memoryGiBHour: number;
}

/** The bound's figures plus the rates it used. */
export interface LowerBoundFigures extends SystemFigures {
  /** The cheapest rates over every offering any pool allows (what a pod that could use every pool would get). */
  readonly rates: ResourceRates | undefined;
  /** Pods no pool can run, left out of the bound. */
  readonly unplaceablePods: number;
}

interface Pool {
  readonly name: string;
  readonly weight: number;
  readonly requirements: Requirements;
  readonly taints: NonNullable<NodePool['spec']['template']['spec']['taints']>;
}

function cheaper(a: ResourceRates | undefined, b: ResourceRates | undefined): ResourceRates | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return { cpuCoreHour: Math.min(a.cpuCoreHour, b.cpuCoreHour), memoryGiBHour: Math.min(a.memoryGiBHour, b.memoryGiBHour) };
}

/** The cheapest rates over the offerings `reqs` allow on the types compatible with it (and fitting `pod`, when given). */
function ratesFor(instanceTypes: readonly InstanceType[], reqs: Requirements, pod?: PodConstraints): ResourceRates | undefined {
  let best: ResourceRates | undefined;
  for (const type of instanceTypes) {
    const cores = (type.allocatable.cpu ?? 0) / 1000;
    const gib = (type.allocatable.memory ?? 0) / GIB;
    if (cores <= 0 || gib <= 0 || !instanceTypeRequirements(type).intersects(reqs)) continue;
    if (pod !== undefined && !fits(pod.requests, type.allocatable)) continue;
    for (const offering of type.offerings) {
      if (!offeringAllowed(offering, reqs)) continue;
      best = cheaper(best, { cpuCoreHour: offering.price / cores, memoryGiBHour: offering.price / gib });
    }
  }
  return best;
}

/** The cheapest rates for `pod` on `pool`, undefined when the pool cannot run it. */
function poolRates(pool: Pool, instanceTypes: readonly InstanceType[], pod: PodConstraints): ResourceRates | undefined {
  if (!admits(pool, pod).ok) return undefined;
  let best: ResourceRates | undefined;
  for (const alternative of pod.alternatives) {
    if (!pool.requirements.compatible(alternative).ok) continue;
    best = cheaper(best, ratesFor(instanceTypes, pool.requirements.intersect(alternative), pod));
  }
  return best;
}

/** A pod's rates over every pool (the bound's), and the first pool (provisioner order) able to run it, with its rates. */
interface PodRates {
  readonly rates: ResourceRates;
  readonly pool: string;
  readonly poolRates: ResourceRates;
}

function podRates(pools: readonly Pool[], instanceTypes: readonly InstanceType[], pod: PodConstraints): PodRates | undefined {
  let best: ResourceRates | undefined;
  let first: { pool: string; poolRates: ResourceRates } | undefined;
  for (const pool of pools) {
    const rates = poolRates(pool, instanceTypes, pod);
    if (rates === undefined) continue;
    best = cheaper(best, rates);
    first ??= { pool: pool.name, poolRates: rates };
  }
  return best === undefined || first === undefined ? undefined : { rates: best, ...first };
}

/** A live pod's contribution to the two sums, USD/hour. */
interface Contribution {
  readonly cpu: number;
  readonly memory: number;
}

/** A pod's contribution to the total bound and, on its first pool, to that pool's. */
interface PodContribution {
  readonly total: Contribution;
  readonly pool: string;
  readonly onPool: Contribution;
}

/** The bound's running sums over the live pods, integrated over time, with the end-of-minute samples. */
class Integrator {
  readonly samples: MinuteSample[] = [];
  cost = 0;
  private readonly live = new Map<string, Contribution>();
  private cpuSum = 0;
  private memorySum = 0;
  private at = 0;
  private minute = 1;
  private readonly lastMinute: number;

  constructor(private readonly end: number) {
    this.lastMinute = Math.ceil(end / MINUTE_MS);
  }

  private rate(): number {
    return Math.max(this.cpuSum, this.memorySum, 0);
  }

  private integrateTo(to: number): void {
    this.cost += (this.rate() * (to - this.at)) / HOUR_MS;
    this.at = to;
  }

  /** Samples every minute ending before `to` (at `to` too when `inclusive`), then integrates up to `to`. */
  advance(to: number, inclusive: boolean): void {
    for (; this.minute <= this.lastMinute; this.minute++) {
      const sampleAt = Math.min(this.minute * MINUTE_MS, this.end);
      if (sampleAt > to || (sampleAt === to && !inclusive)) break;
      this.integrateTo(sampleAt);
      this.samples.push({ minute: this.minute, pricePerHour: this.rate(), nodes: 0, spotNodes: 0, pendingPods: 0 });
    }
    this.integrateTo(to);
  }

  /** A pod starts counting (replacing an earlier pod of the same key). */
  add(key: string, contribution: Contribution): void {
    this.remove(key);
    this.live.set(key, contribution);
    this.cpuSum += contribution.cpu;
    this.memorySum += contribution.memory;
  }

  /** A pod stops counting (unknown keys are ignored). */
  remove(key: string): void {
    const gone = this.live.get(key);
    if (gone === undefined) return;
    this.live.delete(key);
    this.cpuSum -= gone.cpu;
    this.memorySum -= gone.memory;
  }
}

/** What one pod adds to the bound's sums, or undefined when no pool can run it (rates memoised per pod shape). */
function contributionOf(
  pod: Pod,
  pools: readonly Pool[],
  input: LowerBoundInput,
  memo: Map<string, PodRates | undefined>,
): PodContribution | undefined {
  const key = constraintKey(pod);
  const constraints = podConstraints(pod);
  if (!memo.has(key)) memo.set(key, podRates(pools, input.instanceTypes, constraints));
  const found = memo.get(key);
  if (found === undefined) return undefined;
  const cores = (constraints.requests.cpu ?? 0) / 1000;
  const gib = (constraints.requests.memory ?? 0) / GIB;
  const at = (rates: ResourceRates): Contribution => ({ cpu: cores * rates.cpuCoreHour, memory: gib * rates.memoryGiBHour });
  return { total: at(found.rates), pool: found.pool, onPool: at(found.poolRates) };
}

/**
 * Computes the lower bound of the timeline's cost (the formula at the top of this file).
 * @example lowerBound({ nodePools, instanceTypes, timeline }).cost
 */
export function lowerBound(input: LowerBoundInput): LowerBoundFigures {
  const pools: Pool[] = input.nodePools
    .map((pool) => ({
      name: pool.metadata.name ?? '',
      weight: pool.spec.weight ?? 0,
      requirements: poolRequirements(pool),
      taints: pool.spec.template.spec.taints ?? [],
    }))
    .sort(comparePoolOrder);
  const memo = new Map<string, PodRates | undefined>();
  const end = input.timeline.durationMs;
  const integrator = new Integrator(end);
  const byPool = new Map<string, Integrator>();
  const poolOfPod = new Map<string, Integrator>();
  let unplaceable = 0;
  for (const event of input.timeline.events) {
    if (event.at > end) break;
    integrator.advance(event.at, false);
    for (const each of byPool.values()) each.advance(event.at, false);
    if (event.type === 'delete') {
      const key = `${event.namespace}/${event.name}`;
      integrator.remove(key);
      poolOfPod.get(key)?.remove(key);
      poolOfPod.delete(key);
      continue;
    }
    const contribution = contributionOf(event.pod, pools, input, memo);
    if (contribution === undefined) {
      unplaceable++;
      continue;
    }
    const key = `${event.pod.metadata.namespace ?? 'default'}/${event.pod.metadata.name ?? ''}`;
    integrator.add(key, contribution.total);
    let pool = byPool.get(contribution.pool);
    if (pool === undefined) {
      pool = new Integrator(end);
      pool.advance(event.at, false);
      byPool.set(contribution.pool, pool);
    }
    poolOfPod.get(key)?.remove(key);
    pool.add(key, contribution.onPool);
    poolOfPod.set(key, pool);
  }
  integrator.advance(end, true);
  const costByPool: Record<string, number> = {};
  for (const [name, pool] of [...byPool].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    pool.advance(end, true);
    costByPool[name] = pool.cost;
  }
  return {
    cost: integrator.cost,
    costByPool,
    nodeHours: 0,
    spotShare: 0,
    pendingSecondsP50: 0,
    pendingSecondsP95: 0,
    pendingSecondsMax: 0,
    disruptions: 0,
    interruptionsHandled: 0,
    podsEvicted: 0,
    samples: integrator.samples,
    rates: pools.reduce<ResourceRates | undefined>(
      (best, pool) => cheaper(best, ratesFor(input.instanceTypes, pool.requirements)),
      undefined,
    ),
    unplaceablePods: unplaceable,
  };
}
