/**
 * The ClusterState cache (kubernetes-sigs/karpenter pkg/controllers/state/cluster.go): informers (or the
 * simulator) feed it object changes; controllers read immutable snapshots.
 * Nothing may act before {@link ClusterState.synced} is true.
 */
import type { DaemonSet, Node, Pod, PodDisruptionBudget } from '../apis/core-v1.js';
import type { EC2NodeClass } from '../apis/ec2nodeclass.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import type { NodePool } from '../apis/nodepool.js';
import type { KubeObject } from '../apis/object-meta.js';
import { joinStateNodes, type StateNode } from './state-node.js';

/** The kinds the cache holds, by the names snapshots use. */
export interface StateObjects {
  nodes: Node;
  pods: Pod;
  nodeClaims: NodeClaim;
  nodePools: NodePool;
  nodeClasses: EC2NodeClass;
  daemonSets: DaemonSet;
  podDisruptionBudgets: PodDisruptionBudget;
}

export type StateKind = keyof StateObjects;

export const STATE_KINDS: readonly StateKind[] = [
  'nodes',
  'pods',
  'nodeClaims',
  'nodePools',
  'nodeClasses',
  'daemonSets',
  'podDisruptionBudgets',
];

/** An immutable view of the cluster at one moment. */
export type ClusterSnapshot = { readonly [K in StateKind]: readonly StateObjects[K][] } & {
  /** Monotonic version of the cache this snapshot was taken at. */
  readonly version: number;
  /** Pods by `spec.nodeName`. */
  readonly podsByNode: ReadonlyMap<string, readonly Pod[]>;
  /** Nodes and NodeClaims joined by providerID. */
  readonly stateNodes: readonly StateNode[];
};

/** `namespace/name` for namespaced objects, `name` otherwise. */
export function objectKey(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace ? `${namespace}/${name}` : (name ?? '');
}

type Listener = (kind: StateKind) => void;

/**
 * Is `candidate` older than `stored`? resourceVersions are opaque in
 * Kubernetes, but every API server karpd talks to (etcd-backed, and the
 * embedded one) issues increasing integers; anything else is never "older".
 */
function isOlder(candidate: KubeObject, stored: KubeObject | undefined): boolean {
  const a = candidate.metadata.resourceVersion;
  const b = stored?.metadata.resourceVersion;
  if (a === undefined || b === undefined || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return a.length < b.length || (a.length === b.length && a < b);
}

/** The in-memory cache of one cluster. */
export class ClusterState {
  private readonly objects = new Map<StateKind, Map<string, KubeObject>>(STATE_KINDS.map((kind) => [kind, new Map()]));
  private readonly syncedKinds = new Set<StateKind>();
  private readonly nominations = new Map<string, number>();
  private readonly nominatedPods = new Map<string, Set<string>>();
  private readonly listeners = new Set<Listener>();
  private version = 0;
  private cached: ClusterSnapshot | undefined;

  /**
   * Stores (or replaces) an object. An object older than the one stored (by
   * resourceVersion) is ignored: a controller that stored the answer to its
   * own write must not be overwritten by a watch event that was already in
   * flight, or it would act twice on a state it already left.
   */
  upsert<K extends StateKind>(kind: K, object: StateObjects[K]): void {
    const key = objectKey(object);
    const bucket = this.bucket(kind);
    if (isOlder(object, bucket.get(key))) return;
    bucket.set(key, object);
    this.changed(kind);
  }

  /** Forgets an object. */
  remove<K extends StateKind>(kind: K, object: StateObjects[K]): void {
    if (kind === 'nodeClaims') this.nominatedPods.delete(objectKey(object));
    if (this.bucket(kind).delete(objectKey(object))) this.changed(kind);
  }

  /** Looks one object up by `namespace/name` or `name`. */
  get<K extends StateKind>(kind: K, key: string): StateObjects[K] | undefined {
    return this.bucket(kind).get(key) as StateObjects[K] | undefined;
  }

  /** Records that the first full list of `kind` has been stored. */
  markSynced(kind: StateKind): void {
    this.syncedKinds.add(kind);
    this.changed(kind);
  }

  /** True once every kind has been listed at least once. */
  synced(): boolean {
    return STATE_KINDS.every((kind) => this.syncedKinds.has(kind));
  }

  /**
   * Marks a node (by Node or NodeClaim name) as nominated for pods until `untilMs`. The `pods` (`namespace/name`)
   * are remembered as planned onto it (a pod is nominated to one node at a time) and shown on its state node
   * until the NodeClaim is removed, so the next round keeps them there instead of launching another claim.
   */
  nominate(name: string, untilMs: number, pods: readonly string[] = []): void {
    this.nominations.set(name, Math.max(untilMs, this.nominations.get(name) ?? 0));
    if (pods.length > 0) {
      for (const [other, keys] of this.nominatedPods) {
        if (other === name) continue;
        for (const pod of pods) keys.delete(pod);
        if (keys.size === 0) this.nominatedPods.delete(other);
      }
      const keys = this.nominatedPods.get(name) ?? new Set<string>();
      for (const pod of pods) keys.add(pod);
      this.nominatedPods.set(name, keys);
    }
    this.changed('nodes');
  }

  /** Calls `listener` after every change, with the kind that changed; returns an unsubscribe function. */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** An immutable snapshot; the same object is returned until something changes. */
  snapshot(): ClusterSnapshot {
    if (this.cached !== undefined && this.cached.version === this.version) return this.cached;
    const list = <K extends StateKind>(kind: K) => Object.freeze([...this.bucket(kind).values()] as StateObjects[K][]);
    const pods = list('pods');
    const podsByNode = new Map<string, Pod[]>();
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (nodeName === undefined || nodeName === '') continue;
      const bound = podsByNode.get(nodeName);
      if (bound === undefined) podsByNode.set(nodeName, [pod]);
      else bound.push(pod);
    }
    const nodes = list('nodes');
    const nodeClaims = list('nodeClaims');
    this.cached = Object.freeze({
      version: this.version,
      nodes,
      pods,
      nodeClaims,
      nodePools: list('nodePools'),
      nodeClasses: list('nodeClasses'),
      daemonSets: list('daemonSets'),
      podDisruptionBudgets: list('podDisruptionBudgets'),
      podsByNode,
      stateNodes: Object.freeze(
        joinStateNodes({ nodes, nodeClaims, podsByNode, nominations: this.nominations, nominatedPods: this.nominatedPods }),
      ),
    });
    return this.cached;
  }

  private bucket(kind: StateKind): Map<string, KubeObject> {
    return this.objects.get(kind) as Map<string, KubeObject>;
  }

  private changed(kind: StateKind): void {
    this.version += 1;
    for (const listener of this.listeners) listener(kind);
  }
}
