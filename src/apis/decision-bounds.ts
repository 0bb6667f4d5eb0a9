/**
 * Fits a Decision into its CRD's bounds (DecisionLimits) before it is
 * written, so a huge diff or a long error never makes the API server refuse
 * the whole Decision: long texts are cut with a note saying how much was cut,
 * long lists keep their first items (history keeps its first and newest steps).
 */
import type { Decision, DecisionChange, DecisionHistoryEntry, DecisionSpec, DecisionStatus, NodeDisruptionPlan } from './decision.js';
import { DecisionLimits } from './validation/decision-schema.js';

/** `text` cut to at most `max` characters, ending with a note of how many characters were cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = (cut: number) => `\n… (${cut} more characters not shown)`;
  // The note for the whole length is at least as long as the note for the part cut, so the result fits.
  const keep = max - note(text.length).length;
  if (keep <= 0) return text.slice(0, max);
  return `${text.slice(0, keep)}${note(text.length - keep)}`;
}

function boundOptional(text: string | undefined, max: number): string | undefined {
  return text === undefined ? undefined : truncateText(text, max);
}

function boundChange(change: DecisionChange): DecisionChange {
  return change.diff.length <= DecisionLimits.diff ? change : { ...change, diff: truncateText(change.diff, DecisionLimits.diff) };
}

/** A node Decision's plan with its lists cut to their bounds (the totals still count everything). */
function boundDisruption(plan: NodeDisruptionPlan): NodeDisruptionPlan {
  const list = DecisionLimits.disruptionList;
  return {
    ...plan,
    remove: plan.remove.slice(0, DecisionLimits.disruptionNodes),
    launch: plan.launch.slice(0, DecisionLimits.disruptionLaunches).map((l) => ({ ...l, instanceTypes: l.instanceTypes.slice(0, list) })),
    evictedPods: plan.evictedPods.slice(0, list),
    pdbsAtRisk: plan.pdbsAtRisk.slice(0, list),
    budgets: plan.budgets.slice(0, list),
  };
}

function boundSpec(spec: DecisionSpec): DecisionSpec {
  const bounded: DecisionSpec = {
    ...spec,
    summary: truncateText(spec.summary, DecisionLimits.summary),
    diff: truncateText(spec.diff, DecisionLimits.diff),
    changes: spec.changes.slice(0, DecisionLimits.changes).map(boundChange),
  };
  if (spec.disruption !== undefined) bounded.disruption = boundDisruption(spec.disruption);
  if (spec.whatIf !== undefined && spec.whatIf.newlyUnschedulable.length > DecisionLimits.unschedulablePods) {
    bounded.whatIf = { ...spec.whatIf, newlyUnschedulable: spec.whatIf.newlyUnschedulable.slice(0, DecisionLimits.unschedulablePods) };
  }
  return bounded;
}

function boundHistory(history: DecisionHistoryEntry[]): DecisionHistoryEntry[] {
  const entries = history.map((entry) =>
    entry.message === undefined || entry.message.length <= DecisionLimits.reason
      ? entry
      : { ...entry, message: truncateText(entry.message, DecisionLimits.reason) },
  );
  if (entries.length <= DecisionLimits.history) return entries;
  return [entries[0] as DecisionHistoryEntry, ...entries.slice(entries.length - DecisionLimits.history + 1)];
}

/** `status` within its bounds. */
export function boundDecisionStatus(status: DecisionStatus): DecisionStatus {
  const bounded: DecisionStatus = { ...status, history: boundHistory(status.history) };
  const waitingFor = boundOptional(status.waitingFor, DecisionLimits.waitingFor);
  const message = boundOptional(status.message, DecisionLimits.message);
  if (waitingFor !== undefined) bounded.waitingFor = waitingFor;
  if (message !== undefined) bounded.message = message;
  return bounded;
}

/** `decision` within its CRD's bounds (a copy; the input is not changed). */
export function boundDecision(decision: Decision): Decision {
  const bounded: Decision = { ...decision, spec: boundSpec(decision.spec) };
  if (decision.status !== undefined) bounded.status = boundDecisionStatus(decision.status);
  return bounded;
}
