/**
 * The text `karpd why NODE` prints for a {@link NodeWhy}: the node's pool, instance type and state, then either
 * why karpd is not disrupting it (the verdict's message, method and kind) or what is disrupting it (phase,
 * command, method, the node Decision). Pure.
 */
import type { NodeWhy } from '../../observe/view-model/node-why.js';

const PHASES: Readonly<Record<string, string>> = {
  'waiting-approval': 'waiting for approval',
  validating: 'validating (re-checked before it acts)',
  launching: 'launching replacements',
  draining: 'draining',
};

function row(label: string, value: string): string {
  return `${label.padEnd(10)} ${value}`;
}

function disruptionLines(why: NodeWhy): string[] {
  const d = why.disruption;
  if (d === undefined) return ['Not disrupted: the disruption controller has said nothing of this node (yet).'];
  if (d.status === 'kept')
    return [`Not disrupted: ${d.message}`, row('  kind', d.kind), row('  method', d.method ?? 'every method (candidate filter)')];
  const decision = why.decision;
  const decisionText =
    decision !== undefined
      ? `${decision.name} (${decision.kind}, ${decision.state}): ${decision.summary}`
      : (d.decision ?? 'none (no approval needed)');
  return [
    `Disrupting: ${PHASES[d.phase] ?? d.phase}`,
    row('  command', d.summary),
    row('  method', `${d.method} (${d.reason})`),
    row('  decision', decisionText),
    row('  since', d.since),
  ];
}

/** The lines of one answer. */
export function formatNodeWhy(why: NodeWhy): string {
  const offering = [why.instanceType ?? '?', why.capacityType, why.zone].filter((part) => part !== undefined).join(' ');
  return [
    row('NodeClaim', `${why.nodeClaim}${why.node === undefined || why.node === why.nodeClaim ? '' : ` (node ${why.node})`}`),
    row('Cluster', why.cluster),
    row('Pool', why.nodePool === '' ? '?' : why.nodePool),
    row('Type', offering),
    row('State', why.state),
    ...disruptionLines(why),
  ].join('\n');
}
