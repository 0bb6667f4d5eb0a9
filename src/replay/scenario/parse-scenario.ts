/**
 * Parses a replay scenario (docs/replay-scenarios.md) from YAML into a validated {@link Scenario}. The text is read
 * with its source positions (src/apis/manifest.ts: yaml's parser and LineCounter), every field is checked for type
 * and bounds (durations up to 7 days, at most 10,000 replicas, parallel pods or burst pods per workload, quantities
 * parsed as Kubernetes quantities), unknown fields are refused with the closest known one as a hint, and each
 * problem names its file, line and field path, as the GitOps validators' problems do
 * (`scenarios/x.yaml:12: workloads[2].replicas[0].at: "25:00" is not a time of day HH:MM`). Pure: no I/O.
 */
import { locateProblems, parseManifests } from '../../apis/manifest.js';
import { compareProblems, hasErrors, type Problem, ProblemList } from '../../apis/problem.js';
import { AWS_REGION } from '../../apis/validation/patterns.js';
import type { Scenario, Workload } from '../types.js';
import { cronFirings } from './cron-firings.js';
import { readWorkload } from './parse-workload.js';
import { burstStart, replicaChanges } from './replay-clock.js';
import {
  type FieldContext,
  durationMs,
  isFields,
  readDuration,
  readList,
  readNumber,
  readString,
  readTimeOfDay,
  refuseUnknownFields,
} from './scenario-fields.js';

/** The most pods a whole scenario may create over its duration. */
export const MAX_PODS_PER_SCENARIO = 1_000_000;

/** The scenario's defaults. */
export const ScenarioDefaults = { startAt: '00:00', bootSeconds: 60, spotInterruptionRate: 0 } as const;

const TOP_LEVEL_FIELDS = [
  'name',
  'description',
  'region',
  'clusterFolder',
  'duration',
  'startAt',
  'bootSeconds',
  'spotInterruptionRate',
  'workloads',
] as const;

/** A parsed scenario, or the problems that stopped it; warnings come with a scenario too. */
export type ParseScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly problems: readonly Problem[] }
  | { readonly ok: false; readonly problems: readonly Problem[] };

function defaultName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.ya?ml$/i, '');
}

function readRegion(context: FieldContext): string | undefined {
  const region = readString(context, 'region');
  if (region === undefined || AWS_REGION.regex.test(region)) return region;
  context.problems.error(['region'], 'invalid-region', `"${region}" is not ${AWS_REGION.expected}`);
  return undefined;
}

function workloadPods(workload: Workload, scenario: Omit<Scenario, 'workloads'>, ms: number): number {
  if (workload.kind === 'burst') return workload.pods;
  if (workload.kind === 'cronjob')
    return cronFirings({ schedule: workload.schedule, startAt: scenario.startAt, durationMs: ms }).length * workload.parallelism;
  let pods = 0;
  let previous = 0;
  for (const change of replicaChanges(workload.replicas, scenario.startAt, ms)) {
    pods += Math.max(0, change.replicas - previous);
    previous = change.replicas;
  }
  return pods;
}

function checkWorkloads(scenario: Scenario, problems: ProblemList): void {
  const ms = durationMs(scenario.duration);
  const seen = new Map<string, number>();
  let pods = 0;
  scenario.workloads.forEach((workload, index) => {
    const key = `${workload.namespace}/${workload.name}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.error(['workloads', index, 'name'], 'duplicate-workload', `workload "${key}" is already defined at workloads[${first}]`);
    else seen.set(key, index);
    if (workload.kind === 'burst' && burstStart(workload.at, scenario.startAt) >= ms) {
      problems.warn(
        ['workloads', index, 'at'],
        'after-end',
        `burst at ${workload.at} starts after the replay ends (${scenario.duration} from ${scenario.startAt})`,
      );
    }
    pods += workloadPods(workload, scenario, ms);
  });
  if (pods > MAX_PODS_PER_SCENARIO) {
    problems.error(
      ['workloads'],
      'too-many-pods',
      `the workloads create ${pods} pods over ${scenario.duration}, more than ${MAX_PODS_PER_SCENARIO}`,
    );
  }
}

function readScenario(context: FieldContext, file: string): Scenario | undefined {
  refuseUnknownFields(context, TOP_LEVEL_FIELDS);
  const name = readString(context, 'name', false) ?? defaultName(file);
  const description = readString(context, 'description', false);
  const region = readRegion(context);
  const clusterFolder = readString(context, 'clusterFolder');
  const duration = readDuration(context, 'duration');
  const startAt = readTimeOfDay(context, 'startAt', false) ?? ScenarioDefaults.startAt;
  const bootSeconds =
    readNumber(context, 'bootSeconds', { min: 0, max: 3600, integer: true, required: false }) ?? ScenarioDefaults.bootSeconds;
  const spotInterruptionRate =
    readNumber(context, 'spotInterruptionRate', { min: 0, max: 1, integer: false, required: false }) ??
    ScenarioDefaults.spotInterruptionRate;
  const workloads = readList(context, 'workloads', (item, at) => readWorkload(item, at, context.problems));
  if (region === undefined || clusterFolder === undefined || duration === undefined || workloads === undefined) return undefined;
  if (hasErrors(context.problems.toArray())) return undefined;
  const scenario: Scenario = {
    name,
    ...(description === undefined ? {} : { description }),
    region,
    clusterFolder,
    duration,
    startAt,
    bootSeconds,
    spotInterruptionRate,
    workloads,
  };
  checkWorkloads(scenario, context.problems);
  return scenario;
}

/**
 * Parses the scenario in `text`, read from `file` (the name problems carry).
 *
 * @example
 * const result = parseScenario(text, 'scenarios/web-steady.yaml');
 * if (!result.ok) return result.problems.map(formatProblem).join('\n');
 */
export function parseScenario(text: string, file: string): ParseScenarioResult {
  const parsed = parseManifests(text, file);
  if (parsed.problems.length > 0) return { ok: false, problems: parsed.problems };
  if (parsed.documents.length !== 1) {
    const message =
      parsed.documents.length === 0 ? 'the file holds no scenario' : `expected one YAML document, got ${parsed.documents.length}`;
    return { ok: false, problems: [{ severity: 'error', code: 'not-one-document', path: '', message, file, line: 1 }] };
  }
  const [document] = parsed.documents;
  const problems = new ProblemList();
  if (!isFields(document.value))
    problems.error([], 'invalid-type', 'expected a mapping of scenario fields (name, region, clusterFolder, duration, workloads)');
  const scenario = isFields(document.value) ? readScenario({ fields: document.value, at: [], problems }, file) : undefined;
  const located = locateProblems(problems.toArray(), document).sort(compareProblems);
  if (scenario === undefined || hasErrors(located)) return { ok: false, problems: located };
  return { ok: true, scenario, problems: located };
}
