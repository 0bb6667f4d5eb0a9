/**
 * Forceful disruption in the {@link DisruptionReport} (karpenter-semantics.md §4.1, §4.12): expiration and
 * interruption are not in the disruption loop — their controllers simply delete the NodeClaim — so the disruption
 * controller holds no command for them. To show such a claim as Disrupting with why, the deleting controller first
 * annotates it ({@link forcefulDisruptionAnnotations}: karpd's own keys; upstream has no field for it, and its
 * `DisruptionReason` condition is for graceful commands only) and the report reads every deleting claim that
 * carries the annotation ({@link forcefulDisrupting}). Annotations, not a status condition: a merge patch of
 * metadata cannot race the lifecycle controller's status writes, and it survives a restart of karpd. Pure.
 */
import type { NodeClaim } from '../apis/nodeclaim.js';
import { Labels } from '../apis/well-known-labels.js';
import type { DisruptingClaim } from './report.js';

/** The annotations a forceful deletion leaves on the NodeClaim. */
export const ForcefulDisruptionAnnotations = {
  /** `Expired` or `Interrupted`. */
  reason: 'karpd.dev/disruption-reason',
  /** What happened, for a person: `expired: older than expireAfter 720h by 3m`, `spot interrupted`. */
  detail: 'karpd.dev/disruption-detail',
} as const;

/** The reasons of forceful disruption the report names. */
export type ForcefulReason = 'Expired' | 'Interrupted';

const METHOD_OF: Readonly<Record<ForcefulReason, 'expiration' | 'interruption'>> = {
  Expired: 'expiration',
  Interrupted: 'interruption',
};

/** At most this many characters of detail are written (an annotation is no place for a long text). */
const MAX_DETAIL = 256;

/** The annotations to merge into a NodeClaim just before the expiration or interruption controller deletes it. */
export function forcefulDisruptionAnnotations(reason: ForcefulReason, detail: string): Record<string, string> {
  return {
    [ForcefulDisruptionAnnotations.reason]: reason,
    [ForcefulDisruptionAnnotations.detail]: detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL - 1)}…` : detail,
  };
}

function forcefulReasonOf(claim: NodeClaim): ForcefulReason | undefined {
  const value = claim.metadata.annotations?.[ForcefulDisruptionAnnotations.reason];
  return value === 'Expired' || value === 'Interrupted' ? value : undefined;
}

/**
 * The claims being deleted by expiration or interruption (deleting, and annotated so), phase `draining`, in name
 * order; `except` names claims a graceful command already reports. `nowIso` is the `since` of a claim whose
 * deletion time is unknown.
 */
export function forcefulDisrupting(nodeClaims: readonly NodeClaim[], except: ReadonlySet<string>, nowIso: string): DisruptingClaim[] {
  const disrupting: DisruptingClaim[] = [];
  for (const claim of nodeClaims) {
    const name = claim.metadata.name ?? '';
    const reason = forcefulReasonOf(claim);
    if (reason === undefined || claim.metadata.deletionTimestamp === undefined || except.has(name)) continue;
    const node = claim.status?.nodeName;
    const detail = claim.metadata.annotations?.[ForcefulDisruptionAnnotations.detail];
    disrupting.push({
      nodeClaim: name,
      ...(node !== undefined && node !== '' ? { node } : {}),
      nodePool: claim.metadata.labels?.[Labels.nodePool] ?? '',
      method: METHOD_OF[reason],
      reason,
      phase: 'draining',
      summary: detail !== undefined && detail !== '' ? detail : reason === 'Expired' ? 'expired' : 'interrupted',
      since: claim.metadata.deletionTimestamp || nowIso,
    });
  }
  return disrupting.sort((a, b) => a.nodeClaim.localeCompare(b.nodeClaim));
}
