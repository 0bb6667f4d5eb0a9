/**
 * The repacked fleet of `karpd replay` (issue #13's breakdown of the gap to the lower bound): what the provisioner
 * would pay if, at every pod event, it could throw every node away and buy each pool's fleet afresh for the pods
 * live then (running or pending), with hindsight, no boot time, no disruption rules and no spot interruptions.
 *
 * Each pod goes to the pool the provisioner gives it (one `solve` of the pod alone over every pool, memoised per pod
 * shape); each pool's live pods are packed by the same `solve` on an empty cluster with that pool alone, at the
 * start's prices, and the pool's rate is the sum of the new NodeClaims' prices (memoised per multiset of pod
 * shapes). Pods no pool can run are left out. The fleet's cost is the integral of the summed rates (exact: rates
 * change only at pod events).
 *
 * It sits between the lower bound and a real autoscaler. The bound charges each pod a fraction of a node at the
 * cheapest $/unit; the repacked fleet buys whole nodes of the shapes the pools allow, so repacked ÷ bound is what
 * node granularity and the pools' shapes cost, and karpd ÷ repacked what time costs (boot, consolidateAfter,
 * WhenEmpty, do-not-disrupt, budgets, interruptions). It is not a bound: the solver packs greedily, so a cleverer
 * packing could be cheaper still. Pure.
 */
import type { Pod } from '../apis/core-v1.js';
import type { NodePoolOption } from '../scheduling/snapshot.js';
import { solve } from '../scheduling/solve.js';
import { constraintKey } from './baseline/pod-constraints.js';
import type { LowerBoundInput } from './lower-bound.js';

const HOUR_MS = 3_600_000;

/** Input of {@link repackedFleet}: the lower bound's (the pools in any order: the solver orders them by weight). */
export type RepackedFleetInput = LowerBoundInput;

/** What the repacked fleet cost. */
export interface RepackedFleetFigures {
  /** USD over the timeline. */
  readonly cost: number;
  /** USD per NodePool; sums to `cost`. */
  readonly costByPool: Readonly<Record<string, number>>;
  /** Distinct packings solved (the rest came from the memo). */
  readonly packings: number;
}

/** What a pod's packing depends on: its constraints, and its labels when a spread or pod (anti-)affinity reads them. */
function shapeKey(pod: Pod): string {
  const spec = pod.spec;
  const relational =
    spec.topologySpreadConstraints !== undefined ||
    spec.affinity?.podAffinity !== undefined ||
    spec.affinity?.podAntiAffinity !== undefined;
  return relational
    ? JSON.stringify([constraintKey(pod), spec.topologySpreadConstraints ?? null, spec.affinity ?? null, pod.metadata.labels ?? null])
    : constraintKey(pod);
}

/** One pool's live pods, its current rate and the memo of its packings. */
class PoolFleet {
  readonly live = new Map<string, { readonly pod: Pod; readonly shape: string }>();
  rate = 0;
  cost = 0;
  private readonly memo = new Map<string, number>();

  constructor(
    private readonly option: NodePoolOption,
    private readonly counter: { packings: number },
  ) {}

  /** Re-prices the pool for its live pods. */
  reprice(): void {
    const pods = [...this.live.values()].sort((a, b) => (a.shape < b.shape ? -1 : a.shape > b.shape ? 1 : 0));
    const key = pods.map((p) => p.shape).join('\n');
    let rate = this.memo.get(key);
    if (rate === undefined) {
      this.counter.packings++;
      const result = solve(
        { nodes: [], nodePools: [this.option] },
        pods.map((p) => p.pod),
      );
      rate = result.newNodeClaims.reduce((sum, claim) => sum + claim.price, 0);
      this.memo.set(key, rate);
    }
    this.rate = rate;
  }
}

/**
 * Prices the timeline's repacked fleet (the module comment).
 * @example repackedFleet({ nodePools, instanceTypes, timeline }).cost
 */
export function repackedFleet(input: RepackedFleetInput): RepackedFleetFigures {
  const options: NodePoolOption[] = input.nodePools.map((nodePool) => ({ nodePool, instanceTypes: input.instanceTypes }));
  const counter = { packings: 0 };
  const fleets = new Map<string, PoolFleet>();
  for (const option of options) fleets.set(option.nodePool.metadata.name ?? '', new PoolFleet(option, counter));
  const poolOfShape = new Map<string, string | undefined>();
  const poolOfPod = new Map<string, PoolFleet>();
  const end = input.timeline.durationMs;
  let at = 0;
  const integrateTo = (to: number): void => {
    for (const fleet of fleets.values()) fleet.cost += (fleet.rate * (to - at)) / HOUR_MS;
    at = to;
  };
  const events = input.timeline.events;
  for (let i = 0; i < events.length; ) {
    const now = events[i].at;
    if (now > end) break;
    integrateTo(now);
    const touched = new Set<PoolFleet>();
    // Every event at one instant first, then one re-pricing per pool touched.
    for (; i < events.length && events[i].at === now; i++) {
      const event = events[i];
      const key =
        event.type === 'delete'
          ? `${event.namespace}/${event.name}`
          : `${event.pod.metadata.namespace ?? 'default'}/${event.pod.metadata.name ?? ''}`;
      const before = poolOfPod.get(key);
      if (before !== undefined) {
        before.live.delete(key);
        poolOfPod.delete(key);
        touched.add(before);
      }
      if (event.type === 'delete') continue;
      const shape = shapeKey(event.pod);
      if (!poolOfShape.has(shape)) {
        const alone = solve({ nodes: [], nodePools: options }, [event.pod]);
        poolOfShape.set(shape, alone.newNodeClaims[0]?.nodePool);
      }
      const fleet = fleets.get(poolOfShape.get(shape) ?? '');
      if (fleet === undefined) continue;
      fleet.live.set(key, { pod: event.pod, shape });
      poolOfPod.set(key, fleet);
      touched.add(fleet);
    }
    for (const fleet of touched) fleet.reprice();
  }
  integrateTo(end);
  const costByPool: Record<string, number> = {};
  let cost = 0;
  for (const [name, fleet] of [...fleets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (fleet.cost === 0) continue;
    costByPool[name] = fleet.cost;
    cost += fleet.cost;
  }
  return { cost, costByPool, packings: counter.packings };
}
