/**
 * The node Decisions of the disruption controller (src/apis/decision.ts kinds `consolidation`, `node-drift`,
 * `expiry`): a command that the cluster's `spec.disruption.approval` makes wait becomes a `pending` Decision held by
 * a person, named deterministically from its candidates' NodeClaims, method and action (planned again, after a restart
 * too, finds the same Decision); its state moves pending → approved (by a person, through GitOps approve) → applied
 * or failed (by karpd), or pending → superseded when the command no longer holds. Commands that do not wait get no
 * Decision: they are routine (every emptiness round would write one), and their Events, metrics and the
 * disruption report already say what happened.
 */
import { DECISION_API_VERSION, type Decision, DecisionLabels, type DecisionState, type NodeDecisionKind } from '../../apis/decision.js';
import type { DisruptionApproval } from '../../apis/cluster.js';
import type { Logger } from '../../kube/logger.js';
import { decisionKey, nodeDecisionKind, nodeDisruptionPlan } from '../../disruption/decision-plan.js';
import type { PoolBudgetReport } from '../../disruption/report.js';
import type { DisruptionCommand } from '../../disruption/types.js';
import type { PodDisruptionBudget } from '../../apis/core-v1.js';
import type { DecisionRepository } from '../../gitops/decisions/decision-repository.js';
import { decisionName } from '../../gitops/decisions/decision-name.js';

/** Who karpd's own steps are recorded as. */
export const KARPD_ACTOR = 'karpd';

/** The states a held command's Decision can be adopted from (its exact set was asked about and still counts). */
const ADOPTABLE: readonly DecisionState[] = ['pending', 'approved', 'rejected'];

/** The node Decisions of one cluster. */
export class NodeDecisions {
  constructor(
    private readonly repository: DecisionRepository,
    private readonly cluster: string,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Every node Decision of the cluster. */
  async list(): Promise<Decision[]> {
    return (await this.repository.list()).filter(
      (d) => d.spec.kind === 'consolidation' || d.spec.kind === 'node-drift' || d.spec.kind === 'expiry',
    );
  }

  /**
   * The Decision holding `command`: an existing one of its candidate set that is pending, approved or rejected,
   * else a new pending one (`-2`, `-3`… when an earlier Decision of the same set is final).
   */
  async hold(
    command: DisruptionCommand,
    context: {
      readonly budgets: readonly PoolBudgetReport[];
      readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
      readonly approval: DisruptionApproval;
    },
    known: readonly Decision[],
  ): Promise<Decision> {
    const kind = nodeDecisionKind(command.method);
    const byName = new Map(known.map((d) => [d.metadata.name ?? '', d]));
    const base = decisionName(this.cluster, kind, decisionKey(command));
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}-${n}`;
      const existing = byName.get(name) ?? (await this.repository.get(name));
      if (existing === undefined) return this.repository.create(this.draft(name, kind, command, context));
      if (ADOPTABLE.includes(existing.status?.state ?? 'pending')) return existing;
    }
  }

  private draft(
    name: string,
    kind: NodeDecisionKind,
    command: DisruptionCommand,
    context: {
      readonly budgets: readonly PoolBudgetReport[];
      readonly podDisruptionBudgets: readonly PodDisruptionBudget[];
      readonly approval: DisruptionApproval;
    },
  ): Decision {
    const at = new Date(this.now()).toISOString();
    const waitingFor = `spec.disruption.approval is ${context.approval}`;
    return {
      apiVersion: DECISION_API_VERSION,
      kind: 'Decision',
      metadata: { name, labels: { [DecisionLabels.cluster]: this.cluster, [DecisionLabels.kind]: kind } },
      spec: {
        cluster: this.cluster,
        kind,
        summary: command.summary,
        revision: '',
        changes: [],
        diff: '',
        disruption: nodeDisruptionPlan(command, context),
      },
      status: {
        state: 'pending',
        heldBy: 'person',
        waitingFor,
        history: [{ state: 'pending', at, by: KARPD_ACTOR, message: `planned by ${command.method}; waits because ${waitingFor}` }],
      },
    };
  }

  /** The Decision's state now (undefined when it is gone). */
  async stateOf(name: string): Promise<DecisionState | undefined> {
    const decision = await this.repository.get(name);
    return decision === undefined ? undefined : (decision.status?.state ?? 'pending');
  }

  /** Moves the Decision from one of `from` to `to` (history, message, Event); false when it was not in `from`. */
  async move(name: string, from: readonly DecisionState[], to: DecisionState, message: string): Promise<boolean> {
    const at = new Date(this.now()).toISOString();
    let moved = false;
    try {
      const decision = await this.repository.updateStatus(name, (current) => {
        const status = current.status ?? { state: 'pending', history: [] };
        moved = from.includes(status.state);
        if (!moved) return status;
        const { heldBy: _heldBy, waitingFor: _waitingFor, ...rest } = status;
        return {
          ...rest,
          state: to,
          message,
          ...(to === 'applied' ? { appliedAt: at } : {}),
          history: [...status.history, { state: to, at, by: KARPD_ACTOR, message }],
        };
      });
      if (moved) await this.repository.event(decision, to === 'failed' ? 'Warning' : 'Normal', capitalized(to), message);
    } catch (error) {
      this.logger.warn({ controller: 'disruption', decision: name, to, error: String(error) }, 'updating node decision failed');
    }
    return moved;
  }
}

function capitalized(state: DecisionState): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}
