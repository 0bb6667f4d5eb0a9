/** Status conditions (`metav1.Condition`) as immutable list updates. */
import type { Condition } from '../apis/object-meta.js';

/** The condition of `type`, if present. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

/** Is the condition of `type` present and True? */
export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/** RFC 3339 with seconds, as the API server writes `metav1.Time`. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Returns `conditions` with `type` set; `lastTransitionTime` moves only when
 * the status changes (Kubernetes convention). Messages are cut to 300 chars.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  update: { type: string; status: Condition['status']; reason: string; message?: string },
  nowMs: number,
): Condition[] {
  const existing = findCondition(conditions, update.type);
  const next: Condition = {
    type: update.type,
    status: update.status,
    reason: update.reason,
    message: (update.message ?? '').slice(0, 300),
    lastTransitionTime:
      existing !== undefined && existing.status === update.status && existing.lastTransitionTime
        ? existing.lastTransitionTime
        : formatTime(nowMs),
  };
  const others = (conditions ?? []).filter((condition) => condition.type !== update.type);
  return [...others, next].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** Returns `conditions` without the condition of `type` (upstream's `Clear`: the condition no longer applies). */
export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((condition) => condition.type !== type);
}
