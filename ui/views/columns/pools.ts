/**
 * The Pools window's columns: name, weight, nodes, CPU and memory meters, $/h, policy, budget left (`2/3`: what the
 * most constrained reason still allows of what it allows, `until 17:00` while a schedule limits it), drifted, sync.
 */
import type { PoolRow } from '../../../src/observe/view-model/view-model.js';
import { budgetText, cpu, memory, money } from '../../state/format.js';
import { seg } from '../../theme/line.js';
import { type Column, meterCell } from './column.js';

/** The pool's Git sync status with a glyph and a word. */
function syncCell(row: PoolRow, glyphs: import('../../theme/glyphs.js').Glyphs) {
  const status = row.syncStatus;
  if (status === 'in-sync') return seg(`${glyphs.badge.synced} ${status}`, 'ok');
  if (status === 'unmanaged') return seg(`${glyphs.badge.unknown} ${status}`, 'muted');
  if (status.includes('drift')) return seg(`${glyphs.badge.drifted} ${status}`, 'warn');
  if (status.includes('error') || status.includes('invalid')) return seg(`${glyphs.badge.error} ${status}`, 'error');
  return seg(`${glyphs.badge.pending} ${status}`, 'warn');
}

/** Pools columns. */
export const POOL_COLUMNS: readonly Column<PoolRow>[] = [
  {
    title: 'NAME',
    width: 10,
    flex: 1,
    priority: 0,
    cell: (r) => (r.ready ? seg(r.name) : [seg(r.name), seg(` (${r.readiness})`, 'error')]),
  },
  { title: 'WT', width: 3, align: 'right', priority: 8, cell: (r) => seg(String(r.weight)) },
  { title: 'NODES', width: 5, align: 'right', priority: 1, cell: (r) => seg(String(r.nodes)) },
  { title: 'CPU', width: 13, priority: 2, cell: (r, c) => meterCell(r.cpu.used, r.cpu.limit, 13, c.glyphs, cpu) },
  { title: 'MEMORY', width: 13, priority: 3, cell: (r, c) => meterCell(r.memory.used, r.memory.limit, 13, c.glyphs, memory) },
  { title: '$/H', width: 8, align: 'right', priority: 1, cell: (r, c) => seg(money(r.pricePerHour, r.pricesIncomplete, c.glyphs.atLeast)) },
  { title: 'POLICY', width: 12, priority: 7, cell: (r) => seg(r.consolidationPolicy) },
  {
    title: 'BUDGET',
    width: 15,
    priority: 6,
    cell: (r) => seg(budgetText(r.budgetLeft), r.budgetLeft.nodes === 0 ? 'warn' : r.budgetLeft.until === undefined ? undefined : 'accent'),
  },
  {
    title: 'DRIFT',
    width: 5,
    align: 'right',
    priority: 5,
    cell: (r) => (r.driftedNodes > 0 ? seg(String(r.driftedNodes), 'warn') : seg('0', 'muted')),
  },
  { title: 'SYNC', width: 15, priority: 4, cell: (r, c) => syncCell(r, c.glyphs) },
];
