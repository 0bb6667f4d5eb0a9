/**
 * When scheduled things happen during a replay, in ms since its start: the points of a Deployment's daily replica
 * schedule (each `at` repeats every day; before the first point of a day the last point of the day before holds)
 * and the one instant a burst starts (the first time the clock reads its `at`).
 */
import type { SchedulePoint } from '../types.js';
import { DAY_MS, parseTimeOfDay, startOffsetMs } from './time-of-day.js';

/** From `at` (ms since the start) the Deployment wants `replicas` pods. */
export interface ReplicaChange {
  readonly at: number;
  readonly replicas: number;
}

function minutesOf(time: string): number {
  return parseTimeOfDay(time) ?? 0;
}

/** The replicas a schedule asks for at `minuteOfDay` (wrapping: before the first point, the last point holds). */
export function replicasAt(points: readonly SchedulePoint[], minuteOfDay: number): number {
  let value = points[points.length - 1].value;
  for (const point of points) if (minutesOf(point.at) <= minuteOfDay) value = point.value;
  return value;
}

/** The replica counts over a replay of `durationMs` starting at `startAt`: the count at 0, then every point that falls inside. */
export function replicaChanges(points: readonly SchedulePoint[], startAt: string, durationMs: number): ReplicaChange[] {
  const offset = startOffsetMs(startAt);
  const changes: ReplicaChange[] = [{ at: 0, replicas: replicasAt(points, offset / 60_000) }];
  for (let day = 0; day * DAY_MS < offset + durationMs; day++) {
    for (const point of points) {
      const at = day * DAY_MS + minutesOf(point.at) * 60_000 - offset;
      if (at > 0 && at < durationMs) changes.push({ at, replicas: point.value });
    }
  }
  return changes;
}

/** When a burst at `at` starts in a replay starting at `startAt` (ms since the start; may be past the end). */
export function burstStart(at: string, startAt: string): number {
  const minutes = (minutesOf(at) - minutesOf(startAt) + 1440) % 1440;
  return minutes * 60_000;
}
