/**
 * The cluster the cluster-autoscaler model acts on: node-group nodes (launched, Ready after the boot time, removed)
 * and the replay's pods, bound the way kube-scheduler would bind them: as soon as a pod is created or a node turns
 * Ready, each pending pod (oldest first) goes to the first Ready node, oldest first, that admits it and has room
 * (first-fit, which packs tighter than kube-scheduler's default LeastAllocated scoring and so flatters the baseline).
 * Only cpu, memory and pod slots are tracked per node; other requests are checked against the type once.
 * Every change bumps {@link SimulatedCluster.version}, so scale-down can skip re-simulating an unchanged cluster.
 * Each pod's waits are recorded (from creation, or from an eviction, until it is bound), as karpd's are
 * (`pending-times.ts`), so pods evicted by a scale-down or a spot reclaim count again.
 */
import type { Pod } from '../../apis/core-v1.js';
import { podKey } from '../../scheduling/pod-info.js';
import { type NodeGroup, compareGroups, groupRejection } from './node-groups.js';
import { type PodConstraints, podConstraints } from './pod-constraints.js';

/** cpu (millicores), memory (bytes), pod slots. */
export type Shape = [cpu: number, memory: number, pods: number];

/** One replay pod in the model. */
export interface SimPod {
  readonly key: string;
  readonly createdAt: number;
  readonly constraints: PodConstraints;
  readonly requests: Shape;
  /** Indices into the groups that can ever run it, in preference order (empty: it stays pending). */
  readonly groups: readonly number[];
  node: SimNode | undefined;
  /** When it was first bound; undefined while it has never run. */
  firstBoundAt: number | undefined;
  /** Since when it waits for a node (created or evicted); undefined while it runs or once deleted. */
  waitingSince: number | undefined;
  /** Its finished waits, ms (each until it was bound, or deleted while waiting). */
  readonly waits: number[];
  /** When it was deleted (a pending pod that is deleted stops waiting then). */
  deletedAt: number | undefined;
}

/** One node of a node group. */
export interface SimNode {
  readonly id: number;
  /** Stable across runs of the same timeline: `ca-<group>-<n>`, n counting the group's launches from 0. */
  readonly name: string;
  readonly groupIndex: number;
  readonly group: NodeGroup;
  readonly launchedAt: number;
  readonly readyAt: number;
  ready: boolean;
  removedAt: number | undefined;
  readonly allocatable: Shape;
  readonly used: Shape;
  readonly pods: Set<SimPod>;
  /** Since when scale-down has found the node unneeded (undefined: needed). */
  unneededSince: number | undefined;
}

function shapeOf(resources: Readonly<Record<string, number>>): Shape {
  return [resources.cpu ?? 0, resources.memory ?? 0, resources.pods ?? 0];
}

/** Does `request` fit in `allocatable − used`? */
export function hasRoom(allocatable: Shape, used: Shape, request: Shape): boolean {
  return used[0] + request[0] <= allocatable[0] && used[1] + request[1] <= allocatable[1] && used[2] + request[2] <= allocatable[2];
}

/** The pods and node-group nodes of one replay, with kube-scheduler-like binding. */
export class SimulatedCluster {
  readonly pods = new Map<string, SimPod>();
  /** Every node ever launched, in launch order (removed ones stay, for cost). */
  readonly nodes: SimNode[] = [];
  /** Pending pods in creation order. */
  readonly pending = new Map<string, SimPod>();
  /** Every pod ever created (deleted ones stay, for pending times). */
  readonly history: SimPod[] = [];
  version = 0;
  private readonly ready: SimNode[][];
  private readonly launches: number[];

  constructor(readonly groups: readonly NodeGroup[]) {
    this.ready = groups.map(() => []);
    this.launches = groups.map(() => 0);
  }

  /** Adds a created pod and tries to bind it at once. */
  create(pod: Pod, at: number): void {
    const constraints = podConstraints(pod);
    const groups = this.groups
      .map((group, index) => ({ group, index }))
      .filter(({ group }) => groupRejection(group, constraints) === undefined)
      .sort((a, b) => compareGroups(a.group, b.group))
      .map(({ index }) => index);
    const simPod: SimPod = {
      key: podKey(pod),
      createdAt: at,
      constraints,
      requests: shapeOf(constraints.requests),
      groups,
      node: undefined,
      firstBoundAt: undefined,
      deletedAt: undefined,
      waitingSince: at,
      waits: [],
    };
    this.pods.set(simPod.key, simPod);
    this.history.push(simPod);
    this.pending.set(simPod.key, simPod);
    this.version++;
    this.bindOne(simPod, at);
  }

  /** Deletes a pod wherever it is, then lets pending pods use the room it freed. */
  delete(key: string, at: number): void {
    const simPod = this.pods.get(key);
    if (simPod === undefined) return;
    this.pods.delete(key);
    this.pending.delete(key);
    simPod.deletedAt = at;
    if (simPod.waitingSince !== undefined) simPod.waits.push(at - simPod.waitingSince);
    simPod.waitingSince = undefined;
    const node = simPod.node;
    if (node !== undefined) this.unbind(simPod, node);
    this.version++;
    if (node !== undefined) this.bindPending(at);
  }

  /** Launches `count` nodes of group `groupIndex`, Ready `bootMs` later. */
  launch(groupIndex: number, count: number, at: number, bootMs: number): SimNode[] {
    const group = this.groups[groupIndex];
    const launched: SimNode[] = [];
    for (let i = 0; i < count; i++) {
      const node: SimNode = {
        id: this.nodes.length,
        name: `ca-${group.name}-${this.launches[groupIndex]++}`,
        groupIndex,
        group,
        launchedAt: at,
        readyAt: at + bootMs,
        ready: false,
        removedAt: undefined,
        allocatable: shapeOf(group.allocatable),
        used: [0, 0, 0],
        pods: new Set(),
        unneededSince: undefined,
      };
      this.nodes.push(node);
      launched.push(node);
    }
    this.version++;
    return launched;
  }

  /** Marks a node Ready and binds pending pods. */
  markReady(node: SimNode, at: number): void {
    if (node.removedAt !== undefined) return;
    node.ready = true;
    this.ready[node.groupIndex].push(node);
    this.version++;
    this.bindPending(at);
  }

  /** Removes a node: its pods are evicted (back to pending, then re-bound where they fit). Returns how many were evicted. */
  remove(node: SimNode, at: number): number {
    node.removedAt = at;
    if (node.ready) this.ready[node.groupIndex] = this.ready[node.groupIndex].filter((other) => other !== node);
    const evicted = [...node.pods];
    for (const simPod of evicted) {
      this.unbind(simPod, node);
      simPod.waitingSince = at;
      this.pending.set(simPod.key, simPod);
    }
    this.version++;
    if (evicted.length > 0) this.bindPending(at);
    return evicted.length;
  }

  /** Nodes not removed yet (launching or Ready), in launch order. */
  liveNodes(): SimNode[] {
    return this.nodes.filter((node) => node.removedAt === undefined);
  }

  /** Ready nodes of one group, in launch order. */
  readyNodes(groupIndex: number): readonly SimNode[] {
    return this.ready[groupIndex];
  }

  /** Binds every pending pod that has room somewhere, oldest first. */
  bindPending(at: number): void {
    for (const simPod of [...this.pending.values()]) this.bindOne(simPod, at);
  }

  private bindOne(simPod: SimPod, at: number): void {
    for (const groupIndex of simPod.groups) {
      for (const node of this.readyNodes(groupIndex)) {
        if (!hasRoom(node.allocatable, node.used, simPod.requests)) continue;
        this.bind(simPod, node, at);
        return;
      }
    }
  }

  private bind(simPod: SimPod, node: SimNode, at: number): void {
    simPod.node = node;
    simPod.firstBoundAt ??= at;
    if (simPod.waitingSince !== undefined) simPod.waits.push(at - simPod.waitingSince);
    simPod.waitingSince = undefined;
    node.pods.add(simPod);
    for (let i = 0; i < 3; i++) node.used[i] += simPod.requests[i];
    this.pending.delete(simPod.key);
    this.version++;
  }

  private unbind(simPod: SimPod, node: SimNode): void {
    simPod.node = undefined;
    node.pods.delete(simPod);
    for (let i = 0; i < 3; i++) node.used[i] -= simPod.requests[i];
  }
}
