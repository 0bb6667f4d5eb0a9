/**
 * Cluster-autoscaler's scale-up, once per scan (karpenter-semantics.md §7.4; upstream
 * `cluster-autoscaler/core/scaleup` and the binpacking estimator): the pending pods, largest first, are first
 * placed on the nodes still booting (CA counts upcoming nodes so it does not launch twice for the same pods); each
 * remaining pod goes to its first node group (pool weight, then node price, then name) that is below its maximum
 * size, and is bin-packed first-fit onto that group's new nodes. Pods no group admits stay pending and launch nothing.
 */
import { type Shape, type SimNode, type SimPod, type SimulatedCluster, hasRoom } from './simulated-cluster.js';

/** How many nodes each group should add: group index → count (groups with none are absent). */
export type ScaleUpPlan = ReadonlyMap<number, number>;

/** Largest request first (cpu, then memory), then oldest, then key: the estimator's first-fit-decreasing order. */
function compareBySize(a: SimPod, b: SimPod): number {
  return (
    b.requests[0] - a.requests[0] ||
    b.requests[1] - a.requests[1] ||
    a.createdAt - b.createdAt ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

interface Bin {
  readonly groupIndex: number;
  readonly allocatable: Shape;
  readonly used: Shape;
}

function place(bins: Bin[], simPod: SimPod, groupIndex: number): boolean {
  for (const bin of bins) {
    if (bin.groupIndex !== groupIndex || !hasRoom(bin.allocatable, bin.used, simPod.requests)) continue;
    for (let i = 0; i < 3; i++) bin.used[i] += simPod.requests[i];
    return true;
  }
  return false;
}

function upcomingBins(nodes: readonly SimNode[]): Bin[] {
  return nodes
    .filter((node) => !node.ready)
    .map((node) => ({ groupIndex: node.groupIndex, allocatable: node.allocatable, used: [...node.used] as Shape }));
}

/** The nodes to add per group so every pending pod that some group admits has a place (pure: reads the cluster only). */
export function planScaleUp(cluster: SimulatedCluster): ScaleUpPlan {
  const pending = [...cluster.pending.values()].filter((simPod) => simPod.groups.length > 0).sort(compareBySize);
  if (pending.length === 0) return new Map();
  const live = cluster.liveNodes();
  const upcoming = upcomingBins(live);
  const sizes = cluster.groups.map((_, index) => live.filter((node) => node.groupIndex === index).length);
  const fresh: Bin[] = [];
  const plan = new Map<number, number>();
  for (const simPod of pending) {
    if (simPod.groups.some((groupIndex) => place(upcoming, simPod, groupIndex))) continue;
    if (simPod.groups.some((groupIndex) => place(fresh, simPod, groupIndex))) continue;
    const groupIndex = simPod.groups.find((index) => sizes[index] < cluster.groups[index].maxNodes);
    if (groupIndex === undefined) continue;
    const group = cluster.groups[groupIndex];
    const bin: Bin = {
      groupIndex,
      allocatable: [group.allocatable.cpu ?? 0, group.allocatable.memory ?? 0, group.allocatable.pods ?? 0],
      used: [0, 0, 0],
    };
    fresh.push(bin);
    place(fresh, simPod, groupIndex);
    sizes[groupIndex]++;
    plan.set(groupIndex, (plan.get(groupIndex) ?? 0) + 1);
  }
  return plan;
}
