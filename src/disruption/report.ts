/**
 * What the disruption controller tells the rest of karpd after each round (types only): why every node it left
 * alone stays, how much of each pool's budget is left, and which NodeClaims are being disrupted and how far that
 * has got. The dashboard's view model, `karpd why NODE` (agent route `GET /api/v1/why/{node}`) and the metrics
 * read it. Plain JSON-friendly data: arrays, not maps, so the agent API can send it as it is.
 */
import type { DisruptionReason } from '../apis/nodepool.js';
import type { DisruptionMethod, NodeVerdict } from './types.js';

/** One pool's budget for one reason, this round. */
export interface PoolBudgetReport {
  readonly nodePool: string;
  readonly reason: DisruptionReason;
  /** Nodes the most restrictive active budget allows to be disrupted at once (before counting those in flight). */
  readonly allowed: number;
  /** Nodes of the pool being disrupted now (deleting, or marked for a command). */
  readonly disrupting: number;
  /** Nodes of the pool. */
  readonly total: number;
  /** `allowed - disrupting`, never below 0: what a new command may still take. */
  readonly remaining: number;
  /** RFC 3339: when the budget that limits it stops being active (its schedule window ends), when it is scheduled. */
  readonly until?: string;
}

/** Where one NodeClaim being disrupted is. */
export type DisruptionPhase =
  /** Its command's Decision waits for a person. */
  | 'waiting-approval'
  /** Marked; the command is re-validated after 15 s. */
  | 'validating'
  /** Replacements are launching; it is drained once they are initialized. */
  | 'launching'
  /** Deleted: the termination flow drains it. */
  | 'draining';

/** A NodeClaim a command took. */
export interface DisruptingClaim {
  readonly nodeClaim: string;
  /** The Node's name, when it has one. */
  readonly node?: string;
  readonly nodePool: string;
  /** The method, or `expiration` / `interruption` for forceful disruption. */
  readonly method: DisruptionMethod | 'expiration' | 'interruption';
  readonly reason: DisruptionReason | 'Expired' | 'Interrupted';
  readonly phase: DisruptionPhase;
  /** The command's one line (`replace m5.2xlarge with m5.large, saves $0.29/h`). */
  readonly summary: string;
  /** The node Decision carrying the command, when there is one. */
  readonly decision?: string;
  /** RFC 3339: when the command took it. */
  readonly since: string;
}

/** One round's outcome, as the controller publishes it. */
export interface DisruptionReport {
  /** RFC 3339: when the round ran (absent before the first round). */
  readonly generatedAt?: string;
  /** Why each node that is not being disrupted stays, one per node (its most telling reason). */
  readonly verdicts: readonly NodeVerdict[];
  /** Every pool × reason. */
  readonly budgets: readonly PoolBudgetReport[];
  readonly disrupting: readonly DisruptingClaim[];
}

/** Where the latest report is read from (the agent's disruption controller). */
export interface DisruptionReportSource {
  report(): DisruptionReport;
}

/** The report before any round ran. */
export const EMPTY_DISRUPTION_REPORT: DisruptionReport = { verdicts: [], budgets: [], disrupting: [] };
