/** The kind of a pod's controlling owner (`DaemonSet`, `Node` for mirror pods…), or its first owner's, or undefined. */
import type { Pod } from '../apis/core-v1.js';

export function ownerKind(pod: Pod): string | undefined {
  return pod.metadata.ownerReferences?.find((ref) => ref.controller)?.kind ?? pod.metadata.ownerReferences?.[0]?.kind;
}
