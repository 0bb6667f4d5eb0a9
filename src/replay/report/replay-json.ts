/**
 * `karpd replay --json`: one object with `scenario`, `seed`, `durationSeconds` and, per system (`karpd`,
 * `baseline` — cluster-autoscaler with on-demand node groups, the issue's —, `baselineSpot` — the same with spot
 * node groups —, `lowerBound`), its figures (`cost`, `costRatio` to the lower bound, `nodeHours`, `spotShare`,
 * `pendingSecondsP50/P95/Max`, `disruptions`, `interruptions`, `interruptionsHandled`, `podsEvicted`, `costByPool`), and `repacked` (cost,
 * costRatio, costByPool of the repacked fleet) when the report has it; the per-minute samples are left to `--csv`.
 * Pure.
 */
import type { SystemFigures } from '../types.js';
import { costRatio, type ReplayReport } from './replay-report.js';

function systemJson(figures: SystemFigures, bound: number): Record<string, unknown> {
  const { samples: _samples, ...rest } = figures;
  return { ...rest, costRatio: costRatio(figures.cost, bound) ?? null };
}

/** The report as the `--json` object. */
export function replayJson(report: ReplayReport): Record<string, unknown> {
  const bound = report.lowerBound.cost;
  return {
    scenario: report.scenario,
    seed: report.seed,
    durationSeconds: report.durationMs / 1000,
    karpd: systemJson(report.karpd, bound),
    baseline: systemJson(report.baseline, bound),
    baselineSpot: systemJson(report.baselineSpot, bound),
    lowerBound: {
      cost: bound,
      costRatio: bound > 0 ? 1 : null,
      ...(report.lowerBound.costByPool !== undefined ? { costByPool: report.lowerBound.costByPool } : {}),
    },
    ...(report.repacked !== undefined
      ? {
          repacked: {
            cost: report.repacked.cost,
            costRatio: costRatio(report.repacked.cost, bound) ?? null,
            costByPool: report.repacked.costByPool,
          },
        }
      : {}),
    ...(report.wallMs !== undefined
      ? {
          wallSeconds: {
            karpd: report.wallMs.karpd / 1000,
            baseline: report.wallMs.baseline / 1000,
            baselineSpot: report.wallMs.baselineSpot / 1000,
            lowerBound: report.wallMs.lowerBound / 1000,
          },
        }
      : {}),
  };
}
