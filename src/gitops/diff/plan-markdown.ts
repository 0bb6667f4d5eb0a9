/**
 * The plan as GitHub-flavoured markdown, what a CI job posts on a pull
 * request: a heading per cluster, a table of objects and statuses, the
 * problems that refuse a revision, the what-if (`$/h 4.21 → 3.07 (−27 %)`,
 * nodes and instance mix before → after, newly unschedulable pods, drifted
 * nodes) and the diffs in ```diff fences. Stable order. Pure.
 */
import type { DecisionWhatIf } from '../../apis/decision.js';
import type { Problem } from '../../apis/problem.js';
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

/** The first line of every plan comment, so a CI job can find and update its own comment. */
export const PLAN_MARKDOWN_MARKER = '<!-- karpd-plan -->';

/** Text safe inside a table cell or a sentence: markdown and HTML specials escaped, one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>|#]/g, '\\$&');
}

/** `text` as inline code, with a fence longer than any backtick run inside it. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${ticks}`;
}

/** A fenced block of `language`, its fence longer than any backtick run in `body`. */
function fenced(language: string, body: string): string[] {
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, body.trimEnd(), fence];
}

function objectTable(plan: ClusterPlan): string[] {
  const comparisons = sortedComparisons(plan);
  if (comparisons.length === 0) return ['No NodePools or EC2NodeClasses.'];
  return [
    '| Object | Status |',
    '| --- | --- |',
    ...comparisons.map((comparison) => {
      const status = isChange(comparison.status)
        ? `**${comparison.status}** — ${escapeMarkdown(STATUS_ACTIONS[comparison.status])}`
        : comparison.status;
      return `| ${comparison.kind} ${code(comparison.name)} | ${status} |`;
    }),
  ];
}

function problemTable(title: string, problems: readonly Problem[]): string[] {
  if (problems.length === 0) return [];
  const cell = (text: string | number | undefined): string => (text === undefined || text === '' ? '' : escapeMarkdown(String(text)));
  return [
    `**${title}**`,
    '',
    '| File | Line | Object | Field | Problem |',
    '| --- | ---: | --- | --- | --- |',
    ...sortedProblems(problems).map((problem) => {
      const object = problem.kind !== undefined ? `${problem.kind}/${problem.name ?? '<unnamed>'}` : undefined;
      const message = problem.hint !== undefined ? `${problem.message} (${problem.hint})` : problem.message;
      return `| ${cell(problem.file)} | ${cell(problem.line)} | ${cell(object)} | ${cell(problem.path)} | ${cell(message)} |`;
    }),
    '',
  ];
}

function whatIfSummary(whatIf: DecisionWhatIf): string[] {
  return [
    `The scheduler on ${whatIf.pods} ${whatIf.pods === 1 ? 'pod' : 'pods'} (running and pending), under the old and the new pools:`,
    '',
    `- **$/h** ${formatPriceChange(whatIf.before, whatIf.after)}`,
    `- **Nodes** ${formatCountChange(whatIf.before.nodes, whatIf.after.nodes)}`,
    `- **Unschedulable pods** ${formatCountChange(whatIf.before.unschedulablePods, whatIf.after.unschedulablePods)}`,
    `- **Drifted nodes** ${whatIf.driftedNodes}${whatIf.driftedNodes > 0 ? ' (would be replaced)' : ''}`,
    ...(whatIf.drifted ?? []).map((group) => `  - ${escapeMarkdown(formatDriftGroup(group))}`),
  ];
}

function whatIfLines(whatIf: DecisionWhatIf): string[] {
  const lines = ['### What-if', '', ...whatIfSummary(whatIf), ''];
  const mix = instanceMixRows(whatIf);
  if (mix.length > 0) {
    lines.push('| Instance type | Before | After |', '| --- | ---: | ---: |');
    lines.push(...mix.map((row) => `| ${code(row.key)} | ${row.before} | ${row.after} |`), '');
  }
  if (whatIf.newlyUnschedulable.length > 0) {
    lines.push('**Newly unschedulable pods**', '');
    lines.push(...whatIf.newlyUnschedulable.map((entry) => `- ${code(entry.pod)}: ${escapeMarkdown(entry.reason)}`));
    const more = unlistedPods(whatIf);
    if (more > 0) lines.push(`- … and ${more} more`);
    lines.push('');
  }
  if (isWhatIfUnchanged(whatIf)) lines.push('The change moves no pod, node or dollar.', '');
  if (whatIf.note !== undefined) lines.push(`> ${escapeMarkdown(whatIf.note)}`, '');
  return lines;
}

function diffBlocks(comparison: ObjectComparison): string[] {
  const lines: string[] = [];
  const heading = `#### ${comparison.kind} ${code(comparison.name)} — ${comparison.status}`;
  if (comparison.diff !== '') lines.push(heading, '', 'Live → Git:', '', ...fenced('diff', comparison.diff), '');
  if (comparison.driftDiff !== undefined && comparison.driftDiff !== '') {
    if (comparison.diff === '') lines.push(heading, '');
    lines.push('Changed in the cluster behind Git’s back (last applied → live):', '', ...fenced('diff', comparison.driftDiff), '');
  }
  return lines;
}

function clusterLines(plan: ClusterPlan): string[] {
  const lines = [`## Cluster ${code(plan.cluster)} at ${code(shortRevision(plan.revision))}: ${outcomeText(plan)}`, ''];
  if (plan.errors.length > 0) lines.push(`Refused: ${REFUSED_TEXT}.`, '');
  lines.push(...problemTable('Errors', plan.errors), ...problemTable('Warnings', plan.warnings));
  if (plan.errors.length === 0) lines.push(...objectTable(plan), '');
  if (plan.currentFleet !== undefined) {
    lines.push(`Now: **$/h ${formatPrice(plan.currentFleet)}** on ${plan.currentFleet.nodes} karpd nodes.`, '');
  }
  if (plan.whatIf !== undefined) lines.push(...whatIfLines(plan.whatIf));
  const changed = changedComparisons(plan).flatMap(diffBlocks);
  if (changed.length > 0) lines.push('### Diffs', '', ...changed);
  return lines;
}

/**
 * The plan of every cluster as markdown, clusters by name, for a pull-request comment.
 * @example
 * await postComment(pr, formatPlanMarkdown(plans));
 */
export function formatPlanMarkdown(plans: readonly ClusterPlan[]): string {
  const ordered = sortedPlans(plans);
  const lines = [PLAN_MARKDOWN_MARKER, '# karpd plan', '', `**${summaryText(ordered)}**`, ''];
  for (const plan of ordered) lines.push(...clusterLines(plan));
  return `${lines.join('\n').trimEnd()}\n`;
}
