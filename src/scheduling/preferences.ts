/**
 * Preference relaxation (https://karpenter.sh/docs/concepts/scheduling/): a pod is first tried
 * with its preferences treated as required; after each failure one step is
 * relaxed, in upstream's order, until nothing is left to relax.
 */
import type { Toleration } from '../apis/core-v1.js';
import type { PodInfo } from './pod-info.js';
import type { Requirements } from './requirements.js';
import { TolerateAllPreferNoSchedule } from './taints.js';
import type { TopologyGroup } from './topology/topology-group.js';
import type { PodTopology } from './topology/topology.js';

/** `Respect` treats preferences as required until relaxed; `Ignore` drops them from the start. */
export type PreferencePolicy = 'Respect' | 'Ignore';

/** How far one pod's constraints are relaxed in the current attempt. */
export interface Attempt {
  /** Which required node-affinity term (OR) is in use. */
  readonly termIndex: number;
  readonly droppedPodAffinity: number;
  readonly droppedPodAntiAffinity: number;
  readonly droppedNodePreferences: number;
  readonly droppedSoftSpreads: number;
  readonly tolerateSoftTaints: boolean;
}

/** The first attempt under `policy`. */
export function firstAttempt(pod: PodInfo, policy: PreferencePolicy): Attempt {
  if (policy === 'Respect') {
    return {
      termIndex: 0,
      droppedPodAffinity: 0,
      droppedPodAntiAffinity: 0,
      droppedNodePreferences: 0,
      droppedSoftSpreads: 0,
      tolerateSoftTaints: false,
    };
  }
  return {
    termIndex: 0,
    droppedPodAffinity: pod.preferredPodAffinity.length,
    droppedPodAntiAffinity: pod.preferredPodAntiAffinity.length,
    droppedNodePreferences: pod.preferredTerms.length,
    droppedSoftSpreads: pod.spreads.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway').length,
    tolerateSoftTaints: false,
  };
}

/** The next, more relaxed attempt, or undefined when nothing is left to relax. */
export function relax(pod: PodInfo, attempt: Attempt, softTaintsExist: boolean): Attempt | undefined {
  if (pod.requiredTerms.length - attempt.termIndex > 1) return { ...attempt, termIndex: attempt.termIndex + 1 };
  if (attempt.droppedPodAffinity < pod.preferredPodAffinity.length)
    return { ...attempt, droppedPodAffinity: attempt.droppedPodAffinity + 1 };
  if (attempt.droppedPodAntiAffinity < pod.preferredPodAntiAffinity.length)
    return { ...attempt, droppedPodAntiAffinity: attempt.droppedPodAntiAffinity + 1 };
  if (attempt.droppedNodePreferences < pod.preferredTerms.length)
    return { ...attempt, droppedNodePreferences: attempt.droppedNodePreferences + 1 };
  const soft = pod.spreads.filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway').length;
  if (attempt.droppedSoftSpreads < soft) return { ...attempt, droppedSoftSpreads: attempt.droppedSoftSpreads + 1 };
  if (softTaintsExist && !attempt.tolerateSoftTaints) return { ...attempt, tolerateSoftTaints: true };
  return undefined;
}

/** The node requirements of `pod` in `attempt`: nodeSelector ∩ the current required term ∩ the heaviest remaining preference. */
export function attemptRequirements(pod: PodInfo, attempt: Attempt): Requirements {
  let reqs = pod.nodeSelector;
  const term = pod.requiredTerms[attempt.termIndex];
  if (term !== undefined) reqs = reqs.intersect(term);
  const preferred = pod.preferredTerms[attempt.droppedNodePreferences];
  if (preferred !== undefined) reqs = reqs.intersect(preferred);
  return reqs;
}

/** The pod's tolerations in `attempt` (plus the PreferNoSchedule wildcard once relaxed that far). */
export function attemptTolerations(pod: PodInfo, attempt: Attempt): readonly Toleration[] {
  return attempt.tolerateSoftTaints ? [...pod.tolerations, TolerateAllPreferNoSchedule] : pod.tolerations;
}

/** The topology groups the pod must satisfy in `attempt`, in check order (spreads last: they collapse a key to one domain). */
export function attemptGroups(topology: PodTopology, attempt: Attempt): TopologyGroup[] {
  return [
    ...topology.affinity,
    ...topology.preferredAffinity.slice(attempt.droppedPodAffinity),
    ...topology.antiAffinity,
    ...topology.preferredAntiAffinity.slice(attempt.droppedPodAntiAffinity),
    ...topology.repelledBy,
    ...topology.spreads,
    ...topology.softSpreads.slice(attempt.droppedSoftSpreads),
  ];
}
