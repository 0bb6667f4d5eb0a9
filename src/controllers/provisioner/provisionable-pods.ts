/**
 * Which pods the provisioner plans for (https://karpenter.sh/docs/reference/settings/ (BATCH_IDLE_DURATION, BATCH_MAX_DURATION)):
 * kube-scheduler marked them Unschedulable, they are not bound or nominated,
 * and they are not DaemonSet or mirror pods. Pure.
 */
import type { Pod } from '../../apis/core-v1.js';
import { unreadablePodReason } from '../../apis/pod-readable.js';
import { ownerKind } from '../pod-owner.js';

/** Is the pod waiting for capacity that karpd should provide? */
export function isProvisionable(pod: Pod): boolean {
  if (pod.spec.nodeName !== undefined && pod.spec.nodeName !== '') return false;
  if (pod.metadata.deletionTimestamp !== undefined) return false;
  if (pod.status?.nominatedNodeName) return false;
  const kind = ownerKind(pod);
  if (kind === 'DaemonSet' || kind === 'Node') return false;
  const conditions = pod.status?.conditions;
  const scheduled = Array.isArray(conditions) ? conditions.find((condition) => condition?.type === 'PodScheduled') : undefined;
  return scheduled?.status === 'False' && scheduled.reason === 'Unschedulable';
}

/** Why a provisionable pod is ignored instead of planned (restricted keys in its selectors), or undefined. */
export function ignoredReason(pod: Pod): string | undefined {
  const unreadable = unreadablePodReason(pod);
  if (unreadable !== undefined) return `pod cannot be read (${unreadable}), karpd skips it`;
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  if (terms.some((term) => (term.matchFields ?? []).length > 0))
    return 'pod uses matchFields in its node affinity, which karpd cannot plan for';
  const keys = [...Object.keys(pod.spec.nodeSelector ?? {}), ...terms.flatMap((term) => (term.matchExpressions ?? []).map((e) => e.key))];
  if (keys.includes('kubernetes.io/hostname')) return 'pod selects a node by kubernetes.io/hostname, which no new node can have';
  const nodePoolRequirement = terms
    .flatMap((term) => term.matchExpressions ?? [])
    .find((e) => e.key === 'karpenter.sh/nodepool' && e.operator === 'DoesNotExist');
  if (nodePoolRequirement !== undefined) return 'pod asks for nodes outside any NodePool';
  return undefined;
}
