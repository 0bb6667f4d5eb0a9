/**
 * Reads one entry of a scenario's `workloads`: a Deployment whose replicas follow a daily schedule, a cronjob that
 * starts `parallelism` pods per firing, or a one-off burst — each with the shared pod shape (parse-pod-shape.ts).
 * Names become pod names and the `app` label, so they must be DNS-1123 labels short enough to leave room for the
 * generated suffixes.
 */
import type { PathSegment, ProblemList } from '../../apis/problem.js';
import { didYouMean } from '../../apis/suggest.js';
import { cronScheduleError } from '../../apis/validation/cron.js';
import type { BurstWorkload, CronJobWorkload, DeploymentWorkload, PodShape, SchedulePoint, Workload } from '../types.js';
import { POD_SHAPE_FIELDS, readPodShape } from './parse-pod-shape.js';
import {
  asFields,
  type FieldContext,
  readList,
  readNumber,
  readDuration,
  readString,
  readTimeOfDay,
  refuseUnknownFields,
} from './scenario-fields.js';
import { parseTimeOfDay } from './time-of-day.js';

/** The most replicas, parallel pods or burst pods one workload may ask for. */
export const MAX_PODS_PER_WORKLOAD = 10_000;

/** The kinds of workload a scenario may hold. */
export const WORKLOAD_KINDS = ['deployment', 'cronjob', 'burst'] as const;

const COMMON_FIELDS = ['kind', 'name', 'namespace', ...POD_SHAPE_FIELDS];
const KIND_FIELDS: Record<Workload['kind'], readonly string[]> = {
  deployment: [...COMMON_FIELDS, 'replicas'],
  cronjob: [...COMMON_FIELDS, 'schedule', 'parallelism', 'runTime'],
  burst: [...COMMON_FIELDS, 'at', 'pods', 'runTime'],
};

/** A DNS-1123 label of at most 40 characters (pod names add up to 23 more). */
const WORKLOAD_NAME = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

const COUNT = { min: 0, max: MAX_PODS_PER_WORKLOAD, integer: true } as const;
const POSITIVE_COUNT = { ...COUNT, min: 1 } as const;

interface Identity {
  readonly name: string;
  readonly namespace: string;
}

function readName(context: FieldContext, key: string, pattern: RegExp, expected: string): string | undefined {
  const value = readString(context, key, key === 'name');
  if (value === undefined || pattern.test(value)) return value;
  context.problems.error([...context.at, key], 'invalid-name', `"${value}" is not ${expected}`);
  return undefined;
}

function readIdentity(context: FieldContext): Identity | undefined {
  const name = readName(context, 'name', WORKLOAD_NAME, 'a name of lower-case letters, digits and "-" (at most 40 characters)');
  const namespace = context.fields.namespace === undefined ? 'default' : readName(context, 'namespace', NAMESPACE, 'a namespace name');
  return name === undefined || namespace === undefined ? undefined : { name, namespace };
}

function readSchedulePoint(item: unknown, at: PathSegment[], problems: ProblemList): SchedulePoint | undefined {
  const fields = asFields(item, at, problems);
  if (fields === undefined) return undefined;
  const context = { fields, at, problems };
  refuseUnknownFields(context, ['at', 'value']);
  const time = readTimeOfDay(context, 'at');
  const value = readNumber(context, 'value', COUNT);
  return time === undefined || value === undefined ? undefined : { at: time, value };
}

function readReplicas(context: FieldContext): SchedulePoint[] | undefined {
  const points = readList(context, 'replicas', (item, at) => readSchedulePoint(item, at, context.problems));
  if (points === undefined) return undefined;
  for (let index = 1; index < points.length; index++) {
    if ((parseTimeOfDay(points[index].at) ?? 0) > (parseTimeOfDay(points[index - 1].at) ?? 0)) continue;
    const message = `"${points[index].at}" is not after the previous point "${points[index - 1].at}"`;
    context.problems.error(
      [...context.at, 'replicas', index, 'at'],
      'unordered-schedule',
      message,
      'list the points in time order, once each',
    );
    return undefined;
  }
  return points;
}

function readSchedule(context: FieldContext): string | undefined {
  const schedule = readString(context, 'schedule');
  if (schedule === undefined) return undefined;
  const problem = cronScheduleError(schedule);
  if (problem === undefined) return schedule;
  context.problems.error(
    [...context.at, 'schedule'],
    'invalid-cron',
    `"${schedule}" is not a cron schedule: ${problem}`,
    'e.g. "0 2 * * *" for 02:00 every day',
  );
  return undefined;
}

function readDeployment(
  context: FieldContext,
  identity: Identity | undefined,
  shape: PodShape | undefined,
): DeploymentWorkload | undefined {
  const replicas = readReplicas(context);
  if (identity === undefined || shape === undefined || replicas === undefined) return undefined;
  return { kind: 'deployment', ...identity, ...shape, replicas };
}

function readCronJob(context: FieldContext, identity: Identity | undefined, shape: PodShape | undefined): CronJobWorkload | undefined {
  const schedule = readSchedule(context);
  const parallelism = readNumber(context, 'parallelism', POSITIVE_COUNT);
  const runTime = readDuration(context, 'runTime');
  if (identity === undefined || shape === undefined || schedule === undefined || parallelism === undefined || runTime === undefined) {
    return undefined;
  }
  return { kind: 'cronjob', ...identity, ...shape, schedule, parallelism, runTime };
}

function readBurst(context: FieldContext, identity: Identity | undefined, shape: PodShape | undefined): BurstWorkload | undefined {
  const at = readTimeOfDay(context, 'at');
  const pods = readNumber(context, 'pods', POSITIVE_COUNT);
  const runTime = readDuration(context, 'runTime');
  if (identity === undefined || shape === undefined || at === undefined || pods === undefined || runTime === undefined) return undefined;
  return { kind: 'burst', ...identity, ...shape, at, pods, runTime };
}

function readKind(context: FieldContext): Workload['kind'] | undefined {
  const kind = readString(context, 'kind');
  if (kind === undefined) return undefined;
  if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) return kind as Workload['kind'];
  const hint = didYouMean(kind, WORKLOAD_KINDS) ?? `expected one of ${WORKLOAD_KINDS.join(', ')}`;
  context.problems.error([...context.at, 'kind'], 'unknown-kind', `unknown workload kind "${kind}"`, hint);
  return undefined;
}

/** The workload at `at`, or `undefined` when it has problems (recorded in `problems`). */
export function readWorkload(item: unknown, at: PathSegment[], problems: ProblemList): Workload | undefined {
  const fields = asFields(item, at, problems);
  if (fields === undefined) return undefined;
  const context = { fields, at, problems };
  const kind = readKind(context);
  if (kind === undefined) return undefined;
  refuseUnknownFields(context, KIND_FIELDS[kind]);
  const identity = readIdentity(context);
  const shape = readPodShape(context);
  if (kind === 'deployment') return readDeployment(context, identity, shape);
  if (kind === 'cronjob') return readCronJob(context, identity, shape);
  return readBurst(context, identity, shape);
}
