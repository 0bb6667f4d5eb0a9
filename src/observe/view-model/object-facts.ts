/** Small readings of Kubernetes objects the view's builders share: ages, conditions, labels, instance ids, usage. Pure. */
import type { Usage } from './view-model.js';

/** A condition as NodeClaims, NodePools, Nodes and NodeClasses carry them. */
export interface ConditionLike {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

/** Milliseconds since the epoch of an RFC 3339 time; undefined when missing or unreadable. */
export function timeMs(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whole seconds from `fromMs` to `nowMs`, never negative; 0 when `fromMs` is unknown. */
export function secondsSince(fromMs: number | undefined, nowMs: number): number {
  if (fromMs === undefined) return 0;
  return Math.max(0, Math.floor((nowMs - fromMs) / 1000));
}

/** The condition of `type`, if any. */
export function conditionOf(conditions: readonly ConditionLike[] | undefined, type: string): ConditionLike | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/** Whether the condition of `type` is `True`. */
export function isConditionTrue(conditions: readonly ConditionLike[] | undefined, type: string): boolean {
  return conditionOf(conditions, type)?.status === 'True';
}

/** The first line of a message, trimmed (`error` when empty). */
export function firstLine(text: string | undefined, fallback = 'error'): string {
  const line = (text ?? '').split('\n', 1)[0].trim();
  return line === '' ? fallback : line;
}

/** The first 7 characters of a revision. */
export function shortRevision(revision: string | undefined): string | undefined {
  return revision === undefined || revision === '' ? undefined : revision.slice(0, 7);
}

/** The EC2 instance id (`i-…`) at the end of a provider id (`aws:///us-east-1a/i-0abc`). */
export function instanceIdOf(providerID: string | undefined): string | undefined {
  if (providerID === undefined) return undefined;
  const last = providerID.slice(providerID.lastIndexOf('/') + 1);
  return last === '' ? undefined : last;
}

/** `spot`, `on-demand` or `reserved`; undefined for anything else. */
export function capacityTypeOf(value: string | undefined): 'spot' | 'on-demand' | 'reserved' | undefined {
  return value === 'spot' || value === 'on-demand' || value === 'reserved' ? value : undefined;
}

/** Whole seconds since a time in ms (undefined → 0), as one build computes every age. */
export type AgeOf = (fromMs: number | undefined) => number;

/** How ages are computed: `exact` seconds, or `display` (see {@link displayResolution}). */
export type AgeMode = 'exact' | 'display';

/**
 * The step kubectl's `HumanDuration` shows an age in: seconds below 10 minutes (`9m59s`), minutes below 8 hours
 * (`7h59m`), hours below 8 days (`7d23h`), days after that.
 */
export function displayResolution(seconds: number): number {
  if (seconds < 600) return 1;
  if (seconds < 8 * 3600) return 60;
  if (seconds < 8 * 86_400) return 3600;
  return 86_400;
}

/** The ages of one build at `nowMs`: exact, or rounded down to {@link displayResolution}. */
export function agesAt(nowMs: number, mode: AgeMode): AgeOf {
  if (mode === 'exact') return (fromMs) => secondsSince(fromMs, nowMs);
  return (fromMs) => {
    const seconds = secondsSince(fromMs, nowMs);
    const step = displayResolution(seconds);
    return seconds - (seconds % step);
  };
}

/** A resource used against a limit, the limit left out when there is none (rows stay plain JSON: no `undefined`). */
export function usage(used: number, limit: number | undefined): Usage {
  return limit === undefined ? { used } : { used, limit };
}
