/**
 * What a pod asks of a node, as the cluster-autoscaler model and the lower bound match it: its nodeSelector
 * intersected with each required node-affinity term (the terms are ORed), its tolerations, and its effective
 * requests (`podRequests`, Kubernetes' rule) with the implicit one pod slot. Preferred affinity and ScheduleAnyway
 * spreads are ignored, as kube-scheduler may ignore them too (karpenter-semantics.md §7.4: CA lets kube-scheduler bind).
 */
import type { NodeSelectorRequirement, Pod, Taint } from '../../apis/core-v1.js';
import { Annotations } from '../../apis/well-known-labels.js';
import { type Check, OK, no } from '../../scheduling/check.js';
import { podRequests } from '../../scheduling/pod-requests.js';
import { Requirements } from '../../scheduling/requirements.js';
import type { Resources } from '../../scheduling/resources.js';
import { tolerates } from '../../scheduling/taints.js';

/** A pod's node constraints and requests, computed once. */
export interface PodConstraints {
  /** Alternatives (ORed): nodeSelector ∩ each required node-affinity term, or the nodeSelector alone. */
  readonly alternatives: readonly Requirements[];
  readonly tolerations: NonNullable<Pod['spec']['tolerations']>;
  /** Effective requests plus `pods: 1` (cpu in millicores, memory in bytes). */
  readonly requests: Resources;
  /** `karpenter.sh/do-not-disrupt: "true"`, read as cluster-autoscaler's `safe-to-evict: "false"`. */
  readonly doNotDisrupt: boolean;
}

/** Computes {@link PodConstraints} for one pod. */
export function podConstraints(pod: Pod): PodConstraints {
  const selector = Requirements.fromLabels(pod.spec.nodeSelector);
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  const alternatives =
    terms.length === 0
      ? [selector]
      : terms.map((term) => selector.intersect(Requirements.from((term.matchExpressions ?? []) as NodeSelectorRequirement[])));
  const requests = { ...podRequests(pod) };
  requests.pods = (requests.pods ?? 0) + 1;
  return {
    alternatives,
    tolerations: pod.spec.tolerations ?? [],
    requests,
    doNotDisrupt: pod.metadata.annotations?.[Annotations.doNotDisrupt] === 'true',
  };
}

/** Can a node with these labels (as requirements) and taints take the pod, resources aside? The reason says why not. */
export function admits(node: { readonly requirements: Requirements; readonly taints: readonly Taint[] }, pod: PodConstraints): Check {
  const hard = node.taints.filter((taint) => taint.effect !== 'PreferNoSchedule');
  const toleration = tolerates(pod.tolerations, hard);
  if (!toleration.ok) return toleration;
  let reason = '';
  for (const alternative of pod.alternatives) {
    const check = node.requirements.compatible(alternative);
    if (check.ok) return OK;
    reason = check.reason;
  }
  return no(reason);
}

/** A stable key of what {@link admits} and a resource fit read, so results can be memoised per pod shape. */
export function constraintKey(pod: Pod): string {
  return JSON.stringify([
    pod.spec.nodeSelector ?? null,
    pod.spec.tolerations ?? null,
    pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null,
    podRequests(pod),
  ]);
}
