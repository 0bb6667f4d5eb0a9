/** A small, hand-made replay report for the writers' and the command's tests. */
import type { ReplayReport } from '../../../src/replay/report/replay-report.js';
import type { MinuteSample, SystemFigures } from '../../../src/replay/types.js';

function samples(prices: readonly number[], pending: readonly number[]): MinuteSample[] {
  return prices.map((pricePerHour, i) => ({
    minute: i + 1,
    pricePerHour,
    nodes: Math.round(pricePerHour * 10),
    spotNodes: 1,
    pendingPods: pending[i] ?? 0,
  }));
}

export function figures(cost: number, overrides: Partial<SystemFigures> = {}): SystemFigures {
  return {
    cost,
    nodeHours: 12.5,
    spotShare: 0.8,
    pendingSecondsP50: 61,
    pendingSecondsP95: 64.5,
    pendingSecondsMax: 122,
    disruptions: 9,
    interruptionsHandled: 2,
    podsEvicted: 14,
    samples: samples([0.4, 0.6, 0.2], [3, 0, 0]),
    ...overrides,
  };
}

export const REPORT: ReplayReport = {
  scenario: 'data-platform',
  seed: 3,
  durationMs: 3 * 60_000,
  karpd: figures(10),
  baseline: figures(25, { spotShare: 0, pendingSecondsP95: 240, samples: samples([1, 1, 1], [5, 5, 0]) }),
  baselineSpot: figures(12, {
    spotShare: 0.9,
    pendingSecondsP95: 75,
    interruptions: 3,
    interruptionsHandled: 0,
    podsEvicted: 7,
    samples: samples([0.5, 0.5, 0.4], [2, 0, 1]),
  }),
  lowerBound: { cost: 8, samples: samples([0.3, 0.5, 0.1], []) },
};
