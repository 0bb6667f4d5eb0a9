/**
 * Carries out one cluster's sync plan: supersedes what is no longer needed,
 * creates new Decisions (with their what-if) or updates the hold of stored
 * ones, applies what karpd may apply now as karpd (git changes, drift
 * reverts, prunes, in that order), and sends the reminders that are due.
 */
import type { Cluster } from '../../apis/cluster.js';
import type { Decision } from '../../apis/decision.js';
import { Duration } from '../../apis/duration.js';
import type { PlannedDecision, SyncPlan, Supersession } from '../../gitops/decisions/plan-sync.js';
import { KARPD_ACTOR } from '../../gitops/decisions/plan-sync.js';
import type { DesiredObject, ObjectComparison } from '../../gitops/diff/object-comparison.js';
import type { DecisionStepContext } from './decision-steps.js';
import { errorMessage, executeDecision, notifyDecision, recordAudit, transition } from './decision-steps.js';
import type { ApplyObjects, DueReminders, ProjectWhatIf, PruneObjects } from './sync-dependencies.js';

/** What a plan's execution did. */
export interface PlanOutcome {
  /** Decisions karpd applied (or tried to) in this pass. */
  readonly applied: number;
  /** One line per failure (a failed apply, a change blocked by a Decision that failed too often). */
  readonly errors: string[];
}

/** The writers and the optional what-if a plan's execution uses. */
export interface PlanWriters {
  readonly apply: ApplyObjects;
  readonly prune: PruneObjects;
  readonly projectWhatIf?: ProjectWhatIf;
}

function waitingText(decision: Decision): string {
  return `Decision ${decision.metadata.name ?? ''} waits for approval: ${decision.status?.waitingFor ?? ''} (${decision.spec.summary})`;
}

/** Executes sync plans for one cluster. */
export class PlanExecutor {
  constructor(
    private readonly context: DecisionStepContext,
    private readonly writers: PlanWriters,
  ) {}

  /** Supersedes, creates, updates and applies as `plan` says; `comparisons` are the ones it was planned from. */
  async execute(plan: SyncPlan, comparisons: readonly ObjectComparison[]): Promise<PlanOutcome> {
    const errors = plan.blocked.filter((b) => b.state === 'failed').map((b) => `${b.kind} not retried: ${b.reason}`);
    if (plan.suspended) return { applied: 0, errors };
    for (const supersession of plan.supersede) await this.supersede(supersession, KARPD_ACTOR);
    const toApply: Array<{ decision: Decision; reason: string }> = [];
    for (const planned of plan.decisions) {
      const decision = await this.materialize(planned, comparisons);
      const state = decision.status?.state ?? 'pending';
      if (planned.hold === undefined && (state === 'pending' || state === 'approved')) toApply.push({ decision, reason: planned.reason });
    }
    let applied = 0;
    for (const { decision, reason } of toApply) {
      const approved = await this.approveAsKarpd(decision, reason);
      if (approved === undefined) continue;
      const result = await executeDecision(this.context, this.writers, approved, KARPD_ACTOR);
      applied++;
      if (result.status?.state === 'failed') errors.push(`${result.metadata.name ?? ''} failed: ${result.status.message ?? ''}`);
    }
    return { applied, errors };
  }

  /** Marks a pending Decision superseded (when it still is pending): status, audit, Event. */
  async supersede(supersession: Supersession, by: string): Promise<void> {
    const { name, reason, supersededBy } = supersession;
    const fields = { message: reason, ...(supersededBy !== undefined ? { supersededBy } : {}) };
    const { decision, moved } = await transition(this.context, name, { from: ['pending'], to: 'superseded', by, message: reason, fields });
    if (!moved) return;
    await recordAudit(this.context, {
      who: by,
      action: 'superseded',
      decision: name,
      kind: decision.spec.kind,
      revision: decision.spec.revision,
      result: reason,
    });
    await this.context.repository.event(decision, 'Normal', 'Superseded', reason);
  }

  /** Sends the reminders `dueReminders` says are due; resolves with the number of pending Decisions. */
  async remind(cluster: Cluster, suspension: { at: Date } | undefined, dueReminders: DueReminders | undefined): Promise<number> {
    const pending = (await this.context.repository.list()).filter((d) => d.status?.state === 'pending');
    const remindAfter = cluster.spec.notify?.remindAfter;
    const remindAfterMs = remindAfter === undefined ? undefined : Duration.tryParse(remindAfter)?.toMillis();
    if (dueReminders === undefined || remindAfterMs === undefined || this.context.webhook() === undefined) return pending.length;
    const now = this.context.clock.now();
    const due = dueReminders({
      pending,
      ...(suspension !== undefined ? { suspendedAt: suspension.at } : {}),
      ...(this.suspendedRemindedAt !== undefined ? { suspendedRemindedAt: this.suspendedRemindedAt } : {}),
      remindAfterMs,
      now,
    });
    for (const decision of pending.filter((d) => due.decisions.includes(d.metadata.name ?? ''))) {
      const name = decision.metadata.name ?? '';
      notifyDecision(this.context, 'decision-reminder', decision, `Reminder: ${waitingText(decision)}`);
      await this.context.repository.updateStatus(name, (current) => ({
        ...(current.status ?? decision.status!),
        remindedAt: now.toISOString(),
      }));
    }
    if (due.suspended && suspension !== undefined) this.remindSuspended(suspension.at, now);
    return pending.length;
  }

  private suspendedRemindedAt: Date | undefined;

  private remindSuspended(since: Date, now: Date): void {
    this.suspendedRemindedAt = now;
    const webhook = this.context.webhook();
    if (webhook === undefined) return;
    const text = `Cluster ${this.context.cluster} has been suspended since ${since.toISOString()}: nothing from Git is applied`;
    this.context.notifier.send(webhook, { event: 'suspended-reminder', cluster: this.context.cluster, at: now.toISOString(), text });
  }

  private async materialize(planned: PlannedDecision, comparisons: readonly ObjectComparison[]): Promise<Decision> {
    if (planned.draft !== undefined) return this.create(planned, planned.draft, comparisons);
    const existing = planned.existing as Decision;
    const hold = planned.hold;
    const status = existing.status;
    if (hold === undefined || status?.state !== 'pending' || (status.heldBy === hold.heldBy && status.waitingFor === hold.waitingFor)) {
      return existing;
    }
    const updated = await this.context.repository.updateStatus(planned.name, (current) => ({
      ...(current.status ?? status),
      heldBy: hold.heldBy,
      waitingFor: hold.waitingFor,
    }));
    if (hold.heldBy === 'person') notifyDecision(this.context, 'decision-waiting', updated, waitingText(updated));
    return updated;
  }

  private async create(planned: PlannedDecision, draft: Decision, comparisons: readonly ObjectComparison[]): Promise<Decision> {
    const whatIf = await this.whatIf(draft, comparisons);
    const candidate = whatIf === undefined ? draft : { ...draft, spec: { ...draft.spec, whatIf } };
    const stored = await this.context.repository.create(candidate);
    if (JSON.stringify(stored.status) !== JSON.stringify(draft.status)) return stored;
    const waiting = planned.hold === undefined ? planned.reason : `waits: ${planned.hold.waitingFor}`;
    await recordAudit(this.context, {
      who: KARPD_ACTOR,
      action: 'decision-created',
      decision: planned.name,
      kind: planned.kind,
      revision: draft.spec.revision,
      result: `${draft.spec.summary} (${waiting})`,
    });
    await this.context.repository.event(stored, 'Normal', 'Created', `${draft.spec.summary} (${waiting})`);
    if (planned.hold?.heldBy === 'person') notifyDecision(this.context, 'decision-waiting', stored, waitingText(stored));
    return stored;
  }

  private async whatIf(draft: Decision, comparisons: readonly ObjectComparison[]): Promise<Decision['spec']['whatIf']> {
    const project = this.writers.projectWhatIf;
    if (project === undefined || !draft.spec.changes.some((change) => change.kind === 'NodePool')) return undefined;
    const before = comparisons.flatMap((c) => (c.live === undefined ? [] : [c.live as DesiredObject]));
    const changed = new Map(draft.spec.changes.map((change) => [`${change.kind}/${change.name}`, change]));
    const after = [
      ...before.filter((object) => !changed.has(`${object.kind}/${object.metadata.name ?? ''}`)),
      ...draft.spec.changes.flatMap((change) => (change.action !== 'delete' && change.desired !== undefined ? [change.desired] : [])),
    ];
    try {
      return await project(before, after);
    } catch (error) {
      this.context.logger.warn(
        { cluster: this.context.cluster, decision: draft.metadata.name, reason: errorMessage(error) },
        'what-if failed',
      );
      return undefined;
    }
  }

  private async approveAsKarpd(decision: Decision, reason: string): Promise<Decision | undefined> {
    if (decision.status?.state === 'approved') return decision;
    const name = decision.metadata.name ?? '';
    const at = this.context.clock.now().toISOString();
    const fields = { decidedBy: KARPD_ACTOR, decidedAt: at };
    const { decision: approved, moved } = await transition(this.context, name, {
      from: ['pending'],
      to: 'approved',
      by: KARPD_ACTOR,
      message: reason,
      fields,
    });
    if (!moved) return undefined;
    await recordAudit(this.context, {
      who: KARPD_ACTOR,
      action: 'approved',
      decision: name,
      kind: decision.spec.kind,
      revision: decision.spec.revision,
      result: reason,
    });
    return approved;
  }
}
