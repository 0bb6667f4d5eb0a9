/**
 * Which existing nodes a NodePool change would drift, and why
 * (https://karpenter.sh/docs/concepts/disruption/#drift): their pool is
 * removed, their pool's template hash changes (`src/apis/nodepool-hash.ts`,
 * which hashes a template as the API server stores it, so an omitted default
 * is no change), or their labels satisfied the old pool's requirements and no
 * longer satisfy the new ones (the same rule as the `Drifted` condition:
 * `src/disruption/requirements-drift.ts`). Only drift the change causes
 * counts. Pure.
 */
import type { DriftedNodeGroup, NodeDriftReason } from '../../apis/decision.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import { nodePoolHash } from '../../apis/nodepool-hash.js';
import { Labels } from '../../apis/well-known-labels.js';
import { requirementsDrift } from '../../disruption/requirements-drift.js';
import { Requirements } from '../../scheduling/requirements.js';

/** What drift compares of one pool: its template hash and its requirements. */
interface PoolDriftFacts {
  readonly hash: string;
  readonly requirements: Requirements;
}

function driftFacts(pools: readonly NodePool[]): Map<string, PoolDriftFacts> {
  const facts = new Map<string, PoolDriftFacts>();
  for (const pool of pools) {
    const name = pool.metadata.name;
    if (name === undefined) continue;
    facts.set(name, {
      hash: nodePoolHash(pool),
      requirements: Requirements.from(pool.spec.template.spec.requirements),
    });
  }
  return facts;
}

/** Why `claim` would drift when its pool goes from `before` to `after`, or undefined when it would not. */
function driftReason(claim: NodeClaim, before: PoolDriftFacts | undefined, after: PoolDriftFacts | undefined): NodeDriftReason | undefined {
  if (before === undefined) return undefined;
  if (after === undefined) return 'pool-removed';
  if (before.hash !== after.hash) return 'template-changed';
  const labels = claim.metadata.labels;
  if (requirementsDrift(labels, before.requirements) === undefined && requirementsDrift(labels, after.requirements) !== undefined)
    return 'requirements-changed';
  return undefined;
}

/** The inputs of {@link driftedNodeGroups}. */
export interface NodeDriftInput {
  /** The cluster's NodeClaims; those being deleted and those of no pool are left out. */
  readonly nodeClaims: readonly NodeClaim[];
  /** The NodePools before the change (live). */
  readonly before: readonly NodePool[];
  /** The NodePools after the change (desired). */
  readonly after: readonly NodePool[];
}

/** The NodeClaims the change would drift, counted per pool and reason, in pool then reason order. */
export function driftedNodeGroups(input: NodeDriftInput): DriftedNodeGroup[] {
  const before = driftFacts(input.before);
  const after = driftFacts(input.after);
  const counts = new Map<string, { nodePool: string; reason: NodeDriftReason; nodes: number }>();
  for (const claim of input.nodeClaims) {
    if (claim.metadata.deletionTimestamp !== undefined) continue;
    const pool = claim.metadata.labels?.[Labels.nodePool];
    if (pool === undefined) continue;
    const reason = driftReason(claim, before.get(pool), after.get(pool));
    if (reason === undefined) continue;
    const key = `${pool}\u0000${reason}`;
    const group = counts.get(key) ?? { nodePool: pool, reason, nodes: 0 };
    group.nodes++;
    counts.set(key, group);
  }
  return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
}
