/**
 * Short, readable spans of time for the sentences the disruption code writes into conditions, events and "why"
 * lines (`in 12s`, `in 4m30s`, `2h5m ago`): at most two units, largest first, rounded down. Pure.
 */

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * `ms` as at most two units: `0s`, `12s`, `4m30s`, `2h`, `3d4h`. Negative spans read as `0s`.
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
