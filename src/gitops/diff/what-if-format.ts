/**
 * The what-if in words and numbers, shared by the text and markdown plans:
 * `$/h 4.21 → 3.07 (−27 %)`, counts before → after, the instance mix as rows
 * and the drift reasons. Pure.
 */
import type { DecisionWhatIf, DriftedNodeGroup, NodeDriftReason, ProjectedFleet } from '../../apis/decision.js';
import type { FleetCost } from './projected-fleet.js';

/** A $/h figure with two decimals; `≥` marks a lower bound (some price unknown). */
export function formatPrice(fleet: Pick<FleetCost, 'pricePerHour' | 'pricesIncomplete'>): string {
  return `${fleet.pricesIncomplete === true ? '≥' : ''}${fleet.pricePerHour.toFixed(2)}`;
}

/** The relative change, `−27 %`, `+5 %`, `±0 %`, or `new` from nothing. */
export function formatPercentChange(before: number, after: number): string {
  if (before === 0) return after === 0 ? '±0 %' : 'new';
  const percent = Math.round(((after - before) / before) * 100);
  if (percent === 0) return '±0 %';
  return percent < 0 ? `−${-percent} %` : `+${percent} %`;
}

/** `4.21 → 3.07 (−27 %)`, and a word on lower bounds when some price is unknown. */
export function formatPriceChange(before: ProjectedFleet, after: ProjectedFleet): string {
  const change = `${formatPrice(before)} → ${formatPrice(after)} (${formatPercentChange(before.pricePerHour, after.pricePerHour)})`;
  return before.pricesIncomplete === true || after.pricesIncomplete === true
    ? `${change}; some prices unknown, ≥ marks a lower bound`
    : change;
}

/** `5 → 4`. */
export function formatCountChange(before: number, after: number): string {
  return `${before} → ${after}`;
}

/** One instance-mix key with its count on each side. */
export interface MixRow {
  readonly key: string;
  readonly before: number;
  readonly after: number;
}

/** Every instance-mix key of either side, sorted, with both counts (0 where a side has none). */
export function instanceMixRows(whatIf: DecisionWhatIf): MixRow[] {
  const keys = new Set([...Object.keys(whatIf.before.instanceMix), ...Object.keys(whatIf.after.instanceMix)]);
  return [...keys]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => ({ key, before: whatIf.before.instanceMix[key] ?? 0, after: whatIf.after.instanceMix[key] ?? 0 }));
}

const DRIFT_REASONS: Readonly<Record<NodeDriftReason, string>> = {
  'pool-removed': 'pool removed',
  'template-changed': 'template changed',
  'requirements-changed': 'requirements no longer met',
};

/** `airflow-worker: 3 (template changed)`. */
export function formatDriftGroup(group: DriftedNodeGroup): string {
  return `${group.nodePool}: ${group.nodes} (${DRIFT_REASONS[group.reason]})`;
}

/** How many newly unschedulable pods the list leaves out. */
export function unlistedPods(whatIf: DecisionWhatIf): number {
  return Math.max(0, (whatIf.newlyUnschedulableTotal ?? whatIf.newlyUnschedulable.length) - whatIf.newlyUnschedulable.length);
}

/** True when the change moves nothing the what-if measures (same fleet, no newly unschedulable pod, no drift). */
export function isWhatIfUnchanged(whatIf: DecisionWhatIf): boolean {
  const { before, after } = whatIf;
  return (
    before.nodes === after.nodes &&
    before.pricePerHour === after.pricePerHour &&
    before.unschedulablePods === after.unschedulablePods &&
    instanceMixRows(whatIf).every((row) => row.before === row.after) &&
    whatIf.newlyUnschedulable.length === 0 &&
    whatIf.driftedNodes === 0
  );
}
