/**
 * Window 4, Spot events: one row per interruption notice, newest first (at most 200), with what karpd did in
 * words (each step with its time), how long the node took to go and how fast its replacement was ready against
 * the notice's deadline. Pure.
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

/** Seconds from the notice to `at`, or undefined when either is unknown. */
function secondsAfterNotice(record: SpotEventRecord, at: string | undefined): number | undefined {
  const atMs = timeMs(at);
  const noticeMs = timeMs(record.time);
  return atMs === undefined || noticeMs === undefined ? undefined : secondsSince(noticeMs, atMs);
}

/** How fast the replacement was ready against the notice: ` in 48 s of 120 s notice`, ` in 150 s, 30 s after the 120 s notice ran out`. */
export function replacedInText(replacedIn: number | undefined, notice: number | undefined): string {
  if (replacedIn === undefined) return '';
  if (notice === undefined) return ` in ${replacedIn} s`;
  if (replacedIn <= notice) return ` in ${replacedIn} s of ${notice} s notice`;
  return ` in ${replacedIn} s, ${replacedIn - notice} s after the ${notice} s notice ran out`;
}

/**
 * What karpd did, in words: `cordoned, draining`, `drained, terminated; replaced by x in 48 s of 120 s notice`,
 * `recorded (no action)`.
 */
export function spotEventAction(record: SpotEventRecord): string {
  if (record.outcome === 'unknown-instance') return 'no NodeClaim for the instance';
  if (record.outcome === 'recorded') return 'recorded (no action)';
  const done = record.goneAt === undefined ? 'cordoned, draining' : 'drained, terminated';
  if (record.replacedBy === undefined || record.replacedBy.length === 0) return done;
  const speed = replacedInText(secondsAfterNotice(record, record.replacementReadyAt), secondsAfterNotice(record, record.deadline));
  return `${done}; replaced by ${record.replacedBy.join(', ')}${speed}`;
}

/** The row's deadline, replacement speed and actions, when the record has them. */
function replacementFields(record: SpotEventRecord): Pick<SpotEventRow, 'deadline' | 'noticeSeconds' | 'replacedInSeconds' | 'actions'> {
  const notice = secondsAfterNotice(record, record.deadline);
  const replacedIn = secondsAfterNotice(record, record.replacementReadyAt);
  return {
    ...(record.deadline === undefined ? {} : { deadline: record.deadline }),
    ...(notice === undefined ? {} : { noticeSeconds: notice }),
    ...(replacedIn === undefined ? {} : { replacedInSeconds: replacedIn }),
    ...(record.actions === undefined || record.actions.length === 0 ? {} : { actions: record.actions }),
  };
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
    ...replacementFields(record),
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
