/** The Spot events window's columns: time, instance, type, zone, kind, what karpd did, how long it took. */
import type { SpotEventRow } from '../../../src/observe/view-model/view-model.js';
import { timeOfDay } from '../../state/format.js';
import { seg } from '../../theme/line.js';
import { type Column, orDash } from './column.js';

/** Spot events columns. */
export const SPOT_EVENT_COLUMNS: readonly Column<SpotEventRow>[] = [
  { title: 'TIME', width: 8, priority: 0, cell: (r) => seg(timeOfDay(r.time)) },
  { title: 'INSTANCE', width: 19, priority: 1, cell: (r) => seg(r.instanceId) },
  { title: 'TYPE', width: 11, priority: 4, cell: (r) => orDash(r.instanceType) },
  { title: 'ZONE', width: 10, priority: 5, cell: (r) => orDash(r.zone) },
  { title: 'KIND', width: 12, priority: 1, cell: (r) => seg(r.kind, r.kind === 'interruption' ? 'warn' : undefined) },
  { title: 'ACTION', width: 12, flex: 1, priority: 0, cell: (r) => seg(r.action, r.done ? undefined : 'accent') },
  {
    title: 'TOOK',
    width: 8,
    align: 'right',
    priority: 2,
    cell: (r) => (r.tookSeconds === undefined ? seg(r.done ? '-' : 'handling', 'muted') : seg(`${r.tookSeconds}s`)),
  },
];
