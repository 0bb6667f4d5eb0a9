/**
 * The rows of each window, the text a filter matches them by, and the values they sort by. Pure.
 */
import type {
  ClusterView,
  DecisionRow,
  LogLineRow,
  NodeClaimRow,
  PodRow,
  PoolRow,
  SpotEventRow,
  ViewModel,
} from '../../src/observe/view-model/view-model.js';
import type { SortKey } from './ui-state.js';
import type { WindowId } from './windows.js';

/** The row type of each window. */
export interface RowOf {
  pools: PoolRow;
  nodeClaims: NodeClaimRow;
  pods: PodRow;
  spotEvents: SpotEventRow;
  decisions: DecisionRow;
  log: LogLineRow;
}

/** Any window's row. */
export type AnyRow = RowOf[WindowId];

const NONE: readonly never[] = [];

/** The rows a window shows for a cluster, in the view model's order. */
export function rowsOf(view: ViewModel | undefined, cluster: ClusterView | undefined, window: WindowId): readonly AnyRow[] {
  if (window === 'log') return view?.log ?? NONE;
  if (cluster === undefined) return NONE;
  return cluster[window];
}

/** The text a `/` filter looks in (lower case). */
export function searchText(window: WindowId, row: AnyRow): string {
  switch (window) {
    case 'pools': {
      const r = row as PoolRow;
      return `${r.name} ${r.consolidationPolicy} ${r.syncStatus} ${r.readiness}`;
    }
    case 'nodeClaims': {
      const r = row as NodeClaimRow;
      return `${r.name} ${r.nodePool} ${r.nodeName ?? ''} ${r.instanceType ?? ''} ${r.capacityType ?? ''} ${r.zone ?? ''} ${r.instanceId ?? ''} ${r.state}`;
    }
    case 'pods': {
      const r = row as PodRow;
      return `${r.namespace}/${r.name} ${r.phase} ${r.pending ? 'pending' : ''} ${r.reason ?? ''} ${r.waitingFor ?? ''} ${r.nodeName ?? ''} ${r.owner ?? ''}`;
    }
    case 'spotEvents': {
      const r = row as SpotEventRow;
      return `${r.instanceId} ${r.instanceType ?? ''} ${r.zone ?? ''} ${r.nodeClaim ?? ''} ${r.kind} ${r.action}`;
    }
    case 'decisions': {
      const r = row as DecisionRow;
      return `${r.name} ${r.kind} ${r.state} ${r.summary} ${r.revision ?? ''}`;
    }
    case 'log': {
      const r = row as LogLineRow;
      return `${r.level} ${r.message} ${r.fields}`;
    }
  }
}

/** The sort keys each window offers (Shift-C/M/P/A). */
export const SORTS_OF: Readonly<Record<WindowId, readonly SortKey[]>> = {
  pools: ['cpu', 'memory', 'price'],
  nodeClaims: ['cpu', 'memory', 'price', 'age'],
  pods: ['cpu', 'memory', 'age'],
  spotEvents: ['age'],
  decisions: ['age'],
  log: [],
};

const usageFraction = (used: number, limit: number | undefined) => (limit === undefined || limit <= 0 ? used : used / limit);

/** The value a row sorts by (larger first), or undefined when the window has no such key. */
export function sortValue(window: WindowId, by: SortKey, row: AnyRow): number | undefined {
  switch (window) {
    case 'pools': {
      const r = row as PoolRow;
      if (by === 'cpu') return usageFraction(r.cpu.used, r.cpu.limit);
      if (by === 'memory') return usageFraction(r.memory.used, r.memory.limit);
      if (by === 'price') return r.pricePerHour;
      return undefined;
    }
    case 'nodeClaims': {
      const r = row as NodeClaimRow;
      if (by === 'cpu') return usageFraction(r.cpu.used, r.cpu.limit);
      if (by === 'memory') return usageFraction(r.memory.used, r.memory.limit);
      if (by === 'price') return r.pricePerHour ?? -1;
      return r.ageSeconds;
    }
    case 'pods': {
      const r = row as PodRow;
      if (by === 'cpu') return r.cpu;
      if (by === 'memory') return r.memory;
      if (by === 'age') return r.ageSeconds;
      return undefined;
    }
    case 'spotEvents': {
      const ms = Date.parse((row as SpotEventRow).time);
      return by === 'age' ? -ms : undefined;
    }
    case 'decisions':
      return by === 'age' ? (row as DecisionRow).ageSeconds : undefined;
    case 'log':
      return undefined;
  }
}
