/** How long ago an RFC 3339 time was, as kubectl prints ages: `45s`, `12m`, `3h`, `5d`. */

/** `now - at` as `45s`, `12m`, `3h` or `5d`; `?` when `at` is missing or not a time; `0s` for a time ahead of `now`. */
export function relativeAge(at: string | undefined, now: Date): string {
  const time = at === undefined ? Number.NaN : Date.parse(at);
  if (Number.isNaN(time)) return '?';
  const seconds = Math.max(0, Math.floor((now.getTime() - time) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
