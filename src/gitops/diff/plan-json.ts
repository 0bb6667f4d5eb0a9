/**
 * The plan as JSON for scripts and CI (`karpd plan --format json`): a
 * documented, versioned shape with a fixed key order, clusters by name and
 * objects in apply order. The full objects are left out (the diffs say what
 * changes). Pure.
 */
import type { DecisionWhatIf } from '../../apis/decision.js';
import type { Problem } from '../../apis/problem.js';
import type { ComparisonStatus } from './object-comparison.js';
import {
  type ClusterPlan,
  type PlanExitCode,
  type PlanOutcome,
  changedComparisons,
  planExitCode,
  planOutcome,
  sortedComparisons,
  sortedPlans,
  sortedProblems,
} from './plan.js';
import type { FleetCost } from './projected-fleet.js';

/** The version of {@link PlanJson}; it changes only when a field changes meaning or goes away. */
export const PLAN_JSON_FORMAT_VERSION = 1;

/** One object of a cluster's plan. */
export interface PlanJsonObject {
  readonly kind: string;
  readonly name: string;
  readonly status: ComparisonStatus;
  /** Unified diff live → Git; '' when in sync. */
  readonly diff: string;
  /** For `live-drifted` and `both-changed`: last-applied → live. */
  readonly driftDiff?: string;
}

/** One cluster's plan. */
export interface PlanJsonCluster {
  readonly cluster: string;
  /** The full Git commit planned. */
  readonly revision: string;
  readonly outcome: PlanOutcome;
  /** How many objects would change (any status but in-sync and unmanaged). */
  readonly changes: number;
  readonly objects: readonly PlanJsonObject[];
  /** The what-if (the Decision's `spec.whatIf` shape, keys sorted), or null when none was projected. */
  readonly whatIf: DecisionWhatIf | null;
  /** What karpd's nodes cost now, or null when unknown. */
  readonly currentFleet: FleetCost | null;
  /** Problems in reading order; any error refuses the revision. */
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/** The document `formatPlanJson` writes. */
export interface PlanJson {
  readonly formatVersion: typeof PLAN_JSON_FORMAT_VERSION;
  /** 0 nothing to do, 1 changes, 2 an error (as the CLI exits). */
  readonly exitCode: PlanExitCode;
  readonly clusters: readonly PlanJsonCluster[];
}

const PROBLEM_KEYS: ReadonlyArray<keyof Problem> = [
  'severity',
  'code',
  'file',
  'line',
  'column',
  'kind',
  'name',
  'path',
  'message',
  'hint',
];

function orderedProblem(problem: Problem): Problem {
  return Object.fromEntries(
    PROBLEM_KEYS.filter((key) => problem[key] !== undefined).map((key) => [key, problem[key]]),
  ) as unknown as Problem;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => [key, sortedKeys(record[key])]),
  );
}

function clusterJson(plan: ClusterPlan): PlanJsonCluster {
  return {
    cluster: plan.cluster,
    revision: plan.revision,
    outcome: planOutcome(plan),
    changes: changedComparisons(plan).length,
    objects: sortedComparisons(plan).map((comparison) => ({
      kind: comparison.kind,
      name: comparison.name,
      status: comparison.status,
      diff: comparison.diff,
      ...(comparison.driftDiff !== undefined ? { driftDiff: comparison.driftDiff } : {}),
    })),
    whatIf: plan.whatIf !== undefined ? (sortedKeys(plan.whatIf) as DecisionWhatIf) : null,
    currentFleet: plan.currentFleet !== undefined ? (sortedKeys(plan.currentFleet) as FleetCost) : null,
    errors: sortedProblems(plan.errors).map(orderedProblem),
    warnings: sortedProblems(plan.warnings).map(orderedProblem),
  };
}

/** The plan of every cluster as a {@link PlanJson} document. */
export function planJson(plans: readonly ClusterPlan[]): PlanJson {
  return { formatVersion: PLAN_JSON_FORMAT_VERSION, exitCode: planExitCode(plans), clusters: sortedPlans(plans).map(clusterJson) };
}

/**
 * The plan of every cluster as JSON text (two-space indent, trailing newline).
 * @example
 * const doc = JSON.parse(formatPlanJson(plans)) as PlanJson;
 */
export function formatPlanJson(plans: readonly ClusterPlan[]): string {
  return `${JSON.stringify(planJson(plans), null, 2)}\n`;
}
