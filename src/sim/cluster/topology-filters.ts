/**
 * kube-scheduler's cross-node filters: PodTopologySpread (hard constraints
 * only, `whenUnsatisfiable: DoNotSchedule`) and InterPodAffinity (required
 * pod affinity and anti-affinity, both the incoming pod's and the existing
 * pods' anti-affinity), with kube-scheduler's reason texts.
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

function spreadCheck(pod: Pod, constraint: TopologySpreadConstraint, candidate: NodeInfo, infos: Iterable<NodeInfo>): FilterReasons {
  const domain = candidate.labels[constraint.topologyKey];
  if (domain === undefined) return [TopologyReason.spreadMissingLabel];
  const selector = withMatchLabelKeys(constraint.labelSelector, constraint.matchLabelKeys, pod);
  const namespace = pod.metadata.namespace ?? 'default';
  const counts = new Map<string, number>();
  for (const info of infos) {
    if (!spreadEligible(pod, constraint, info)) continue;
    const value = info.labels[constraint.topologyKey];
    const matching = info.pods.filter((p) => isCounted(p) && (p.metadata.namespace ?? 'default') === namespace && matchesLabelSelector(selector, p.metadata.labels)).length;
    counts.set(value, (counts.get(value) ?? 0) + matching);
  }
  if (!counts.has(domain)) counts.set(domain, 0);
  const minDomains = constraint.minDomains ?? 1;
  const globalMin = counts.size < minDomains ? 0 : Math.min(...counts.values());
  const self = matchesLabelSelector(selector, pod.metadata.labels) ? 1 : 0;
  return (counts.get(domain) ?? 0) + self - globalMin > constraint.maxSkew ? [TopologyReason.spread] : [];
}

/** PodTopologySpread: every `DoNotSchedule` constraint must keep its skew within `maxSkew`. */
export function topologySpreadFilter(pod: Pod, candidate: NodeInfo, infos: Iterable<NodeInfo>): FilterReasons {
  for (const constraint of pod.spec.topologySpreadConstraints ?? []) {
    if (constraint.whenUnsatisfiable !== 'DoNotSchedule') continue;
    const reasons = spreadCheck(pod, constraint, candidate, infos);
    if (reasons.length > 0) return reasons;
  }
  return [];
}

function termNamespaces(term: PodAffinityTerm, owner: Pod): ((namespace: string) => boolean) {
  const selector = term.namespaceSelector;
  if (selector !== undefined && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0) return () => true;
  const names = term.namespaces !== undefined && term.namespaces.length > 0 ? term.namespaces : [owner.metadata.namespace ?? 'default'];
  return (namespace) => names.includes(namespace);
}

/** Does `term` (declared by `owner`) select `pod`? */
function termSelects(term: PodAffinityTerm, owner: Pod, pod: Pod): boolean {
  const selector = withMatchLabelKeys(term.labelSelector, term.matchLabelKeys, owner);
  return termNamespaces(term, owner)(pod.metadata.namespace ?? 'default') && matchesLabelSelector(selector, pod.metadata.labels);
}

/** The topology domains (label values) holding a pod that `term` selects. */
function domainsOf(term: PodAffinityTerm, owner: Pod, infos: Iterable<NodeInfo>): Set<string> {
  const domains = new Set<string>();
  for (const info of infos) {
    const value = info.labels[term.topologyKey];
    if (value === undefined) continue;
    if (info.pods.some((p) => isCounted(p) && termSelects(term, owner, p))) domains.add(value);
  }
  return domains;
}

function existingAntiAffinityBlocks(pod: Pod, candidate: NodeInfo, infos: Iterable<NodeInfo>): boolean {
  for (const info of infos) {
    for (const existing of info.pods) {
      for (const term of existing.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
        const value = info.labels[term.topologyKey];
        if (value !== undefined && candidate.labels[term.topologyKey] === value && termSelects(term, existing, pod)) return true;
      }
    }
  }
  return false;
}

/** InterPodAffinity: required affinity and anti-affinity of the pod, and the anti-affinity of pods already placed. */
export function interPodAffinityFilter(pod: Pod, candidate: NodeInfo, infos: Iterable<NodeInfo>): FilterReasons {
  const all = [...infos];
  if (existingAntiAffinityBlocks(pod, candidate, all)) return [TopologyReason.existingAntiAffinity];
  for (const term of pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    const value = candidate.labels[term.topologyKey];
    if (value !== undefined && domainsOf(term, pod, all).has(value)) return [TopologyReason.antiAffinity];
  }
  for (const term of pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    const domains = domainsOf(term, pod, all);
    const value = candidate.labels[term.topologyKey];
    const firstOfItsKind = domains.size === 0 && termSelects(term, pod, pod);
    if (!firstOfItsKind && (value === undefined || !domains.has(value))) return [TopologyReason.affinity];
  }
  return [];
}
