/**
 * How many nodes each NodePool may still lose to each disruption reason in one round of the disruption loop
 * (karpenter-semantics.md §4.5; upstream `BuildDisruptionBudgetMapping`), from the pool's budgets
 * ({@link allowedDisruptions}) and the snapshot's nodes:
 * - `nodes`: the pool's managed nodes (with a NodeClaim) whose claim is Initialized and not `InstanceTerminating`;
 * - `disrupting`: of those, the ones whose Node is not Ready (or missing) or that are marked for deletion.
 * A method {@link BudgetAllowance.take}s one node at a time as it adds candidates to a command. It is the
 * {@link Allowance} the graceful methods are given (its `take` also says whether there was one left).
 *
 * State: a {@link BudgetAllowance} is mutable and owned by the one method run that built it — build a fresh one
 * per run (and per validation) from the snapshot; never share one between runs. Pure otherwise: time is
 * `snapshot.now`, and each pool × reason is computed once, when first asked.
 */
import type { DisruptionReason, NodePool } from '../apis/nodepool.js';
import { NodeClaimConditions } from '../apis/nodeclaim.js';
import { Labels } from '../apis/well-known-labels.js';
import type { StateNode } from '../state/state-node.js';
import type { Allowance } from './allowance.js';
import { type AllowedDisruptions, allowedDisruptions } from './budgets.js';
import { hasTrueCondition, stateNodeLabels } from './candidates.js';
import type { DisruptionSnapshot } from './types.js';

/** The nodes of one pool that count towards its budgets. */
export interface PoolBudgetCounts {
  /** Managed, initialized, not InstanceTerminating. */
  readonly nodes: number;
  /** Of those, NotReady or marked for deletion. */
  readonly disrupting: number;
}

interface Entry {
  readonly allowed: AllowedDisruptions;
  taken: number;
}

function isReady(stateNode: StateNode): boolean {
  return stateNode.node?.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

/** Counts every pool's budget nodes in the snapshot (see the module comment for which count). */
export function countBudgetNodes(nodes: readonly StateNode[]): ReadonlyMap<string, PoolBudgetCounts> {
  const counts = new Map<string, { nodes: number; disrupting: number }>();
  for (const stateNode of nodes) {
    const claim = stateNode.nodeClaim;
    const pool = stateNodeLabels(stateNode)[Labels.nodePool];
    if (claim === undefined || pool === undefined) continue;
    if (!hasTrueCondition(claim, NodeClaimConditions.initialized) || hasTrueCondition(claim, NodeClaimConditions.instanceTerminating))
      continue;
    const count = counts.get(pool) ?? { nodes: 0, disrupting: 0 };
    count.nodes += 1;
    if (!isReady(stateNode) || stateNode.markedForDeletion) count.disrupting += 1;
    counts.set(pool, count);
  }
  return counts;
}

/** Per pool and reason: how many nodes one round may still disrupt (mutable, owned by one method run). */
export class BudgetAllowance implements Allowance {
  private readonly pools: ReadonlyMap<string, NodePool>;
  private readonly counts: ReadonlyMap<string, PoolBudgetCounts>;
  private readonly entries = new Map<string, Entry>();
  private readonly now: Date;

  /** Reads the pools, nodes and `now` of `snapshot`; nothing is computed until asked. */
  constructor(snapshot: Pick<DisruptionSnapshot, 'nodePools' | 'nodes' | 'now'>) {
    this.pools = new Map(snapshot.nodePools.map((pool) => [pool.metadata.name ?? '', pool]));
    this.counts = countBudgetNodes(snapshot.nodes);
    this.now = new Date(snapshot.now);
  }

  private entry(pool: string, reason: DisruptionReason): Entry | undefined {
    const key = `${pool}\u0000${reason}`;
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    const nodePool = this.pools.get(pool);
    if (nodePool === undefined) return undefined;
    const count = this.counts.get(pool) ?? { nodes: 0, disrupting: 0 };
    const allowed = allowedDisruptions({ budgets: nodePool.spec.disruption?.budgets, ...count, now: this.now, reason });
    const entry: Entry = { allowed, taken: 0 };
    this.entries.set(key, entry);
    return entry;
  }

  /** The pool's budget nodes (0 for a pool that does not exist). */
  countsOf(pool: string): PoolBudgetCounts {
    return this.counts.get(pool) ?? { nodes: 0, disrupting: 0 };
  }

  /** What the budgets allowed at the start of the round, or undefined for a pool that does not exist. */
  allowed(pool: string, reason: DisruptionReason): AllowedDisruptions | undefined {
    return this.entry(pool, reason)?.allowed;
  }

  /** How many more nodes of `pool` may be disrupted for `reason` this round (0 for a pool that does not exist). */
  remaining(pool: string, reason: DisruptionReason): number {
    const entry = this.entry(pool, reason);
    return entry === undefined ? 0 : entry.allowed.nodes - entry.taken;
  }

  /** Takes one node of the allowance: true when there was one left (and now one less), false otherwise. */
  take(pool: string, reason: DisruptionReason): boolean {
    const entry = this.entry(pool, reason);
    if (entry === undefined || entry.taken >= entry.allowed.nodes) return false;
    entry.taken += 1;
    return true;
  }

  /** {@link Allowance.message}: the same sentence as {@link BudgetAllowance.budgetVerdict}. */
  message(pool: string, reason: DisruptionReason): string {
    return this.budgetVerdict(pool, reason);
  }

  /**
   * The budget in words, for a verdict: `budget for Underutilized in spark-batch is 0 until 17:00 (schedule "0 9 * * 1-5")`,
   * `budget for Empty in default is used up: 3 of 3 taken this round (30% of 10 nodes = 3)`,
   * `budget for Drifted in default allows 2 more (10% of 20 nodes = 2)`.
   */
  budgetVerdict(pool: string, reason: DisruptionReason): string {
    const entry = this.entry(pool, reason);
    const subject = `budget for ${reason} in ${pool}`;
    if (entry === undefined) return `${subject}: NodePool ${pool} does not exist`;
    const { nodes, detail } = entry.allowed;
    if (nodes === 0) return `${subject} is 0${zeroDetail(detail)}`;
    const left = nodes - entry.taken;
    if (left === 0) return `${subject} is used up: ${entry.taken} of ${nodes} taken this round (${detail})`;
    return `${subject} allows ${left} more (${detail})`;
  }
}

/** `0 until 17:00 (…)` → ` until 17:00 (…)`; `10% of 12 nodes = 2, 2 disrupting` → ` (10% of 12 nodes = 2, 2 disrupting)`. */
function zeroDetail(detail: string): string {
  if (detail === '0') return '';
  if (detail.startsWith('0 ')) return detail.slice(1);
  return ` (${detail})`;
}

/** A fresh allowance for one method run over `snapshot`. */
export function budgetAllowance(snapshot: Pick<DisruptionSnapshot, 'nodePools' | 'nodes' | 'now'>): BudgetAllowance {
  return new BudgetAllowance(snapshot);
}
