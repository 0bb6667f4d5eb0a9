/**
 * What `karpd decisions` prints: a table (ID, CLUSTER, KIND, STATE, AGE,
 * $/H before → after from the what-if, SUMMARY), and under each pending
 * Decision its diff (`-` live, `+` Git) and the what-if in one line, with
 * the pods it would leave unschedulable.
 */
import type { Decision, DecisionWhatIf, ProjectedFleet } from '../../apis/decision.js';
import { dollarsText } from '../../observe/view-model/price-text.js';
import { relativeAge } from './relative-age.js';
import { arrow } from './sync-status-label.js';

/** How the table is printed. */
export interface DecisionsTextOptions {
  readonly unicode: boolean;
  readonly now: Date;
}

const HEADERS = ['ID', 'CLUSTER', 'KIND', 'STATE', 'AGE', '$/H', 'SUMMARY'] as const;

/** Unschedulable pods listed under a what-if before the rest are counted. */
const LISTED_PODS = 5;

function price(fleet: ProjectedFleet, unicode: boolean): string {
  return dollarsText(fleet.pricePerHour, fleet.pricesIncomplete === true, unicode ? '≥' : '>=');
}

/** `$4.21 → $3.10`, or `-` without a what-if. */
export function pricePerHourChange(whatIf: DecisionWhatIf | undefined, unicode: boolean): string {
  if (whatIf === undefined) return '-';
  return `${price(whatIf.before, unicode)} ${arrow(unicode)} ${price(whatIf.after, unicode)}`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The what-if as indented lines: nodes and $/h before → after, unschedulable pods, drifted nodes, the note. */
export function whatIfLines(whatIf: DecisionWhatIf, unicode: boolean): string[] {
  const to = arrow(unicode);
  const { before, after } = whatIf;
  const summary = [
    `${before.nodes} ${to} ${plural(after.nodes, 'node')}`,
    `${price(before, unicode)}/h ${to} ${price(after, unicode)}/h`,
    `${plural(whatIf.newlyUnschedulable.length, 'pod')} newly unschedulable`,
    `${plural(whatIf.driftedNodes, 'node')} to replace`,
  ];
  const pods = whatIf.newlyUnschedulable.slice(0, LISTED_PODS).map(({ pod, reason }) => `      ${pod}: ${reason}`);
  const more = whatIf.newlyUnschedulable.length - pods.length;
  return [
    `    what-if (${plural(whatIf.pods, 'pod')}): ${summary.join(', ')}`,
    ...pods,
    ...(more > 0 ? [`      … and ${more} more`] : []),
    ...(whatIf.note === undefined ? [] : [`    note: ${whatIf.note}`]),
  ];
}

function cells(decision: Decision, options: DecisionsTextOptions): string[] {
  return [
    decision.metadata.name ?? '',
    decision.spec.cluster,
    decision.spec.kind,
    decision.status?.state ?? 'pending',
    relativeAge(decision.metadata.creationTimestamp, options.now),
    pricePerHourChange(decision.spec.whatIf, options.unicode),
    decision.spec.summary,
  ];
}

function detailLines(decision: Decision, options: DecisionsTextOptions): string[] {
  if ((decision.status?.state ?? 'pending') !== 'pending') return [];
  const waiting = decision.status?.waitingFor === undefined ? [] : [`    waiting for: ${decision.status.waitingFor}`];
  const diff = decision.spec.diff.replace(/\n+$/, '');
  const diffLines = diff === '' ? [] : diff.split('\n').map((line) => `    ${line}`);
  const whatIf = decision.spec.whatIf === undefined ? [] : whatIfLines(decision.spec.whatIf, options.unicode);
  return [...waiting, ...diffLines, ...whatIf];
}

/** The table, each row followed by its details when the Decision is pending. */
export function formatDecisions(decisions: readonly Decision[], options: DecisionsTextOptions): string {
  const rows = decisions.map((decision) => cells(decision, options));
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => [...row[column]].length)));
  const line = (row: readonly string[]) =>
    row.map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column] - [...cell].length))).join('  ');
  return [line(HEADERS), ...decisions.flatMap((decision, index) => [line(rows[index]), ...detailLines(decision, options)])].join('\n');
}
