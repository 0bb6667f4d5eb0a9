/**
 * The table `karpd replay` prints: one row per figure (total cost, cost ÷ lower bound, karpd ÷ this, node-hours,
 * spot share, pods' pending p50 / p95 / max, disruptions, interruptions, interruptions handled, pods evicted), one
 * column per system (karpd, the cluster-autoscaler model with on-demand node groups and with spot node groups, the
 * lower bound). Figures a system does not have are shown as `–`. Below it, the cost of each NodePool in each system,
 * in the repacked fleet and in the pool's own bound: where a gap to the bound comes from. Pure.
 */
import type { SystemFigures } from '../types.js';
import { costRatio, poolCosts, type ReplayReport } from './replay-report.js';

const DASH = '–';
const CA_ON_DEMAND = 'CA (on-demand)';
const CA_SPOT = 'CA (spot groups)';
const NOTE = [
  'CA (on-demand): the cluster-autoscaler model, node groups on-demand (spot only where a pool allows only spot)',
  'CA (spot groups): the same model, spot wherever a pool allows it, interrupted as karpd is (no termination handler)',
];

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
  ['interruptions', (f) => (f.interruptions === undefined ? DASH : String(f.interruptions))],
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
  const row = (name: string, costs: readonly [number, number, number], repacked: number | undefined, bound: number): string[] => [
    name,
    ...costs.map(money),
    ...(withRepacked ? [money(repacked ?? 0), ratio(costRatio(costs[0], repacked ?? 0))] : []),
    money(bound),
    ratio(costRatio(costs[0], bound)),
  ];
  const rows = pools.map((p) => row(p.pool, [p.karpd, p.baseline, p.baselineSpot], p.repacked, p.lowerBound));
  const totals = [report.karpd.cost, report.baseline.cost, report.baselineSpot.cost] as const;
  rows.push(row('all pools', totals, report.repacked?.cost, report.lowerBound.cost));
  const header = [
    '',
    'karpd',
    CA_ON_DEMAND,
    CA_SPOT,
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
  const systems = [report.karpd, report.baseline, report.baselineSpot];
  const header = ['', 'karpd', CA_ON_DEMAND, CA_SPOT, 'lower bound'];
  const rows: string[][] = [
    ['total cost', ...systems.map((f) => money(f.cost)), money(bound)],
    ['cost ÷ lower bound', ...systems.map((f) => ratio(costRatio(f.cost, bound))), ratio(bound > 0 ? 1 : undefined)],
    ['karpd ÷ this', ...systems.map((f) => ratio(costRatio(report.karpd.cost, f.cost))), ratio(costRatio(report.karpd.cost, bound))],
    ...ROWS.map(([name, cell]) => [name, ...systems.map(cell), DASH]),
  ];
  const title = `replay ${report.scenario} · ${durationText(report.durationMs)} simulated · seed ${report.seed}`;
  const wall =
    report.wallMs === undefined
      ? []
      : [
          '',
          `wall time: karpd ${seconds(report.wallMs.karpd / 1000)}, ${CA_ON_DEMAND} ${seconds(report.wallMs.baseline / 1000)}, ${CA_SPOT} ${seconds(report.wallMs.baselineSpot / 1000)}, lower bound ${seconds(report.wallMs.lowerBound / 1000)}`,
        ];
  return [title, '', ...aligned(header, rows), ...NOTE, ...poolSection(report), ...wall].join('\n');
}
