/**
 * The plan of one cluster for one revision (what `karpd plan` shows and a CI
 * job posts on a pull request): the three-way comparison of every object, the
 * what-if of its NodePool change, and the problems that refuse the revision.
 * Also the outcome and exit code, as `flux diff` has them: 0 nothing to do,
 * 1 changes, 2 an error. Pure.
 */
import type { DecisionWhatIf } from '../../apis/decision.js';
import { compareProblems, type Problem } from '../../apis/problem.js';
import type { ComparisonStatus, ObjectComparison } from './object-comparison.js';
import type { FleetCost } from './projected-fleet.js';

/** One cluster's plan for one revision. */
export interface ClusterPlan {
  /** The cluster folder of the GitOps repository. */
  readonly cluster: string;
  /** The Git commit planned. */
  readonly revision: string;
  readonly comparisons: readonly ObjectComparison[];
  /** The what-if of the NodePool change, when one was projected. */
  readonly whatIf?: DecisionWhatIf;
  /** What karpd's nodes cost now (`currentFleetCost`), when known. */
  readonly currentFleet?: FleetCost;
  /** Problems that refuse the revision for this cluster (file, line, object, field). */
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

/** `refused`: the revision has errors and nothing of it would be applied; else `changes` or `no-changes`. */
export type PlanOutcome = 'refused' | 'changes' | 'no-changes';

/** The exit code of `karpd plan`: 0 nothing to do, 1 changes, 2 an error. */
export type PlanExitCode = 0 | 1 | 2;

/** What each status means for the operator, in a few words. */
export const STATUS_ACTIONS: Readonly<Record<ComparisonStatus, string>> = {
  'in-sync': 'nothing to do',
  'git-changed': 'apply the change from Git',
  'live-drifted': 'changed in the cluster behind Git’s back',
  'both-changed': 'changed in Git and in the cluster',
  missing: 'create',
  extra: 'prune (Git no longer has it)',
  unmanaged: 'not in Git, left alone',
};

/** Does this status ask for an apply, a revert or a prune? */
export function isChange(status: ComparisonStatus): boolean {
  return status !== 'in-sync' && status !== 'unmanaged';
}

/** The comparisons that are changes, in {@link sortedComparisons} order. */
export function changedComparisons(plan: ClusterPlan): ObjectComparison[] {
  return sortedComparisons(plan).filter((comparison) => isChange(comparison.status));
}

/** Where a cluster's plan stands. */
export function planOutcome(plan: ClusterPlan): PlanOutcome {
  if (plan.errors.length > 0) return 'refused';
  return plan.comparisons.some((comparison) => isChange(comparison.status)) ? 'changes' : 'no-changes';
}

/** 2 when any cluster's revision is refused, else 1 when any cluster has a change, else 0. */
export function planExitCode(plans: readonly ClusterPlan[]): PlanExitCode {
  const outcomes = plans.map(planOutcome);
  if (outcomes.includes('refused')) return 2;
  return outcomes.includes('changes') ? 1 : 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const KIND_ORDER = ['Cluster', 'EC2NodeClass', 'NodePool'];

function kindRank(kind: string): number {
  const rank = KIND_ORDER.indexOf(kind);
  return rank === -1 ? KIND_ORDER.length : rank;
}

/** The comparisons in apply order: Cluster, EC2NodeClasses, NodePools, then other kinds; by name within a kind. */
export function sortedComparisons(plan: ClusterPlan): ObjectComparison[] {
  return [...plan.comparisons].sort(
    (a, b) => kindRank(a.kind) - kindRank(b.kind) || compareText(a.kind, b.kind) || compareText(a.name, b.name),
  );
}

/** The plans by cluster name. */
export function sortedPlans(plans: readonly ClusterPlan[]): ClusterPlan[] {
  return [...plans].sort((a, b) => compareText(a.cluster, b.cluster) || compareText(a.revision, b.revision));
}

/** Problems in reading order (file, line, column, path). */
export function sortedProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(compareProblems);
}

/** A full 40-digit commit shortened to 7, as Git shows it; anything else as it is. */
export function shortRevision(revision: string): string {
  return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}

/** `no changes`, `1 change`, `3 changes` or `refused (2 errors)`. */
export function outcomeText(plan: ClusterPlan): string {
  const outcome = planOutcome(plan);
  if (outcome === 'refused') return `refused (${plural(plan.errors.length, 'error')})`;
  if (outcome === 'no-changes') return 'no changes';
  return plural(changedComparisons(plan).length, 'change');
}

/** `1 change`, `2 changes`. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One line over all clusters: `2 clusters: 1 with changes, 1 refused, 0 without changes`. */
export function summaryText(plans: readonly ClusterPlan[]): string {
  const outcomes = plans.map(planOutcome);
  const count = (outcome: PlanOutcome): number => outcomes.filter((o) => o === outcome).length;
  if (plans.length === 0) return 'no clusters planned';
  if (count('no-changes') === plans.length) return `${plural(plans.length, 'cluster')}: no changes`;
  return `${plural(plans.length, 'cluster')}: ${count('changes')} with changes, ${count('refused')} refused, ${count('no-changes')} without changes`;
}

/** The sentence every refused revision carries. */
export const REFUSED_TEXT = 'nothing of this revision is applied; the last good revision stays in force';
