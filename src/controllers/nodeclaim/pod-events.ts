/**
 * The last pod event per node, as the `Consolidatable` condition needs it (karpenter-semantics.md §2.2, §4.4:
 * upstream's `status.lastPodEventTime`, the last time a pod bound to, left or finished on the node). karpd derives
 * it from ClusterState snapshots instead of a pod watch of its own: each pass compares the pods bound to every node
 * (by `spec.nodeName`, not terminal) with the previous pass, and a difference is a pod event at that pass's time.
 *
 * Kept in memory only: the first snapshot this agent sees of a node is the baseline, not an event, so events from
 * before an agent start are not known; the caller then counts from the claim's `status.lastPodEventTime` (if
 * upstream Karpenter wrote one) or its Initialized transition, as upstream does when it has no pod event.
 */
import type { Pod } from '../../apis/core-v1.js';
import type { StateNode } from '../../state/state-node.js';

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The bound, non-terminal pods of a node as one comparable string (uid, so a recreated pod of the same name counts). */
function boundPods(pods: readonly Pod[]): string {
  return pods
    .filter((pod) => !isTerminal(pod))
    .map((pod) => pod.metadata.uid ?? `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`)
    .sort()
    .join('\u0000');
}

/** Remembers each node's bound pods between passes and when they last changed. */
export class PodEventTracker {
  private readonly bound = new Map<string, string>();
  private readonly lastEvent = new Map<string, number>();

  /** Compares the nodes' bound pods with the previous call; a change is an event at `now`. Forgets nodes gone. */
  observe(stateNodes: readonly StateNode[], now: number): void {
    const seen = new Set<string>();
    for (const stateNode of stateNodes) {
      const name = stateNode.node?.metadata.name;
      if (name === undefined) continue;
      seen.add(name);
      const pods = boundPods(stateNode.pods);
      const before = this.bound.get(name);
      if (before !== undefined && before !== pods) this.lastEvent.set(name, now);
      this.bound.set(name, pods);
    }
    for (const name of this.bound.keys()) {
      if (seen.has(name)) continue;
      this.bound.delete(name);
      this.lastEvent.delete(name);
    }
  }

  /** When a pod last bound to, left or finished on the node, as observed (undefined when never). */
  lastEventOf(node: string | undefined): number | undefined {
    return node === undefined ? undefined : this.lastEvent.get(node);
  }
}
