/**
 * One cluster's objects indexed for the window builders, in one pass each (O(pods + nodes + claims)): nodes by
 * name and provider id, each node's pods and their summed requests, each pool's nodes and claims, and which
 * claim each pending pod waits for. Rebuilt on every build; the per-object readings come from the cache.
 */
import type { Node } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { ObjectCache, PodFacts } from './object-cache.js';
import type { ClusterObjects } from './view-input.js';

/** The pods on one node and what they request. */
export interface NodeLoad {
  readonly pods: PodFacts[];
  cpu: number;
  memory: number;
}

/** The lookups every window builder needs. */
export interface ClusterIndex {
  readonly cache: ObjectCache;
  /** Pods that are not Succeeded/Failed, in input order. */
  readonly pods: readonly PodFacts[];
  readonly nodesByName: ReadonlyMap<string, Node>;
  /** Load of each node name that has pods (non-terminal pods bound to it). */
  readonly loadByNode: ReadonlyMap<string, NodeLoad>;
  /** Claims of each pool (label `karpenter.sh/nodepool`). */
  readonly claimsByPool: ReadonlyMap<string, NodeClaim[]>;
  /** Nodes of each pool (label `karpenter.sh/nodepool`). */
  readonly nodesByPool: ReadonlyMap<string, Node[]>;
  /** Pod key → the NodeClaim whose nominated pods list it. */
  readonly waitingFor: ReadonlyMap<string, string>;
  /** The claim's node: by `status.nodeName`, else by provider id. */
  nodeOf(claim: NodeClaim): Node | undefined;
}

const NO_LOAD: NodeLoad = { pods: [], cpu: 0, memory: 0 };

/** The load of a node name (no pods when it has none). */
export function loadOf(index: ClusterIndex, nodeName: string | undefined): NodeLoad {
  return (nodeName === undefined ? undefined : index.loadByNode.get(nodeName)) ?? NO_LOAD;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Indexes one cluster's objects. */
export function indexCluster(objects: ClusterObjects, cache: ObjectCache): ClusterIndex {
  const nodesByName = new Map<string, Node>();
  const nodesByProvider = new Map<string, Node>();
  const nodesByPool = new Map<string, Node[]>();
  for (const node of objects.nodes) {
    if (node.metadata.name !== undefined) nodesByName.set(node.metadata.name, node);
    if (node.spec.providerID !== undefined) nodesByProvider.set(node.spec.providerID, node);
    const pool = node.metadata.labels?.[Labels.nodePool];
    if (pool !== undefined) push(nodesByPool, pool, node);
  }
  const pods: PodFacts[] = [];
  const loadByNode = new Map<string, NodeLoad>();
  for (const pod of objects.pods) {
    const facts = cache.pod(pod);
    if (facts.terminal) continue;
    pods.push(facts);
    if (facts.nodeName === undefined) continue;
    let load = loadByNode.get(facts.nodeName);
    if (load === undefined) {
      load = { pods: [], cpu: 0, memory: 0 };
      loadByNode.set(facts.nodeName, load);
    }
    load.pods.push(facts);
    load.cpu += facts.cpu;
    load.memory += facts.memory;
  }
  const claimsByPool = new Map<string, NodeClaim[]>();
  for (const claim of objects.nodeClaims) {
    const pool = claim.metadata.labels?.[Labels.nodePool];
    if (pool !== undefined) push(claimsByPool, pool, claim);
  }
  const waitingFor = new Map<string, string>();
  for (const [claim, podKeys] of objects.nominatedPods) for (const key of podKeys) if (!waitingFor.has(key)) waitingFor.set(key, claim);
  return {
    cache,
    pods,
    nodesByName,
    loadByNode,
    claimsByPool,
    nodesByPool,
    waitingFor,
    nodeOf(claim) {
      const name = claim.status?.nodeName;
      const byName = name === undefined ? undefined : nodesByName.get(name);
      if (byName !== undefined) return byName;
      const provider = claim.status?.providerID;
      return provider === undefined ? undefined : nodesByProvider.get(provider);
    },
  };
}
