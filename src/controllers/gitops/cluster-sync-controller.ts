/**
 * GitOps sync of one cluster, continuously: take the revision in force,
 * render and validate it, read the live NodePools and EC2NodeClasses,
 * compare, plan (`planSync`), create / update / supersede Decisions, and
 * apply what policy lets karpd apply now. A person approves or rejects the
 * rest. Runs on a new revision, on the cluster's `spec.sync.interval` and on
 * `trigger()` (live changes), one pass at a time; a failing pass is logged
 * and shown, never thrown out of the loop.
 */
import type { Cluster, DisruptionApproval } from '../../apis/cluster.js';
import type { CancelTimer, Clock } from '../../apis/clock.js';
import { type Decision, isNodeDecisionKind } from '../../apis/decision.js';
import { ClusterDefaults } from '../../apis/defaults.js';
import { Duration } from '../../apis/duration.js';
import type { Logger } from '../../apis/logger.js';
import type { KubeObject } from '../../apis/object-meta.js';
import type { AuditLog } from '../../gitops/decisions/audit-entry.js';
import { DecisionNotFoundError, DecisionStateError, DecisionSupersededError } from '../../gitops/decisions/decision-errors.js';
import type { DecisionRepository } from '../../gitops/decisions/decision-repository.js';
import { shortRevision } from '../../gitops/decisions/decision-drafts.js';
import type { Actor, ClusterSyncState } from '../../gitops/decisions/gitops-service.js';
import type { Notifier } from '../../gitops/decisions/notification.js';
import type { SyncPlan, WindowVerdict } from '../../gitops/decisions/plan-sync.js';
import { planSync, syncStatusOf } from '../../gitops/decisions/plan-sync.js';
import type { CompareCluster, ObjectComparison } from '../../gitops/diff/object-comparison.js';
import { loadClusterManifests } from '../../gitops/source/load-cluster.js';
import type { RevisionSource } from '../../gitops/source/revision.js';
import type { DecisionStepContext } from './decision-steps.js';
import { errorMessage, executeDecision, recordAudit, transition } from './decision-steps.js';
import { PlanExecutor } from './plan-executor.js';
import type { RevisionInForce } from './revision-intake.js';
import { RevisionIntake } from './revision-intake.js';
import type { ApplyObjects, DueReminders, EvaluateWindows, ProjectWhatIf, PruneObjects, RenderRevision } from './sync-dependencies.js';

/** The dependencies of one cluster's sync (one options object). */
export interface ClusterSyncOptions {
  /** The cluster folder's name. */
  readonly cluster: string;
  readonly source: RevisionSource;
  /** @default loadClusterManifests */
  readonly renderRevision?: RenderRevision;
  /** The cluster's NodePools and EC2NodeClasses, read fresh. */
  readonly listLive: () => Promise<KubeObject[]>;
  /** Nodes per NodePool now. */
  readonly nodesPerPool: () => Promise<ReadonlyMap<string, number>>;
  readonly compare: CompareCluster;
  readonly apply: ApplyObjects;
  readonly prune: PruneObjects;
  /** @default no what-if */
  readonly projectWhatIf?: ProjectWhatIf;
  /** @default windows are not evaluated (always allowed) */
  readonly evaluateWindows?: EvaluateWindows;
  /** @default no reminders */
  readonly dueReminders?: DueReminders;
  readonly repository: DecisionRepository;
  readonly audit: AuditLog;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  /** May this agent act (leader)? @default always */
  readonly canAct?: () => boolean;
}

/** A person's suspension (`karpd suspend`). */
export interface Suspension {
  readonly by: string;
  readonly at: Date;
}

const DEFAULT_INTERVAL_MS = Duration.parse(ClusterDefaults.sync.interval).toMillis();

/** Keeps one cluster in sync with Git. */
export class ClusterSyncController {
  readonly name: string;
  private readonly context: DecisionStepContext;
  private readonly intake: RevisionIntake;
  private readonly executor: PlanExecutor;
  private chain: Promise<unknown> = Promise.resolve();
  private queued = false;
  private stopped = true;
  private cancelTimer: CancelTimer | undefined;
  private intervalMs = 0;
  private unsubscribe: (() => void) | undefined;
  private personSuspension: Suspension | undefined;
  private gitSuspendedAt: Date | undefined;
  private syncError: string | undefined;
  private objects: ObjectComparison[] = [];
  private pending = 0;
  private window: WindowVerdict | undefined;
  private appliedRevision: string | undefined;
  private lastSyncAt: Date | undefined;
  private lastAttemptAt: Date | undefined;

  constructor(private readonly options: ClusterSyncOptions) {
    this.name = options.cluster;
    this.context = {
      cluster: options.cluster,
      repository: options.repository,
      audit: options.audit,
      notifier: options.notifier,
      clock: options.clock,
      logger: options.logger,
      webhook: () => this.intake.inForce()?.cluster.spec.notify?.webhook,
    };
    this.intake = new RevisionIntake(this.context, options.renderRevision ?? loadClusterManifests);
    this.executor = new PlanExecutor(this.context, options);
  }

  /** The cluster's Decisions store. */
  get repository(): DecisionRepository {
    return this.options.repository;
  }

  /** Starts syncing: now, on every new revision and on the interval. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.options.source.onRevision(() => this.trigger());
    this.armInterval();
    this.trigger();
  }

  /** Stops the loop and waits for a running pass. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.unsubscribe?.();
    await this.idle();
  }

  /** Requests a pass soon (coalesced: at most one runs and one waits). */
  trigger(): void {
    if (this.stopped || this.queued) return;
    this.queued = true;
    void this.exclusive(async () => {
      this.queued = false;
      if (!this.stopped) await this.safePass();
    });
  }

  /** Runs one pass now (after any running one) and resolves when it is done. */
  async reconcile(): Promise<void> {
    await this.exclusive(() => this.safePass());
  }

  /** Resolves when no pass (or action) is running or queued. */
  async idle(): Promise<void> {
    let seen: Promise<unknown> | undefined;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
  }

  /** Fetches Git now, then runs a pass. */
  async refresh(): Promise<void> {
    await this.options.source.refresh();
    await this.reconcile();
  }

  /** Sets (or with undefined, lifts) a person's suspension; the caller persists it. */
  setSuspension(suspension: Suspension | undefined): void {
    this.personSuspension = suspension;
  }

  /**
   * Approves a pending Decision and applies its stored changes; resolves with it applied or failed. On a follower
   * (`canAct` false) it resolves with it approved: the leader applies it.
   */
  async approve(name: string, actor: Actor): Promise<Decision> {
    return this.exclusive(async () => {
      const decision = await this.pendingDecision(name, 'approved');
      if (isNodeDecisionKind(decision.spec.kind)) return this.approveNodeDecision(decision, actor);
      const inForce = await this.revisionInForce();
      if (inForce !== undefined && decision.spec.revision !== inForce.revision.commit) {
        const reason = `its revision ${shortRevision(decision.spec.revision)} is no longer in force (${shortRevision(inForce.revision.commit)} is)`;
        await this.executor.supersede({ name, reason }, actor.name);
        throw new DecisionSupersededError(name, reason);
      }
      const verdict = inForce === undefined ? undefined : this.windowVerdict(inForce.cluster);
      const override = verdict !== undefined && !verdict.allowed ? verdict.reason : undefined;
      // Only the leader writes the cluster: on a follower (a port-forward may reach either replica) the approval is
      // recorded in the Decision, and the leader's next pass applies it, as it applies every approved Decision.
      const follower = this.isFollower();
      const approval = override === undefined ? `approved by ${actor.name}` : `approved by ${actor.name}, overriding ${override}`;
      const message = follower ? `${approval}; this agent is not the leader: the leader applies it at its next sync` : approval;
      const at = this.options.clock.now().toISOString();
      const fields = { decidedBy: actor.name, decidedAt: at };
      const { decision: approved } = await transition(this.context, name, {
        from: ['pending'],
        to: 'approved',
        by: actor.name,
        message,
        fields,
      });
      const audit = { who: actor.name, decision: name, kind: decision.spec.kind, revision: decision.spec.revision, result: message };
      await recordAudit(this.context, { ...audit, action: 'approved', ...(override !== undefined ? { override } : {}) });
      await this.options.repository.event(approved, 'Normal', 'Approved', message);
      if (follower) {
        this.options.logger.info({ cluster: this.name, decision: name, by: actor.name }, 'approved on a follower; the leader applies it');
        return approved;
      }
      const result = await executeDecision(this.context, this.options, approved, actor.name);
      await this.safePass();
      return result;
    });
  }

  /**
   * A node Decision (consolidation, node drift, expiry) is only moved pending → approved (history, audit, Event):
   * it belongs to no Git revision, and the disruption controller re-validates and carries it out.
   */
  private async approveNodeDecision(decision: Decision, actor: Actor): Promise<Decision> {
    const name = decision.metadata.name ?? '';
    const message = `approved by ${actor.name}`;
    const at = this.options.clock.now().toISOString();
    const { decision: approved } = await transition(this.context, name, {
      from: ['pending'],
      to: 'approved',
      by: actor.name,
      message,
      fields: { decidedBy: actor.name, decidedAt: at },
    });
    await recordAudit(this.context, {
      who: actor.name,
      decision: name,
      kind: decision.spec.kind,
      revision: decision.spec.revision,
      result: message,
      action: 'approved',
    });
    await this.options.repository.event(approved, 'Normal', 'Approved', message);
    return approved;
  }

  /** Rejects a pending Decision (final); the change is not asked for again until its content changes. */
  async reject(name: string, actor: Actor, reason?: string): Promise<Decision> {
    return this.exclusive(async () => {
      const decision = await this.pendingDecision(name, 'rejected');
      const message = reason === undefined || reason === '' ? `rejected by ${actor.name}` : `rejected by ${actor.name}: ${reason}`;
      const at = this.options.clock.now().toISOString();
      const fields = { decidedBy: actor.name, decidedAt: at, message };
      const { decision: rejected } = await transition(this.context, name, {
        from: ['pending'],
        to: 'rejected',
        by: actor.name,
        message,
        fields,
      });
      await recordAudit(this.context, {
        who: actor.name,
        action: 'rejected',
        decision: name,
        kind: decision.spec.kind,
        revision: decision.spec.revision,
        result: message,
      });
      await this.options.repository.event(rejected, 'Normal', 'Rejected', message);
      await this.safePass();
      return rejected;
    });
  }

  /** The in-force Cluster's `spec.disruption.approval` (what the disruption controller makes wait), when known. */
  disruptionApproval(): DisruptionApproval | undefined {
    return this.intake.inForce()?.cluster.spec.disruption?.approval;
  }

  /** The cluster as `karpd status` and the dashboard show it. */
  state(): ClusterSyncState {
    const inForce = this.intake.inForce();
    const spec = inForce?.cluster.spec;
    const refused = this.intake.refused();
    const error = refused?.error ?? this.syncError;
    const suspension = this.suspension(inForce?.cluster);
    const objects = this.objects.map((c) => ({ kind: c.kind, name: c.name, status: c.status }));
    const seen = this.intake.seen();
    return {
      cluster: this.name,
      cloud: spec?.cloud ?? 'sim',
      syncPolicy: spec?.sync?.policy ?? ClusterDefaults.sync.policy,
      driftPolicy: spec?.drift?.policy ?? ClusterDefaults.drift.policy,
      status: syncStatusOf({ error, suspended: suspension !== undefined, pendingDecisions: this.pending, objects }),
      source: this.options.source.status(),
      ...(this.appliedRevision !== undefined ? { appliedRevision: this.appliedRevision } : {}),
      ...(seen !== undefined ? { seenRevision: seen } : {}),
      ...(this.lastSyncAt !== undefined ? { lastSyncAt: this.lastSyncAt.toISOString() } : {}),
      ...(this.lastAttemptAt !== undefined ? { lastAttemptAt: this.lastAttemptAt.toISOString() } : {}),
      ...(error !== undefined ? { error } : {}),
      ...(refused !== undefined ? { problems: refused.problems } : {}),
      suspended: suspension !== undefined,
      ...(suspension !== undefined ? { suspendedBy: suspension.by, suspendedAt: suspension.at.toISOString() } : {}),
      ...(this.window !== undefined ? { window: { allowed: this.window.allowed, reason: this.window.reason } } : {}),
      objects,
      pendingDecisions: this.pending,
      ...(this.isFollower() ? { follower: true } : {}),
    };
  }

  private exclusive<T>(action: () => Promise<T>): Promise<T> {
    const run = this.chain.then(action);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async pendingDecision(name: string, action: string): Promise<Decision> {
    const decision = await this.options.repository.get(name);
    if (decision === undefined) throw new DecisionNotFoundError(name);
    const state = decision.status?.state ?? 'pending';
    if (state !== 'pending') throw new DecisionStateError(name, state, action);
    return decision;
  }

  private async revisionInForce(): Promise<RevisionInForce | undefined> {
    const current = this.options.source.current();
    if (current !== undefined) await this.intake.take(current);
    return this.intake.inForce();
  }

  private suspension(cluster: Cluster | undefined): Suspension | undefined {
    if (this.personSuspension !== undefined) return this.personSuspension;
    if (cluster?.spec.sync?.suspend !== true) {
      this.gitSuspendedAt = undefined;
      return undefined;
    }
    this.gitSuspendedAt ??= this.options.clock.now();
    return { by: 'git', at: this.gitSuspendedAt };
  }

  private windowVerdict(cluster: Cluster): WindowVerdict | undefined {
    const windows = cluster.spec.sync?.windows ?? [];
    if (windows.length === 0 || this.options.evaluateWindows === undefined) return undefined;
    return this.options.evaluateWindows(windows, this.options.clock.now());
  }

  private armInterval(): void {
    const text = this.intake.inForce()?.cluster.spec.sync?.interval;
    const ms = (text === undefined ? undefined : Duration.tryParse(text)?.toMillis()) ?? DEFAULT_INTERVAL_MS;
    const intervalMs = Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_INTERVAL_MS;
    if (this.stopped || (this.cancelTimer !== undefined && intervalMs === this.intervalMs)) return;
    this.cancelTimer?.();
    this.intervalMs = intervalMs;
    this.cancelTimer = this.options.clock.setInterval(() => this.trigger(), intervalMs);
  }

  /** Is another replica the leader (`canAct` says no)? Then this one writes nothing to the cluster. */
  private isFollower(): boolean {
    return this.options.canAct !== undefined && !this.options.canAct();
  }

  private async safePass(): Promise<void> {
    if (this.isFollower()) return;
    try {
      await this.pass();
    } catch (error) {
      const message = `syncing cluster ${this.name}: ${errorMessage(error)}`;
      if (message !== this.syncError) this.options.logger.warn({ cluster: this.name, reason: errorMessage(error) }, 'cluster sync failed');
      this.syncError = message;
    } finally {
      this.armInterval();
    }
  }

  private async pass(): Promise<void> {
    const now = this.options.clock.now();
    this.lastAttemptAt = now;
    const inForce = await this.revisionInForce();
    if (inForce === undefined) {
      const sourceError = this.options.source.status().error;
      if (this.intake.refused() === undefined) this.syncError = `no revision in force yet${sourceError ? `: ${sourceError}` : ''}`;
      return;
    }
    const plan = await this.plan(inForce);
    const outcome = await this.executor.execute(plan, this.objects);
    if (outcome.applied > 0) this.objects = this.options.compare({ desired: inForce.objects, live: await this.options.listLive() });
    if (!this.objects.some((c) => ['git-changed', 'missing', 'both-changed', 'extra'].includes(c.status))) {
      this.appliedRevision = inForce.revision.commit;
    }
    const suspension = this.suspension(inForce.cluster);
    this.pending = await this.executor.remind(inForce.cluster, suspension, this.options.dueReminders);
    this.syncError = outcome.errors.length > 0 ? outcome.errors.join('; ') : undefined;
    this.lastSyncAt = now;
  }

  private async plan(inForce: RevisionInForce): Promise<SyncPlan> {
    const live = await this.options.listLive();
    this.objects = this.options.compare({ desired: inForce.objects, live });
    this.window = this.windowVerdict(inForce.cluster);
    return planSync({
      cluster: inForce.cluster,
      revision: inForce.revision.commit,
      comparisons: this.objects,
      nodesPerPool: await this.options.nodesPerPool(),
      ...(this.window !== undefined ? { window: this.window } : {}),
      suspended: this.suspension(inForce.cluster) !== undefined,
      decisions: await this.options.repository.list(),
      now: this.options.clock.now(),
    });
  }
}
