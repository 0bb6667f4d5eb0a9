/**
 * The kinds karpd applies from Git and the order they are written in:
 * EC2NodeClasses before the NodePools that reference them, and the reverse
 * when pruning (a NodePool goes before the EC2NodeClass it uses).
 */
import type { ObjectRef } from '../diff/object-comparison.js';
import type { ResourceKind } from '../../kube/resource-kinds.js';
import { Kinds } from '../../kube/resource-kinds.js';
import { NotApplicableError } from './apply-errors.js';

/** The kinds applied from Git, in apply order. */
export const APPLICABLE_KINDS: readonly ResourceKind[] = [Kinds.ec2NodeClass, Kinds.nodePool];

/** The kind of an object from Git by apiVersion and kind; throws {@link NotApplicableError} for anything else. */
export function applicableKind(object: { apiVersion: string; kind: string; metadata: { name?: string } }): ResourceKind {
  const kind = APPLICABLE_KINDS.find((candidate) => candidate.apiVersion === object.apiVersion && candidate.kind === object.kind);
  if (kind === undefined) throw new NotApplicableError(object.apiVersion, object.kind, object.metadata.name ?? '');
  return kind;
}

/** The kind of a reference by kind name (prune refs carry no apiVersion); throws {@link NotApplicableError} for anything else. */
export function applicableKindOf(ref: ObjectRef): ResourceKind {
  const kind = APPLICABLE_KINDS.find((candidate) => candidate.kind === ref.kind);
  if (kind === undefined) throw new NotApplicableError('(any)', ref.kind, ref.name);
  return kind;
}

/** `items` sorted stably by the apply order of their kinds (`reverse` for pruning). */
export function inApplyOrder<T>(items: readonly T[], kindOf: (item: T) => ResourceKind, reverse = false): T[] {
  const rank = (item: T): number => {
    const index = APPLICABLE_KINDS.indexOf(kindOf(item));
    return reverse ? -index : index;
  };
  return items
    .map((item, position) => ({ item, position, rank: rank(item) }))
    .sort((a, b) => a.rank - b.rank || a.position - b.position)
    .map((entry) => entry.item);
}
