/**
 * Taints and tolerations as kube-scheduler matches them. Karpenter (and so
 * karpd) requires every taint — PreferNoSchedule included — to be tolerated;
 * preference relaxation later adds a PreferNoSchedule toleration
 * (https://karpenter.sh/docs/concepts/scheduling/).
 */
import type { Taint, Toleration } from '../apis/core-v1.js';
import { type Check, OK, no } from './check.js';

/** `key=value:Effect` (or `key:Effect` without a value), as people write taints. */
export function formatTaint(taint: Taint): string {
  const value = taint.value === undefined || taint.value === '' ? '' : `=${taint.value}`;
  return `${taint.key}${value}:${taint.effect}`;
}

/** Does one toleration tolerate one taint (Kubernetes `ToleratesTaint`)? */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  const operator = toleration.operator ?? 'Equal';
  if (toleration.key === undefined || toleration.key === '') return operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  if (operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** The taints no toleration tolerates, in the order given. */
export function untoleratedTaints(tolerations: readonly Toleration[] | undefined, taints: readonly Taint[] | undefined): Taint[] {
  const out: Taint[] = [];
  for (const taint of taints ?? []) {
    if (!(tolerations ?? []).some((t) => toleratesTaint(t, taint))) out.push(taint);
  }
  return out;
}

/** Do `tolerations` tolerate every taint? The reason names the first taint that is not tolerated. */
export function tolerates(tolerations: readonly Toleration[] | undefined, taints: readonly Taint[] | undefined): Check {
  if (taints === undefined || taints.length === 0) return OK;
  const missing = untoleratedTaints(tolerations, taints);
  if (missing.length === 0) return OK;
  return no(`did not tolerate taint ${missing.map(formatTaint).join(', ')}`);
}

/** The toleration relaxation adds: tolerate every PreferNoSchedule taint. */
export const TolerateAllPreferNoSchedule: Toleration = Object.freeze({ operator: 'Exists', effect: 'PreferNoSchedule' });
