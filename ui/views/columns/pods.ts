/** The Pods window's columns: pod, phase (pending marked), the reason it waits, the NodeClaim it waits for (or its node), requests, age. */
import type { PodRow } from '../../../src/observe/view-model/view-model.js';
import { age, cpu, memory } from '../../state/format.js';
import { seg } from '../../theme/line.js';
import { type Column, orDash } from './column.js';

/** Pods columns. */
export const POD_COLUMNS: readonly Column<PodRow>[] = [
  { title: 'POD', width: 16, flex: 1, priority: 0, truncate: 'middle', cell: (r) => seg(`${r.namespace}/${r.name}`) },
  {
    title: 'PHASE',
    width: 9,
    priority: 1,
    cell: (r, c) =>
      r.pending ? seg(`${c.glyphs.badge.pending} ${r.phase}`, 'warn') : seg(r.phase, r.phase === 'Running' ? 'ok' : undefined),
  },
  {
    title: 'WAITS BECAUSE',
    width: 14,
    flex: 3,
    priority: 1,
    cell: (r) =>
      r.reason !== undefined
        ? seg(r.reason, 'warn')
        : r.pending && r.waitingFor === undefined
          ? seg('not planned yet (next provisioning round)', 'muted')
          : seg('-', 'muted'),
  },
  {
    title: 'WAITING FOR / NODE',
    width: 18,
    priority: 2,
    truncate: 'middle',
    cell: (r) => (r.pending ? (r.waitingFor === undefined ? seg('-', 'muted') : seg(`${r.waitingFor}`, 'accent')) : orDash(r.nodeName)),
  },
  { title: 'CPU', width: 5, align: 'right', priority: 5, cell: (r) => seg(cpu(r.cpu)) },
  { title: 'MEM', width: 6, align: 'right', priority: 6, cell: (r) => seg(memory(r.memory)) },
  { title: 'AGE', width: 4, align: 'right', priority: 3, cell: (r) => seg(age(r.ageSeconds)) },
];
