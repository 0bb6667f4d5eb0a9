/**
 * Expands a scenario into the pod events of a replay ({@link WorkloadTimeline}), pure and seeded: the same scenario
 * and seed give a deep-equal timeline.
 * - A Deployment creates pods as its replica schedule rises and deletes the newest first as it falls, as the
 *   ReplicaSet controller does for pods of equal standing (all are equally new to it here).
 * - A cronjob starts a Job of `parallelism` pods at every firing of its schedule (cron-firings.ts; concurrency
 *   `Allow`, upstream's default), named `<cronjob>-<scheduled time in minutes since the epoch>` as the CronJob
 *   controller names them; each pod ends after `runTime` ± 10 % (seeded per pod).
 * - A burst starts one Job of `pods` pods the first time the clock reads its `at`, each ending likewise.
 * Pods that end after the replay are left running (no event past `durationMs`). At one instant, deletes come
 * before creates, so a replacement never waits for room its predecessor still holds.
 */
import type { Scenario, Workload, WorkloadEvent, WorkloadTimeline } from '../types.js';
import { cronFirings } from './cron-firings.js';
import { burstStart, replicaChanges } from './replay-clock.js';
import { durationMs } from './scenario-fields.js';
import { jobOwner, type PodOwner, PodNamer, replicaSetOwner, scenarioPod } from './scenario-pods.js';
import { seededUnit } from './seeded-random.js';
import { DAY_ZERO_EPOCH_MS, startOffsetMs } from './time-of-day.js';

/** How far a Job pod's run time strays from `runTime`: ±10 %. */
export const RUN_TIME_JITTER = 0.1;

/** What expanding one workload needs. */
interface ExpandContext {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly durationMs: number;
  readonly events: WorkloadEvent[];
}

type DeploymentOf = Extract<Workload, { kind: 'deployment' }>;
type JobWorkload = Extract<Workload, { kind: 'cronjob' | 'burst' }>;

function expandDeployment(workload: DeploymentOf, context: ExpandContext): void {
  const owner = replicaSetOwner(workload, context.seed);
  const namer = new PodNamer(context.seed);
  const running: string[] = [];
  for (const change of replicaChanges(workload.replicas, context.scenario.startAt, context.durationMs)) {
    while (running.length < change.replicas) {
      const name = namer.next(owner.reference.name);
      running.push(name);
      context.events.push({ at: change.at, type: 'create', pod: scenarioPod(workload, owner, name) });
    }
    while (running.length > change.replicas) {
      const name = running.pop() as string;
      context.events.push({ at: change.at, type: 'delete', namespace: workload.namespace, name });
    }
  }
}

/** A Job pod's run time: `runTime` × (1 ± 10 %), seeded by the pod's name. */
export function jitteredRunMs(runMs: number, seed: number, podName: string): number {
  const factor = 1 + (seededUnit(seed, 'run-time', podName) * 2 - 1) * RUN_TIME_JITTER;
  return Math.max(1, Math.round(runMs * factor));
}

function startJob(
  workload: JobWorkload,
  job: { owner: PodOwner; at: number; pods: number },
  namer: PodNamer,
  context: ExpandContext,
): void {
  const runMs = durationMs(workload.runTime);
  for (let index = 0; index < job.pods; index++) {
    const name = namer.next(job.owner.reference.name);
    context.events.push({ at: job.at, type: 'create', pod: scenarioPod(workload, job.owner, name) });
    const end = job.at + jitteredRunMs(runMs, context.seed, `${workload.namespace}/${name}`);
    if (end < context.durationMs) context.events.push({ at: end, type: 'delete', namespace: workload.namespace, name });
  }
}

function expandCronJob(workload: Extract<Workload, { kind: 'cronjob' }>, context: ExpandContext): void {
  const namer = new PodNamer(context.seed);
  const startEpoch = DAY_ZERO_EPOCH_MS + startOffsetMs(context.scenario.startAt);
  for (const at of cronFirings({ schedule: workload.schedule, startAt: context.scenario.startAt, durationMs: context.durationMs })) {
    const owner = jobOwner(workload, `${workload.name}-${Math.floor((startEpoch + at) / 60_000)}`, context.seed);
    startJob(workload, { owner, at, pods: workload.parallelism }, namer, context);
  }
}

function expandBurst(workload: Extract<Workload, { kind: 'burst' }>, context: ExpandContext): void {
  const at = burstStart(workload.at, context.scenario.startAt);
  if (at >= context.durationMs) return;
  startJob(
    workload,
    { owner: jobOwner(workload, workload.name, context.seed), at, pods: workload.pods },
    new PodNamer(context.seed),
    context,
  );
}

function expandWorkload(workload: Workload, context: ExpandContext): void {
  if (workload.kind === 'deployment') expandDeployment(workload, context);
  else if (workload.kind === 'cronjob') expandCronJob(workload, context);
  else expandBurst(workload, context);
}

/**
 * The pod events of `scenario` with `seed`, in time order (deletes before creates at one instant, then in the
 * order the workloads are listed).
 *
 * @example
 * const timeline = expandWorkloads(scenario, 42);
 * for (const event of timeline.events) if (event.type === 'create') cluster.create(event.pod);
 */
export function expandWorkloads(scenario: Scenario, seed: number): WorkloadTimeline {
  const context: ExpandContext = { scenario, seed, durationMs: durationMs(scenario.duration), events: [] };
  for (const workload of scenario.workloads) expandWorkload(workload, context);
  const order = (event: WorkloadEvent) => (event.type === 'delete' ? 0 : 1);
  const events = context.events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || order(a.event) - order(b.event) || a.index - b.index)
    .map(({ event }) => event);
  return { durationMs: context.durationMs, events };
}
