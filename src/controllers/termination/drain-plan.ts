/**
 * What draining a node means right now (https://karpenter.sh/docs/concepts/disruption/#termination-controller),
 * as a pure decision: which pods to evict in this pass (non-critical pods
 * first, system-critical ones once those are gone), which to delete because
 * the termination grace period is running out, and which we are still
 * waiting for. DaemonSet and mirror pods are left on the node, as
 * `kubectl drain --ignore-daemonsets` leaves them: their controller would put
 * them straight back, and they go with the node.
 */
import type { Pod, Toleration } from '../../apis/core-v1.js';
import { Annotations, Taints } from '../../apis/well-known-labels.js';
import { ownerKind } from '../pod-owner.js';

const CRITICAL_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);
const STUCK_TERMINATING_MS = 60_000;

/** The drain decision for one node. */
export interface DrainPlan {
  /** Pods to evict now through the eviction API (PDBs apply). */
  readonly evict: readonly Pod[];
  /** Pods to delete now with the given grace, because the node's deadline is near (bypasses PDBs). */
  readonly forceDelete: ReadonlyArray<{ pod: Pod; graceSeconds: number }>;
  /** Pods that keep the node from being drained (including do-not-disrupt ones we will not evict). */
  readonly waitingFor: readonly Pod[];
  /** True when no pod needs to leave any more. */
  readonly drained: boolean;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function toleratesDisrupted(tolerations: readonly Toleration[] | undefined): boolean {
  return (tolerations ?? []).some(
    (t) =>
      (t.operator === 'Exists' &&
        (t.key === undefined || t.key === '' || t.key === Taints.disrupted.key) &&
        (t.effect === undefined || t.effect === '' || t.effect === 'NoSchedule')) ||
      (t.key === Taints.disrupted.key && (t.effect === undefined || t.effect === '' || t.effect === 'NoSchedule')),
  );
}

/** Does this pod have to leave before the node can go? */
export function isWaitingEviction(pod: Pod, nowMs: number): boolean {
  const owner = ownerKind(pod);
  if (isTerminal(pod) || owner === 'Node' || owner === 'DaemonSet') return false;
  if (toleratesDisrupted(pod.spec.tolerations)) return false;
  const deleting = pod.metadata.deletionTimestamp;
  if (deleting !== undefined && nowMs - Date.parse(deleting) > STUCK_TERMINATING_MS) return false;
  return true;
}

function priorityGroup(pod: Pod): number {
  return CRITICAL_CLASSES.has(pod.spec.priorityClassName ?? '') ? 1 : 0;
}

/** Plans one drain pass over the pods bound to a node; `deadlineMs` is the node's termination deadline, if any. */
export function planDrain(pods: readonly Pod[], nowMs: number, deadlineMs?: number): DrainPlan {
  const waiting = pods.filter((pod) => isWaitingEviction(pod, nowMs));
  if (waiting.length === 0) return { evict: [], forceDelete: [], waitingFor: [], drained: true };
  const forceDelete: Array<{ pod: Pod; graceSeconds: number }> = [];
  if (deadlineMs !== undefined) {
    for (const pod of waiting) {
      const grace = (pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
      if (nowMs >= deadlineMs - grace) forceDelete.push({ pod, graceSeconds: Math.max(0, Math.floor((deadlineMs - nowMs) / 1000)) });
    }
  }
  const forced = new Set(forceDelete.map((entry) => entry.pod));
  const lowest = Math.min(...waiting.map(priorityGroup));
  const evict = waiting.filter(
    (pod) =>
      !forced.has(pod) &&
      priorityGroup(pod) === lowest &&
      pod.metadata.deletionTimestamp === undefined &&
      pod.metadata.annotations?.[Annotations.doNotDisrupt] !== 'true',
  );
  return { evict, forceDelete, waitingFor: waiting, drained: false };
}
