/**
 * `karpd replay --csv FILE`: the per-minute series, one row per simulated minute — for karpd and the
 * cluster-autoscaler model (`baseline_`: on-demand node groups) their $/h, nodes, spot nodes and pending pods; for
 * the lower bound its $/h; then the same four for the model with spot node groups (`baseline_spot_`, added last so
 * the earlier columns keep their places). A minute a system has no sample for is left empty. Pure.
 */
import type { MinuteSample } from '../types.js';
import type { ReplayReport } from './replay-report.js';

const HEADER = [
  'minute',
  'karpd_price_per_hour',
  'karpd_nodes',
  'karpd_spot_nodes',
  'karpd_pending_pods',
  'baseline_price_per_hour',
  'baseline_nodes',
  'baseline_spot_nodes',
  'baseline_pending_pods',
  'lower_bound_price_per_hour',
  'baseline_spot_price_per_hour',
  'baseline_spot_nodes',
  'baseline_spot_spot_nodes',
  'baseline_spot_pending_pods',
];

function byMinute(samples: readonly MinuteSample[]): Map<number, MinuteSample> {
  return new Map(samples.map((sample) => [sample.minute, sample]));
}

function cells(sample: MinuteSample | undefined): string[] {
  if (sample === undefined) return ['', '', '', ''];
  return [sample.pricePerHour.toFixed(5), String(sample.nodes), String(sample.spotNodes), String(sample.pendingPods)];
}

/** The CSV text (header line, then one line per minute in order, newline-terminated). */
export function replayCsv(report: ReplayReport): string {
  const karpd = byMinute(report.karpd.samples);
  const baseline = byMinute(report.baseline.samples);
  const baselineSpot = byMinute(report.baselineSpot.samples);
  const bound = byMinute(report.lowerBound.samples);
  const minutes = [...new Set([...karpd.keys(), ...baseline.keys(), ...baselineSpot.keys(), ...bound.keys()])].sort((a, b) => a - b);
  const lines = minutes.map((minute) =>
    [
      String(minute),
      ...cells(karpd.get(minute)),
      ...cells(baseline.get(minute)),
      bound.get(minute)?.pricePerHour.toFixed(5) ?? '',
      ...cells(baselineSpot.get(minute)),
    ].join(','),
  );
  return `${[HEADER.join(','), ...lines].join('\n')}\n`;
}
