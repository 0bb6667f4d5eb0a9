/**
 * The `Balanced` consolidation policy (karpenter-semantics.md §4.8.4; upstream v1.14+, design
 * `balanced-consolidation.md`): a consolidation move is approved in a pool only when what it saves of the pool's
 * cost is worth the share of the pool's disruption it causes,
 *
 *   score = (savings ÷ pool's total cost) ÷ (move's disruption ÷ pool's total disruption),  approved iff score ≥ 1/k
 *
 * with k = 2 (`WhenEmptyOrUnderutilized` is k = ∞: any positive saving; its pools are not scored). A node's
 * disruption is 1.0 + Σ max(0, pod eviction cost) over its reschedulable pods (pod-disruption.ts
 * {@link podEvictionCost}; this is not candidates.ts' `disruptionCost`, which has no base, no floor and is scaled
 * by lifetime remaining: that one orders candidates, this one weighs a move). Pool totals are over every node of
 * the pool in the snapshot that is not being deleted (upstream sums the cluster's active nodes), candidates or
 * not, priced at their offering (zone and capacity type) in the pool's instance types. A move whose candidates
 * evict no pod scores +∞ (empty deletes always pass); a replace that saves nothing scores 0 and fails.
 *
 * [UNSURE] Cross-pool moves: the spec says only that a move must pass in each source pool whose policy is
 * Balanced. karpd's reading: a pool's savings are its candidates' prices minus its pro-rata share of the
 * replacement's price (share = its candidates' price ÷ all candidates' price), its move disruption is its own
 * candidates' disruption, and its totals are its own. Pure.
 */
import type { Pod } from '../apis/core-v1.js';
import { Labels } from '../apis/well-known-labels.js';
import type { InstanceType } from '../scheduling/instance-type.js';
import type { StateNode } from '../state/state-node.js';
import { stateNodeLabels } from './candidates.js';
import { perHourText } from './command-summary.js';
import { isReschedulable, podEvictionCost } from './pod-disruption.js';
import type { BalancedScore, Candidate, DisruptionCommand, DisruptionSnapshot } from './types.js';

/** Upstream's `BalancedK`: a move must score at least 1/k. */
export const BALANCED_K = 2;

/** What every node costs to disrupt before its pods are counted (upstream `PerNodeBaseDisruptionCost`). */
export const NODE_BASE_DISRUPTION = 1;

/** Tolerance for comparing a score computed from float prices with 1/k (a move at exactly 0.5 passes). */
const EPSILON = 1e-9;

/** A pool's nodes, summed: the denominators of the score. */
export interface PoolTotals {
  /** Σ node prices, USD/hour. */
  readonly cost: number;
  /** Σ node disruption ({@link nodeDisruption}). */
  readonly disruption: number;
  readonly nodes: number;
}

/** The disruption of removing a node with these pods: 1.0 + Σ max(0, eviction cost) over the reschedulable ones. */
export function nodeDisruption(pods: readonly Pod[]): number {
  let sum = NODE_BASE_DISRUPTION;
  for (const pod of pods) if (isReschedulable(pod)) sum += Math.max(0, podEvictionCost(pod));
  return sum;
}

function nodePrice(labels: Readonly<Record<string, string>>, types: ReadonlyMap<string, InstanceType> | undefined): number {
  const type = types?.get(labels[Labels.instanceType] ?? '');
  const offering = type?.offerings.find((o) => o.zone === labels[Labels.zone] && o.capacityType === labels[Labels.capacityType]);
  return offering?.price ?? 0;
}

/** Every pool's totals over its nodes in the snapshot that are not being deleted (see the module comment). */
export function poolTotals(snapshot: DisruptionSnapshot): ReadonlyMap<string, PoolTotals> {
  const typesByPool = new Map<string, ReadonlyMap<string, InstanceType>>();
  const typesOf = (pool: string): ReadonlyMap<string, InstanceType> | undefined => {
    if (!typesByPool.has(pool)) {
      const types = snapshot.instanceTypes.get(pool);
      if (types !== undefined) typesByPool.set(pool, new Map(types.map((t) => [t.name, t])));
    }
    return typesByPool.get(pool);
  };
  const totals = new Map<string, PoolTotals>();
  for (const stateNode of snapshot.nodes) addNode(totals, stateNode, typesOf);
  return totals;
}

function addNode(
  totals: Map<string, PoolTotals>,
  stateNode: StateNode,
  typesOf: (pool: string) => ReadonlyMap<string, InstanceType> | undefined,
): void {
  if (stateNode.markedForDeletion) return;
  const labels = stateNodeLabels(stateNode);
  const pool = labels[Labels.nodePool];
  if (pool === undefined) return;
  const known = totals.get(pool) ?? { cost: 0, disruption: 0, nodes: 0 };
  totals.set(pool, {
    cost: known.cost + nodePrice(labels, typesOf(pool)),
    disruption: known.disruption + nodeDisruption(stateNode.pods),
    nodes: known.nodes + 1,
  });
}

/** What is scored of a command: its candidates and what its replacement costs. */
export type ScoredMove = Pick<DisruptionCommand, 'candidates' | 'priceAfter'>;

/** Is the candidate's pool's consolidation policy `Balanced`? */
export function isBalancedCandidate(candidate: Candidate): boolean {
  return candidate.nodePool.spec.disruption?.consolidationPolicy === 'Balanced';
}

/** `2`, `2.08`: at most two decimals, no trailing zeros. */
function amountText(value: number): string {
  return String(Number(value.toFixed(2)));
}

function scoreMessage(score: Omit<BalancedScore, 'message'>, k: number): string {
  const threshold = score.threshold.toFixed(2);
  const where = `(k=${k}) in pool ${score.nodePool}`;
  if (score.score === Number.POSITIVE_INFINITY) return `score ∞ ≥ ${threshold} ${where}: its nodes are empty, no pod is disrupted`;
  const shown = score.score.toFixed(2);
  // A refused 0.4996 would read `0.50 < 0.50`: show more digits then.
  const value = !score.approved && shown === threshold ? score.score.toFixed(4) : shown;
  const verdict = `score ${value} ${score.approved ? '≥' : '<'} ${threshold} ${where}`;
  const detail = `saves ${perHourText(score.savings)} of the pool's ${perHourText(score.poolCost)}`;
  return `${verdict}: ${detail} for ${amountText(score.disruption)} of its ${amountText(score.poolDisruption)} nodes' disruption`;
}

/**
 * The score of a move in one pool from its four numbers: +∞ when the move disrupts nothing, 0 when it saves
 * nothing (or the pool costs nothing), else (savings ÷ pool cost) ÷ (disruption ÷ pool disruption).
 */
export function scoreOf(input: { savings: number; poolCost: number; disruption: number; poolDisruption: number }): number {
  if (input.disruption <= 0) return Number.POSITIVE_INFINITY;
  if (input.savings <= 0 || input.poolCost <= 0 || input.poolDisruption <= 0) return 0;
  return input.savings / input.poolCost / (input.disruption / input.poolDisruption);
}

function poolScore(pool: string, own: readonly Candidate[], move: ScoredMove, totals: PoolTotals | undefined, k: number): BalancedScore {
  const allPrice = move.candidates.reduce((sum, c) => sum + c.price, 0);
  const ownPrice = own.reduce((sum, c) => sum + c.price, 0);
  const share = allPrice > 0 ? ownPrice / allPrice : own.length / move.candidates.length;
  const savings = ownPrice - share * move.priceAfter;
  const empty = own.every((c) => c.reschedulablePods.length === 0);
  const disruption = empty ? 0 : own.reduce((sum, c) => sum + nodeDisruption(c.reschedulablePods), 0);
  const numbers = { savings, poolCost: totals?.cost ?? 0, disruption, poolDisruption: totals?.disruption ?? 0 };
  const score = scoreOf(numbers);
  const threshold = 1 / k;
  const fields = { nodePool: pool, score, threshold, ...numbers, approved: score >= threshold - EPSILON };
  return { ...fields, message: scoreMessage(fields, k) };
}

/**
 * The score of `move` in each of its source pools whose policy is `Balanced`, in pool-name order (empty when none
 * is): `totals` are the snapshot's ({@link poolTotals}).
 */
export function balancedScores(move: ScoredMove, totals: ReadonlyMap<string, PoolTotals>, k = BALANCED_K): BalancedScore[] {
  const byPool = new Map<string, Candidate[]>();
  for (const c of move.candidates) {
    if (!isBalancedCandidate(c)) continue;
    const pool = c.nodePool.metadata.name ?? '';
    byPool.set(pool, [...(byPool.get(pool) ?? []), c]);
  }
  return [...byPool.keys()].sort().map((pool) => poolScore(pool, byPool.get(pool)!, move, totals.get(pool), k));
}

/** Whether the Balanced policy lets a move go: approved in every Balanced source pool, or the first pool's "no". */
export type BalancedVerdict =
  | { readonly ok: true; readonly scores: readonly BalancedScore[] }
  | {
      readonly ok: false;
      readonly scores: readonly BalancedScore[];
      /** The first source pool's score that refused the move; `message` is its message. */
      readonly rejected: BalancedScore;
      readonly message: string;
    };

/** The Balanced verdict on `move` (approved when no source pool is Balanced, with no scores). */
export function balancedVerdict(move: ScoredMove, totals: ReadonlyMap<string, PoolTotals>, k = BALANCED_K): BalancedVerdict {
  const scores = balancedScores(move, totals, k);
  const rejected = scores.find((s) => !s.approved);
  return rejected === undefined ? { ok: true, scores } : { ok: false, scores, rejected, message: rejected.message };
}
