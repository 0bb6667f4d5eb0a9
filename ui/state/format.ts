/** How numbers read on screen: money, ages, CPU, memory, percentages and the clock. Pure. */

/** `$4.21`, or `≥$4.21` when some prices are unknown (the same words as the CLI and the console lines). */
export { dollarsText as money } from '../../src/observe/view-model/price-text.js';

/** `$3,073` (whole dollars, thousands separated). */
export function wholeMoney(amount: number): string {
  return `$${Math.round(amount)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** `45s`, `12m`, `3h`, `2d` — the largest unit that fits, like kubectl. */
export function age(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

/** Millicores as `250m` below one core, else `1.5` cores. */
export function cpu(millicores: number): string {
  if (millicores < 1000) return `${Math.round(millicores)}m`;
  const cores = millicores / 1000;
  return Number.isInteger(cores) ? `${cores}` : cores.toFixed(1);
}

/** Bytes as `512Mi`, `3.5Gi`. */
export function memory(bytes: number): string {
  const gi = bytes / 1024 ** 3;
  if (gi >= 1) return Number.isInteger(gi) ? `${gi}Gi` : `${gi.toFixed(1)}Gi`;
  return `${Math.round(bytes / 1024 ** 2)}Mi`;
}

/** `62%`. */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** `HH:MM:SS` of a date in the terminal's local time. */
export function clock(date: Date): string {
  const two = (n: number) => n.toString().padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** `HH:MM:SS` of an RFC 3339 time (local), or the text itself when it does not parse. */
export function timeOfDay(rfc3339: string): string {
  const ms = Date.parse(rfc3339);
  return Number.isNaN(ms) ? rfc3339 : clock(new Date(ms));
}

/** The fraction used/limit in [0, 1], or undefined without a limit. */
export function fractionOf(used: number, limit: number | undefined): number | undefined {
  if (limit === undefined || limit <= 0) return undefined;
  return Math.min(1, Math.max(0, used / limit));
}

/** `HH:MM` of an RFC 3339 time (local), or the text itself when it does not parse. */
export function hourMinute(rfc3339: string): string {
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) return rfc3339;
  const date = new Date(ms);
  return `${date.getHours().toString().padStart(2, '0')}:${date.getMinutes().toString().padStart(2, '0')}`;
}

/** What is left of a pool's budget: `2/3` (remaining of allowed, or just `2`), with ` until 17:00` when scheduled. */
export function budgetText(budget: { readonly nodes: number; readonly allowed?: number; readonly until?: string }): string {
  const left = budget.allowed === undefined ? String(budget.nodes) : `${budget.nodes}/${budget.allowed}`;
  return budget.until === undefined ? left : `${left} until ${hourMinute(budget.until)}`;
}
