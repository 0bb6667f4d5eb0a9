/**
 * State nodes (kubernetes-sigs/karpenter pkg/controllers/state/cluster.go): one per machine, joining the
 * NodeClaim and the Node by providerID. Either side may be missing — a
 * NodeClaim without a Node is in flight, a Node without a NodeClaim is not
 * managed by karpd but still capacity.
 */
import type { Node, Pod } from '../apis/core-v1.js';
import type { NodeClaim } from '../apis/nodeclaim.js';

/** One machine as the controllers see it. */
export interface StateNode {
  /** `status.providerID` of the claim or `spec.providerID` of the node; absent while a claim is not launched. */
  readonly providerID?: string;
  readonly node?: Node;
  readonly nodeClaim?: NodeClaim;
  /** Pods bound to the node (by `spec.nodeName`). */
  readonly pods: readonly Pod[];
  /** The Node or NodeClaim is being deleted. */
  readonly markedForDeletion: boolean;
  /** Pods were nominated to this node until this time (ms since epoch); not a disruption candidate before then. */
  readonly nominatedUntil?: number;
  /** Pending pods (`namespace/name`) the provisioner planned onto this in-flight NodeClaim (no Node yet). */
  readonly nominatedPods?: readonly string[];
}

/** The name a state node is known by: the Node's name, else the NodeClaim's. */
export function stateNodeName(stateNode: StateNode): string {
  return stateNode.node?.metadata.name ?? stateNode.nodeClaim?.metadata.name ?? stateNode.providerID ?? '';
}

interface JoinInput {
  nodes: Iterable<Node>;
  nodeClaims: Iterable<NodeClaim>;
  podsByNode: ReadonlyMap<string, readonly Pod[]>;
  nominations: ReadonlyMap<string, number>;
  nominatedPods?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Joins Nodes and NodeClaims by providerID into state nodes, ordered by name. */
export function joinStateNodes(input: JoinInput): StateNode[] {
  const claimsByProvider = new Map<string, NodeClaim>();
  const unlaunched: NodeClaim[] = [];
  for (const claim of input.nodeClaims) {
    const providerID = claim.status?.providerID;
    if (providerID) claimsByProvider.set(providerID, claim);
    else unlaunched.push(claim);
  }
  const out: StateNode[] = [];
  for (const node of input.nodes) {
    const providerID = node.spec.providerID;
    const nodeClaim = providerID ? claimsByProvider.get(providerID) : undefined;
    if (providerID) claimsByProvider.delete(providerID);
    out.push(build(providerID, node, nodeClaim, input));
  }
  for (const [providerID, claim] of claimsByProvider) out.push(build(providerID, undefined, claim, input));
  for (const claim of unlaunched) out.push(build(undefined, undefined, claim, input));
  return out.sort((a, b) => (stateNodeName(a) < stateNodeName(b) ? -1 : stateNodeName(a) > stateNodeName(b) ? 1 : 0));
}

function build(providerID: string | undefined, node: Node | undefined, nodeClaim: NodeClaim | undefined, input: JoinInput): StateNode {
  const name = node?.metadata.name;
  const nominatedUntil =
    name !== undefined ? input.nominations.get(name) : nodeClaim ? input.nominations.get(nodeClaim.metadata.name ?? '') : undefined;
  const planned = node === undefined && nodeClaim !== undefined ? input.nominatedPods?.get(nodeClaim.metadata.name ?? '') : undefined;
  return {
    providerID,
    node,
    nodeClaim,
    pods: name !== undefined ? (input.podsByNode.get(name) ?? []) : [],
    markedForDeletion: node?.metadata.deletionTimestamp !== undefined || nodeClaim?.metadata.deletionTimestamp !== undefined,
    ...(nominatedUntil !== undefined ? { nominatedUntil } : {}),
    ...(planned !== undefined && planned.size > 0 ? { nominatedPods: [...planned].sort() } : {}),
  };
}
