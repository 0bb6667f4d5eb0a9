/**
 * The scenario's clock: times of day (`HH:MM`) and the calendar a replay runs on. A replay starts on day 0 at the
 * scenario's `startAt`; day 0 is Monday 2026-01-05 (UTC), so cron day-of-week and day-of-month fields mean what
 * they say (`0 9 * * 1-5` fires on the five weekdays of a 7-day scenario).
 */

/** Milliseconds since the Unix epoch of day 0, 00:00 UTC (Monday 2026-01-05). */
export const DAY_ZERO_EPOCH_MS = Date.UTC(2026, 0, 5);

/** Milliseconds in a day. */
export const DAY_MS = 24 * 3_600_000;

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/;

/** Minutes since midnight of `HH:MM` (or `H:MM`), or `undefined` when it is not a time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text.trim());
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return hours * 60 + minutes;
}

/** `HH:MM` of minutes since midnight. */
export function formatTimeOfDay(minutes: number): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Milliseconds since midnight of day 0 at which a replay starting at `startAt` begins. */
export function startOffsetMs(startAt: string): number {
  return (parseTimeOfDay(startAt) ?? 0) * 60_000;
}
