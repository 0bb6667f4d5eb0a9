/**
 * Window 4, Spot events: one row per interruption notice, newest first (at most 200), with what karpd did in
 * words and how long the node took to go. Pure.
 */
import type { InterruptionKind } from '../../cloudprovider/types.js';
import { secondsSince, timeMs } from './object-facts.js';
import { MAX_SPOT_EVENTS } from './spot-events.js';
import type { SpotEventRecord } from './view-input.js';
import type { SpotEventKind, SpotEventRow } from './view-model.js';

const KINDS: Record<InterruptionKind, SpotEventKind> = {
  spot_interrupted: 'interruption',
  capacity_reservation_interrupted: 'interruption',
  rebalance_recommendation: 'rebalance',
  scheduled_change: 'scheduled-change',
  instance_stopped: 'state-change',
  instance_terminated: 'state-change',
};

/** The window's kind of a notice. */
export function spotEventKind(kind: InterruptionKind): SpotEventKind {
  return KINDS[kind] ?? 'state-change';
}

/** What karpd did, in words: `cordoned, draining`, `drained, terminated; replaced by x`, `recorded (no action)`. */
export function spotEventAction(record: SpotEventRecord): string {
  if (record.outcome === 'unknown-instance') return 'no NodeClaim for the instance';
  if (record.outcome === 'recorded') return 'recorded (no action)';
  const done = record.goneAt === undefined ? 'cordoned, draining' : 'drained, terminated';
  const replaced = record.replacedBy === undefined || record.replacedBy.length === 0 ? '' : `; replaced by ${record.replacedBy.join(', ')}`;
  return `${done}${replaced}`;
}

/** One notice's row. */
export function spotEventRow(record: SpotEventRecord): SpotEventRow {
  const claim = record.claims[0];
  const goneMs = timeMs(record.goneAt);
  const took = goneMs === undefined ? undefined : secondsSince(timeMs(record.time), goneMs);
  return {
    key: record.id,
    time: record.time,
    instanceId: record.instanceIds.join(', '),
    ...(claim?.instanceType === undefined ? {} : { instanceType: claim.instanceType }),
    ...(claim?.zone === undefined ? {} : { zone: claim.zone }),
    ...(claim === undefined ? {} : { nodeClaim: claim.name }),
    kind: spotEventKind(record.kind),
    action: spotEventAction(record),
    ...(took === undefined ? {} : { tookSeconds: took }),
    done: record.outcome !== 'deleted' || record.goneAt !== undefined,
  };
}

/** The records the window shows: newest first (ties by id), at most {@link MAX_SPOT_EVENTS}. */
export function newestSpotEvents(records: readonly SpotEventRecord[]): SpotEventRecord[] {
  return records
    .map((record) => ({ record, at: timeMs(record.time) ?? 0 }))
    .sort((a, b) => b.at - a.at || (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0))
    .slice(0, MAX_SPOT_EVENTS)
    .map(({ record }) => record);
}

/** The Spot events window's rows, newest first, at most {@link MAX_SPOT_EVENTS}. */
export function spotEventRows(records: readonly SpotEventRecord[]): SpotEventRow[] {
  return newestSpotEvents(records).map(spotEventRow);
}
