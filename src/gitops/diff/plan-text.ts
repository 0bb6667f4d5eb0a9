/**
 * The plan as plain text for a terminal: per cluster a header with the
 * outcome, the objects and their statuses, the problems, the what-if and the
 * diffs. No colour codes (the CLI decides), stable order. Pure.
 */
import type { DecisionWhatIf } from '../../apis/decision.js';
import type { Problem } from '../../apis/problem.js';
import { formatProblem } from '../render/format-problems.js';
import type { ObjectComparison } from './object-comparison.js';
import {
  type ClusterPlan,
  REFUSED_TEXT,
  STATUS_ACTIONS,
  changedComparisons,
  isChange,
  outcomeText,
  shortRevision,
  sortedComparisons,
  sortedPlans,
  sortedProblems,
  summaryText,
} from './plan.js';
import {
  formatCountChange,
  formatDriftGroup,
  formatPrice,
  formatPriceChange,
  instanceMixRows,
  isWhatIfUnchanged,
  unlistedPods,
} from './what-if-format.js';

const LABEL_WIDTH = 21;

/** `label` padded into a column, then the value; continuation rows leave the label blank. */
function rows(indent: string, label: string, values: readonly string[]): string[] {
  return values.map((value, i) => `${indent}${(i === 0 ? label : '').padEnd(LABEL_WIDTH)}${value}`.trimEnd());
}

function objectLines(plan: ClusterPlan): string[] {
  const comparisons = sortedComparisons(plan);
  if (comparisons.length === 0) return ['  (no NodePools or EC2NodeClasses)'];
  const refs = comparisons.map((comparison) => `${comparison.kind}/${comparison.name}`);
  const width = Math.max(...refs.map((ref) => ref.length)) + 2;
  return comparisons.map((comparison, i) => {
    const action = isChange(comparison.status) ? ` (${STATUS_ACTIONS[comparison.status]})` : '';
    return `  ${refs[i].padEnd(width)}${comparison.status}${action}`;
  });
}

function problemLines(title: string, problems: readonly Problem[]): string[] {
  if (problems.length === 0) return [];
  // The heading says the severity, so each line leaves out formatProblem's `warning: ` prefix.
  return [`  ${title}:`, ...sortedProblems(problems).map((problem) => `    ${formatProblem({ ...problem, severity: 'error' })}`)];
}

function whatIfLines(whatIf: DecisionWhatIf): string[] {
  const lines = [
    `  what-if (the scheduler on ${whatIf.pods} ${whatIf.pods === 1 ? 'pod' : 'pods'}, running and pending, under the old and the new pools):`,
  ];
  const indent = '    ';
  lines.push(...rows(indent, '$/h', [formatPriceChange(whatIf.before, whatIf.after)]));
  lines.push(...rows(indent, 'nodes', [formatCountChange(whatIf.before.nodes, whatIf.after.nodes)]));
  lines.push(...rows(indent, 'unschedulable pods', [formatCountChange(whatIf.before.unschedulablePods, whatIf.after.unschedulablePods)]));
  const mix = instanceMixRows(whatIf);
  if (mix.length > 0) {
    const width = Math.max(...mix.map((row) => row.key.length)) + 2;
    lines.push(
      ...rows(
        indent,
        'instance mix',
        mix.map((row) => `${row.key.padEnd(width)}${formatCountChange(row.before, row.after)}`),
      ),
    );
  }
  if (whatIf.newlyUnschedulable.length > 0) {
    const pods = whatIf.newlyUnschedulable.map((entry) => `${entry.pod}: ${entry.reason}`);
    const more = unlistedPods(whatIf);
    lines.push(...rows(indent, 'newly unschedulable', more > 0 ? [...pods, `… and ${more} more`] : pods));
  }
  const groups = (whatIf.drifted ?? []).map(formatDriftGroup);
  lines.push(
    ...rows(indent, 'drifted nodes', [`${whatIf.driftedNodes}${whatIf.driftedNodes > 0 ? ' (would be replaced)' : ''}`, ...groups]),
  );
  if (isWhatIfUnchanged(whatIf)) lines.push(`${indent}the change moves no pod, node or dollar`);
  if (whatIf.note !== undefined) lines.push(...rows(indent, 'note', [whatIf.note]));
  return lines;
}

function diffLines(comparison: ObjectComparison): string[] {
  const lines: string[] = [];
  const ref = `${comparison.kind}/${comparison.name}`;
  if (comparison.diff !== '') lines.push('', `diff ${ref} (${comparison.status}: live → Git):`, comparison.diff.trimEnd());
  if (comparison.driftDiff !== undefined && comparison.driftDiff !== '') {
    lines.push('', `drift ${ref} (last applied → live, changed behind Git’s back):`, comparison.driftDiff.trimEnd());
  }
  return lines;
}

function clusterLines(plan: ClusterPlan): string[] {
  const lines = [`cluster ${plan.cluster} @ ${shortRevision(plan.revision)}: ${outcomeText(plan)}`];
  if (plan.errors.length > 0) lines.push(`  ${REFUSED_TEXT}`);
  lines.push(...problemLines('errors', plan.errors), ...problemLines('warnings', plan.warnings));
  if (plan.errors.length === 0) lines.push(...objectLines(plan));
  if (plan.currentFleet !== undefined) {
    lines.push(`  now: $/h ${formatPrice(plan.currentFleet)} on ${plan.currentFleet.nodes} karpd nodes`);
  }
  if (plan.whatIf !== undefined) lines.push(...whatIfLines(plan.whatIf));
  for (const comparison of changedComparisons(plan)) lines.push(...diffLines(comparison));
  return lines;
}

/**
 * The plan of every cluster as text, clusters by name, ending with one summary line.
 * @example
 * process.stdout.write(formatPlanText(plans));
 */
export function formatPlanText(plans: readonly ClusterPlan[]): string {
  const ordered = sortedPlans(plans);
  const blocks = ordered.map((plan) => clusterLines(plan).join('\n'));
  return `${[...blocks, summaryText(ordered)].join('\n\n')}\n`;
}
