/**
 * The errors GitOps actions answer with: the agent API maps them to 404 and
 * 409, the CLI prints their message.
 */
import { AutoscalerError, hasError } from '../../apis/errors.js';

/** No Decision has that name. */
export class DecisionNotFoundError extends AutoscalerError {
  constructor(readonly decision: string) {
    super(`decision "${decision}" not found (karpd decisions lists them)`);
    this.name = 'DecisionNotFoundError';
  }
}

/** The Decision is not in a state the action applies to (approving an applied one…). */
export class DecisionStateError extends AutoscalerError {
  constructor(
    readonly decision: string,
    readonly state: string,
    action: string,
  ) {
    super(`decision "${decision}" is ${state}: only a pending decision can be ${action}`);
    this.name = 'DecisionStateError';
  }
}

/** No cluster of that name is served by this agent. */
export class UnknownClusterError extends AutoscalerError {
  constructor(
    readonly cluster: string,
    known: readonly string[],
  ) {
    super(`unknown cluster "${cluster}" (this agent serves ${known.length === 0 ? 'none' : known.join(', ')})`);
    this.name = 'UnknownClusterError';
  }
}

/** Is `error` a {@link DecisionNotFoundError} or an {@link UnknownClusterError}? */
export function isNotFoundActionError(error: unknown): boolean {
  return hasError(error, DecisionNotFoundError) || hasError(error, UnknownClusterError);
}

/** Is `error` a {@link DecisionStateError}? */
export function isDecisionStateError(error: unknown): boolean {
  return hasError(error, DecisionStateError);
}

/** The Decision was made for a revision that is no longer in force: it was superseded instead of applied. */
export class DecisionSupersededError extends DecisionStateError {
  constructor(decision: string, reason: string) {
    super(decision, 'superseded', 'approved');
    this.message = `decision "${decision}" was superseded instead of approved: ${reason}`;
    this.name = 'DecisionSupersededError';
  }
}
