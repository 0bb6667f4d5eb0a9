/**
 * The contract of `karpd replay` (issue #13), types only: a {@link Scenario} (parsed from YAML by
 * `scenario/parse-scenario.ts`), the pod timeline it expands to ({@link WorkloadTimeline}, pure and seeded:
 * `scenario/expand-workloads.ts`), the per-minute samples each simulated system records ({@link MinuteSample}) and
 * the figures the report prints ({@link SystemFigures}). The systems run the same timeline: karpd (the real
 * scheduler, provisioner and disruption decisions over the sim cloud on a virtual clock), a cluster-autoscaler
 * model (`baseline/`, karpenter-semantics.md §7.4) twice, with on-demand node groups and with spot ones, and the
 * cost lower bound (`lower-bound.ts`).
 */
import type { Pod } from '../apis/core-v1.js';

/** A schedule point: from `at` (`HH:MM` in the scenario's day) the value holds until the next point. */
export interface SchedulePoint {
  readonly at: string;
  readonly value: number;
}

/** What every workload's pods look like. */
export interface PodShape {
  /** CPU and memory requests as Kubernetes quantities (`500m`, `2Gi`). */
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: ReadonlyArray<{
    readonly key: string;
    readonly operator?: 'Exists' | 'Equal';
    readonly value?: string;
    readonly effect?: string;
  }>;
  /** Spread across zones (`topology.kubernetes.io/zone`, maxSkew 1, ScheduleAnyway). */
  readonly spreadZones?: boolean;
  /** `karpenter.sh/do-not-disrupt: "true"` on the pods. */
  readonly doNotDisrupt?: boolean;
}

/** A Deployment whose replicas follow a schedule. */
export interface DeploymentWorkload extends PodShape {
  readonly kind: 'deployment';
  readonly name: string;
  readonly namespace: string;
  readonly replicas: readonly SchedulePoint[];
}

/** Jobs started on a cron schedule: `parallelism` pods that each run `runTime`. */
export interface CronJobWorkload extends PodShape {
  readonly kind: 'cronjob';
  readonly name: string;
  readonly namespace: string;
  /** Standard 5-field cron, in the scenario's day. */
  readonly schedule: string;
  readonly parallelism: number;
  /** A duration (`20m`, `1h30m`). */
  readonly runTime: string;
}

/** A one-off burst: `pods` pods created at `at`, each running `runTime`. */
export interface BurstWorkload extends PodShape {
  readonly kind: 'burst';
  readonly name: string;
  readonly namespace: string;
  readonly at: string;
  readonly pods: number;
  readonly runTime: string;
}

export type Workload = DeploymentWorkload | CronJobWorkload | BurstWorkload;

/** A parsed, validated scenario. */
export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly region: string;
  /** The cluster folder of a GitOps repository whose NodePools/EC2NodeClasses the systems use (e.g. `repo-template/clusters/sandbox`). */
  readonly clusterFolder: string;
  /** A duration (`24h`). */
  readonly duration: string;
  /** `HH:MM`: the time of day the replay starts at. @default 00:00 */
  readonly startAt: string;
  /** Node boot time (launch → Ready), seconds. @default 60 */
  readonly bootSeconds: number;
  /** Spot interruptions per spot node-hour (seeded). @default 0 */
  readonly spotInterruptionRate: number;
  readonly workloads: readonly Workload[];
}

/** One change to the pods at a simulated time (ms since the replay's start). */
export type WorkloadEvent =
  | { readonly at: number; readonly type: 'create'; readonly pod: Pod }
  /** The pod ends (a Job's pod completing, a Deployment scaling down): deleted from wherever it runs. */
  | { readonly at: number; readonly type: 'delete'; readonly namespace: string; readonly name: string };

/** A scenario expanded into pod events, in time order (same scenario and seed → the same timeline). */
export interface WorkloadTimeline {
  readonly durationMs: number;
  readonly events: readonly WorkloadEvent[];
}

/** What one system looked like at the end of one simulated minute. */
export interface MinuteSample {
  /** Minutes since the start. */
  readonly minute: number;
  /** USD/hour of the nodes running then (for the lower bound: the bound's rate). */
  readonly pricePerHour: number;
  readonly nodes: number;
  readonly spotNodes: number;
  readonly pendingPods: number;
}

/** The figures of one system over the replay. */
export interface SystemFigures {
  /** USD over the whole replay. */
  readonly cost: number;
  readonly nodeHours: number;
  /** Fraction of node-hours on spot, 0–1. */
  readonly spotShare: number;
  readonly pendingSecondsP50: number;
  readonly pendingSecondsP95: number;
  readonly pendingSecondsMax: number;
  readonly disruptions: number;
  readonly interruptionsHandled: number;
  /**
   * Spot interruption warnings the system's live nodes got, handled or not (additive; absent: not counted). karpd
   * handles each one (= `interruptionsHandled`); the cluster-autoscaler model handles none: the node is reclaimed 2
   * minutes later with its pods on it (`baseline/spot-reclaims.ts`).
   */
  readonly interruptions?: number;
  /** Pods evicted from a node the system removed, or that a spot reclaim took away. */
  readonly podsEvicted: number;
  readonly samples: readonly MinuteSample[];
  /**
   * USD over the replay per NodePool name, to see which pool a gap to the lower bound comes from. karpd's and the
   * baseline's sum to `cost`; the lower bound's are each pool's own bound (lower-bound.ts), which sum to at least it.
   */
  readonly costByPool?: Readonly<Record<string, number>>;
}
