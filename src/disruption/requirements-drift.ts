/**
 * Requirement drift (karpenter-semantics.md §5, step 2): a node has drifted from its NodePool when its labels, read
 * as `In` requirements, are no longer compatible with the pool's current requirements. Widening a requirement never
 * drifts; narrowing it so the node's value is excluded does; a requirement on a custom key the node does not carry
 * drifts unless it only excludes (`NotIn`, `DoesNotExist`); a well-known key the node lacks never drifts (the
 * provider fills those in). The one rule both the NodeClaim `Drifted` condition (drift-detection.ts) and the GitOps
 * what-if (gitops/diff/node-drift.ts) apply. Pure.
 */
import { AllowUndefinedWellKnownLabels } from '../scheduling/label-keys.js';
import type { Requirement } from '../scheduling/requirement.js';
import { Requirements } from '../scheduling/requirements.js';

/** Why one pool requirement excludes a node with `labels` (`undefined` when it admits it). */
function violation(node: Requirements, requirement: Requirement): string | undefined {
  const key = requirement.key;
  const label = node.find(key);
  if (label === undefined) {
    if (AllowUndefinedWellKnownLabels.has(key) || requirement.isNegative()) return undefined;
    return `requirement ${requirement.toString()} needs label ${key}, which the node does not have`;
  }
  if (label.intersects(requirement)) return undefined;
  const value = label.values[0] ?? '';
  if (requirement.operator === 'DoesNotExist') return `requirement ${key} DoesNotExist, but the node has ${key}=${value}`;
  return `requirement ${key} no longer allows ${value}`;
}

/**
 * Why a node with `labels` has drifted from `requirements` (its NodePool's current ones), one clause per violated
 * requirement joined with `; `, or `undefined` when they are compatible.
 *
 * @example requirementsDrift({ 'node.kubernetes.io/instance-type': 'm5.large' }, Requirements.from(pool.spec.template.spec.requirements))
 *   // 'requirement node.kubernetes.io/instance-type no longer allows m5.large'
 */
export function requirementsDrift(labels: Readonly<Record<string, string>> | undefined, requirements: Requirements): string | undefined {
  const node = Requirements.fromLabels(labels);
  if (node.compatible(requirements).ok) return undefined;
  const clauses = requirements
    .values()
    .map((requirement) => violation(node, requirement))
    .filter((clause): clause is string => clause !== undefined);
  return clauses.length > 0 ? clauses.join('; ') : 'labels no longer match the NodePool requirements';
}
