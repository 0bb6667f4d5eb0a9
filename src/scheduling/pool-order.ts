/**
 * The order the provisioner tries NodePools in (karpenter-semantics.md §3: heavier `spec.weight` first), ties
 * broken by name descending. The scheduler, the disruption simulation, the provisioner and the replay's lower bound
 * all order pools with it, so "the pool a pod goes to" means the same everywhere. Pure.
 */
import type { NodePool } from '../apis/nodepool.js';

/** Weight descending, then name descending. */
export function comparePoolOrder(
  a: { readonly weight: number; readonly name: string },
  b: { readonly weight: number; readonly name: string },
): number {
  if (a.weight !== b.weight) return b.weight - a.weight;
  return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
}

/** {@link comparePoolOrder} over NodePool objects (an absent weight is 0). */
export function compareNodePools(a: NodePool, b: NodePool): number {
  return comparePoolOrder(
    { weight: a.spec.weight ?? 0, name: a.metadata.name ?? '' },
    { weight: b.spec.weight ?? 0, name: b.metadata.name ?? '' },
  );
}
