/**
 * The disruption controller (karpenter-semantics.md §4, §4.9, §4.10; upstream pkg/controllers/disruption
 * controller.go + orchestration/queue.go): every 10 s it plans a round ({@link planDisruptionRound}) and carries
 * each command out:
 *
 *   mark   — taint the candidates `karpenter.sh/disrupted:NoSchedule`, so nothing new lands on them;
 *   wait   — 15 s (drift: not at all, §4.9), then re-validate against a fresh snapshot ({@link validateCommand});
 *            a command that no longer holds is dropped with its reason and its nodes untainted;
 *   launch — replacements first ({@link launchReplacements}), and wait until each is `Initialized`;
 *   delete — the candidates' NodeClaims; the termination flow drains them, PDBs honoured.
 *
 * Rollback: a replacement that fails (gone, or Launched=False) or is not initialized within 10 min (upstream) is
 * deleted, the candidates untainted, the command dropped with the reason. Commands are kept in memory only; after a
 * restart (or leader change) a node tainted `karpenter.sh/disrupted` that no command holds and that is not being
 * deleted is untainted (its command is planned again from scratch, if it still holds).
 *
 * Approval (`spec.disruption.approval`, node Decisions: node-decisions.ts): a command of a kind that waits becomes a
 * pending Decision and its nodes are NOT tainted meanwhile; it is re-checked every round and superseded when it no
 * longer holds; once approved it goes through mark → wait → launch → delete and the Decision is applied (or
 * failed). Publishes a {@link DisruptionReport} (with the claims expiration and interruption are deleting:
 * forceful-disruption.ts) and upstream's disruption metrics, and `Unconsolidatable` Events on Nodes and
 * NodeClaims when their consolidation verdict changes (`ConsolidationRejected` when the `Balanced` policy's score
 * refused the move, §4.8.4); a validated command a `Balanced` pool scored gets `ConsolidationApproved` on its
 * NodeClaims.
 */
import type { DisruptionApproval } from '../../apis/cluster.js';
import type { Decision } from '../../apis/decision.js';
import type { KubeObject } from '../../apis/object-meta.js';
import { NodeClaimConditions } from '../../apis/nodeclaim.js';
import { Labels, Taints } from '../../apis/well-known-labels.js';
import { needsApproval, nodeDecisionKind } from '../../disruption/decision-plan.js';
import {
  type RoundResult,
  planDisruptionRound,
  validateCommand,
  withInFlight,
  withUnlimitedBudgets,
} from '../../disruption/disruption-round.js';
import { forcefulDisrupting } from '../../disruption/forceful-disruption.js';
import type { DisruptingClaim, DisruptionPhase, DisruptionReport, DisruptionReportSource } from '../../disruption/report.js';
import { EMPTY_DISRUPTION_REPORT } from '../../disruption/report.js';
import { emptiness } from '../../disruption/emptiness.js';
import type { BalancedScore, DisruptionCommand, DisruptionSettings, DisruptionSnapshot, NodeVerdict } from '../../disruption/types.js';
import type { DecisionRepository } from '../../gitops/decisions/decision-repository.js';
import type { ClusterSnapshot } from '../../state/cluster-state.js';
import { stateNodeName } from '../../state/state-node.js';
import { isConditionTrue } from '../conditions.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { buildDisruptionSnapshot, type DisruptionSnapshotSource, disruptionSnapshotSource } from './disruption-snapshot.js';
import { NodeDecisions } from './node-decisions.js';
import { type LaunchedReplacement, type ReplacementReason, launchReplacements } from './replacement-launcher.js';

/** Options of {@link DisruptionController} (defaults in brackets, upstream's where it has one). */
export interface DisruptionControllerOptions {
  /** How often a round is planned [10 s]. */
  readonly roundIntervalMs?: number;
  /** Between marking a command and re-validating it [15 s]. */
  readonly validationDelayMs?: number;
  /** How long replacements may take to be Initialized [10 min]. */
  readonly replacementTimeoutMs?: number;
  readonly settings?: DisruptionSettings;
  /** The cluster's `spec.disruption.approval` now [none]. */
  readonly approval?: () => DisruptionApproval | undefined;
  /** Where node Decisions are kept; without one nothing can wait, so commands that would wait are not carried out. */
  readonly decisions?: DecisionRepository;
  /** The cluster's name (Decision names and labels) [`default`]. */
  readonly cluster?: string;
}

/** One command the controller is carrying out (or holding for approval). */
interface InFlight {
  command: DisruptionCommand;
  phase: DisruptionPhase;
  readonly since: number;
  validateAt?: number;
  launched: LaunchedReplacement[];
  launchDeadline?: number;
  readonly decision?: string;
  /** Why an approved command is not carried out yet (its budget is used up), as last logged. */
  waitingFor?: string;
}

const CONSOLIDATION_TYPE: Readonly<Record<string, string>> = {
  emptiness: 'empty',
  'multi-node-consolidation': 'multi',
  'single-node-consolidation': 'single',
};

function replacementReason(command: DisruptionCommand): ReplacementReason {
  return command.reason === 'Drifted' ? 'drift' : 'consolidation';
}

/** Upstream's Event reason for a consolidation verdict: `ConsolidationRejected` for a Balanced score (§4.8.4). */
function unconsolidatableReason(verdict: NodeVerdict): string {
  return verdict.kind === 'balanced' ? 'ConsolidationRejected' : 'Unconsolidatable';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Plans disruption rounds and carries their commands out. */
export class DisruptionController implements Reconciler, DisruptionReportSource {
  readonly name = 'disruption';
  private readonly source: DisruptionSnapshotSource;
  private readonly decisions: NodeDecisions | undefined;
  private readonly inFlight: InFlight[] = [];
  private nextRoundAt = 0;
  private unseenPools: readonly string[] = [];
  private latest: DisruptionReport = EMPTY_DISRUPTION_REPORT;
  private lastRound: RoundResult | undefined;
  private lastRoundAt = 0;
  /**
   * The cluster's disruption snapshot of the current pass, built once (by the round, or by the first command that
   * needs it) and shared: each command derives its own view with {@link withInFlight}, since what the other
   * commands hold is bookkeeping of this controller, not of the snapshot.
   */
  private passSnapshot: Promise<DisruptionSnapshot> | undefined;
  private readonly unconsolidatable = new Map<string, string>();
  private warnedNoRepository = false;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly options: DisruptionControllerOptions = {},
  ) {
    this.source = disruptionSnapshotSource(ctx, options.settings);
    this.decisions =
      options.decisions === undefined ? undefined : new NodeDecisions(options.decisions, options.cluster ?? 'default', ctx.logger, ctx.now);
  }

  /** One pass: plan a round when one is due, then move every command on. */
  async reconcile(): Promise<void> {
    this.passSnapshot = undefined;
    await this.untaintOrphans(this.ctx.state.snapshot());
    // The round first: a command dropped in this pass is not planned again before the next round.
    if (this.ctx.now() >= this.nextRoundAt) {
      this.nextRoundAt = this.ctx.now() + (this.options.roundIntervalMs ?? 10_000);
      await this.round();
    }
    for (const entry of [...this.inFlight]) {
      try {
        await this.progress(entry);
      } catch (error) {
        this.ctx.logger.warn(
          { controller: this.name, command: entry.command.summary, phase: entry.phase, error: String(error) },
          'moving a disruption command on failed; will retry',
        );
      }
    }
    this.publish();
  }

  /** The next validation, or the next round. */
  nextPassAt(): number | undefined {
    const times = [
      this.nextRoundAt,
      ...this.inFlight.flatMap((e) => (e.phase === 'validating' && e.validateAt !== undefined ? [e.validateAt] : [])),
    ];
    return Math.min(...times);
  }

  /** The latest round's outcome and the commands in flight. */
  report(): DisruptionReport {
    return this.latest;
  }

  // ── the round ────────────────────────────────────────────────────────────────────────────────────────────

  private namesIn(phases: readonly DisruptionPhase[], except?: InFlight): Set<string> {
    return new Set(
      this.inFlight.filter((e) => e !== except && phases.includes(e.phase)).flatMap((e) => e.command.candidates.map((c) => c.name)),
    );
  }

  private async round(): Promise<void> {
    const cluster = this.ctx.state.snapshot();
    this.passSnapshot = buildDisruptionSnapshot(this.source, cluster);
    const snapshot = await this.passSnapshot;
    const result = planDisruptionRound(snapshot, {
      clock: { now: this.ctx.now },
      prioritizedPools: this.unseenPools,
      disrupting: this.namesIn(['validating', 'launching', 'draining']),
      held: this.namesIn(['waiting-approval']),
    });
    this.unseenPools = result.unseenPools;
    this.lastRound = result;
    this.lastRoundAt = this.ctx.now();
    this.recordRoundMetrics(result);
    await this.recordUnconsolidatable(cluster, result.verdicts);
    const approval = this.options.approval?.() ?? 'none';
    let known: Decision[] | undefined;
    try {
      known = this.decisions === undefined ? [] : await this.decisions.list();
    } catch (error) {
      this.ctx.logger.warn(
        { controller: this.name, error: String(error) },
        'listing node decisions failed; commands that wait are held back',
      );
    }
    for (const command of result.commands) {
      if (!needsApproval(nodeDecisionKind(command.method), approval)) await this.mark(command);
      else if (known !== undefined) await this.hold(command, approval, known, result, snapshot.podDisruptionBudgets);
    }
    if (known !== undefined) await this.supersedeOrphans(known);
  }

  private recordRoundMetrics(result: RoundResult): void {
    const metrics = this.ctx.metrics;
    for (const [reason, count] of Object.entries(result.eligible))
      metrics.disruptionEligibleNodes.set({ reason: reason.toLowerCase() }, count);
    for (const budget of result.budgets) {
      const labels = { nodepool: budget.nodePool, reason: budget.reason.toLowerCase() };
      metrics.disruptionBudgetsAllowed.set(labels, budget.remaining);
      metrics.nodePoolsAllowedDisruptions.set(labels, budget.allowed);
    }
  }

  /** One Balanced move in the consolidation moves metric and its score histogram (an infinite score is counted only). */
  private countMove(score: BalancedScore): void {
    const labels = { nodepool: score.nodePool, decision: score.approved ? 'approved' : 'rejected' };
    this.ctx.metrics.consolidationMoves.inc(labels);
    if (Number.isFinite(score.score)) this.ctx.metrics.consolidationScore.observe(labels, score.score);
  }

  /**
   * `Unconsolidatable` Events on Node and NodeClaim for consolidation verdicts, only when the message changes. A
   * Balanced refusal that is new counts as one rejected move, once for all the nodes of the move that say it.
   */
  private async recordUnconsolidatable(cluster: ClusterSnapshot, verdicts: readonly NodeVerdict[]): Promise<void> {
    const seen = new Set<string>();
    const rejected = new Map<string, BalancedScore>();
    for (const verdict of verdicts) {
      if (verdict.method === undefined || CONSOLIDATION_TYPE[verdict.method] === undefined || verdict.kind === 'budget') continue;
      seen.add(verdict.node);
      if (this.unconsolidatable.get(verdict.node) === verdict.message) continue;
      this.unconsolidatable.set(verdict.node, verdict.message);
      if (verdict.balanced !== undefined) rejected.set(`${verdict.balanced.nodePool}\u0000${verdict.message}`, verdict.balanced);
      const node = cluster.nodes.find((n) => n.metadata.name === verdict.node);
      const claim = verdict.nodeClaim === undefined ? undefined : cluster.nodeClaims.find((c) => c.metadata.name === verdict.nodeClaim);
      for (const involved of [node, claim])
        if (involved !== undefined) await this.event(involved, 'Normal', unconsolidatableReason(verdict), verdict.message);
    }
    for (const node of [...this.unconsolidatable.keys()]) if (!seen.has(node)) this.unconsolidatable.delete(node);
    for (const score of rejected.values()) this.countMove(score);
  }

  /** Marks a command that does not wait: taint its nodes, validate in 15 s (drift: at once). */
  private async mark(command: DisruptionCommand, decision?: string): Promise<void> {
    this.passSnapshot = undefined; // it writes: the next reader builds a fresh snapshot
    const tainted: string[] = [];
    try {
      for (const candidate of command.candidates) {
        await this.ctx.kube.taintNode(candidate.name, { ...Taints.disrupted });
        tainted.push(candidate.name);
      }
    } catch (error) {
      await this.untaint(tainted);
      this.ctx.logger.warn(
        { controller: this.name, command: command.summary, error: String(error) },
        'marking disruption candidates failed; dropped',
      );
      if (decision !== undefined)
        await this.decisions?.move(decision, ['approved'], 'failed', `marking its nodes failed: ${String(error)}`);
      return;
    }
    const now = this.ctx.now();
    // Drift is not delayed (§4.9): upstream validates only emptiness and consolidation after the 15 s.
    const validateAt = now + (command.reason === 'Drifted' ? 0 : (this.options.validationDelayMs ?? 15_000));
    const existing = decision === undefined ? undefined : this.inFlight.find((e) => e.decision === decision);
    if (existing !== undefined) {
      existing.phase = 'validating';
      existing.validateAt = validateAt;
    } else {
      this.inFlight.push({
        command,
        phase: 'validating',
        since: now,
        validateAt,
        launched: [],
        ...(decision !== undefined ? { decision } : {}),
      });
    }
    this.ctx.logger.info(
      { controller: this.name, method: command.method, command: command.summary },
      'disruption command marked; validating',
    );
  }

  /** Holds a command that waits for a person: its Decision (adopted or new), nodes untainted. */
  private async hold(
    command: DisruptionCommand,
    approval: DisruptionApproval,
    known: readonly Decision[],
    result: RoundResult,
    podDisruptionBudgets: ClusterSnapshot['podDisruptionBudgets'],
  ): Promise<void> {
    if (this.decisions === undefined) {
      if (!this.warnedNoRepository)
        this.ctx.logger.warn(
          { controller: this.name, approval },
          'disruption approval is required but no Decision repository is configured; not disrupting',
        );
      this.warnedNoRepository = true;
      return;
    }
    let decision: Decision;
    try {
      decision = await this.decisions.hold(command, { budgets: result.budgets, podDisruptionBudgets, approval }, known);
    } catch (error) {
      this.ctx.logger.warn(
        { controller: this.name, command: command.summary, error: String(error) },
        'creating a node decision failed; will retry',
      );
      return;
    }
    const name = decision.metadata.name ?? '';
    if (decision.status?.state === 'rejected') return;
    if (this.inFlight.some((e) => e.decision === name)) return;
    this.inFlight.push({ command, phase: 'waiting-approval', since: this.ctx.now(), launched: [], decision: name });
    this.ctx.logger.info({ controller: this.name, decision: name, command: command.summary }, 'disruption command waits for approval');
  }

  /** Supersedes pending node Decisions no command holds (the cluster changed, or karpd restarted and planned otherwise). */
  private async supersedeOrphans(known: readonly Decision[]): Promise<void> {
    if (this.decisions === undefined) return;
    const held = new Set(this.inFlight.flatMap((e) => (e.decision === undefined ? [] : [e.decision])));
    for (const decision of known) {
      const name = decision.metadata.name ?? '';
      if ((decision.status?.state ?? 'pending') !== 'pending' || held.has(name)) continue;
      await this.decisions.move(
        name,
        ['pending'],
        'superseded',
        'the command no longer comes out of the disruption round: the cluster changed',
      );
    }
  }

  // ── commands in flight ───────────────────────────────────────────────────────────────────────────────────

  private async progress(entry: InFlight): Promise<void> {
    switch (entry.phase) {
      case 'waiting-approval':
        return this.checkApproval(entry);
      case 'validating':
        if (entry.validateAt !== undefined && this.ctx.now() >= entry.validateAt) await this.validateAndExecute(entry);
        return;
      case 'launching':
        return this.checkReplacements(entry);
      case 'draining':
        return this.checkDrained(entry);
    }
  }

  private async checkApproval(entry: InFlight): Promise<void> {
    const decisions = this.decisions;
    const name = entry.decision;
    if (decisions === undefined || name === undefined) return this.forget(entry);
    const state = await decisions.stateOf(name);
    if (state !== 'approved' && state !== 'pending') return this.forget(entry);
    // Whether a waiting command still holds does not depend on the budget of the moment: another approved command
    // may be using it. Only a command that no longer holds is superseded (pending) or failed (approved).
    const fresh = await this.freshFor(entry);
    const holds = validateCommand(entry.command, withUnlimitedBudgets(fresh));
    if (!holds.ok) {
      if (state === 'pending') await decisions.move(name, ['pending'], 'superseded', `no longer holds: ${holds.reason}`);
      else await decisions.move(name, ['approved'], 'failed', `no longer holds: ${holds.reason}`);
      return this.forget(entry);
    }
    if (state === 'pending') {
      const approval = this.options.approval?.() ?? 'none';
      if (!needsApproval(nodeDecisionKind(entry.command.method), approval)) {
        // The cluster's approval setting was relaxed while it waited: no person is needed any more, so the next
        // round plans the command afresh and carries it out without a Decision.
        await decisions.move(name, ['pending'], 'superseded', `approval is no longer required (spec.disruption.approval: ${approval})`);
        return this.forget(entry);
      }
      if (this.emptinessTakesOver(entry, fresh)) {
        await decisions.move(name, ['pending'], 'superseded', 'its nodes are empty now: emptiness removes them without approval');
        this.forget(entry);
      }
      return;
    }
    // Approved: carried out as soon as the budget lets it (it waits, approved, while the budget is used up).
    const withinBudget = validateCommand(entry.command, fresh);
    if (withinBudget.ok) return this.mark(entry.command, name);
    if (entry.waitingFor !== withinBudget.reason) {
      entry.waitingFor = withinBudget.reason;
      this.ctx.logger.info(
        { controller: this.name, decision: name, command: entry.command.summary, reason: withinBudget.reason },
        'approved disruption waits for its budget',
      );
    }
  }

  /**
   * Would emptiness, which runs first and does not wait under the current approval setting, remove every node of
   * this waiting command? (A drifted node that emptied while its node-drift Decision waited: no person is needed.)
   */
  private emptinessTakesOver(entry: InFlight, fresh: DisruptionSnapshot): boolean {
    if (entry.command.method === 'emptiness') return false;
    if (needsApproval(nodeDecisionKind('emptiness'), this.options.approval?.() ?? 'none')) return false;
    const empty = new Set(emptiness(withUnlimitedBudgets(fresh)).commands.flatMap((c) => c.candidates.map((x) => x.name)));
    return entry.command.candidates.every((c) => empty.has(c.name));
  }

  private async freshFor(entry: InFlight) {
    this.passSnapshot ??= buildDisruptionSnapshot(this.source, this.ctx.state.snapshot());
    const fresh = await this.passSnapshot;
    return withInFlight(fresh, this.namesIn(['validating', 'launching', 'draining'], entry), this.namesIn(['waiting-approval'], entry));
  }

  private async validateAndExecute(entry: InFlight): Promise<void> {
    const validation = validateCommand(entry.command, await this.freshFor(entry));
    if (!validation.ok) return this.drop(entry, validation.reason);
    const kept = new Set(validation.command.candidates.map((c) => c.name));
    await this.untaint(entry.command.candidates.map((c) => c.name).filter((n) => !kept.has(n)));
    entry.command = validation.command;
    const command = entry.command;
    this.ctx.metrics.disruptionDecisions.inc({
      decision: command.decision,
      reason: command.reason.toLowerCase(),
      consolidation_type: CONSOLIDATION_TYPE[command.method] ?? '',
    });
    for (const score of command.balanced ?? []) this.countMove(score);
    const scores = (command.balanced ?? []).map((score) => score.message).join('; ');
    if (scores !== '') for (const c of command.candidates) await this.event(c.nodeClaim, 'Normal', 'ConsolidationApproved', scores);
    if (command.decision === 'delete') return this.deleteCandidates(entry);
    this.passSnapshot = undefined;
    try {
      await launchReplacements(
        this.ctx,
        command.replacements,
        this.ctx.state.snapshot().nodePools,
        replacementReason(command),
        entry.launched,
      );
    } catch (error) {
      return this.rollback(entry, `launching a replacement failed: ${String(error instanceof Error ? error.message : error)}`);
    }
    entry.phase = 'launching';
    entry.launchDeadline = this.ctx.now() + (this.options.replacementTimeoutMs ?? 600_000);
    const launched = entry.launched.map((l) => l.nodeClaim.metadata.name ?? '').join(', ');
    for (const candidate of command.candidates)
      await this.event(candidate.nodeClaim, 'Normal', 'DisruptionLaunching', `Launching NodeClaim: ${command.reason} (${launched})`);
  }

  private async checkReplacements(entry: InFlight): Promise<void> {
    let ready = 0;
    for (const { nodeClaim } of entry.launched) {
      const name = nodeClaim.metadata.name ?? '';
      const current = this.ctx.state.get('nodeClaims', name);
      const launchedCondition = current?.status?.conditions?.find((c) => c.type === NodeClaimConditions.launched);
      if (current === undefined || current.metadata.deletionTimestamp !== undefined)
        return this.rollback(entry, `replacement ${name} is gone before it was initialized`);
      if (launchedCondition?.status === 'False')
        return this.rollback(
          entry,
          `replacement ${name} failed to launch: ${launchedCondition.message ?? launchedCondition.reason ?? 'Launched=False'}`,
        );
      if (isConditionTrue(current.status?.conditions, NodeClaimConditions.initialized)) ready += 1;
    }
    if (ready === entry.launched.length) return this.deleteCandidates(entry);
    if (entry.launchDeadline !== undefined && this.ctx.now() > entry.launchDeadline)
      return this.rollback(
        entry,
        `replacements not initialized within ${Math.round((this.options.replacementTimeoutMs ?? 600_000) / 60_000)}m`,
      );
  }

  private async deleteCandidates(entry: InFlight): Promise<void> {
    this.passSnapshot = undefined; // it writes: the next reader builds a fresh snapshot
    const command = entry.command;
    const detail = `${command.reason}/${command.decision === 'delete' ? 'Delete' : 'Replace'} (${command.summary})`;
    for (const candidate of command.candidates) {
      const claimName = candidate.nodeClaim.metadata.name ?? '';
      try {
        await this.ctx.kube.deleteNodeClaim(claimName);
      } catch (error) {
        this.ctx.logger.warn(
          { controller: this.name, nodeClaim: claimName, error: String(error) },
          'deleting a disrupted nodeclaim failed; will retry',
        );
        continue;
      }
      await this.event(candidate.nodeClaim, 'Normal', 'DisruptionTerminating', `Disrupting NodeClaim: ${detail}`);
      const node = this.ctx.state.get('nodes', candidate.name);
      if (node !== undefined) await this.event(node, 'Normal', 'DisruptionTerminating', `Disrupting Node: ${detail}`);
      this.ctx.metrics.nodeClaimsDisrupted.inc({
        reason: command.reason.toLowerCase(),
        nodepool: candidate.nodePool.metadata.name ?? '',
        capacity_type: candidate.nodeClaim.metadata.labels?.[Labels.capacityType] ?? candidate.capacityType,
      });
    }
    entry.phase = 'draining';
    this.ctx.logger.info({ controller: this.name, method: command.method, command: command.summary }, 'disrupting nodes');
    if (entry.decision !== undefined)
      await this.decisions?.move(entry.decision, ['approved'], 'applied', `carried out: ${command.summary}`);
  }

  private async checkDrained(entry: InFlight): Promise<void> {
    const remaining = entry.command.candidates.filter(
      (c) => this.ctx.state.get('nodeClaims', c.nodeClaim.metadata.name ?? '') !== undefined,
    );
    if (remaining.length === 0) return this.forget(entry);
    // A delete that failed is retried; the termination flow drains the ones already deleting.
    for (const candidate of remaining) {
      const claim = this.ctx.state.get('nodeClaims', candidate.nodeClaim.metadata.name ?? '');
      if (claim?.metadata.deletionTimestamp === undefined)
        await this.ctx.kube.deleteNodeClaim(claim?.metadata.name ?? '').catch(() => false);
    }
  }

  private async rollback(entry: InFlight, reason: string): Promise<void> {
    this.passSnapshot = undefined; // it writes: the next reader builds a fresh snapshot
    for (const { nodeClaim } of entry.launched) {
      const name = nodeClaim.metadata.name ?? '';
      try {
        await this.ctx.kube.deleteNodeClaim(name);
      } catch (error) {
        this.ctx.logger.warn({ controller: this.name, nodeClaim: name, error: String(error) }, 'deleting a replacement on rollback failed');
      }
    }
    await this.drop(entry, reason);
  }

  /** Drops a command: untaint its nodes, fail its Decision, log why. */
  private async drop(entry: InFlight, reason: string): Promise<void> {
    await this.untaint(entry.command.candidates.map((c) => c.name));
    if (entry.decision !== undefined) await this.decisions?.move(entry.decision, ['approved'], 'failed', reason);
    this.ctx.logger.info(
      { controller: this.name, method: entry.command.method, command: entry.command.summary, reason },
      'disruption command dropped',
    );
    this.forget(entry);
  }

  private forget(entry: InFlight): void {
    const index = this.inFlight.indexOf(entry);
    if (index >= 0) this.inFlight.splice(index, 1);
  }

  // ── writes ───────────────────────────────────────────────────────────────────────────────────────────────

  private async untaint(names: readonly string[]): Promise<void> {
    this.passSnapshot = undefined; // it writes: the next reader builds a fresh snapshot
    for (const name of names) {
      try {
        await this.ctx.kube.updateNode(name, (node) => {
          const taints = node.spec.taints ?? [];
          const kept = taints.filter((t) => !(t.key === Taints.disrupted.key && t.effect === Taints.disrupted.effect));
          return kept.length === taints.length ? undefined : { ...node, spec: { ...node.spec, taints: kept } };
        });
      } catch (error) {
        this.ctx.logger.warn(
          { controller: this.name, node: name, error: String(error) },
          'removing the disrupted taint failed; will retry',
        );
      }
    }
  }

  /** Nodes tainted `karpenter.sh/disrupted` that no command holds and that are not being deleted (a restart's leftovers). */
  private async untaintOrphans(cluster: ClusterSnapshot): Promise<void> {
    const held = this.namesIn(['validating', 'launching', 'draining', 'waiting-approval']);
    const orphans = cluster.stateNodes
      .filter((n) => !n.markedForDeletion && !held.has(stateNodeName(n)))
      .filter((n) => (n.node?.spec.taints ?? []).some((t) => t.key === Taints.disrupted.key && t.effect === Taints.disrupted.effect))
      .map(stateNodeName);
    if (orphans.length === 0) return;
    this.ctx.logger.info({ controller: this.name, nodes: orphans }, 'untainting nodes no disruption command holds');
    await this.untaint(orphans);
  }

  private async event(involved: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const error = await this.ctx.kube.recordEvent({ involved, type, reason, message });
    if (error !== undefined) this.ctx.logger.debug({ controller: this.name, reason, error: error.message }, 'recording an event failed');
  }

  // ── the report ───────────────────────────────────────────────────────────────────────────────────────────

  private publish(): void {
    const disrupting: DisruptingClaim[] = this.inFlight.flatMap((entry) =>
      entry.command.candidates.map((c) => ({
        nodeClaim: c.nodeClaim.metadata.name ?? '',
        node: c.name,
        nodePool: c.nodePool.metadata.name ?? '',
        method: entry.command.method,
        reason: entry.command.reason,
        phase: entry.phase,
        summary: entry.command.summary,
        ...(entry.decision !== undefined ? { decision: entry.decision } : {}),
        since: iso(entry.since),
      })),
    );
    // Expiration and interruption delete claims without a command; they say so on the claim.
    const held = new Set(disrupting.map((d) => d.nodeClaim));
    disrupting.push(...forcefulDisrupting(this.ctx.state.snapshot().nodeClaims, held, iso(this.ctx.now())));
    const round = this.lastRound;
    this.latest = {
      ...(round !== undefined ? { generatedAt: iso(this.lastRoundAt) } : {}),
      verdicts: round?.verdicts ?? [],
      budgets: round?.budgets ?? [],
      disrupting,
    };
  }
}
