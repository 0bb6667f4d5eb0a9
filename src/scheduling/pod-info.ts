/**
 * Everything the solver needs to know about one pending pod, computed once per
 * solve (docs/design/control-plane.md and the notes in this file: precompute per-pod requests and
 * requirements): its request vector, node requirements per node-affinity
 * term, preferences in relaxation order, tolerations and host ports.
 */
import type { NodeSelectorTerm, Pod, PodAffinityTerm, Toleration, TopologySpreadConstraint } from '../apis/core-v1.js';
import type { NodeSelectorRequirement } from '../apis/core-v1.js';
import { podRequests } from './pod-requests.js';
import { Requirements } from './requirements.js';
import type { ResourceIndex, Vector } from './resource-vector.js';

/** `namespace/name`: how results refer to a pod. */
export type PodKey = string;

/** The key results use for `pod`. */
export function podKey(pod: Pod): PodKey {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

/** One pending pod, preprocessed. */
export interface PodInfo {
  readonly pod: Pod;
  readonly key: PodKey;
  /** Position in the input list (ties in the queue order fall back to it). */
  readonly index: number;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Effective requests plus the implicit `pods: 1`. */
  readonly requests: Vector;
  readonly tolerations: readonly Toleration[];
  /** `nodeSelector` as `In` requirements. */
  readonly nodeSelector: Requirements;
  /** Required node-affinity terms (OR); empty when the pod has none. */
  readonly requiredTerms: readonly Requirements[];
  /** Preferred node-affinity terms, heaviest first. */
  readonly preferredTerms: readonly Requirements[];
  readonly podAffinity: readonly PodAffinityTerm[];
  /** Preferred pod-affinity terms, heaviest first. */
  readonly preferredPodAffinity: readonly PodAffinityTerm[];
  readonly podAntiAffinity: readonly PodAffinityTerm[];
  /** Preferred pod-anti-affinity terms, heaviest first. */
  readonly preferredPodAntiAffinity: readonly PodAffinityTerm[];
  /** Topology spread constraints; ScheduleAnyway ones are relaxable. */
  readonly spreads: readonly TopologySpreadConstraint[];
  /** `hostIP/protocol/port` of every host port the pod binds. */
  readonly hostPorts: readonly string[];
  /** nodeSelector ∩ first required term: the requirements a spread's node filter honours. */
  readonly strictRequirements: Requirements;
}

function termRequirements(term: NodeSelectorTerm): Requirements {
  return Requirements.from((term.matchExpressions ?? []) as NodeSelectorRequirement[]);
}

function byWeight<T extends { weight: number }>(terms: readonly T[] | undefined): T[] {
  return [...(terms ?? [])]
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.weight - a.t.weight || a.i - b.i)
    .map(({ t }) => t);
}

function hostPortsOf(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? []).filter((i) => i.restartPolicy === 'Always')]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort !== undefined && p.hostPort > 0) out.push(`${p.hostIP ?? '0.0.0.0'}/${p.protocol ?? 'TCP'}/${p.hostPort}`);
    }
  }
  return out;
}

/** Every (node-affinity term × volume alternative) pair, in order: volume topology narrows each term. */
function withVolumes(terms: Requirements[], volumes: readonly (readonly NodeSelectorRequirement[])[] | undefined): Requirements[] {
  if (volumes === undefined || volumes.length === 0) return terms;
  const alternatives = volumes.map((v) => Requirements.from(v));
  const base = terms.length > 0 ? terms : [new Requirements()];
  return base.flatMap((term) => alternatives.map((alt) => term.intersect(alt)));
}

/** Preprocesses one pod; `resources` must already know every resource name the pod requests. */
export function podInfo(
  pod: Pod,
  index: number,
  resources: ResourceIndex,
  effectiveRequests = podRequests(pod),
  volumes?: readonly (readonly NodeSelectorRequirement[])[],
): PodInfo {
  const affinity = pod.spec.affinity;
  const affinityTerms = (affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).map(
    termRequirements,
  );
  const requiredTerms = withVolumes(affinityTerms, volumes);
  const nodeSelector = Requirements.fromLabels(pod.spec.nodeSelector);
  const requests = resources.vector(effectiveRequests);
  requests[2] += 1;
  return {
    pod,
    key: podKey(pod),
    index,
    namespace: pod.metadata.namespace ?? 'default',
    labels: pod.metadata.labels ?? {},
    requests,
    tolerations: pod.spec.tolerations ?? [],
    nodeSelector,
    requiredTerms,
    preferredTerms: byWeight(affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map((t) =>
      termRequirements(t.preference),
    ),
    podAffinity: affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [],
    preferredPodAffinity: byWeight(affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map((t) => t.podAffinityTerm),
    podAntiAffinity: affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [],
    preferredPodAntiAffinity: byWeight(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map(
      (t) => t.podAffinityTerm,
    ),
    spreads: pod.spec.topologySpreadConstraints ?? [],
    hostPorts: hostPortsOf(pod),
    strictRequirements: affinityTerms.length > 0 ? nodeSelector.intersect(affinityTerms[0]) : nodeSelector,
  };
}

/** The queue order: CPU desc, memory desc, creation time asc, then UID / input position (first-fit decreasing). */
export function compareQueueOrder(a: PodInfo, b: PodInfo): number {
  if (a.requests[0] !== b.requests[0]) return b.requests[0] - a.requests[0];
  if (a.requests[1] !== b.requests[1]) return b.requests[1] - a.requests[1];
  const ta = a.pod.metadata.creationTimestamp ?? '';
  const tb = b.pod.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ua = a.pod.metadata.uid ?? '';
  const ub = b.pod.metadata.uid ?? '';
  if (ua !== ub) return ua < ub ? -1 : 1;
  return a.index - b.index;
}
