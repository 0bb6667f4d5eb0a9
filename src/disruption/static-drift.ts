/**
 * The StaticDrift method (karpenter-semantics.md §4.2, §10.3): upstream replaces drifted nodes of static NodePools
 * (`spec.replicas`) one for one. karpd does not manage static pools (the provisioner and the solver leave them
 * out, nothing keeps their replica count), so this method never returns a command; it only says, for each drifted
 * node of a static pool, why it is left alone. It exists so the loop runs upstream's method list as it is.
 */
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import { hasTrueCondition } from './candidates.js';
import { verdictOf } from './consolidation.js';
import type { Candidate, MethodResult } from './types.js';

/** One run of StaticDrift: no commands, a `policy` verdict for every drifted node of a static pool. */
export function staticDrift(candidates: readonly Candidate[]): MethodResult {
  const verdicts = candidates
    .filter((c) => c.nodePool.spec.replicas !== undefined && hasTrueCondition(c.nodeClaim, NodeClaimConditions.drifted))
    .map((c) =>
      verdictOf(
        c,
        'static-drift',
        'policy',
        `NodePool ${c.nodePool.metadata.name ?? ''} is static (spec.replicas), which karpd does not manage: its drifted nodes are left alone`,
      ),
    );
  return { commands: [], verdicts, budgetConstrained: false };
}
