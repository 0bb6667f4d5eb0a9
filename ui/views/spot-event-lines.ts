/**
 * The detail pane's lines for a Spot events row: the notice, what karpd did step by step with the time of each,
 * the deadline the notice gave and how fast the replacement was ready against it.
 */
import type { SpotEventRow } from '../../src/observe/view-model/view-model.js';
import { timeOfDay } from '../state/format.js';
import { type Line, seg } from '../theme/line.js';

const field = (label: string, value: string): Line => [seg(`${label}: `, 'muted'), seg(value)];

/** `ready 48 s after the notice, 72 s before the deadline` / `…, 30 s after the deadline` / `not ready yet`. */
export function replacementReadiness(row: SpotEventRow): string {
  if (row.replacedInSeconds === undefined) return 'not ready yet';
  const ready = `ready ${row.replacedInSeconds} s after the notice`;
  if (row.noticeSeconds === undefined) return ready;
  const spare = row.noticeSeconds - row.replacedInSeconds;
  return spare >= 0 ? `${ready}, ${spare} s before the deadline` : `${ready}, ${-spare} s after the deadline`;
}

/** Each action as `  12:00:03 launched replacement spark-batch-x7k2p`. */
export function spotEventActionLines(row: SpotEventRow): Line[] {
  return (row.actions ?? []).map((action) => [seg(`  ${timeOfDay(action.at)} `, 'muted'), seg(action.what)]);
}

function launchedReplacement(row: SpotEventRow): boolean {
  return (row.actions ?? []).some((action) => action.what.startsWith('launched replacement '));
}

/** The describe lines of a Spot events row. */
export function spotEventDescribeLines(r: SpotEventRow): Line[] {
  return [
    field('Spot event', `${r.kind} at ${timeOfDay(r.time)} (${r.time})`),
    field('Instance', `${r.instanceId} ${r.instanceType ?? ''} ${r.zone ?? ''}`.trim()),
    field('NodeClaim', r.nodeClaim ?? '-'),
    field('Action', r.action),
    field('Took', r.tookSeconds === undefined ? (r.done ? '-' : 'still handling') : `${r.tookSeconds}s`),
    ...(r.deadline === undefined
      ? []
      : [field('Deadline', `${timeOfDay(r.deadline)}${r.noticeSeconds === undefined ? '' : ` (${r.noticeSeconds} s notice)`}`)]),
    ...(r.replacedInSeconds !== undefined || launchedReplacement(r) ? [field('Replacement', replacementReadiness(r))] : []),
    ...(r.actions === undefined ? [] : [[seg('Steps:', 'muted')], ...spotEventActionLines(r)]),
  ];
}

/** The "why" lines of a Spot events row: what karpd did, then each step. */
export function spotEventWhyLines(r: SpotEventRow): Line[] {
  return [field('What karpd did', r.action), ...spotEventActionLines(r)];
}
