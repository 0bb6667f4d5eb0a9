/**
 * Time as the disruption code writes it into the verdicts, conditions and events people read: instants
 * (`nominated for pending pods until 12:00:20`, a budget `until 17:00`) as UTC wall-clock time with the date only
 * when it is not the day of `now`, and spans (`in 12s`, `in 4m30s`, `2h5m ago`) in at most two units. Pure: `now`
 * is an input.
 */

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * `ms` as at most two units, largest first, rounded down: `0s`, `12s`, `4m30s`, `2h`, `3d4h`. Negative spans read as `0s`.
 *
 * @example durationText(270_000) // '4m30s'
 */
export function durationText(ms: number): string {
  let rest = Math.max(0, Math.floor(ms / 1000) * 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / size);
    if (count === 0 && parts.length === 0) continue;
    if (count > 0) parts.push(`${count}${unit}`);
    else break;
    rest -= count * size;
  }
  return parts.length === 0 ? '0s' : parts.join('');
}

/**
 * `12:00:20` when `at` falls on the same UTC day as `now`, else `2026-01-02 12:00:20` (UTC); to the minute
 * (`17:00`, `2026-01-02 17:00`) with `precision: 'minutes'`.
 */
export function formatInstant(at: number, now: number, precision: 'seconds' | 'minutes' = 'seconds'): string {
  const iso = new Date(at).toISOString();
  const time = iso.slice(11, precision === 'seconds' ? 19 : 16);
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

/** `ms` as the RFC 3339 timestamp Kubernetes writes (UTC, whole seconds): `2026-01-02T12:00:20Z`. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds since the epoch of an RFC 3339 timestamp, or undefined when absent or unreadable. */
export function parseInstant(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
