import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandIO } from '../../src/operator/cli/command.js';
import { parseReplayArgs, progressLine, run } from '../../src/operator/cli/replay-command.js';
import type { ReplayParts } from '../../src/replay/systems.js';
import type { Scenario } from '../../src/replay/types.js';
import { figures, REPORT } from '../replay/engine/fixture-report.js';
import { MINUTE, TimelineBuilder } from '../replay/engine/hand-timeline.js';

function capture(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text), cwd: '/work/replay-test' };
}

const SCENARIO: Scenario = {
  name: 'tiny',
  region: 'eu-west-2',
  clusterFolder: 'repo-template/clusters/sandbox',
  duration: '30m',
  startAt: '08:00',
  bootSeconds: 60,
  spotInterruptionRate: 0,
  workloads: [],
};

function parts(overrides: Partial<ReplayParts> = {}): ReplayParts & { loaded: string[] } {
  const loaded: string[] = [];
  return {
    loaded,
    loadScenario: async (name) => {
      loaded.push(name);
      return SCENARIO;
    },
    expandWorkloads: () =>
      new TimelineBuilder().group('airflow', 3, 'airflow-worker', { cpu: '500m', memory: '1Gi' }, MINUTE, 10 * MINUTE).build(30 * MINUTE),
    runBaseline: async () => figures(2),
    lowerBound: async () => REPORT.lowerBound,
    ...overrides,
  };
}

describe('karpd replay flags', () => {
  it('GIVEN no --scenario WHEN parsed THEN it says the flag is required', () => {
    assert.match(String(parseReplayArgs([])), /--scenario is required/);
  });

  it('GIVEN bad values WHEN parsed THEN each error names the flag and the value', () => {
    assert.match(String(parseReplayArgs(['--scenario', 'x', '--seed', '-3'])), /--seed expects an integer from 0 to 2147483647, got "-3"/);
    assert.match(String(parseReplayArgs(['--scenario', 'x', '--seed', '1.5'])), /--seed .*"1\.5"/);
    assert.match(
      String(parseReplayArgs(['--scenario', 'x', '--duration', 'soon'])),
      /--duration expects a duration like 30m or 6h, got "soon"/,
    );
    assert.match(String(parseReplayArgs(['--scenario', 'x', '--duration', '30s'])), /between 1m and 168h/);
    assert.match(String(parseReplayArgs(['--scenario', 'x', '--duration', '200h'])), /between 1m and 168h/);
    assert.match(String(parseReplayArgs(['--scenario', 'x', '--csv'])), /--csv expects a file/);
    assert.match(String(parseReplayArgs(['--scenario', '--json'])), /--scenario expects a scenario name/);
    assert.match(String(parseReplayArgs(['--scenario', 'x', '--fast'])), /unknown option "--fast"/);
  });

  it('GIVEN every flag WHEN parsed THEN the options carry them (also in --flag=value form)', () => {
    assert.deepEqual(
      parseReplayArgs(['--scenario=data-platform', '--duration', '6h', '--seed=9', '--json', '--csv', 'a.csv', '--plot', 'b.svg']),
      {
        scenario: 'data-platform',
        durationMs: 6 * 3_600_000,
        seed: 9,
        json: true,
        csv: 'a.csv',
        plot: 'b.svg',
      },
    );
  });

  it('GIVEN a bad flag WHEN the command runs THEN it exits 2 with the error and the usage on stderr', async () => {
    const io = capture();
    assert.equal(await run(['--seed', 'x'], io, {}, { parts: parts(), progress: undefined }), 2);
    assert.match(io.stderr.join('\n'), /karpd replay: --seed expects[\s\S]*Usage: karpd replay/);
    assert.deepEqual(io.stdout, []);
  });
});

describe('karpd replay', () => {
  it('GIVEN a scenario WHEN replayed THEN the table shows the four systems and the progress bar reaches 100% for each', async () => {
    const io = capture();
    const progress: string[] = [];
    const p = parts();
    const code = await run(['--scenario', 'tiny', '--seed', '4'], io, {}, { parts: p, progress: (line) => progress.push(line) });
    assert.equal(code, 0, io.stderr.join('\n'));
    assert.deepEqual(p.loaded, ['tiny']);
    const table = io.stdout.join('\n');
    assert.match(table, /replay tiny · 30m simulated · seed 4/);
    assert.match(table, /karpd\s+CA \(on-demand\)\s+CA \(spot groups\)\s+lower bound/);
    for (const system of ['karpd ', 'cluster-autoscaler ', 'cluster-autoscaler (spot)', 'lower bound'])
      assert.ok(
        progress.some((line) => line.startsWith(system) && line.includes('100%')),
        system,
      );
    assert.equal(progress.at(-1), '', 'the progress line is cleared before the table');
  });

  it('GIVEN --json, --csv and --plot WHEN replayed THEN stdout is the JSON object and both files are written under the working directory', async () => {
    const io = capture();
    const written = new Map<string, string>();
    const capacityTypes: string[] = [];
    const twoBaselines = parts({
      runBaseline: async (input) => {
        capacityTypes.push(input.capacityType);
        return figures(input.capacityType === 'spot' ? 1.5 : 2);
      },
    });
    const code = await run(
      ['--scenario', 'tiny', '--json', '--csv', 'out/series.csv', '--plot', 'day.svg', '--duration', '20m'],
      io,
      {},
      {
        parts: twoBaselines,
        progress: undefined,
        writeFile: async (path, text) => {
          written.set(path, text);
        },
      },
    );
    assert.equal(code, 0, io.stderr.join('\n'));
    const json = JSON.parse(io.stdout.join('\n')) as Record<string, Record<string, number>>;
    assert.equal(typeof json.karpd.cost, 'number');
    assert.ok(json.karpd.cost > 0);
    assert.equal(json.baseline.cost, 2);
    assert.equal(json.baselineSpot.cost, 1.5);
    assert.deepEqual(capacityTypes, ['on-demand', 'spot'], 'the baseline runs with on-demand groups, then spot groups');
    assert.equal(json.lowerBound.cost, 8);
    assert.equal(typeof json.karpd.pendingSecondsP95, 'number');
    assert.equal(json.durationSeconds as unknown as number, 1200);
    assert.equal(written.get('/work/replay-test/out/series.csv')?.split('\n').length, 20 + 2);
    assert.match(written.get('/work/replay-test/day.svg') ?? '', /^<svg/);
  });

  it('GIVEN a part that fails WHEN replayed THEN it exits 1 with the reason', async () => {
    const io = capture();
    const failing = parts({
      loadScenario: async () => {
        throw new Error('scenario "nope" not found: expected one of data-platform, web-peak, batch-nightly');
      },
    });
    assert.equal(await run(['--scenario', 'nope'], io, {}, { parts: failing, progress: undefined }), 1);
    assert.match(io.stderr.join('\n'), /karpd replay: scenario "nope" not found/);
  });

  it('GIVEN a misspelt shipped scenario WHEN replayed with the real parts THEN it exits 1 naming the closest one', async () => {
    const io = capture();
    assert.equal(await run(['--scenario', 'data-platfrom'], io, {}, { progress: undefined }), 1);
    assert.match(io.stderr.join('\n'), /karpd replay: .*data-platform/);
  });

  it('GIVEN progress WHEN drawn THEN the bar fills with the share done', () => {
    assert.equal(progressLine('karpd', 12 * 3_600_000, 24 * 3_600_000, 10), `${'karpd'.padEnd(25)} █████░░░░░  50%  12h00m of 24h00m`);
    assert.equal(
      progressLine('baselineSpot', 24 * 3_600_000, 24 * 3_600_000, 10),
      'cluster-autoscaler (spot) ██████████ 100%  24h00m of 24h00m',
      'the longest label sets the column',
    );
  });
});
