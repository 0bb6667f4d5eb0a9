/**
 * A NodeClaim's lifecycle state as the dashboard names it, from the claim, its node and the disruption report:
 * Disrupting (a disruption command holds it: in the report's `disrupting`, even while it drains) → Terminating
 * (being deleted otherwise) → Disrupting (node tainted `karpenter.sh/disrupted`) → Drifted (its `Drifted`
 * condition is True, karpenter-semantics.md §4.4) → the furthest of Initialized/Registered/Launched that is True →
 * Failed (Launched=False with a reason) → Pending. Pure.
 */
import type { Node } from '../../apis/core-v1.js';
import { NodeClaimConditions, type NodeClaim } from '../../apis/nodeclaim.js';
import { Taints } from '../../apis/well-known-labels.js';
import { conditionOf, isConditionTrue } from './object-facts.js';
import type { NodeClaimState } from './view-model.js';

/** Whether the claim counts as launched (its instance exists: Launched=True). */
export function isLaunched(claim: NodeClaim): boolean {
  return isConditionTrue(claim.status?.conditions, NodeClaimConditions.launched);
}

/** The claim's state (see the module comment for the order); `disrupting`: the report names it as being disrupted. */
export function nodeClaimState(claim: NodeClaim, node: Node | undefined, disrupting = false): NodeClaimState {
  if (disrupting) return 'Disrupting';
  if (claim.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (node?.spec.taints?.some((taint) => taint.key === Taints.disrupted.key) === true) return 'Disrupting';
  const conditions = claim.status?.conditions;
  if (isConditionTrue(conditions, NodeClaimConditions.drifted)) return 'Drifted';
  if (isConditionTrue(conditions, NodeClaimConditions.initialized)) return 'Initialized';
  if (isConditionTrue(conditions, NodeClaimConditions.registered)) return 'Registered';
  const launched = conditionOf(conditions, NodeClaimConditions.launched);
  if (launched?.status === 'True') return 'Launched';
  if (launched?.status === 'False' && launched.reason !== undefined && launched.reason !== '') return 'Failed';
  return 'Pending';
}
