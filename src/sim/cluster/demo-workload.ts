/**
 * Drives the data-platform demo ({@link desiredDeployments},
 * {@link batchesDue}) on the injected clock: creates the namespaces, the
 * Trino PodDisruptionBudgets and a log-shipper DaemonSet once, then every
 * tick scales the demo's Deployments to what the schedule wants and submits
 * the Spark bursts that fell due. Deterministic from the seed and the clock.
 */
import type { CancelTimer, Clock } from '../../apis/clock.js';
import type { Logger } from '../../kube/logger.js';
import { Kinds } from '../../kube/resource-kinds.js';
import type { RestClient } from '../../kube/rest-client.js';
import { DeploymentKind, createObject, mergePatch } from './cluster-api.js';
import { logShipperDaemonSet, sparkExecutorTemplate } from './demo-templates.js';
import {
  batchesDue,
  DEFAULT_DEMO_SCHEDULE,
  DEMO_NAMESPACES,
  demoPodDisruptionBudgets,
  desiredDeployments,
  simulatedHour,
  type DemoScheduleOptions,
  type DesiredDeployment,
} from './demo-schedule.js';
import type { Deployment } from './workload-pods.js';
import type { WorkloadController } from './workloads.js';

/** Collaborators of the demo driver. */
export interface DemoWorkloadDeps {
  readonly rest: RestClient;
  readonly workloads: WorkloadController;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Options of the demo driver: the schedule's, plus how often it looks. */
export interface DemoWorkloadOptions extends Partial<DemoScheduleOptions> {
  /** Real milliseconds between ticks. @default dayLengthMs / 96 (every 15 simulated minutes) */
  readonly tickMs?: number;
}

/** The label every demo object carries. */
export const DEMO_LABEL = { 'app.kubernetes.io/part-of': 'karpd-demo' } as const;

/** The Deployment object for a desired deployment. */
export function demoDeployment(desired: DesiredDeployment): Deployment {
  const labels = desired.template.metadata?.labels ?? {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: desired.name, namespace: desired.namespace, labels: { ...DEMO_LABEL } },
    spec: { replicas: desired.replicas, selector: { matchLabels: { ...labels } }, template: desired.template },
  };
}

/** The running demo; see the module comment. */
export class DemoWorkload {
  private readonly schedule: DemoScheduleOptions;
  private readonly applied = new Map<string, number>();
  private startedAt = 0;
  private lastHour = 0;
  private timer: CancelTimer | undefined;
  private stopped = false;
  private bursts = 0;
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: DemoWorkloadDeps,
    private readonly options: DemoWorkloadOptions = {},
  ) {
    this.schedule = { ...DEFAULT_DEMO_SCHEDULE, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  }

  /** The schedule in use. */
  get scheduleOptions(): DemoScheduleOptions {
    return this.schedule;
  }

  /** Creates namespaces and PDBs, applies the first tick and arms the next. */
  async start(): Promise<void> {
    this.startedAt = this.deps.clock.now().getTime();
    this.lastHour = this.schedule.startHour;
    for (const name of DEMO_NAMESPACES)
      await createObject(this.deps.rest, Kinds.namespace, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: { ...DEMO_LABEL } },
      });
    const daemonSet = logShipperDaemonSet();
    await createObject(this.deps.rest, Kinds.daemonSet, {
      ...daemonSet,
      metadata: { ...daemonSet.metadata, labels: { ...daemonSet.metadata.labels, ...DEMO_LABEL } },
    });
    for (const pdb of demoPodDisruptionBudgets())
      await createObject(this.deps.rest, Kinds.podDisruptionBudget, { ...pdb, metadata: { ...pdb.metadata, labels: { ...DEMO_LABEL } } });
    this.deps.logger.info(
      { component: 'sim-demo', seed: this.schedule.seed, dayLengthMs: this.schedule.dayLengthMs, startHour: this.schedule.startHour },
      'demo workload started',
    );
    await this.tick();
  }

  /**
   * Submits an ad-hoc Spark burst now (for the dashboard or a script): `executors`
   * pods on `airflow-worker` for `runForSeconds`; returns the batch name.
   */
  burst(options: { executors?: number; runForSeconds?: number } = {}): string {
    const name = `spark-adhoc-${++this.bursts}`;
    const executors = options.executors ?? 6;
    const runForSeconds = options.runForSeconds ?? Math.round(this.schedule.dayLengthMs / 1000 / 12);
    this.deps.workloads.submitBatch({
      name,
      namespace: 'airflow',
      completions: executors,
      parallelism: executors,
      runForSeconds,
      template: sparkExecutorTemplate(name),
    });
    return name;
  }

  /** The simulated hour now (7.5 = 07:30 of day 0); a restart continues from it through `startHour`. */
  hour(): number {
    return simulatedHour(this.deps.clock.now().getTime() - this.startedAt, this.schedule);
  }

  /** Stops ticking (the objects stay). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.();
    await this.ticking;
  }

  /** Resolves once the current tick has applied (and armed the next). */
  async settled(): Promise<void> {
    await this.ticking;
  }

  private tick(): Promise<void> {
    if (this.stopped) return this.ticking;
    this.ticking = this.apply()
      .catch((error: unknown) => {
        this.deps.logger.warn(
          { component: 'sim-demo', reason: error instanceof Error ? error.message : String(error) },
          'demo tick failed; retrying on the next tick',
        );
      })
      .then(() => {
        if (!this.stopped)
          this.timer = this.deps.clock.setTimeout(() => void this.tick(), this.options.tickMs ?? this.schedule.dayLengthMs / 96);
      });
    return this.ticking;
  }

  private async apply(): Promise<void> {
    const hour = simulatedHour(this.deps.clock.now().getTime() - this.startedAt, this.schedule);
    for (const desired of desiredDeployments(hour, this.schedule.seed)) await this.applyDeployment(desired, hour);
    for (const burst of batchesDue(this.lastHour, hour, this.schedule)) this.deps.workloads.submitBatch(burst.spec);
    this.lastHour = hour;
  }

  private async applyDeployment(desired: DesiredDeployment, hour: number): Promise<void> {
    const key = `${desired.namespace}/${desired.name}`;
    const previous = this.applied.get(key);
    if (previous === desired.replicas) return;
    if (previous === undefined) {
      const created = await createObject(this.deps.rest, DeploymentKind, demoDeployment(desired));
      if (created === undefined)
        await mergePatch(this.deps.rest, DeploymentKind, desired.name, desired.namespace, { spec: { replicas: desired.replicas } });
    } else {
      await mergePatch(this.deps.rest, DeploymentKind, desired.name, desired.namespace, { spec: { replicas: desired.replicas } });
    }
    this.applied.set(key, desired.replicas);
    if (previous !== undefined || desired.replicas > 0) {
      this.deps.logger.info(
        { component: 'sim-demo', deployment: key, from: previous ?? 0, to: desired.replicas, at: formatHour(hour) },
        'demo scaled deployment',
      );
    }
  }
}

/** `d0 09:45` for a simulated hour. */
export function formatHour(hour: number): string {
  const day = Math.floor(hour / 24);
  const minutes = Math.floor((hour - day * 24) * 60);
  return `d${day} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
