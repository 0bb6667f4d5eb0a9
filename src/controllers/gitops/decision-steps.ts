/**
 * The steps of a Decision's life that write somewhere, shared by the sync
 * pass and by a person's approve/reject: move it to a new state (status,
 * history, Event), append the audit line, tell the cluster's webhook, and
 * apply its stored changes (EC2NodeClasses before NodePools, prune last).
 * Audit and notification failures are logged and never stop the sync.
 */
import type { Clock } from '../../apis/clock.js';
import type { Decision, DecisionState, DecisionStatus } from '../../apis/decision.js';
import type { Logger } from '../../apis/logger.js';
import type { AuditEntry, AuditLog } from '../../gitops/decisions/audit-entry.js';
import { byApplyOrder } from '../../gitops/decisions/decision-drafts.js';
import type { DecisionRepository } from '../../gitops/decisions/decision-repository.js';
import type { NotificationEvent, Notifier } from '../../gitops/decisions/notification.js';
import type { DesiredObject } from '../../gitops/diff/object-comparison.js';
import type { ApplyObjects, PruneObjects } from './sync-dependencies.js';

/** Where a cluster's Decision steps are written. */
export interface DecisionStepContext {
  readonly cluster: string;
  readonly repository: DecisionRepository;
  readonly audit: AuditLog;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The cluster's `spec.notify.webhook` now. */
  webhook(): string | undefined;
}

/** The one-line message of an error (the causes' messages joined, so "applying …: 409 conflict" stays readable). */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error && !error.message.includes(error.cause.message) ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/** Appends one audit line; a failing audit log is logged, not thrown. */
export async function recordAudit(context: DecisionStepContext, entry: Omit<AuditEntry, 'at' | 'cluster'>): Promise<void> {
  const line: AuditEntry = { at: context.clock.now().toISOString(), cluster: context.cluster, ...entry };
  try {
    await context.audit.append(line);
  } catch (error) {
    context.logger.error({ cluster: context.cluster, action: entry.action, reason: errorMessage(error) }, 'audit log append failed');
  }
}

/** Tells the cluster's webhook (when it has one) about `decision`. */
export function notifyDecision(context: DecisionStepContext, event: NotificationEvent, decision: Decision, text: string): void {
  const webhook = context.webhook();
  if (webhook === undefined) return;
  const status = decision.status;
  context.notifier.send(webhook, {
    event,
    cluster: context.cluster,
    at: context.clock.now().toISOString(),
    text,
    decision: {
      name: decision.metadata.name ?? '',
      kind: decision.spec.kind,
      summary: decision.spec.summary,
      state: status?.state ?? 'pending',
      revision: decision.spec.revision,
      ...(status?.waitingFor !== undefined ? { waitingFor: status.waitingFor } : {}),
      ...(decision.spec.whatIf !== undefined ? { whatIf: decision.spec.whatIf } : {}),
    },
  });
}

/** What a state change sets besides the state and the history line. */
export type StatusFields = Partial<Omit<DecisionStatus, 'state' | 'history'>>;

/**
 * Moves `name` from `from` to `to` (recorded in its history as done `by`), or leaves it as it is when it is no
 * longer in one of the `from` states (another agent moved it). Resolves with the stored Decision and whether it moved.
 */
export async function transition(
  context: DecisionStepContext,
  name: string,
  change: { from: readonly DecisionState[]; to: DecisionState; by: string; message?: string; fields?: StatusFields },
): Promise<{ decision: Decision; moved: boolean }> {
  let moved = false;
  const at = context.clock.now().toISOString();
  const decision = await context.repository.updateStatus(name, (current) => {
    const status = current.status ?? { state: 'pending', history: [] };
    moved = change.from.includes(status.state);
    if (!moved) return status;
    const history = [...status.history, { state: change.to, at, by: change.by, ...(change.message ? { message: change.message } : {}) }];
    const { heldBy: _heldBy, waitingFor: _waitingFor, ...rest } = status;
    const open = change.to === 'pending' ? status : rest;
    return { ...open, ...change.fields, state: change.to, history };
  });
  return { decision, moved };
}

async function writeChanges(decision: Decision, apply: ApplyObjects, prune: PruneObjects): Promise<number> {
  const changes = [...decision.spec.changes].sort(byApplyOrder);
  const writes = changes.filter((c) => c.action !== 'delete' && c.desired !== undefined).map((c) => c.desired as DesiredObject);
  const deletes = changes
    .filter((c) => c.action === 'delete')
    .sort((a, b) => Number(a.kind !== 'NodePool') - Number(b.kind !== 'NodePool') || a.name.localeCompare(b.name));
  if (writes.length > 0) await apply(writes, decision.spec.revision);
  if (deletes.length > 0) await prune(deletes.map((c) => ({ kind: c.kind, name: c.name })));
  return writes.length + deletes.length;
}

/** Applies an approved Decision's stored changes and records applied or failed (status, audit, Event, webhook). */
export async function executeDecision(
  context: DecisionStepContext,
  writers: { apply: ApplyObjects; prune: PruneObjects },
  decision: Decision,
  by: string,
): Promise<Decision> {
  const name = decision.metadata.name ?? '';
  const base = { who: by, decision: name, kind: decision.spec.kind, revision: decision.spec.revision };
  try {
    const count = await writeChanges(decision, writers.apply, writers.prune);
    const message = `applied ${count} change${count === 1 ? '' : 's'}: ${decision.spec.summary}`;
    const at = context.clock.now().toISOString();
    const { decision: applied } = await transition(context, name, {
      from: ['approved'],
      to: 'applied',
      by,
      message,
      fields: { appliedAt: at },
    });
    await recordAudit(context, { ...base, action: 'applied', result: message });
    await context.repository.event(applied, 'Normal', 'Applied', message);
    notifyDecision(context, 'decision-applied', applied, `Decision ${name} applied: ${decision.spec.summary}`);
    context.logger.info({ cluster: context.cluster, decision: name, by }, message);
    return applied;
  } catch (error) {
    const reason = errorMessage(error);
    const { decision: failed } = await transition(context, name, {
      from: ['approved'],
      to: 'failed',
      by,
      message: reason,
      fields: { message: reason },
    });
    await recordAudit(context, { ...base, action: 'failed', result: reason });
    await context.repository.event(failed, 'Warning', 'Failed', reason);
    notifyDecision(context, 'decision-failed', failed, `Decision ${name} failed: ${reason}`);
    context.logger.warn({ cluster: context.cluster, decision: name, reason }, 'applying decision failed');
    return failed;
  }
}
