/**
 * A one-line account of a scheduling plan, for logs, the dashboard and the
 * what-if view: how many pods land where, how many nodes are launched and
 * what the new capacity costs per hour.
 */
import type { SolveResult } from '../scheduling/snapshot.js';

/** The figures of one plan. */
export interface PlanSummary {
  readonly pods: number;
  readonly onExistingNodes: number;
  readonly onInFlightClaims: number;
  readonly onNewNodeClaims: number;
  readonly unschedulable: number;
  readonly newNodeClaims: number;
  /** Sum of the cheapest option of every new NodeClaim (USD/hour). */
  readonly pricePerHour: number;
  /** New NodeClaims per NodePool. */
  readonly byNodePool: Readonly<Record<string, number>>;
}

/** Summarises a {@link SolveResult}. */
export function summarizePlan(result: SolveResult): PlanSummary {
  const byNodePool: Record<string, number> = {};
  for (const claim of result.newNodeClaims) byNodePool[claim.nodePool] = (byNodePool[claim.nodePool] ?? 0) + 1;
  const count = (kind: string): number => result.placements.filter((p) => p.kind === kind).length;
  return {
    pods: result.placements.length + result.unschedulable.length,
    onExistingNodes: count('existing'),
    onInFlightClaims: count('in-flight'),
    onNewNodeClaims: count('new'),
    unschedulable: result.unschedulable.length,
    newNodeClaims: result.newNodeClaims.length,
    pricePerHour: result.newNodeClaims.reduce((sum, c) => sum + c.price, 0),
    byNodePool,
  };
}

/** "12 pods: 3 on existing nodes, 9 on 2 new NodeClaims ($0.38/h), 1 unschedulable". */
export function formatPlanSummary(summary: PlanSummary): string {
  const parts = [`${summary.pods} pods`];
  const placed: string[] = [];
  if (summary.onExistingNodes > 0) placed.push(`${summary.onExistingNodes} on existing nodes`);
  if (summary.onInFlightClaims > 0) placed.push(`${summary.onInFlightClaims} on in-flight NodeClaims`);
  if (summary.onNewNodeClaims > 0)
    placed.push(
      `${summary.onNewNodeClaims} on ${summary.newNodeClaims} new NodeClaim${summary.newNodeClaims === 1 ? '' : 's'} ($${summary.pricePerHour.toFixed(2)}/h)`,
    );
  if (summary.unschedulable > 0) placed.push(`${summary.unschedulable} unschedulable`);
  return `${parts[0]}: ${placed.length > 0 ? placed.join(', ') : 'nothing to do'}`;
}
