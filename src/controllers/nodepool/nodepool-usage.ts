/**
 * NodePool status values (https://karpenter.sh/docs/concepts/nodepools/ (status)), as a pure function of
 * a snapshot: resources = summed capacity of the pool's NodeClaims not being
 * deleted (always with the five base keys), node count, and the Ready
 * condition from NodeClass readiness and validation.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import { Labels } from '../../apis/well-known-labels.js';
import { add, fromResourceList, toResourceList, type Resources } from '../../scheduling/resources.js';
import { isConditionTrue } from '../conditions.js';

const BASE = { cpu: 0, memory: 0, pods: 0, 'ephemeral-storage': 0, nodes: 0 };

/** Capacity in use by a pool, counting only claims that are not being deleted. */
export function nodePoolUsage(pool: NodePool, claims: readonly NodeClaim[]): Resources {
  const name = pool.metadata.name;
  const mine = claims.filter(
    (claim) => claim.metadata.labels?.[Labels.nodePool] === name && claim.metadata.deletionTimestamp === undefined,
  );
  return add(BASE, ...mine.map((claim) => ({ ...fromResourceList(claim.status?.capacity), nodes: 1 })));
}

/** Why the pool's NodeClass is not ready, or undefined when it is. */
export function nodeClassProblem(pool: NodePool, nodeClasses: readonly EC2NodeClass[]): string | undefined {
  const ref = pool.spec.template.spec.nodeClassRef;
  const nodeClass = nodeClasses.find((nc) => nc.metadata.name === ref.name && nc.kind === ref.kind);
  if (nodeClass === undefined) return `${ref.kind} ${ref.name} not found`;
  if (!isConditionTrue(nodeClass.status?.conditions, 'Ready')) return `${ref.kind} ${ref.name} is not ready`;
  return undefined;
}

/** The status the pool should have. */
export function desiredNodePoolStatus(pool: NodePool, claims: readonly NodeClaim[], nodeClasses: readonly EC2NodeClass[]) {
  const usage = nodePoolUsage(pool, claims);
  const problem = nodeClassProblem(pool, nodeClasses);
  return {
    resources: toResourceList(usage),
    nodes: usage.nodes,
    nodeClassReady:
      problem === undefined
        ? ({ status: 'True', reason: 'Ready' } as const)
        : ({ status: 'False', reason: 'NodeClassNotReady', message: problem } as const),
  };
}
