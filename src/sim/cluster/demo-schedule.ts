/**
 * The data-platform demo as a pure function of simulated time and a seed
 * (design notes 000/001): Airflow workers follow a working day on
 * `airflow-worker`, Spark bursts land on the same pool, ephemeral Trino
 * clusters come and go on `trino-xsmall`, and JupyterHub users open
 * notebooks on `jupyterhub-small` in the morning and close them in the
 * evening (a third of them protected by `karpenter.sh/do-not-disrupt`).
 * One simulated day lasts `dayLengthMs` of real time (12 minutes by
 * default), so a demo shows scale-up and scale-down within minutes.
 */
import type { PodDisruptionBudget } from '../../apis/core-v1.js';
import { unitHash } from '../../cloudprovider/sim/seeded.js';
import {
  airflowWorkerTemplate,
  notebookTemplate,
  sparkExecutorTemplate,
  trinoCoordinatorTemplate,
  trinoWorkerTemplate,
} from './demo-templates.js';
import type { BatchSpec, PodTemplate } from './workload-pods.js';

/** Timing and seed of the demo. */
export interface DemoScheduleOptions {
  /** @default 1 */
  readonly seed: number;
  /** Real milliseconds per simulated day. @default 720000 (12 minutes: one simulated hour every 30 s) */
  readonly dayLengthMs: number;
  /** Simulated hour of day when the demo starts. @default 7 (the morning ramp) */
  readonly startHour: number;
}

/** The defaults of {@link DemoScheduleOptions}. */
export const DEFAULT_DEMO_SCHEDULE: DemoScheduleOptions = { seed: 1, dayLengthMs: 720_000, startHour: 7 };

/** The namespaces the demo runs in. */
export const DEMO_NAMESPACES = ['airflow', 'trino', 'jupyterhub'] as const;

/** A Deployment as the demo wants it right now (replicas 0 = torn down). */
export interface DesiredDeployment {
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly template: PodTemplate;
}

/** A batch and the simulated hour (since day 0, 00:00) it starts. */
export interface DemoBatch {
  readonly startHour: number;
  readonly spec: BatchSpec;
}

/** Simulated hours since day 0, 00:00, after `elapsedMs` of demo time. */
export function simulatedHour(elapsedMs: number, options: DemoScheduleOptions): number {
  return options.startHour + (elapsedMs / options.dayLengthMs) * 24;
}

/** Real milliseconds until a simulated hour (negative if past). */
export function msUntilHour(hour: number, elapsedMs: number, options: DemoScheduleOptions): number {
  return ((hour - options.startHour) / 24) * options.dayLengthMs - elapsedMs;
}

const AIRFLOW_BY_HOUR = [1, 1, 1, 1, 1, 1, 3, 5, 8, 8, 8, 8, 6, 9, 9, 9, 9, 5, 3, 1, 1, 1, 1, 1];

/** Airflow workers at a simulated hour: the working-day curve, ±1 during office hours. */
export function airflowReplicas(hour: number, seed: number): number {
  const day = Math.floor(hour / 24);
  const hourOfDay = Math.floor(hour - day * 24);
  const base = AIRFLOW_BY_HOUR[hourOfDay];
  const jitter = hourOfDay >= 8 && hourOfDay <= 16 ? Math.floor(unitHash(seed, 'airflow', day, hourOfDay) * 3) - 1 : 0;
  return Math.max(1, base + jitter);
}

/** One ephemeral Trino cluster: from `start` to `end` (hours of the day) with `workers` workers. */
export interface TrinoSession {
  readonly start: number;
  readonly end: number;
  readonly workers: number;
}

/** The day's two Trino sessions (late morning, afternoon). */
export function trinoSessions(day: number, seed: number): TrinoSession[] {
  return [10, 14].map((base, i) => {
    const start = base + (unitHash(seed, 'trino-start', day, i) - 0.5) * 0.5;
    const end = start + 2 + unitHash(seed, 'trino-length', day, i) * 0.75;
    return { start, end, workers: 3 + Math.floor(unitHash(seed, 'trino-workers', day, i) * 2) };
  });
}

/** The notebook users. */
export const NOTEBOOK_USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'] as const;

/** One user's notebook server for a day. */
export interface NotebookSession {
  readonly user: string;
  readonly start: number;
  readonly end: number;
  readonly size: 'small' | 'medium';
  readonly protect: boolean;
}

/** Each user's notebook: opened between 08:00 and 11:00, closed between 15:00 and 18:30. */
export function notebookSessions(day: number, seed: number): NotebookSession[] {
  return NOTEBOOK_USERS.map((user) => ({
    user,
    start: 8 + unitHash(seed, 'nb-start', day, user) * 3,
    end: 15 + unitHash(seed, 'nb-end', day, user) * 3.5,
    size: unitHash(seed, 'nb-size', day, user) < 0.6 ? 'small' : 'medium',
    protect: unitHash(seed, 'nb-protect', day, user) < 0.35,
  }));
}

const within = (hourOfDay: number, from: number, to: number) => hourOfDay >= from && hourOfDay < to;

/** Every Deployment of the demo with its replicas at a simulated hour. */
export function desiredDeployments(hour: number, seed: number): DesiredDeployment[] {
  const day = Math.floor(hour / 24);
  const hourOfDay = hour - day * 24;
  const trino = trinoSessions(day, seed).find((s) => within(hourOfDay, s.start, s.end));
  const out: DesiredDeployment[] = [
    { namespace: 'airflow', name: 'airflow-worker', replicas: airflowReplicas(hour, seed), template: airflowWorkerTemplate() },
    { namespace: 'trino', name: 'trino-coordinator', replicas: trino === undefined ? 0 : 1, template: trinoCoordinatorTemplate() },
    { namespace: 'trino', name: 'trino-worker', replicas: trino?.workers ?? 0, template: trinoWorkerTemplate() },
  ];
  for (const session of notebookSessions(day, seed)) {
    const open = within(hourOfDay, session.start, session.end);
    out.push({
      namespace: 'jupyterhub',
      name: `jupyter-${session.user}`,
      replicas: open ? 1 : 0,
      template: notebookTemplate(session.user, session.size, session.protect),
    });
  }
  return out;
}

/** The day's Spark bursts (around 09:30, 13:30 and 16:00): 4–8 executors for 1.5–3 simulated hours. */
export function sparkBursts(day: number, options: DemoScheduleOptions): DemoBatch[] {
  const { seed, dayLengthMs } = options;
  return [9.5, 13.5, 16].map((base, i) => {
    const name = `spark-etl-d${day}-${i + 1}`;
    const executors = 4 + Math.floor(unitHash(seed, 'spark-size', day, i) * 5);
    const hours = 1.5 + unitHash(seed, 'spark-length', day, i) * 1.5;
    return {
      startHour: day * 24 + base + (unitHash(seed, 'spark-start', day, i) - 0.5) * 0.5,
      spec: {
        name,
        namespace: 'airflow',
        completions: executors,
        parallelism: executors,
        runForSeconds: Math.round((hours / 24) * (dayLengthMs / 1000)),
        template: sparkExecutorTemplate(name),
      },
    };
  });
}

/** The bursts that start in (`fromHour`, `toHour`]. */
export function batchesDue(fromHour: number, toHour: number, options: DemoScheduleOptions): DemoBatch[] {
  const out: DemoBatch[] = [];
  for (let day = Math.max(0, Math.floor(fromHour / 24)); day <= Math.floor(toHour / 24); day++) {
    for (const burst of sparkBursts(day, options)) if (burst.startHour > fromHour && burst.startHour <= toHour) out.push(burst);
  }
  return out;
}

/** The demo's PodDisruptionBudgets: Trino workers one at a time, the coordinator never voluntarily. */
export function demoPodDisruptionBudgets(): PodDisruptionBudget[] {
  const pdb = (name: string, component: string, budget: { minAvailable?: number; maxUnavailable?: number }): PodDisruptionBudget => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: 'trino' },
    spec: { ...budget, selector: { matchLabels: { 'app.kubernetes.io/name': 'trino', 'app.kubernetes.io/component': component } } },
  });
  return [pdb('trino-worker', 'worker', { maxUnavailable: 1 }), pdb('trino-coordinator', 'coordinator', { minAvailable: 1 })];
}
