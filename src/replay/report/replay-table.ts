/**
 * The table `karpd replay` prints: one row per figure (total cost, cost ÷ lower bound, node-hours, spot share,
 * pods' pending p50 / p95 / max, disruptions, interruptions handled, pods evicted), one column per system (karpd,
 * cluster-autoscaler, lower bound). Figures a lower bound does not have are shown as `–`. Below it, the cost of each
 * NodePool in each system, in the repacked fleet and in the pool's own bound: where a gap to the bound comes from.
 * Pure.
 */
import type { SystemFigures } from '../types.js';
import { costRatio, poolCosts, type ReplayReport } from './replay-report.js';

const DASH = '–';

function money(value: number): string {
  return `$${value.toFixed(2)}`;
}

function seconds(value: number): string {
  return `${value.toFixed(value >= 100 ? 0 : 1)} s`;
}

function ratio(value: number | undefined): string {
  return value === undefined ? DASH : `${value.toFixed(2)}×`;
}

function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours === 0 ? `${rest}m` : rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
}

type Row = readonly [string, (f: SystemFigures) => string];

const ROWS: readonly Row[] = [
  ['node-hours', (f) => f.nodeHours.toFixed(1)],
  ['spot share', (f) => `${Math.round(f.spotShare * 100)}%`],
  ['pending p50', (f) => seconds(f.pendingSecondsP50)],
  ['pending p95', (f) => seconds(f.pendingSecondsP95)],
  ['pending max', (f) => seconds(f.pendingSecondsMax)],
  ['disruptions', (f) => String(f.disruptions)],
  ['interruptions handled', (f) => String(f.interruptionsHandled)],
  ['pods evicted', (f) => String(f.podsEvicted)],
];

/** Rows aligned: the first column left, the others right, two spaces apart. */
function aligned(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

/**
 * Cost by NodePool in each system, with karpd ÷ the repacked fleet (when the report has one) and karpd ÷ the pool's
 * own bound, then the same for all pools (against the total bound); nothing when no system reports pools.
 */
function poolSection(report: ReplayReport): string[] {
  const pools = poolCosts(report);
  if (pools.length === 0) return [];
  const withRepacked = report.repacked !== undefined;
  const row = (name: string, karpd: number, baseline: number, repacked: number | undefined, bound: number): string[] => [
    name,
    money(karpd),
    money(baseline),
    ...(withRepacked ? [money(repacked ?? 0), ratio(costRatio(karpd, repacked ?? 0))] : []),
    money(bound),
    ratio(costRatio(karpd, bound)),
  ];
  const rows = pools.map((p) => row(p.pool, p.karpd, p.baseline, p.repacked, p.lowerBound));
  rows.push(row('all pools', report.karpd.cost, report.baseline.cost, report.repacked?.cost, report.lowerBound.cost));
  const header = [
    '',
    'karpd',
    'cluster-autoscaler',
    ...(withRepacked ? ['repacked', 'karpd ÷ repacked'] : []),
    'lower bound',
    'karpd ÷ bound',
  ];
  const note = withRepacked
    ? ["repacked: each pool's pods bought afresh as whole nodes at every pod event, with hindsight (not a bound)"]
    : [];
  return ['', "cost by NodePool (a pool's bound counts its own pods)", '', ...aligned(header, rows), ...note];
}

/** The report as an aligned text table with a heading line. */
export function replayTable(report: ReplayReport): string {
  const bound = report.lowerBound.cost;
  const header = ['', 'karpd', 'cluster-autoscaler', 'lower bound'];
  const rows: string[][] = [
    ['total cost', money(report.karpd.cost), money(report.baseline.cost), money(bound)],
    [
      'cost ÷ lower bound',
      ratio(costRatio(report.karpd.cost, bound)),
      ratio(costRatio(report.baseline.cost, bound)),
      ratio(bound > 0 ? 1 : undefined),
    ],
    ...ROWS.map(([name, cell]) => [name, cell(report.karpd), cell(report.baseline), DASH]),
  ];
  const title = `replay ${report.scenario} · ${durationText(report.durationMs)} simulated · seed ${report.seed}`;
  const wall =
    report.wallMs === undefined
      ? []
      : [
          '',
          `wall time: karpd ${(report.wallMs.karpd / 1000).toFixed(1)} s, cluster-autoscaler ${(report.wallMs.baseline / 1000).toFixed(1)} s, lower bound ${(report.wallMs.lowerBound / 1000).toFixed(1)} s`,
        ];
  return [title, '', ...aligned(header, rows), ...poolSection(report), ...wall].join('\n');
}
