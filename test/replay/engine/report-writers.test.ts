import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayCsv } from '../../../src/replay/report/replay-csv.js';
import { replayJson } from '../../../src/replay/report/replay-json.js';
import { niceMax, replaySvg } from '../../../src/replay/report/replay-svg.js';
import { replayTable } from '../../../src/replay/report/replay-table.js';
import { percentile } from '../../../src/replay/pending-times.js';
import { REPORT } from './fixture-report.js';

describe('replay table', () => {
  it('GIVEN the systems WHEN printed THEN each figure is a row with karpd, CA (on-demand), CA (spot groups) and lower bound columns', () => {
    const lines = replayTable(REPORT).split('\n');
    assert.match(lines[0], /replay data-platform · 3m simulated · seed 3/);
    const row = (name: string) => lines.find((line) => line.startsWith(`${name}  `)) ?? '';
    assert.match(lines[2], /karpd\s+CA \(on-demand\)\s+CA \(spot groups\)\s+lower bound$/);
    assert.match(row('total cost'), /\$10\.00\s+\$25\.00\s+\$12\.00\s+\$8\.00$/);
    assert.match(row('cost ÷ lower bound'), /1\.25×\s+3\.13×\s+1\.50×\s+1\.00×$/);
    assert.match(row('spot share'), /80%\s+0%\s+90%\s+–$/);
    assert.match(row('pending p95'), /64\.5 s\s+240 s\s+75\.0 s\s+–$/);
    assert.match(row('interruptions handled'), /2\s+2\s+0\s+–$/);
    assert.match(row('pods evicted'), /14\s+14\s+7\s+–$/);
    for (const name of ['node-hours', 'pending p50', 'pending max', 'disruptions']) assert.ok(row(name) !== '', name);
  });

  it("GIVEN the systems WHEN printed THEN 'karpd ÷ this' is karpd's cost over each column's, and interruptions reads – where a system does not count them", () => {
    const lines = replayTable(REPORT).split('\n');
    const row = (name: string) => lines.find((line) => line.startsWith(`${name}  `)) ?? '';
    assert.match(row('karpd ÷ this'), /^karpd ÷ this\s+1\.00×\s+0\.40×\s+0\.83×\s+1\.25×$/);
    assert.match(row('interruptions'), /–\s+–\s+3\s+–$/);
    const table = replayTable({ ...REPORT, baselineSpot: { ...REPORT.baselineSpot, cost: 0 } });
    assert.match(table.split('\n').find((l) => l.startsWith('karpd ÷ this')) ?? '', /0\.40×\s+–\s+1\.25×$/, 'a free column reads –');
    assert.match(replayTable(REPORT), /CA \(spot groups\): the same model, spot wherever a pool allows it/);
  });

  it("GIVEN costs by NodePool WHEN printed THEN a second table has a row per pool with karpd ÷ that pool's bound; without them it is left out", () => {
    assert.doesNotMatch(replayTable(REPORT), /cost by NodePool/);
    const table = replayTable({
      ...REPORT,
      karpd: { ...REPORT.karpd, costByPool: { airflow: 6, trino: 4 } },
      baseline: { ...REPORT.baseline, costByPool: { airflow: 20, trino: 5 } },
      baselineSpot: { ...REPORT.baselineSpot, costByPool: { airflow: 9, trino: 3 } },
      lowerBound: { ...REPORT.lowerBound, costByPool: { airflow: 5, notebooks: 1 } },
    });
    const lines = table.split('\n');
    const at = lines.findIndex((l) => l.startsWith('cost by NodePool'));
    assert.ok(at > 0, table);
    const row = (name: string) => lines.slice(at).find((line) => line.startsWith(name)) ?? '';
    assert.match(lines[at + 2], /karpd\s+CA \(on-demand\)\s+CA \(spot groups\)\s+lower bound\s+karpd ÷ bound$/);
    assert.match(row('airflow'), /\$6\.00\s+\$20\.00\s+\$9\.00\s+\$5\.00\s+1\.20×$/);
    assert.match(row('notebooks'), /\$0\.00\s+\$0\.00\s+\$0\.00\s+\$1\.00\s+0\.00×$/);
    assert.match(row('trino'), /\$4\.00\s+\$5\.00\s+\$3\.00\s+\$0\.00\s+–$/, 'no bound, no ratio');
  });

  it('GIVEN a repacked fleet WHEN printed THEN the pool table has its cost and karpd ÷ repacked per pool and for all pools, and --json has it', () => {
    const report = {
      ...REPORT,
      karpd: { ...REPORT.karpd, costByPool: { airflow: 6, trino: 4 } },
      lowerBound: { ...REPORT.lowerBound, costByPool: { airflow: 5, trino: 3 } },
      repacked: { cost: 8, costByPool: { airflow: 5, trino: 3 } },
    };
    const lines = replayTable(report).split('\n');
    const at = lines.findIndex((l) => l.startsWith('cost by NodePool'));
    assert.match(
      lines[at + 2],
      /karpd\s+CA \(on-demand\)\s+CA \(spot groups\)\s+repacked\s+karpd ÷ repacked\s+lower bound\s+karpd ÷ bound$/,
    );
    const row = (name: string) => lines.slice(at).find((line) => line.startsWith(name)) ?? '';
    assert.match(row('airflow'), /\$6\.00\s+\$0\.00\s+\$0\.00\s+\$5\.00\s+1\.20×\s+\$5\.00\s+1\.20×$/);
    assert.match(row('all pools'), /\$10\.00\s+\$25\.00\s+\$12\.00\s+\$8\.00\s+1\.25×\s+\$8\.00\s+1\.25×$/);
    const json = replayJson(report) as { repacked: { cost: number; costRatio: number; costByPool: Record<string, number> } };
    assert.deepEqual(json.repacked, { cost: 8, costRatio: 1, costByPool: { airflow: 5, trino: 3 } });
  });

  it('GIVEN a lower bound of 0 WHEN printed THEN the ratio reads – instead of Infinity', () => {
    const table = replayTable({ ...REPORT, lowerBound: { cost: 0, samples: [] } });
    assert.doesNotMatch(table, /Infinity|NaN/);
    assert.match(table.split('\n').find((l) => l.startsWith('cost ÷')) ?? '', /–\s+–\s+–\s+–$/);
  });
});

describe('replay --json', () => {
  it('GIVEN a report WHEN serialised THEN it has karpd.cost, baseline.cost, lowerBound.cost and both pending p95s, and no samples', () => {
    const json = JSON.parse(JSON.stringify(replayJson(REPORT))) as Record<string, Record<string, unknown>>;
    assert.equal(json.karpd.cost, 10);
    assert.equal(json.baseline.cost, 25);
    assert.equal(json.lowerBound.cost, 8);
    assert.equal(json.karpd.pendingSecondsP95, 64.5);
    assert.equal(json.baseline.pendingSecondsP95, 240);
    assert.equal(json.karpd.costRatio, 1.25);
    assert.equal(json.karpd.samples, undefined);
    assert.equal(json.durationSeconds as unknown as number, 180);
  });

  it('GIVEN a report WHEN serialised THEN baselineSpot has the same fields as baseline, with its own figures', () => {
    const json = JSON.parse(JSON.stringify(replayJson(REPORT))) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(json.baselineSpot).sort(), [...Object.keys(json.baseline), 'interruptions'].sort());
    assert.equal(json.baselineSpot.cost, 12);
    assert.equal(json.baselineSpot.costRatio, 1.5);
    assert.equal(json.baselineSpot.interruptions, 3);
    assert.equal(json.baselineSpot.pendingSecondsP95, 75);
    assert.equal(json.baselineSpot.samples, undefined);
  });
});

describe('replay --csv', () => {
  it('GIVEN per-minute samples WHEN written THEN one line per minute with every system’s series', () => {
    const lines = replayCsv(REPORT).trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.equal(
      lines[0],
      'minute,karpd_price_per_hour,karpd_nodes,karpd_spot_nodes,karpd_pending_pods,baseline_price_per_hour,baseline_nodes,baseline_spot_nodes,baseline_pending_pods,lower_bound_price_per_hour,baseline_spot_price_per_hour,baseline_spot_nodes,baseline_spot_spot_nodes,baseline_spot_pending_pods',
    );
    assert.equal(lines[1], '1,0.40000,4,1,3,1.00000,10,1,5,0.30000,0.50000,5,1,2');
    assert.ok(replayCsv(REPORT).endsWith('\n'));
  });
});

describe('replay --plot', () => {
  it('GIVEN a report WHEN plotted THEN the SVG has four cost lines, three pending lines (the spot baseline dashed) and a legend with totals', () => {
    const svg = replaySvg(REPORT);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((svg.match(/<polyline/g) ?? []).length, 7);
    assert.equal((svg.match(/<polyline[^>]*stroke-dasharray/g) ?? []).length, 2, 'the spot baseline, in both panels');
    assert.match(svg, /karpd: \$10\.00/);
    assert.match(svg, /CA \(on-demand\): \$25\.00/);
    assert.match(svg, /CA \(spot groups\): \$12\.00/);
    assert.match(svg, /lower bound: \$8\.00/);
    assert.doesNotMatch(svg, /NaN|Infinity/);
  });

  it('GIVEN axis maxima WHEN rounded THEN they are 1, 2, 4, 5 or 8 times a power of ten at or above the value', () => {
    // 24 pods waiting drew an axis to 50 with grid lines at 12.5 and 37.5 pods; it is 40 now, lines every 10.
    assert.deepEqual([0.37, 1, 3, 4.15, 7.1, 12, 24, 0].map(niceMax), [0.4, 1, 4, 5, 8, 20, 40, 1]);
  });
});

describe('pending percentiles', () => {
  it('GIVEN waits WHEN the nearest-rank percentile is taken THEN p50 and p95 are values of the set', () => {
    const waits = Array.from({ length: 20 }, (_, i) => i + 1);
    assert.equal(percentile(waits, 50), 10);
    assert.equal(percentile(waits, 95), 19);
    assert.equal(percentile([], 95), 0);
  });
});
