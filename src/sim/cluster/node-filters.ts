/**
 * kube-scheduler's per-node filters, in its plugin order (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit), each answering with the
 * reason text kube-scheduler puts into the Unschedulable message.
 */
import type { Pod, Taint } from '../../apis/core-v1.js';
import { untoleratedTaints } from '../../scheduling/taints.js';
import type { Resources } from '../../scheduling/resources.js';
import { isNodeReady, type NodeInfo } from './node-info.js';
import { matchesNodeAffinity } from './selectors.js';

/** Why a node cannot take a pod, as kube-scheduler words it (one or more reasons), or an empty list. */
export type FilterReasons = readonly string[];

const NONE: FilterReasons = Object.freeze([]);

/** Filter reason texts (kube-scheduler's wording). */
export const FilterReason = {
  unschedulable: 'node(s) were unschedulable',
  notReady: 'node(s) were not ready',
  beingDeleted: 'node(s) were being deleted',
  nodeAffinity: "node(s) didn't match Pod's node affinity/selector",
  tooManyPods: 'Too many pods',
} as const;

/** The taint reason text: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

function unschedulableFilter(info: NodeInfo): FilterReasons {
  if (info.node.metadata.deletionTimestamp !== undefined) return [FilterReason.beingDeleted];
  if (info.node.spec.unschedulable === true) return [FilterReason.unschedulable];
  return NONE;
}

function readyFilter(info: NodeInfo): FilterReasons {
  return isNodeReady(info.node) ? NONE : [FilterReason.notReady];
}

function taintFilter(pod: Pod, info: NodeInfo): FilterReasons {
  const hard = (info.node.spec.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  const missing = untoleratedTaints(pod.spec.tolerations, hard);
  return missing.length === 0 ? NONE : [untoleratedTaintReason(missing[0])];
}

function affinityFilter(pod: Pod, info: NodeInfo): FilterReasons {
  return matchesNodeAffinity(pod, info.node) ? NONE : [FilterReason.nodeAffinity];
}

/** NodeResourcesFit: every insufficient resource is its own reason (sorted by name), as in kube-scheduler. */
export function resourcesFilter(requests: Resources, info: NodeInfo): FilterReasons {
  let reasons: string[] | undefined;
  const maxPods = info.allocatable.pods;
  if (maxPods !== undefined && info.pods.length + 1 > maxPods) reasons = [FilterReason.tooManyPods];
  for (const name in requests) {
    const want = requests[name];
    if (name === 'pods' || want <= 0) continue;
    if (want > (info.allocatable[name] ?? 0) - (info.requested[name] ?? 0)) {
      reasons ??= [];
      reasons.push(`Insufficient ${name}`);
    }
  }
  if (reasons === undefined) return NONE;
  const [first, ...rest] = reasons;
  return first === FilterReason.tooManyPods ? [first, ...rest.sort()] : reasons.sort();
}

/**
 * Runs the node-local filters in kube-scheduler's order (unschedulable,
 * taints — so a booting node reports its not-ready taint —, readiness, node
 * affinity, resources) and stops at the first that fails.
 */
export function nodeFilters(pod: Pod, requests: Resources, info: NodeInfo): FilterReasons {
  let reasons = unschedulableFilter(info);
  if (reasons.length === 0) reasons = taintFilter(pod, info);
  if (reasons.length === 0) reasons = readyFilter(info);
  if (reasons.length === 0) reasons = affinityFilter(pod, info);
  if (reasons.length === 0) reasons = resourcesFilter(requests, info);
  return reasons;
}
