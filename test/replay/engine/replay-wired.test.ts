/**
 * `karpd replay` with its real parts wired (scenario files and parser, pod timeline, karpd's decisions, the
 * cluster-autoscaler model, the lower bound): a shipped scenario runs end to end, every system has figures, the
 * bound is below every system, the spot-group baseline is cheaper than the on-demand one, and the same seed gives
 * the same figures.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PARTS, runReplay } from '../../../src/replay/systems.js';

const TWO_HOURS = 2 * 60 * 60_000;

describe('karpd replay, wired', () => {
  it('GIVEN the shipped data-platform scenario WHEN two hours are replayed twice THEN every system has the same figures, the bound lowest', async () => {
    const scenario = await DEFAULT_PARTS.loadScenario('data-platform', process.cwd());
    const first = await runReplay(scenario, { seed: 7, durationMs: TWO_HOURS });
    const second = await runReplay(scenario, { seed: 7, durationMs: TWO_HOURS });
    assert.ok(first.karpd.cost > 0, 'karpd ran nodes');
    assert.ok(first.baseline.cost > 0, 'the baseline ran nodes');
    assert.ok(first.lowerBound.cost > 0, 'the bound is above zero');
    assert.ok(first.lowerBound.cost <= first.karpd.cost, 'the bound is a bound for karpd');
    assert.ok(first.lowerBound.cost <= first.baseline.cost, 'and for the baseline');
    assert.ok(first.lowerBound.cost <= first.baselineSpot.cost, 'and for the spot baseline');
    assert.ok(first.baselineSpot.cost > 0, 'the spot baseline ran nodes');
    assert.ok(first.baselineSpot.cost < first.baseline.cost, 'spot groups are cheaper on pools that allow spot');
    assert.ok(first.baselineSpot.spotShare > 0.5, `the spot baseline is mostly spot (${first.baselineSpot.spotShare})`);
    assert.equal(first.baseline.spotShare, 0, "the issue's baseline is on-demand: no sandbox pool allows only spot");
    assert.equal(first.baselineSpot.cost, second.baselineSpot.cost);
    assert.deepEqual(first.baselineSpot.samples, second.baselineSpot.samples);
    assert.equal(first.karpd.cost, second.karpd.cost);
    assert.equal(first.baseline.cost, second.baseline.cost);
    assert.equal(first.lowerBound.cost, second.lowerBound.cost);
    assert.equal(first.karpd.pendingSecondsP95, second.karpd.pendingSecondsP95);
  });

  it('GIVEN a scenario name nobody shipped THEN loading it fails with a suggestion', async () => {
    await assert.rejects(DEFAULT_PARTS.loadScenario('data-platfrom', process.cwd()), /data-platform/);
  });
});
