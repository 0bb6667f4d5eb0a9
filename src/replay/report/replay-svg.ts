/**
 * `karpd replay --plot FILE`: an SVG of the day — on top the $/h each system pays minute by minute (karpd,
 * cluster-autoscaler with on-demand node groups, the lower bound: the issue's three lines on one axis, plus
 * cluster-autoscaler with spot node groups as a fourth, dashed in orange), below the pods waiting for a node
 * (karpd and both CA runs; the bound has none by definition), a shared time axis in hours, and a legend with each
 * system's total cost. Self-contained (no scripts, no external fonts). Pure.
 */
import type { MinuteSample } from '../types.js';
import type { ReplayReport } from './replay-report.js';

const WIDTH = 960;
const PANEL = 240;
const LEFT = 70;
const RIGHT = 20;
const TOP = 60;
const GAP = 60;
const COLORS = { karpd: '#2563eb', baseline: '#dc2626', baselineSpot: '#ea580c', lowerBound: '#16a34a' } as const;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A round axis maximum at or above `value` (1, 2, 4, 5 or 8 × 10^n: its four grid steps stay round too). */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 4, 5, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

interface Axis {
  readonly top: number;
  readonly max: number;
  readonly minutes: number;
}

function x(minute: number, axis: Axis): number {
  return LEFT + ((WIDTH - LEFT - RIGHT) * minute) / Math.max(1, axis.minutes);
}

function y(value: number, axis: Axis): number {
  return axis.top + PANEL - (PANEL * value) / axis.max;
}

/** How a system's line is drawn. */
interface Stroke {
  readonly color: string;
  readonly dashed?: boolean;
}

const DASH_ARRAY = '6 4';

function polyline(samples: readonly MinuteSample[], value: (s: MinuteSample) => number, axis: Axis, stroke: Stroke): string {
  if (samples.length === 0) return '';
  const points = samples.map((s) => `${x(s.minute, axis).toFixed(1)},${y(value(s), axis).toFixed(1)}`).join(' ');
  const dash = stroke.dashed === true ? ` stroke-dasharray="${DASH_ARRAY}"` : '';
  return `<polyline fill="none" stroke="${stroke.color}" stroke-width="1.6" stroke-linejoin="round"${dash} points="${points}"/>`;
}

const KARPD: Stroke = { color: COLORS.karpd };
const CA_ON_DEMAND: Stroke = { color: COLORS.baseline };
const CA_SPOT: Stroke = { color: COLORS.baselineSpot, dashed: true };
const LOWER_BOUND: Stroke = { color: COLORS.lowerBound };
/** Legend items' spacing: four items of up to ~26 characters fit the width at 13 px. */
const LEGEND_STEP = 220;

/** One legend item: a short line in the system's stroke and its total cost. */
function legendItem(label: string, cost: number, stroke: Stroke, index: number, height: number): string {
  const lx = LEFT + index * LEGEND_STEP;
  const dash = stroke.dashed === true ? ` stroke-dasharray="${DASH_ARRAY}"` : '';
  return `<line x1="${lx}" x2="${lx + 22}" y1="${height - 22}" y2="${height - 22}" stroke="${stroke.color}" stroke-width="3"${dash}/><text x="${lx + 28}" y="${height - 18}" class="legend">${escapeXml(`${label}: $${cost.toFixed(2)}`)}</text>`;
}

function panel(title: string, axis: Axis, format: (v: number) => string): string[] {
  const out = [`<text x="${LEFT}" y="${axis.top - 10}" class="title">${escapeXml(title)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const value = (axis.max * i) / 4;
    const py = y(value, axis).toFixed(1);
    out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${py}" y2="${py}" class="grid"/>`);
    out.push(
      `<text x="${LEFT - 8}" y="${py}" class="tick" text-anchor="end" dominant-baseline="middle">${escapeXml(format(value))}</text>`,
    );
  }
  const hours = Math.ceil(axis.minutes / 60);
  const every = hours > 12 ? 3 : 1;
  for (let hour = 0; hour <= hours; hour += every) {
    const px = x(Math.min(hour * 60, axis.minutes), axis).toFixed(1);
    out.push(`<text x="${px}" y="${axis.top + PANEL + 16}" class="tick" text-anchor="middle">${hour}h</text>`);
  }
  return out;
}

/** The SVG document. */
export function replaySvg(report: ReplayReport): string {
  const minutes = Math.max(1, Math.round(report.durationMs / 60_000));
  const price = (s: MinuteSample) => s.pricePerHour;
  const pending = (s: MinuteSample) => s.pendingPods;
  const all = [...report.karpd.samples, ...report.baseline.samples, ...report.baselineSpot.samples, ...report.lowerBound.samples];
  const costAxis: Axis = { top: TOP, max: niceMax(Math.max(0, ...all.map(price))), minutes };
  const pendingAxis: Axis = {
    top: TOP + PANEL + GAP,
    max: niceMax(Math.max(0, ...[...report.karpd.samples, ...report.baseline.samples, ...report.baselineSpot.samples].map(pending))),
    minutes,
  };
  const height = pendingAxis.top + PANEL + 50;
  const legend = [
    ['karpd', report.karpd.cost, KARPD],
    ['CA (on-demand)', report.baseline.cost, CA_ON_DEMAND],
    ['CA (spot groups)', report.baselineSpot.cost, CA_SPOT],
    ['lower bound', report.lowerBound.cost, LOWER_BOUND],
  ] as const;
  const legendItems = legend.map(([label, cost, stroke], i) => legendItem(label, cost, stroke, i, height));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif">`,
    '<style>.title{font-size:14px;font-weight:600;fill:#111}.tick{font-size:11px;fill:#555}.legend{font-size:13px;fill:#111}.grid{stroke:#e5e7eb;stroke-width:1}.head{font-size:18px;font-weight:700;fill:#111}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="${LEFT}" y="28" class="head">${escapeXml(`karpd replay: ${report.scenario} (seed ${report.seed})`)}</text>`,
    ...panel('Cost rate ($/hour)', costAxis, (v) => `$${v.toFixed(v >= 10 ? 0 : 2)}`),
    polyline(report.lowerBound.samples, price, costAxis, LOWER_BOUND),
    polyline(report.baseline.samples, price, costAxis, CA_ON_DEMAND),
    polyline(report.baselineSpot.samples, price, costAxis, CA_SPOT),
    polyline(report.karpd.samples, price, costAxis, KARPD),
    ...panel('Pods waiting for a node', pendingAxis, (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))),
    polyline(report.baseline.samples, pending, pendingAxis, CA_ON_DEMAND),
    polyline(report.baselineSpot.samples, pending, pendingAxis, CA_SPOT),
    polyline(report.karpd.samples, pending, pendingAxis, KARPD),
    ...legendItems,
    '</svg>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
