/**
 * What `karpd replay` reports, as data: the three systems' figures over one scenario (`ReplayResult` of
 * systems.ts, restated here so the writers stay pure), and the rows of the table (cost ÷ lower bound worked
 * out once). Pure.
 */
import type { MinuteSample, SystemFigures } from '../types.js';

/** The lower bound's figures: its cost and its per-minute rate. */
export interface LowerBoundReport {
  readonly cost: number;
  readonly samples: readonly MinuteSample[];
}

/** One replay's outcome, as the writers read it. */
export interface ReplayReport {
  readonly scenario: string;
  readonly seed: number;
  readonly durationMs: number;
  readonly karpd: SystemFigures;
  readonly baseline: SystemFigures;
  readonly lowerBound: LowerBoundReport;
  /** Wall time of each system's run, ms. */
  readonly wallMs?: { readonly karpd: number; readonly baseline: number; readonly lowerBound: number };
}

/** The systems in the order every writer shows them. */
export const SYSTEMS = [
  { key: 'karpd', label: 'karpd' },
  { key: 'baseline', label: 'cluster-autoscaler' },
  { key: 'lowerBound', label: 'lower bound' },
] as const;

/** cost ÷ the lower bound's cost (undefined when the bound is 0). */
export function costRatio(cost: number, lowerBound: number): number | undefined {
  return lowerBound > 0 ? cost / lowerBound : undefined;
}
