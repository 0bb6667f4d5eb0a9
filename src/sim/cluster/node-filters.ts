/**
 * kube-scheduler's per-node filters, in its plugin order (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit), each answering with the
 * reason text kube-scheduler puts into the Unschedulable message.
 */
import type { Pod, Taint } from '../../apis/core-v1.js';
import { untoleratedTaints } from '../../scheduling/taints.js';
import { exceeded, subtract } from '../../scheduling/resources.js';
import { podRequests } from '../../scheduling/pod-requests.js';
import { isNodeReady, type NodeInfo } from './node-info.js';
import { matchesNodeAffinity } from './selectors.js';

/** Why a node cannot take a pod, as kube-scheduler words it (one or more reasons), or an empty list. */
export type FilterReasons = readonly string[];

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

function unschedulableFilter(_pod: Pod, info: NodeInfo): FilterReasons {
  if (info.node.metadata.deletionTimestamp !== undefined) return [FilterReason.beingDeleted];
  if (info.node.spec.unschedulable === true) return [FilterReason.unschedulable];
  if (!isNodeReady(info.node)) return [FilterReason.notReady];
  return [];
}

function taintFilter(pod: Pod, info: NodeInfo): FilterReasons {
  const hard = (info.node.spec.taints ?? []).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  const missing = untoleratedTaints(pod.spec.tolerations, hard);
  return missing.length === 0 ? [] : [untoleratedTaintReason(missing[0])];
}

function affinityFilter(pod: Pod, info: NodeInfo): FilterReasons {
  return matchesNodeAffinity(pod, info.node) ? [] : [FilterReason.nodeAffinity];
}

/** NodeResourcesFit: every insufficient resource is its own reason, as in kube-scheduler. */
export function resourcesFilter(pod: Pod, info: NodeInfo): FilterReasons {
  const reasons: string[] = [];
  const maxPods = info.allocatable.pods;
  if (maxPods !== undefined && info.pods.length + 1 > maxPods) reasons.push(FilterReason.tooManyPods);
  const free = subtract(info.allocatable, info.requested);
  const { pods: _ignored, ...requests } = podRequests(pod);
  for (const name of exceeded(requests, free)) reasons.push(`Insufficient ${name}`);
  return reasons;
}

/** Runs the node-local filters in order and stops at the first that fails. */
export function nodeFilters(pod: Pod, info: NodeInfo): FilterReasons {
  for (const filter of [unschedulableFilter, taintFilter, affinityFilter, resourcesFilter] as const) {
    const reasons = filter(pod, info);
    if (reasons.length > 0) return reasons;
  }
  return [];
}
