/**
 * The report's figures from a finished cluster-autoscaler model run: cost (Σ node price × the time from launch to
 * removal or the end; a booting node is billed, as EC2 bills it), node-hours, spot share of node-hours and the pods'
 * pending times. Every wait of a pod is one pending time (from its creation or an eviction to its bind); a pod still
 * waiting counts until it was deleted or the replay ended, as karpd's (`pending-times.ts`). Percentiles are nearest-rank.
 */
import type { MinuteSample, SystemFigures } from '../types.js';
import type { SimulatedCluster } from './simulated-cluster.js';

const HOUR_MS = 3_600_000;

/** The nearest-rank `p`-th percentile (0–100) of `values`; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** Seconds of each wait of every pod (a wait still running counts until the end). */
export function pendingSeconds(cluster: SimulatedCluster, endMs: number): number[] {
  return cluster.history.flatMap((simPod) => [
    ...simPod.waits.map((ms) => ms / 1000),
    ...(simPod.waitingSince !== undefined ? [(endMs - simPod.waitingSince) / 1000] : []),
  ]);
}

/** What the run counted besides the nodes and pods themselves. */
export interface RunCounts {
  readonly disruptions: number;
  readonly podsEvicted: number;
  /** Spot warnings a live node got (none is handled: cluster-autoscaler has no termination handler). */
  readonly interruptions: number;
}

/** The figures of the run. */
export function summarize(
  cluster: SimulatedCluster,
  endMs: number,
  counts: RunCounts,
  samples: readonly MinuteSample[],
): SystemFigures & { readonly interruptions: number } {
  let cost = 0;
  let nodeHours = 0;
  let spotHours = 0;
  const costByPool: Record<string, number> = {};
  for (const node of cluster.nodes) {
    const hours = ((node.removedAt ?? endMs) - node.launchedAt) / HOUR_MS;
    cost += hours * node.group.pricePerHour;
    costByPool[node.group.name] = (costByPool[node.group.name] ?? 0) + hours * node.group.pricePerHour;
    nodeHours += hours;
    if (node.group.capacityType === 'spot') spotHours += hours;
  }
  const pending = pendingSeconds(cluster, endMs);
  return {
    cost,
    nodeHours,
    spotShare: nodeHours > 0 ? spotHours / nodeHours : 0,
    pendingSecondsP50: percentile(pending, 50),
    pendingSecondsP95: percentile(pending, 95),
    pendingSecondsMax: pending.reduce((most, seconds) => Math.max(most, seconds), 0),
    disruptions: counts.disruptions,
    interruptionsHandled: 0,
    interruptions: counts.interruptions,
    podsEvicted: counts.podsEvicted,
    samples,
    costByPool,
  };
}

/** The end-of-minute sample of the cluster as it is now. */
export function sample(cluster: SimulatedCluster, minute: number): MinuteSample {
  let pricePerHour = 0;
  let nodes = 0;
  let spotNodes = 0;
  for (const node of cluster.liveNodes()) {
    pricePerHour += node.group.pricePerHour;
    nodes++;
    if (node.group.capacityType === 'spot') spotNodes++;
  }
  return { minute, pricePerHour, nodes, spotNodes, pendingPods: cluster.pending.size };
}
