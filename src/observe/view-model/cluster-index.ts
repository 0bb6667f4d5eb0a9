/**
 * One cluster's objects indexed for the window builders, in one pass each (O(pods + nodes + claims)): nodes by
 * name and provider id, each node's pods and their summed requests, each pool's nodes and claims, and which
 * claim each pending pod waits for. Rebuilt on every build (the pod side is reused while the pods are the same
 * objects); the per-object readings come from the cache.
 */
import type { Node, Pod } from '../../apis/core-v1.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import type { ClaimFacts, ObjectCache, PodFacts } from './object-cache.js';
import { priceOf } from './offering.js';
import { sameArrayOr } from './row-memo.js';
import type { ClusterObjects, ClusterViewInput } from './view-input.js';

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
  /** Every claim with its node, in input order. */
  readonly claims: readonly ClaimFacts[];
  readonly nodesByName: ReadonlyMap<string, Node>;
  /** Load of each node name that has pods (non-terminal pods bound to it). */
  readonly loadByNode: ReadonlyMap<string, NodeLoad>;
  /** Claims of each pool (label `karpenter.sh/nodepool`). */
  readonly claimsByPool: ReadonlyMap<string, ClaimFacts[]>;
  /** Nodes of each pool (label `karpenter.sh/nodepool`). */
  readonly nodesByPool: ReadonlyMap<string, Node[]>;
  /** Pod key → the NodeClaim whose nominated pods list it. */
  readonly waitingFor: ReadonlyMap<string, string>;
  /** The claim's node: by `status.nodeName`, else by provider id. */
  nodeOf(claim: NodeClaim): Node | undefined;
  /** The claim's $/h (asked of the price function once per claim and build); undefined when unknown. */
  priceOf(claim: ClaimFacts): number | undefined;
}

/** The pod side of the last index, reused while the pods are the same objects in the same order. */
export class PodIndexMemo {
  input: readonly Pod[] | undefined;
  pods: PodFacts[] = [];
  loadByNode = new Map<string, NodeLoad>();
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

function indexPods(podList: readonly Pod[], cache: ObjectCache, memo: PodIndexMemo): void {
  if (memo.input !== undefined && sameArrayOr(memo.input, podList) === memo.input) return;
  const pods: PodFacts[] = [];
  const loadByNode = new Map<string, NodeLoad>();
  for (const pod of podList) {
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
  memo.input = podList;
  memo.pods = pods;
  memo.loadByNode = loadByNode;
}

/** Indexes one cluster's objects (`podMemo` lets the next build reuse the pod side). */
export function indexCluster(
  objects: ClusterObjects,
  cache: ObjectCache,
  price: ClusterViewInput['price'],
  podMemo: PodIndexMemo = new PodIndexMemo(),
): ClusterIndex {
  const nodesByName = new Map<string, Node>();
  const nodesByProvider = new Map<string, Node>();
  const nodesByPool = new Map<string, Node[]>();
  for (const node of objects.nodes) {
    if (node.metadata.name !== undefined) nodesByName.set(node.metadata.name, node);
    if (node.spec.providerID !== undefined) nodesByProvider.set(node.spec.providerID, node);
    const pool = node.metadata.labels?.[Labels.nodePool];
    if (pool !== undefined) push(nodesByPool, pool, node);
  }
  const nodeOf = (claim: NodeClaim): Node | undefined => {
    const name = claim.status?.nodeName;
    const byName = name === undefined ? undefined : nodesByName.get(name);
    if (byName !== undefined) return byName;
    const provider = claim.status?.providerID;
    return provider === undefined ? undefined : nodesByProvider.get(provider);
  };
  indexPods(objects.pods, cache, podMemo);
  const claims: ClaimFacts[] = [];
  const claimsByPool = new Map<string, ClaimFacts[]>();
  for (const claim of objects.nodeClaims) {
    const facts = cache.claim(claim, nodeOf(claim));
    claims.push(facts);
    if (facts.pool !== '') push(claimsByPool, facts.pool, facts);
  }
  const waitingFor = new Map<string, string>();
  for (const [claim, podKeys] of objects.nominatedPods) for (const key of podKeys) if (!waitingFor.has(key)) waitingFor.set(key, claim);
  const prices = new Map<ClaimFacts, number | undefined>();
  return {
    cache,
    pods: podMemo.pods,
    claims,
    nodesByName,
    loadByNode: podMemo.loadByNode,
    claimsByPool,
    nodesByPool,
    waitingFor,
    nodeOf,
    priceOf(claim) {
      if (prices.has(claim)) return prices.get(claim);
      const value = priceOf(claim.offering, price);
      prices.set(claim, value);
      return value;
    },
  };
}
