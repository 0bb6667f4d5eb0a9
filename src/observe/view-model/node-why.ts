/**
 * `karpd why NODE` over the dashboard's view (agent route `GET /api/v1/why/{node}`): for a Node or NodeClaim
 * name, its cluster, pool, offering and state, and either why the disruption controller leaves it alone (the
 * verdict: message, method, kind) or what is disrupting it (phase, command, and the node Decision carrying it),
 * karpenter-semantics.md §4, §5. Pure over a {@link ViewModel}; the route adds the HTTP and the unknown-node 404.
 */
import type { ClusterView, NodeClaimDisruption, NodeClaimRow, ViewModel } from './view-model.js';

/** The Decision disrupting a node, as `karpd why` shows it. */
export interface NodeWhyDecision {
  readonly name: string;
  readonly kind: string;
  readonly state: string;
  readonly summary: string;
}

/** The answer of `GET /api/v1/why/{node}`. */
export interface NodeWhy {
  readonly cluster: string;
  readonly nodeClaim: string;
  readonly node?: string;
  readonly nodePool: string;
  readonly instanceType?: string;
  readonly capacityType?: string;
  readonly zone?: string;
  /** The NodeClaims window's state (`Initialized`, `Drifted`, `Disrupting`, …). */
  readonly state: string;
  /** The WHY line: the verdict's message, or the phase and the command; absent when the report says nothing of it. */
  readonly why?: string;
  /** The verdict (`kept`) or the disruption in progress; absent when the report says nothing of it. */
  readonly disruption?: NodeClaimDisruption;
  /** The node Decision disrupting it, when there is one and the view still lists it. */
  readonly decision?: NodeWhyDecision;
}

/** Does `row` go by `name` (its NodeClaim's name or its Node's)? */
function isNamed(row: NodeClaimRow, name: string): boolean {
  return row.name === name || row.nodeName === name;
}

function decisionOf(cluster: ClusterView, disruption: NodeClaimDisruption | undefined): NodeWhyDecision | undefined {
  if (disruption?.status !== 'disrupting' || disruption.decision === undefined) return undefined;
  const name = disruption.decision;
  const row = cluster.decisions.find((decision) => decision.name === name);
  return row === undefined ? undefined : { name, kind: row.kind, state: row.state, summary: row.summary };
}

/** The answer for one claim's row. */
export function nodeWhyOf(cluster: ClusterView, row: NodeClaimRow): NodeWhy {
  const decision = decisionOf(cluster, row.disruption);
  return {
    cluster: cluster.name,
    nodeClaim: row.name,
    ...(row.nodeName === undefined ? {} : { node: row.nodeName }),
    nodePool: row.nodePool,
    ...(row.instanceType === undefined ? {} : { instanceType: row.instanceType }),
    ...(row.capacityType === undefined ? {} : { capacityType: row.capacityType }),
    ...(row.zone === undefined ? {} : { zone: row.zone }),
    state: row.state,
    ...(row.why === undefined ? {} : { why: row.why }),
    ...(row.disruption === undefined ? {} : { disruption: row.disruption }),
    ...(decision === undefined ? {} : { decision }),
  };
}

/** Every match of `name` in the view's clusters (only `cluster` when given), in the view's cluster order. */
export function findNodeWhy(view: ViewModel, name: string, cluster?: string): NodeWhy[] {
  const found: NodeWhy[] = [];
  for (const candidate of view.clusters) {
    if (cluster !== undefined && candidate.name !== cluster) continue;
    const row = candidate.nodeClaims.find((claim) => isNamed(claim, name));
    if (row !== undefined) found.push(nodeWhyOf(candidate, row));
  }
  return found;
}
