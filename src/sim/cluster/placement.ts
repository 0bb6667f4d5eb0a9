/**
 * One pass of the simulated kube-scheduler as a pure decision: every
 * pending pod, in queue order (priority, then age), goes to the best node
 * that passes every filter, or is reported Unschedulable with the message
 * kube-scheduler would write. Pods placed earlier in the pass count on their
 * node for the pods after them.
 */
import type { Node, Pod } from '../../apis/core-v1.js';
import type { Resources } from '../../scheduling/resources.js';
import { nodeFilters, type FilterReasons } from './node-filters.js';
import { buildNodeInfos, isTerminal, placeOn, podName, requestsOf, type NodeInfo } from './node-info.js';
import { hasRequiredAntiAffinity, topologyFilter, type AntiAffinityHolder } from './topology-filters.js';

/** How feasible nodes are ranked: pack them (`MostAllocated`) or spread over them (`LeastAllocated`, kube-scheduler's default). */
export type ScoringStrategy = 'MostAllocated' | 'LeastAllocated';

/** The scheduler name this simulation answers for. */
export const DEFAULT_SCHEDULER = 'default-scheduler';

/** What one scheduling pass looks at. */
export interface SchedulingInput {
  readonly nodes: readonly Node[];
  /** Every pod: bound ones use capacity and count for topology; pending ones are scheduled. */
  readonly pods: readonly Pod[];
  /** Bindings this scheduler sent that the pods do not show yet (`namespace/name` → node). */
  readonly assumed?: ReadonlyMap<string, string>;
  /** @default 'MostAllocated' */
  readonly scoring?: ScoringStrategy;
}

/** A pod to bind. */
export interface Binding {
  readonly pod: Pod;
  readonly nodeName: string;
  /** The node was the pod's `status.nominatedNodeName`. */
  readonly nominated: boolean;
}

/** A pod that fits nowhere, with kube-scheduler's message and the count of nodes per reason. */
export interface UnschedulablePod {
  readonly pod: Pod;
  readonly message: string;
  readonly reasons: ReadonlyMap<string, number>;
}

/** The outcome of one pass. */
export interface SchedulingPlan {
  readonly bindings: readonly Binding[];
  readonly unschedulable: readonly UnschedulablePod[];
}

/** Is this pod waiting for this scheduler (no node, not finished, not being deleted, our schedulerName)? */
export function isPendingForScheduler(pod: Pod): boolean {
  if (pod.spec.nodeName !== undefined && pod.spec.nodeName !== '') return false;
  if (pod.metadata.deletionTimestamp !== undefined || isTerminal(pod)) return false;
  return (pod.spec.schedulerName ?? DEFAULT_SCHEDULER) === DEFAULT_SCHEDULER;
}

/** kube-scheduler's queue order: higher priority first, then older first, then by name. */
export function compareQueueOrder(a: Pod, b: Pod): number {
  const priority = (b.spec.priority ?? 0) - (a.spec.priority ?? 0);
  if (priority !== 0) return priority;
  const age = (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '');
  return age !== 0 ? age : podName(a).localeCompare(podName(b));
}

function antiAffinityHolders(infos: Iterable<NodeInfo>): AntiAffinityHolder[] {
  const holders: AntiAffinityHolder[] = [];
  for (const info of infos) for (const pod of info.pods) if (hasRequiredAntiAffinity(pod)) holders.push({ pod, info });
  return holders;
}

/** The reasons a node cannot take the pod given the other nodes (empty when it can): the "why not" of one pair. */
export function filterNode(pod: Pod, info: NodeInfo, infos: Iterable<NodeInfo>): FilterReasons {
  const all = [...infos];
  const local = nodeFilters(pod, requestsOf(pod), info);
  return local.length > 0 ? local : topologyFilter(pod, all, antiAffinityHolders(all))(info);
}

function utilisation(info: NodeInfo, requests: Resources): number {
  const share = (name: string) => {
    const total = info.allocatable[name] ?? 0;
    return total <= 0 ? 1 : ((info.requested[name] ?? 0) + (requests[name] ?? 0)) / total;
  };
  return (share('cpu') + share('memory')) / 2;
}

function pickNode(requests: Resources, feasible: NodeInfo[], scoring: ScoringStrategy): NodeInfo {
  const sign = scoring === 'MostAllocated' ? -1 : 1;
  const scored = feasible.map((info) => ({ info, score: sign * utilisation(info, requests) }));
  scored.sort((a, b) => a.score - b.score || a.info.name.localeCompare(b.info.name));
  return scored[0].info;
}

/** `0/N nodes are available: 2 Insufficient cpu, 1 node(s) …` — kube-scheduler's FitError text, reasons sorted. */
export function unschedulableMessage(nodeCount: number, reasons: ReadonlyMap<string, number>): string {
  if (nodeCount === 0) return 'no nodes available to schedule pods';
  const parts = [...reasons].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${nodeCount} nodes are available: ${parts.join(', ')}. preemption: 0/${nodeCount} nodes are available: ${nodeCount} Preemption is not helpful for scheduling.`;
}

function tally(reasons: Map<string, number>, found: FilterReasons): void {
  for (const reason of found) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
}

function withAssumptions(pods: readonly Pod[], assumed: ReadonlyMap<string, string> | undefined): Pod[] {
  if (assumed === undefined || assumed.size === 0) return [...pods];
  return pods.map((pod) => {
    const nodeName = assumed.get(podName(pod));
    return nodeName !== undefined && !pod.spec.nodeName ? { ...pod, spec: { ...pod.spec, nodeName } } : pod;
  });
}

/** Schedules every pending pod against the nodes; see the module comment. */
export function planScheduling(input: SchedulingInput): SchedulingPlan {
  const pods = withAssumptions(input.pods, input.assumed);
  const infos = [...buildNodeInfos(input.nodes, pods).values()];
  const holders = antiAffinityHolders(infos);
  const scoring = input.scoring ?? 'MostAllocated';
  const bindings: Binding[] = [];
  const unschedulable: UnschedulablePod[] = [];
  for (const pod of pods.filter(isPendingForScheduler).sort(compareQueueOrder)) {
    const requests = requestsOf(pod);
    const topology = topologyFilter(pod, infos, holders);
    const feasible: NodeInfo[] = [];
    const reasons = new Map<string, number>();
    for (const info of infos) {
      const local = nodeFilters(pod, requests, info);
      const found = local.length > 0 ? local : topology(info);
      if (found.length === 0) feasible.push(info);
      else tally(reasons, found);
    }
    if (feasible.length === 0) {
      unschedulable.push({ pod, reasons, message: unschedulableMessage(infos.length, reasons) });
      continue;
    }
    const nominated = feasible.find((info) => info.name === pod.status?.nominatedNodeName);
    const chosen = nominated ?? pickNode(requests, feasible, scoring);
    const placed = { ...pod, spec: { ...pod.spec, nodeName: chosen.name } };
    placeOn(chosen, placed, requests);
    if (hasRequiredAntiAffinity(pod)) holders.push({ pod: placed, info: chosen });
    bindings.push({ pod, nodeName: chosen.name, nominated: nominated !== undefined });
  }
  return { bindings, unschedulable };
}
