/** What a Decision does, as lines: the objects it changes and the what-if ($/h, nodes, drifted, unschedulable pods). */
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
