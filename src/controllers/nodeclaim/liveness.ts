/**
 * Liveness of a NodeClaim (https://karpenter.sh/docs/concepts/nodeclaims/): a claim that has
 * not launched within 5 minutes, or whose Node has not registered within 15
 * minutes of launch, is deleted so its pods are planned again elsewhere.
 * Pure: returns the reason to delete, or undefined.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { NodeClaimConditions } from '../../apis/nodeclaim.js';
import { findCondition } from '../conditions.js';

/** Liveness timeouts. */
export interface LivenessOptions {
  /** @default 300000 (5 min) */
  launchTimeoutMs?: number;
  /** @default 900000 (15 min) */
  registrationTimeoutMs?: number;
}

/** `launch_timeout`, `registration_timeout`, or undefined while the claim is within its time. */
export function livenessViolation(
  claim: NodeClaim,
  nowMs: number,
  options: LivenessOptions = {},
): 'launch_timeout' | 'registration_timeout' | undefined {
  const created = Date.parse(claim.metadata.creationTimestamp ?? '');
  const launched = findCondition(claim.status?.conditions, NodeClaimConditions.launched);
  if (launched?.status !== 'True') {
    const since = Number.isNaN(created) ? Date.parse(launched?.lastTransitionTime ?? '') : created;
    return nowMs - since >= (options.launchTimeoutMs ?? 300_000) ? 'launch_timeout' : undefined;
  }
  const registered = findCondition(claim.status?.conditions, NodeClaimConditions.registered);
  if (registered?.status === 'True') return undefined;
  const launchedAt = Date.parse(launched.lastTransitionTime ?? '');
  return nowMs - launchedAt >= (options.registrationTimeoutMs ?? 900_000) ? 'registration_timeout' : undefined;
}
