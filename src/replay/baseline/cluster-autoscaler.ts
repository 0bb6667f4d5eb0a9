/**
 * The cluster-autoscaler baseline of `karpd replay` (issue #13, karpenter-semantics.md §7.4): the scenario's pod
 * timeline replayed against one static node group per NodePool (`node-groups.ts`), with CA's default timings. Pure
 * and deterministic: simulated time only, randomness only from the seed, the same input gives the same figures.
 *
 * At one instant things happen in this order: the timeline's events (in their order), nodes turning Ready
 * (`bootSeconds` after launch; pending pods bind at once, as kube-scheduler would), spot warnings and reclaims, the
 * scan (every `scan-interval`, 10 s, from t = 0: scale-up, then the unneeded-node update and scale-down), the
 * minute sample. So a pod created at t waits for the next scan (≤ 10 s), then a boot, when no Ready node has room.
 *
 * The groups' capacity type is `options.capacityType`'s rule (`node-groups.ts`): on-demand unless a pool allows only
 * spot (the default, the baseline), or spot whenever a pool allows it (`'spot'`). With a `seed` and a
 * `spotInterruptionRate`, spot nodes are interrupted as karpd's are (`spot-reclaims.ts`): nothing happens on the
 * warning (CA has no termination handler), the node goes 2 minutes later and its pods wait for the next scan and a
 * boot. `interruptions` counts the warnings, `interruptionsHandled` stays 0, `podsEvicted` counts the reclaimed pods.
 */
import type { NodePool } from '../../apis/nodepool.js';
import type { CapacityType } from '../../apis/well-known-labels.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import type { MinuteSample, Scenario, SystemFigures, WorkloadEvent, WorkloadTimeline } from '../types.js';
import { sample, summarize } from './figures.js';
import { type PreferredCapacityType, type SkippedNodePool, buildNodeGroups } from './node-groups.js';
import { podConstraints } from './pod-constraints.js';
import { DEFAULT_SCALE_DOWN, type ScaleDownOptions, nodesToRemove, updateUnneeded } from './scale-down.js';
import { planScaleUp } from './scale-up.js';
import { type SimNode, SimulatedCluster } from './simulated-cluster.js';
import { SpotReclaims } from './spot-reclaims.js';

const MINUTE_MS = 60_000;

/** Tunables of the model; the defaults are cluster-autoscaler's. */
export interface ClusterAutoscalerOptions {
  /** `--scan-interval`. @default 10_000 */
  readonly scanIntervalMs?: number;
  /** Scale-down settings. @default DEFAULT_SCALE_DOWN */
  readonly scaleDown?: Partial<ScaleDownOptions>;
  /** Pool name → the instance type its group uses, instead of the rule in `node-groups.ts`. */
  readonly instanceTypeOverrides?: Readonly<Record<string, string>>;
  /**
   * The capacity type of a group whose pool allows both: `'spot'` makes every group spot whose pool allows spot
   * (priced at the spot offering). @default 'on-demand' (spot only when a pool allows only spot)
   */
  readonly capacityType?: PreferredCapacityType;
}

/** Input of {@link runClusterAutoscalerModel}. */
export interface ClusterAutoscalerInput {
  /** The scenario (its `bootSeconds` is the launch → Ready time). */
  readonly scenario: Pick<Scenario, 'bootSeconds'>;
  /** The NodePools of the scenario's cluster folder (as `gitops/source/load-cluster.ts` reads them). */
  readonly nodePools: readonly NodePool[];
  /**
   * The instance types of the scenario's region with priced offerings (on-demand and spot), e.g. what the sim
   * cloud's `getInstanceTypes` returns at the start. Prices are read once: the groups' prices do not move.
   */
  readonly instanceTypes: readonly InstanceType[];
  /** The scenario's pod events, in time order. */
  readonly timeline: WorkloadTimeline;
  /** The replay's seed, which draws the spot interruptions. @default 0 */
  readonly seed?: number;
  /** The scenario's spot interruptions per spot node-hour. @default 0 (no interruptions) */
  readonly spotInterruptionRate?: number;
  readonly options?: ClusterAutoscalerOptions;
}

/** One node group as the report can show it. */
export interface NodeGroupSummary {
  readonly nodePool: string;
  readonly instanceType: string;
  readonly capacityType: CapacityType;
  readonly pricePerHour: number;
  readonly maxNodes: number;
}

/** The baseline's figures plus what it was configured with. */
export interface ClusterAutoscalerFigures extends SystemFigures {
  /** Spot warnings the model's live nodes got (none handled). */
  readonly interruptions: number;
  readonly nodeGroups: readonly NodeGroupSummary[];
  readonly skippedNodePools: readonly SkippedNodePool[];
  /** Pods no node group can ever run (they stay pending the whole time). */
  readonly unschedulablePods: number;
}

/** What a run is set up with. */
interface RunSettings {
  readonly bootMs: number;
  readonly scaleDown: ScaleDownOptions;
  readonly reclaims: SpotReclaims;
}

/** The moving parts of one run. */
class Run {
  readonly samples: MinuteSample[] = [];
  private readonly booting: SimNode[] = [];
  private bootHead = 0;
  private lastScaleUpAt: number | undefined;
  private evaluatedVersion = -1;
  disruptions = 0;
  podsEvicted = 0;
  interruptions = 0;

  constructor(
    readonly cluster: SimulatedCluster,
    private readonly settings: RunSettings,
  ) {}

  nextSpotAt(): number {
    return this.settings.reclaims.nextAt();
  }

  /** A warning (counted when the node is still there; nothing else happens) or a reclaim (the node and its pods go). */
  spotNext(): void {
    const { at, kind, node } = this.settings.reclaims.take();
    if (node.removedAt !== undefined) return;
    if (kind === 'warning') this.interruptions++;
    else this.podsEvicted += this.cluster.remove(node, at);
  }

  nextReadyAt(): number {
    return this.bootHead < this.booting.length ? this.booting[this.bootHead].readyAt : Number.POSITIVE_INFINITY;
  }

  apply(event: WorkloadEvent): void {
    if (event.type === 'create') this.cluster.create(event.pod, event.at);
    else this.cluster.delete(`${event.namespace}/${event.name}`, event.at);
  }

  readyNext(): void {
    const node = this.booting[this.bootHead++];
    this.cluster.markReady(node, node.readyAt);
  }

  scan(now: number): void {
    const plan = planScaleUp(this.cluster);
    for (const [groupIndex, count] of [...plan].sort((a, b) => a[0] - b[0])) {
      const launched = this.cluster.launch(groupIndex, count, now, this.settings.bootMs);
      for (const node of launched) this.settings.reclaims.arm(node);
      this.booting.push(...launched);
      this.lastScaleUpAt = now;
    }
    if (this.cluster.version !== this.evaluatedVersion) {
      updateUnneeded(this.cluster, now, this.settings.scaleDown);
      this.evaluatedVersion = this.cluster.version;
    }
    for (const node of nodesToRemove(this.cluster, now, this.lastScaleUpAt, this.settings.scaleDown)) {
      this.podsEvicted += this.cluster.remove(node, now);
      this.disruptions++;
    }
  }
}

function replay(run: Run, timeline: WorkloadTimeline, scanIntervalMs: number): void {
  const end = timeline.durationMs;
  const events = timeline.events;
  let next = 0;
  let nextScan = 0;
  let minute = 1;
  const lastMinute = Math.ceil(end / MINUTE_MS);
  while (minute <= lastMinute) {
    const sampleAt = Math.min(minute * MINUTE_MS, end);
    const eventAt = next < events.length && events[next].at <= end ? events[next].at : Number.POSITIVE_INFINITY;
    const readyAt = run.nextReadyAt();
    const spotAt = run.nextSpotAt();
    const t = Math.min(eventAt, readyAt, spotAt, nextScan, sampleAt);
    if (eventAt === t) run.apply(events[next++]);
    else if (readyAt === t) run.readyNext();
    else if (spotAt === t) run.spotNext();
    else if (nextScan === t) {
      run.scan(t);
      nextScan += scanIntervalMs;
    } else run.samples.push(sample(run.cluster, minute++));
  }
}

/**
 * Replays the timeline under the cluster-autoscaler model and returns its figures.
 * @example runClusterAutoscalerModel({ scenario, nodePools, instanceTypes, timeline }).cost
 */
export function runClusterAutoscalerModel(input: ClusterAutoscalerInput): ClusterAutoscalerFigures {
  const created = input.timeline.events.flatMap((event) => (event.type === 'create' ? [podConstraints(event.pod)] : []));
  const { groups, skipped } = buildNodeGroups({
    nodePools: input.nodePools,
    instanceTypes: input.instanceTypes,
    pods: created,
    instanceTypeOverrides: input.options?.instanceTypeOverrides,
    capacityType: input.options?.capacityType,
  });
  const cluster = new SimulatedCluster(groups);
  const reclaims = new SpotReclaims({
    seed: input.seed ?? 0,
    ratePerNodeHour: input.spotInterruptionRate ?? 0,
    endMs: input.timeline.durationMs,
  });
  const scaleDown = { ...DEFAULT_SCALE_DOWN, ...input.options?.scaleDown };
  const run = new Run(cluster, { bootMs: input.scenario.bootSeconds * 1000, scaleDown, reclaims });
  replay(run, input.timeline, input.options?.scanIntervalMs ?? 10_000);
  const figures = summarize(cluster, input.timeline.durationMs, run, run.samples);
  return {
    ...figures,
    nodeGroups: groups.map((group) => ({
      nodePool: group.name,
      instanceType: group.instanceType.name,
      capacityType: group.capacityType,
      pricePerHour: group.pricePerHour,
      maxNodes: group.maxNodes,
    })),
    skippedNodePools: skipped,
    unschedulablePods: cluster.history.filter((simPod) => simPod.groups.length === 0).length,
  };
}
