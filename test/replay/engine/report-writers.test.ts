import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayCsv } from '../../../src/replay/report/replay-csv.js';
import { replayJson } from '../../../src/replay/report/replay-json.js';
import { niceMax, replaySvg } from '../../../src/replay/report/replay-svg.js';
import { replayTable } from '../../../src/replay/report/replay-table.js';
import { percentile } from '../../../src/replay/pending-times.js';
import { REPORT } from './fixture-report.js';

describe('replay table', () => {
  it('GIVEN three systems WHEN printed THEN each figure is a row with karpd, cluster-autoscaler and lower bound columns', () => {
    const lines = replayTable(REPORT).split('\n');
    assert.match(lines[0], /replay data-platform · 3m simulated · seed 3/);
    const row = (name: string) => lines.find((line) => line.startsWith(name)) ?? '';
    assert.match(lines[2], /karpd\s+cluster-autoscaler\s+lower bound$/);
    assert.match(row('total cost'), /\$10\.00\s+\$25\.00\s+\$8\.00$/);
    assert.match(row('cost ÷ lower bound'), /1\.25×\s+3\.13×\s+1\.00×$/);
    assert.match(row('spot share'), /80%\s+0%\s+–$/);
    assert.match(row('pending p95'), /64\.5 s\s+240 s\s+–$/);
    for (const name of ['node-hours', 'pending p50', 'pending max', 'disruptions', 'interruptions handled', 'pods evicted'])
      assert.ok(row(name) !== '', name);
  });

  it("GIVEN costs by NodePool WHEN printed THEN a second table has a row per pool with karpd ÷ that pool's bound; without them it is left out", () => {
    assert.doesNotMatch(replayTable(REPORT), /cost by NodePool/);
    const table = replayTable({
      ...REPORT,
      karpd: { ...REPORT.karpd, costByPool: { airflow: 6, trino: 4 } },
      baseline: { ...REPORT.baseline, costByPool: { airflow: 20, trino: 5 } },
      lowerBound: { ...REPORT.lowerBound, costByPool: { airflow: 5, notebooks: 1 } },
    });
    const lines = table.split('\n');
    const at = lines.findIndex((l) => l.startsWith('cost by NodePool'));
    assert.ok(at > 0, table);
    const row = (name: string) => lines.slice(at).find((line) => line.startsWith(name)) ?? '';
    assert.match(row('airflow'), /\$6\.00\s+\$20\.00\s+\$5\.00\s+1\.20×$/);
    assert.match(row('notebooks'), /\$0\.00\s+\$0\.00\s+\$1\.00\s+0\.00×$/);
    assert.match(row('trino'), /\$4\.00\s+\$5\.00\s+\$0\.00\s+–$/, 'no bound, no ratio');
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
    assert.match(lines[at + 2], /karpd\s+cluster-autoscaler\s+repacked\s+karpd ÷ repacked\s+lower bound\s+karpd ÷ bound$/);
    const row = (name: string) => lines.slice(at).find((line) => line.startsWith(name)) ?? '';
    assert.match(row('airflow'), /\$6\.00\s+\$0\.00\s+\$5\.00\s+1\.20×\s+\$5\.00\s+1\.20×$/);
    assert.match(row('all pools'), /\$10\.00\s+\$25\.00\s+\$8\.00\s+1\.25×\s+\$8\.00\s+1\.25×$/);
    const json = replayJson(report) as { repacked: { cost: number; costRatio: number; costByPool: Record<string, number> } };
    assert.deepEqual(json.repacked, { cost: 8, costRatio: 1, costByPool: { airflow: 5, trino: 3 } });
  });

  it('GIVEN a lower bound of 0 WHEN printed THEN the ratio reads – instead of Infinity', () => {
    const table = replayTable({ ...REPORT, lowerBound: { cost: 0, samples: [] } });
    assert.doesNotMatch(table, /Infinity|NaN/);
    assert.match(table.split('\n').find((l) => l.startsWith('cost ÷')) ?? '', /–\s+–\s+–$/);
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
});

describe('replay --csv', () => {
  it('GIVEN per-minute samples WHEN written THEN one line per minute with every system’s series', () => {
    const lines = replayCsv(REPORT).trimEnd().split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[0].split(',').length, 10);
    assert.equal(lines[1], '1,0.40000,4,1,3,1.00000,10,1,5,0.30000');
    assert.ok(replayCsv(REPORT).endsWith('\n'));
  });
});

describe('replay --plot', () => {
  it('GIVEN a report WHEN plotted THEN the SVG has three cost lines, two pending lines and a legend with totals', () => {
    const svg = replaySvg(REPORT);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal((svg.match(/<polyline/g) ?? []).length, 5);
    assert.match(svg, /karpd: \$10\.00/);
    assert.match(svg, /cluster-autoscaler: \$25\.00/);
    assert.match(svg, /lower bound: \$8\.00/);
    assert.doesNotMatch(svg, /NaN|Infinity/);
  });

  it('GIVEN axis maxima WHEN rounded THEN they are 1, 2 or 5 times a power of ten at or above the value', () => {
    assert.deepEqual([0.37, 1, 3, 7.1, 12, 0].map(niceMax), [0.5, 1, 5, 10, 20, 1]);
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
