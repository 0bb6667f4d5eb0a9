/**
 * What a Decision does, as lines: the objects it changes and the what-if ($/h, nodes, drifted, unschedulable pods),
 * or, for a node Decision, its plan (nodes removed and launched, pods evicted, PDBs at risk, budget left, $/h).
 */
import type { NodeDisruptionPlan } from '../../src/apis/decision.js';
import type { DecisionRow } from '../../src/observe/view-model/view-model.js';
import { money } from '../state/format.js';
import type { Glyphs } from '../theme/glyphs.js';
import { type Line, seg } from '../theme/line.js';

/** `update NodePool default (3 nodes)` per object. */
export function changeLines(decision: DecisionRow): Line[] {
  if (decision.changes.length === 0) return [[seg('  (no objects)', 'muted')]];
  return decision.changes.map(
    (c): Line => [
      seg('  '),
      seg(c.action, c.action === 'delete' || c.action === 'prune' ? 'removed' : c.action === 'create' ? 'added' : 'accent', { bold: true }),
      seg(` ${c.kind} ${c.name}`),
      seg(c.nodes === undefined ? '' : ` (${c.nodes} node${c.nodes === 1 ? '' : 's'})`, 'muted'),
    ],
  );
}

/** The what-if: `$/h: $4.21 → $3.10`, `nodes: 5 → 4`, drifted nodes, the pods that become unschedulable. */
export function whatIfLines(decision: DecisionRow, glyphs: Glyphs, maxPods = 5): Line[] {
  const w = decision.whatIf;
  if (w === undefined) return [[seg('  what-if: not computed', 'muted')]];
  const before = money(w.before.pricePerHour, w.before.pricesIncomplete, glyphs.atLeast);
  const after = money(w.after.pricePerHour, w.after.pricesIncomplete, glyphs.atLeast);
  const delta = w.after.pricePerHour - w.before.pricePerHour;
  const out: Line[] = [
    [seg('  $/h: ', 'muted'), seg(`${before} ${glyphs.arrow} ${after}`, delta > 0 ? 'warn' : delta < 0 ? 'ok' : 'text', { bold: true })],
    [seg('  nodes: ', 'muted'), seg(`${w.before.nodes} ${glyphs.arrow} ${w.after.nodes}`)],
    [seg('  drifted nodes: ', 'muted'), seg(String(w.driftedNodes), w.driftedNodes > 0 ? 'warn' : 'text')],
  ];
  if (w.newlyUnschedulableTotal === 0) out.push([seg('  pods that become unschedulable: ', 'muted'), seg('none', 'ok')]);
  else {
    out.push([seg('  pods that become unschedulable: ', 'muted'), seg(String(w.newlyUnschedulableTotal), 'error', { bold: true })]);
    for (const p of w.newlyUnschedulable.slice(0, maxPods))
      out.push([seg(`    ${glyphs.badge.error} ${p.pod}`, 'error'), seg(`: ${p.reason}`)]);
    const more = w.newlyUnschedulableTotal - Math.min(maxPods, w.newlyUnschedulable.length);
    if (more > 0) out.push([seg(`    ${glyphs.ellipsis} ${more} more`, 'muted')]);
  }
  if (w.note !== undefined) out.push([seg(`  note: ${w.note}`, 'muted')]);
  return out;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const perHour = (price: number | undefined): string => (price === undefined ? '$?/h' : `${money(price)}/h`);

/** A node the plan removes: `- ip-10-0-0-7 m5.2xlarge on-demand us-east-1a (pool default) $0.38/h, 3 pods`. */
function removedLine(node: NodeDisruptionPlan['remove'][number]): Line {
  const offering = [node.instanceType, node.capacityType, node.zone].filter((part) => part !== undefined && part !== '').join(' ');
  return [
    seg('    - ', 'removed'),
    seg(node.name, 'removed', { bold: true }),
    seg(offering === '' ? '' : ` ${offering}`),
    seg(` (pool ${node.nodePool}) `, 'muted'),
    seg(perHour(node.pricePerHour)),
    seg(`, ${plural(node.pods, 'pod')}`, 'muted'),
  ];
}

/** A node the plan launches: `+ m5.large (or m5a.large, …) on-demand (pool default) $0.10/h`. */
function launchedLine(launch: NodeDisruptionPlan['launch'][number], glyphs: Glyphs): Line {
  const [first = '?', ...others] = launch.instanceTypes;
  const shown = others.slice(0, 2);
  const more = others.length > shown.length ? `, ${glyphs.ellipsis}` : '';
  return [
    seg('    + ', 'added'),
    seg(first, 'added', { bold: true }),
    seg(shown.length === 0 ? '' : ` (or ${shown.join(', ')}${more})`, 'muted'),
    seg(` ${launch.capacityType}`),
    seg(` (pool ${launch.nodePool}) `, 'muted'),
    seg(perHour(launch.pricePerHour)),
  ];
}

function podLines(plan: NodeDisruptionPlan, glyphs: Glyphs, maxPods: number): Line[] {
  const total = plan.evictedPodsTotal;
  const out: Line[] = [[seg('  pods evicted: ', 'muted'), seg(String(total), total > 0 ? 'warn' : 'text', { bold: total > 0 })]];
  const shown = plan.evictedPods.slice(0, maxPods);
  if (shown.length > 0) out.push([seg(`    ${shown.join(', ')}`)]);
  const more = total - shown.length;
  if (more > 0) out.push([seg(`    ${glyphs.ellipsis} ${more} more`, 'muted')]);
  return out;
}

/**
 * What a node Decision does: the method and action, the nodes removed (type, pool, $/h) and launched, the pods
 * evicted (count and the first `maxPods`), the PDBs at risk, the budget left once it runs, $/h before → after.
 */
export function planLines(plan: NodeDisruptionPlan, glyphs: Glyphs, maxPods = 5): Line[] {
  const delta = plan.priceAfter - plan.priceBefore;
  const budgets = plan.budgets.map((b) => `${b.nodePool} ${b.reason}: ${b.remaining} left`);
  return [
    [
      seg('  action: ', 'muted'),
      seg(plan.action, plan.action === 'delete' ? 'removed' : 'accent', { bold: true }),
      seg(` (${plan.method}, ${plan.reason})`, 'muted'),
    ],
    [seg('  nodes removed: ', 'muted'), seg(String(plan.remove.length), 'removed', { bold: true })],
    ...plan.remove.map(removedLine),
    [seg('  nodes launched: ', 'muted'), seg(String(plan.launch.length), plan.launch.length > 0 ? 'added' : 'text', { bold: true })],
    ...plan.launch.map((launch) => launchedLine(launch, glyphs)),
    ...podLines(plan, glyphs, maxPods),
    plan.pdbsAtRisk.length === 0
      ? [seg('  PDBs at risk: ', 'muted'), seg('none', 'ok')]
      : [seg('  PDBs at risk: ', 'muted'), seg(plan.pdbsAtRisk.join(', '), 'warn', { bold: true })],
    [seg('  budget left: ', 'muted'), seg(budgets.length === 0 ? 'not budgeted' : budgets.join('; '))],
    [
      seg('  $/h: ', 'muted'),
      seg(`${money(plan.priceBefore)} ${glyphs.arrow} ${money(plan.priceAfter)}`, delta > 0 ? 'warn' : delta < 0 ? 'ok' : 'text', {
        bold: true,
      }),
    ],
  ];
}
