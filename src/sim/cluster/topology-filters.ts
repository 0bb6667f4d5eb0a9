/**
 * kube-scheduler's cross-node filters: PodTopologySpread (hard constraints
 * only, `whenUnsatisfiable: DoNotSchedule`) and InterPodAffinity (required
 * pod affinity and anti-affinity, both the incoming pod's and the existing
 * pods' anti-affinity), with kube-scheduler's reason texts. Counts and
 * domains are computed once per pod ({@link topologyFilter}), then each
 * candidate node is a lookup.
 */
import type { LabelSelector, Pod, PodAffinityTerm, TopologySpreadConstraint } from '../../apis/core-v1.js';
import { untoleratedTaints } from '../../scheduling/taints.js';
import type { FilterReasons } from './node-filters.js';
import type { NodeInfo } from './node-info.js';
import { matchesLabelSelector, matchesNodeAffinity } from './selectors.js';

/** Reason texts of the cross-node filters. */
export const TopologyReason = {
  spread: "node(s) didn't match pod topology spread constraints",
  spreadMissingLabel: "node(s) didn't match pod topology spread constraints (missing required label)",
  affinity: "node(s) didn't match pod affinity rules",
  antiAffinity: "node(s) didn't match pod anti-affinity rules",
  existingAntiAffinity: "node(s) didn't satisfy existing pods anti-affinity rules",
} as const;

/** A placed pod that declares required anti-affinity, with the node it is on. */
export interface AntiAffinityHolder {
  readonly pod: Pod;
  readonly info: NodeInfo;
}

/** Does the pod declare required pod anti-affinity (so later pods must check it)? */
export function hasRequiredAntiAffinity(pod: Pod): boolean {
  return (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0;
}

function withMatchLabelKeys(selector: LabelSelector | undefined, keys: readonly string[] | undefined, pod: Pod): LabelSelector | undefined {
  if (selector === undefined || keys === undefined || keys.length === 0) return selector;
  const labels = pod.metadata.labels ?? {};
  const matchLabels = { ...(selector.matchLabels ?? {}) };
  for (const key of keys) if (key in labels) matchLabels[key] = labels[key];
  return { ...selector, matchLabels };
}

function isCounted(pod: Pod): boolean {
  return pod.metadata.deletionTimestamp === undefined;
}

function spreadEligible(pod: Pod, constraint: TopologySpreadConstraint, info: NodeInfo): boolean {
  if (info.labels[constraint.topologyKey] === undefined) return false;
  if ((constraint.nodeAffinityPolicy ?? 'Honor') === 'Honor' && !matchesNodeAffinity(pod, info.node)) return false;
  if (constraint.nodeTaintsPolicy === 'Honor') {
    const hard = (info.node.spec.taints ?? []).filter((t) => t.effect !== 'PreferNoSchedule');
    if (untoleratedTaints(pod.spec.tolerations, hard).length > 0) return false;
  }
  return true;
}

type CandidateCheck = (candidate: NodeInfo) => FilterReasons;

function spreadCheck(pod: Pod, constraint: TopologySpreadConstraint, infos: readonly NodeInfo[]): CandidateCheck {
  const selector = withMatchLabelKeys(constraint.labelSelector, constraint.matchLabelKeys, pod);
  const namespace = pod.metadata.namespace ?? 'default';
  const counts = new Map<string, number>();
  for (const info of infos) {
    if (!spreadEligible(pod, constraint, info)) continue;
    const matching = info.pods.filter(
      (p) => isCounted(p) && (p.metadata.namespace ?? 'default') === namespace && matchesLabelSelector(selector, p.metadata.labels),
    ).length;
    const value = info.labels[constraint.topologyKey];
    counts.set(value, (counts.get(value) ?? 0) + matching);
  }
  const self = matchesLabelSelector(selector, pod.metadata.labels) ? 1 : 0;
  let baseMin = Infinity;
  for (const count of counts.values()) baseMin = Math.min(baseMin, count);
  return (candidate) => {
    const domain = candidate.labels[constraint.topologyKey];
    if (domain === undefined) return [TopologyReason.spreadMissingLabel];
    const known = counts.has(domain);
    const domainCount = known ? counts.size : counts.size + 1;
    const min = domainCount < (constraint.minDomains ?? 1) || !known ? 0 : baseMin;
    return (counts.get(domain) ?? 0) + self - min > constraint.maxSkew ? [TopologyReason.spread] : [];
  };
}

function termNamespaces(term: PodAffinityTerm, owner: Pod): (namespace: string) => boolean {
  const selector = term.namespaceSelector;
  if (selector !== undefined && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)
    return () => true;
  const names = term.namespaces !== undefined && term.namespaces.length > 0 ? term.namespaces : [owner.metadata.namespace ?? 'default'];
  return (namespace) => names.includes(namespace);
}

/** Does `term` (declared by `owner`) select `pod`? */
function termSelects(term: PodAffinityTerm, owner: Pod, pod: Pod): boolean {
  const selector = withMatchLabelKeys(term.labelSelector, term.matchLabelKeys, owner);
  return termNamespaces(term, owner)(pod.metadata.namespace ?? 'default') && matchesLabelSelector(selector, pod.metadata.labels);
}

/** The topology domains (label values) holding a pod that `term` selects. */
function domainsOf(term: PodAffinityTerm, owner: Pod, infos: readonly NodeInfo[]): Set<string> {
  const domains = new Set<string>();
  for (const info of infos) {
    const value = info.labels[term.topologyKey];
    if (value !== undefined && info.pods.some((p) => isCounted(p) && termSelects(term, owner, p))) domains.add(value);
  }
  return domains;
}

function existingAntiAffinityCheck(pod: Pod, holders: readonly AntiAffinityHolder[]): CandidateCheck {
  const blocked: Array<[string, string]> = [];
  for (const { pod: existing, info } of holders) {
    if (!isCounted(existing)) continue;
    for (const term of existing.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const value = info.labels[term.topologyKey];
      if (value !== undefined && termSelects(term, existing, pod)) blocked.push([term.topologyKey, value]);
    }
  }
  return (candidate) => (blocked.some(([key, value]) => candidate.labels[key] === value) ? [TopologyReason.existingAntiAffinity] : []);
}

function antiAffinityCheck(pod: Pod, infos: readonly NodeInfo[]): CandidateCheck {
  const terms = (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((term) => ({
    key: term.topologyKey,
    domains: domainsOf(term, pod, infos),
  }));
  return (candidate) =>
    terms.some(({ key, domains }) => candidate.labels[key] !== undefined && domains.has(candidate.labels[key]))
      ? [TopologyReason.antiAffinity]
      : [];
}

function affinityCheck(pod: Pod, infos: readonly NodeInfo[]): CandidateCheck {
  const terms = (pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((term) => {
    const domains = domainsOf(term, pod, infos);
    return { key: term.topologyKey, domains, firstOfItsKind: domains.size === 0 && termSelects(term, pod, pod) };
  });
  return (candidate) => {
    const ok = terms.every(
      ({ key, domains, firstOfItsKind }) => firstOfItsKind || (candidate.labels[key] !== undefined && domains.has(candidate.labels[key])),
    );
    return ok ? [] : [TopologyReason.affinity];
  };
}

/**
 * PodTopologySpread then InterPodAffinity for one pod: precomputes counts
 * and domains over `infos`, returns the per-node check. The state must not
 * change while the returned check is in use.
 */
export function topologyFilter(pod: Pod, infos: readonly NodeInfo[], holders: readonly AntiAffinityHolder[]): CandidateCheck {
  const checks: CandidateCheck[] = [];
  for (const constraint of pod.spec.topologySpreadConstraints ?? []) {
    if (constraint.whenUnsatisfiable === 'DoNotSchedule') checks.push(spreadCheck(pod, constraint, infos));
  }
  if (holders.length > 0) checks.push(existingAntiAffinityCheck(pod, holders));
  if (pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length)
    checks.push(antiAffinityCheck(pod, infos));
  if (pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length) checks.push(affinityCheck(pod, infos));
  return (candidate) => {
    for (const check of checks) {
      const reasons = check(candidate);
      if (reasons.length > 0) return reasons;
    }
    return [];
  };
}
