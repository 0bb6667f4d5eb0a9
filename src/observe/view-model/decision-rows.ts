/**
 * Window 5, Diffs & decisions: one row per Decision; pending ones first (oldest first), then the others newest
 * first, at most 100. A node Decision (`consolidation`, `node-drift`, `expiry`) carries its plan (what it removes
 * and launches, karpenter-semantics.md §4.6) and no revision: it comes from the cluster, not from a Git commit. Pure.
 */
import { type Decision, type DecisionWhatIf, isNodeDecisionKind } from '../../apis/decision.js';
import { type AgeOf, shortRevision, timeMs } from './object-facts.js';
import type { DecisionRow, DecisionWhatIfView } from './view-model.js';

/** How many Decisions the window keeps. */
export const MAX_DECISION_ROWS = 100;

/** The what-if as the dashboard shows it (`pricesIncomplete` false when not said). */
export function whatIfView(whatIf: DecisionWhatIf): DecisionWhatIfView {
  const fleet = (side: DecisionWhatIf['before']) => ({
    nodes: side.nodes,
    pricePerHour: side.pricePerHour,
    pricesIncomplete: side.pricesIncomplete ?? false,
  });
  return {
    before: fleet(whatIf.before),
    after: fleet(whatIf.after),
    newlyUnschedulable: whatIf.newlyUnschedulable.map((entry) => ({ pod: entry.pod, reason: entry.reason })),
    newlyUnschedulableTotal: whatIf.newlyUnschedulableTotal ?? whatIf.newlyUnschedulable.length,
    driftedNodes: whatIf.driftedNodes,
    ...(whatIf.note === undefined ? {} : { note: whatIf.note }),
  };
}

function finalMessage(decision: Decision): string | undefined {
  const status = decision.status;
  if (status?.message !== undefined && status.message !== '') return status.message;
  if (status?.supersededBy !== undefined) return `superseded by ${status.supersededBy}`;
  return undefined;
}

/** One Decision's row, its age from `ageOf`. */
export function decisionRow(decision: Decision, ageOf: AgeOf): DecisionRow {
  const name = decision.metadata.name ?? '';
  const status = decision.status;
  const state = status?.state ?? 'pending';
  const pending = state === 'pending';
  const node = isNodeDecisionKind(decision.spec.kind);
  const revision = node ? undefined : shortRevision(decision.spec.revision);
  const plan = node ? decision.spec.disruption : undefined;
  const message = finalMessage(decision);
  return {
    key: name,
    name,
    cluster: decision.spec.cluster,
    kind: decision.spec.kind,
    state,
    summary: decision.spec.summary,
    ...(revision === undefined ? {} : { revision }),
    ageSeconds: ageOf(timeMs(decision.metadata.creationTimestamp)),
    ...(pending && status?.waitingFor !== undefined ? { waitingFor: status.waitingFor } : {}),
    ...(pending && status?.heldBy !== undefined ? { heldBy: status.heldBy } : {}),
    changes: decision.spec.changes.map((change) => ({
      action: change.action,
      kind: change.kind,
      name: change.name,
      ...(change.nodes === undefined ? {} : { nodes: change.nodes }),
    })),
    diff: decision.spec.diff,
    ...(decision.spec.whatIf === undefined ? {} : { whatIf: whatIfView(decision.spec.whatIf) }),
    ...(plan === undefined ? {} : { plan }),
    ...(status?.decidedBy === undefined ? {} : { decidedBy: status.decidedBy }),
    ...(message === undefined ? {} : { message }),
    history: (status?.history ?? []).map((entry) => ({
      state: entry.state,
      at: entry.at,
      by: entry.by,
      ...(entry.message === undefined ? {} : { message: entry.message }),
    })),
  };
}

/** Pending first (oldest first), then the rest newest first; ties by name. */
export function sortDecisions(decisions: readonly Decision[]): Decision[] {
  const keyed = decisions.map((decision) => ({
    decision,
    pending: (decision.status?.state ?? 'pending') === 'pending',
    at: timeMs(decision.metadata.creationTimestamp) ?? 0,
    name: decision.metadata.name ?? '',
  }));
  keyed.sort((a, b) => {
    if (a.pending !== b.pending) return a.pending ? -1 : 1;
    if (a.at !== b.at) return a.pending ? a.at - b.at : b.at - a.at;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  return keyed.map((entry) => entry.decision);
}
