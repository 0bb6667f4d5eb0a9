/**
 * Instants written for the disruption verdicts people read (`nominated for pending pods until 12:00:20`): UTC
 * wall-clock time, with the date only when it is not the day of `now`. Pure: `now` is an input.
 */

/** `12:00:20` when `at` falls on the same UTC day as `now`, else `2026-01-02 12:00:20` (UTC). */
export function formatInstant(at: number, now: number): string {
  const iso = new Date(at).toISOString();
  const time = iso.slice(11, 19);
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

/** Milliseconds since the epoch of an RFC 3339 timestamp, or undefined when absent or unreadable. */
export function parseInstant(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
