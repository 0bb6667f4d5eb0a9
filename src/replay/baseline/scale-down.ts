/**
 * Cluster-autoscaler's scale-down (karpenter-semantics.md §7.4; upstream `cluster-autoscaler/core/scaledown`,
 * FAQ "How does scale-down work?"), with its defaults:
 * - a Ready node is a candidate when its requested utilisation, max(cpu, memory) requests ÷ allocatable, is below
 *   `scale-down-utilization-threshold` (0.5);
 * - it is unneeded when none of its pods is `safe-to-evict: false` (karpd's `karpenter.sh/do-not-disrupt`) and every
 *   pod fits, first-fit, on the other Ready nodes that admit it, counting what earlier unneeded nodes moved there
 *   (candidates are tried emptiest first; a node found unneeded is no destination for the others);
 * - a node unneeded for `scale-down-unneeded-time` (10 min) is removed, but not within
 *   `scale-down-delay-after-add` (10 min) of the last scale-up; the unneeded timers keep running meanwhile, as CA's
 *   planner updates them on every loop. Per scan, up to `max-empty-bulk-delete` (10) empty nodes and one non-empty
 *   node (drained: its pods evicted) are removed; `scale-down-delay-after-delete` equals the scan interval, so the
 *   next scan may remove again.
 */
import type { Check } from '../../scheduling/check.js';
import { no, OK } from '../../scheduling/check.js';
import { type Shape, type SimNode, type SimulatedCluster, hasRoom } from './simulated-cluster.js';

/** Cluster-autoscaler's scale-down settings. */
export interface ScaleDownOptions {
  /** @default 0.5 */
  readonly utilizationThreshold: number;
  /** @default 600_000 (10 min) */
  readonly unneededTimeMs: number;
  /** @default 600_000 (10 min) */
  readonly delayAfterAddMs: number;
  /** @default 10 */
  readonly maxEmptyBulkDelete: number;
}

/** CA's defaults. */
export const DEFAULT_SCALE_DOWN: ScaleDownOptions = {
  utilizationThreshold: 0.5,
  unneededTimeMs: 600_000,
  delayAfterAddMs: 600_000,
  maxEmptyBulkDelete: 10,
};

/** Requested utilisation of a node: the larger of its cpu and memory requests over allocatable. */
export function utilization(node: SimNode): number {
  const cpu = node.allocatable[0] > 0 ? node.used[0] / node.allocatable[0] : 0;
  const memory = node.allocatable[1] > 0 ? node.used[1] / node.allocatable[1] : 0;
  return Math.max(cpu, memory);
}

/** Can all of `node`'s pods move to the `others` (their spare room in `free`)? Commits the moves into `free` when they can. */
function drainable(node: SimNode, others: readonly SimNode[], free: Map<SimNode, Shape>): Check {
  const trial = new Map<SimNode, Shape>();
  const room = (other: SimNode): Shape => trial.get(other) ?? free.get(other)!;
  for (const simPod of node.pods) {
    if (simPod.constraints.doNotDisrupt) return no(`pod ${simPod.key} is do-not-disrupt (safe-to-evict: false)`);
    const target = others.find(
      (other) => simPod.groups.includes(other.groupIndex) && hasRoom(other.allocatable, room(other), simPod.requests),
    );
    if (target === undefined) return no(`pod ${simPod.key} fits on no other node`);
    const used = [...room(target)] as Shape;
    for (let i = 0; i < 3; i++) used[i] += simPod.requests[i];
    trial.set(target, used);
  }
  for (const [other, used] of trial) free.set(other, used);
  return OK;
}

/** Re-computes which Ready nodes are unneeded now, starting or clearing their timers. */
export function updateUnneeded(cluster: SimulatedCluster, now: number, options: ScaleDownOptions): void {
  const ready = cluster.liveNodes().filter((node) => node.ready);
  const free = new Map<SimNode, Shape>(ready.map((node) => [node, [...node.used] as Shape]));
  const candidates = ready
    .filter((node) => utilization(node) < options.utilizationThreshold)
    .sort((a, b) => utilization(a) - utilization(b) || a.id - b.id);
  const unneeded = new Set<SimNode>();
  for (const node of candidates) {
    const others = ready.filter((other) => other !== node && !unneeded.has(other));
    if (drainable(node, others, free).ok) unneeded.add(node);
  }
  for (const node of ready) {
    if (!unneeded.has(node)) node.unneededSince = undefined;
    else node.unneededSince ??= now;
  }
}

/** The nodes to remove now: unneeded long enough, outside the delay after a scale-up, within the per-scan limits. */
export function nodesToRemove(
  cluster: SimulatedCluster,
  now: number,
  lastScaleUpAt: number | undefined,
  options: ScaleDownOptions,
): SimNode[] {
  if (lastScaleUpAt !== undefined && now - lastScaleUpAt < options.delayAfterAddMs) return [];
  const due = cluster.liveNodes().filter((node) => node.unneededSince !== undefined && now - node.unneededSince >= options.unneededTimeMs);
  const empty = due.filter((node) => node.pods.size === 0).slice(0, options.maxEmptyBulkDelete);
  const drained = due.find((node) => node.pods.size > 0);
  return drained === undefined ? empty : [...empty, drained];
}
