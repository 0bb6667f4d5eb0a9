/**
 * What `karpd replay` reports, as data: the systems' figures over one scenario (`ReplayResult` of
 * systems.ts, restated here so the writers stay pure), and the rows of the table (cost ÷ lower bound worked
 * out once). Pure.
 */
import type { MinuteSample, SystemFigures } from '../types.js';

/** The lower bound's figures: its cost and its per-minute rate. */
export interface LowerBoundReport {
  readonly cost: number;
  readonly samples: readonly MinuteSample[];
  /** Each pool's own bound (lower-bound.ts). */
  readonly costByPool?: Readonly<Record<string, number>>;
}

/** One replay's outcome, as the writers read it. */
export interface ReplayReport {
  readonly scenario: string;
  readonly seed: number;
  readonly durationMs: number;
  readonly karpd: SystemFigures;
  /** The cluster-autoscaler model with on-demand node groups (spot only where a pool allows only spot): the issue's. */
  readonly baseline: SystemFigures;
  /** The cluster-autoscaler model with spot node groups wherever a pool allows spot, interrupted like karpd's nodes. */
  readonly baselineSpot: SystemFigures;
  readonly lowerBound: LowerBoundReport;
  /** The repacked fleet (repacked-fleet.ts): every pool's pods bought afresh at every pod event, with hindsight. */
  readonly repacked?: { readonly cost: number; readonly costByPool: Readonly<Record<string, number>> };
  /** Wall time of each system's run, ms. */
  readonly wallMs?: {
    readonly karpd: number;
    readonly baseline: number;
    readonly baselineSpot: number;
    readonly lowerBound: number;
  };
}

/** The systems in the order every writer shows them. */
export const SYSTEMS = [
  { key: 'karpd', label: 'karpd' },
  { key: 'baseline', label: 'CA (on-demand)' },
  { key: 'baselineSpot', label: 'CA (spot groups)' },
  { key: 'lowerBound', label: 'lower bound' },
] as const;

/** cost ÷ the lower bound's cost (undefined when the bound is 0). */
export function costRatio(cost: number, lowerBound: number): number | undefined {
  return lowerBound > 0 ? cost / lowerBound : undefined;
}

/** One NodePool's cost in each system. */
export interface PoolCosts {
  readonly pool: string;
  readonly karpd: number;
  readonly baseline: number;
  readonly baselineSpot: number;
  /** Undefined when the report has no repacked fleet. */
  readonly repacked: number | undefined;
  readonly lowerBound: number;
}

/** The pools any system spent on or bounded, by name, each with its cost per system (0 where a system has none). */
export function poolCosts(report: ReplayReport): PoolCosts[] {
  const karpd = report.karpd.costByPool ?? {};
  const baseline = report.baseline.costByPool ?? {};
  const baselineSpot = report.baselineSpot.costByPool ?? {};
  const bound = report.lowerBound.costByPool ?? {};
  const repacked = report.repacked?.costByPool;
  const names = [
    ...new Set([
      ...Object.keys(karpd),
      ...Object.keys(baseline),
      ...Object.keys(baselineSpot),
      ...Object.keys(bound),
      ...Object.keys(repacked ?? {}),
    ]),
  ].sort();
  return names.map((pool) => ({
    pool,
    karpd: karpd[pool] ?? 0,
    baseline: baseline[pool] ?? 0,
    baselineSpot: baselineSpot[pool] ?? 0,
    repacked: repacked === undefined ? undefined : (repacked[pool] ?? 0),
    lowerBound: bound[pool] ?? 0,
  }));
}
