/**
 * The NodeClaims window's columns: name, pool, type, capacity, zone, age, state, utilisation bar, pods, $/h, and
 * WHY (why karpd is not disrupting it, or what is; at 120 columns it takes the memory bar's place).
 */
import type { NodeClaimRow, NodeClaimState } from '../../../src/observe/view-model/view-model.js';
import { age, cpu, memory, money } from '../../state/format.js';
import { type Segment, seg } from '../../theme/line.js';
import type { Token } from '../../theme/tokens.js';
import { type Column, meterCell, orDash } from './column.js';

const STATE_TOKENS: Readonly<Record<NodeClaimState, Token>> = {
  Pending: 'muted',
  Launched: 'accent',
  Registered: 'accent',
  Initialized: 'ok',
  Drifted: 'warn',
  Disrupting: 'warn',
  Terminating: 'warn',
  Failed: 'error',
};

/** The WHY cell: what is disrupting the node (warn), why it stays (muted), or blank when the report says nothing. */
function whyCell(r: NodeClaimRow): Segment {
  if (r.why === undefined) return seg('');
  return seg(r.why, r.disruption?.status === 'disrupting' ? 'warn' : 'muted');
}

/** NodeClaims columns. */
export const NODE_CLAIM_COLUMNS: readonly Column<NodeClaimRow>[] = [
  { title: 'NAME', width: 15, flex: 1, priority: 0, truncate: 'middle', cell: (r) => seg(r.name) },
  { title: 'POOL', width: 10, priority: 6, cell: (r) => seg(r.nodePool) },
  { title: 'TYPE', width: 11, priority: 2, cell: (r) => orDash(r.instanceType) },
  { title: 'CAPACITY', width: 9, priority: 3, cell: (r) => (r.capacityType === 'spot' ? seg('spot', 'accent') : orDash(r.capacityType)) },
  { title: 'ZONE', width: 10, priority: 5, cell: (r) => orDash(r.zone) },
  { title: 'AGE', width: 4, align: 'right', priority: 4, cell: (r) => seg(age(r.ageSeconds)) },
  { title: 'STATE', width: 11, priority: 1, cell: (r) => seg(r.state, STATE_TOKENS[r.state]) },
  { title: 'CPU', width: 11, priority: 1, cell: (r, c) => meterCell(r.cpu.used, r.cpu.limit, 11, c.glyphs, cpu) },
  { title: 'MEMORY', width: 11, priority: 8, cell: (r, c) => meterCell(r.memory.used, r.memory.limit, 11, c.glyphs, memory) },
  { title: 'PODS', width: 4, align: 'right', priority: 7, cell: (r) => seg(String(r.pods)) },
  {
    title: '$/H',
    width: 7,
    align: 'right',
    priority: 2,
    cell: (r) => (r.pricePerHour === undefined ? seg('?', 'warn') : seg(money(r.pricePerHour))),
  },
  { title: 'WHY', width: 10, flex: 2, priority: 7.5, cell: whyCell },
];
