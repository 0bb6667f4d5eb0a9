import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { REPLAY_START_MS, type KarpdSystemInput, runKarpdSystem } from '../../../src/replay/karpd-system.js';
import { loadScenarioPools, type ScenarioPools } from '../../../src/replay/systems.js';
import type { WorkloadTimeline } from '../../../src/replay/types.js';
import { HOUR, MINUTE, TimelineBuilder, poolPod } from './hand-timeline.js';

let pools: ScenarioPools;
before(async () => {
  pools = await loadScenarioPools('repo-template/clusters/sandbox');
});

function input(timeline: WorkloadTimeline, extra: Partial<KarpdSystemInput> = {}): KarpdSystemInput {
  return { timeline, ...pools, region: 'eu-west-2', bootSeconds: 60, spotInterruptionRate: 0, seed: 7, ...extra };
}

/** Five Airflow workers for 20 minutes, two notebooks for 40, then nothing for the rest of the hour and a half. */
function smallDay(): WorkloadTimeline {
  return new TimelineBuilder()
    .group('airflow', 5, 'airflow-worker', { cpu: '500m', memory: '1Gi' }, MINUTE, 21 * MINUTE)
    .group('notebook', 2, 'jupyterhub-small', { cpu: '500m', memory: '2Gi' }, 2 * MINUTE, 42 * MINUTE)
    .build(90 * MINUTE);
}

describe('karpd replay engine', () => {
  it('GIVEN pending pods of two tainted pools WHEN replayed with a 60 s boot THEN they wait about the boot time and nodes of both pools come up', async () => {
    const figures = await runKarpdSystem(input(smallDay()));
    assert.ok(figures.pendingSecondsP50 >= 60 && figures.pendingSecondsP50 <= 75, `p50 ${figures.pendingSecondsP50}`);
    assert.ok(figures.pendingSecondsMax <= 75, `max ${figures.pendingSecondsMax}`);
    const busiest = Math.max(...figures.samples.map((s) => s.nodes));
    assert.ok(busiest >= 2, `at least one node per pool, saw ${busiest}`);
    assert.ok(figures.cost > 0 && figures.nodeHours > 0);
  });

  it('GIVEN every pod is gone by minute 42 WHEN the replay goes on THEN the cluster scales to zero nodes, through disruptions, with no pod waiting', async () => {
    const figures = await runKarpdSystem(input(smallDay()));
    const last = figures.samples.at(-1);
    assert.equal(last?.nodes, 0);
    assert.equal(last?.pendingPods, 0);
    assert.ok(figures.disruptions >= 2, `empty nodes removed by disruption, saw ${figures.disruptions}`);
    const at50 = figures.samples.find((s) => s.minute === 50);
    assert.equal(at50?.nodes, 0, 'airflow (consolidateAfter 2m) and jupyterhub (5m) nodes are gone 8 minutes after the last pod');
    assert.equal(figures.samples.length, 90);
  });

  it('GIVEN 20 airflow nodes and the pool budget of 10% WHEN they empty at once THEN 2 at a time go, each command held 15 s for validation, so the scale-down takes minutes', async () => {
    const timeline = new TimelineBuilder()
      .group('spark', 20, 'airflow-worker', { cpu: '1', memory: '3Gi' }, 0, 10 * MINUTE)
      .build(30 * MINUTE);
    const figures = await runKarpdSystem(input(timeline));
    const counts = figures.samples.map((s) => s.nodes);
    assert.equal(Math.max(...counts), 20);
    // At most 2 nodes in flight, each for at least the 15 s validation: ≤ 8 a minute.
    for (let i = 1; i < counts.length; i++) assert.ok(counts[i - 1] - counts[i] <= 8, `minute ${i}: ${counts[i - 1]} → ${counts[i]}`);
    const firstDrop = counts.findIndex((c) => c < 20 && c > 0);
    const zero = counts.indexOf(0);
    assert.ok(firstDrop > 0 && zero - firstDrop >= 2, `steps: ${counts.join(' ')}`);
  });

  it('GIVEN pods of two pools WHEN replayed THEN the cost is split by NodePool, both pools paid for and the parts summing to the cost', async () => {
    const figures = await runKarpdSystem(input(smallDay()));
    const byPool = figures.costByPool ?? {};
    assert.deepEqual(Object.keys(byPool).sort(), ['airflow-worker', 'jupyterhub-small']);
    assert.ok(byPool['airflow-worker'] > 0 && byPool['jupyterhub-small'] > 0, JSON.stringify(byPool));
    const sum = Object.values(byPool).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - figures.cost) < 1e-9, `${sum} vs ${figures.cost}`);
  });

  it('GIVEN the same timeline and seed WHEN replayed twice THEN the figures are identical', async () => {
    const timeline = smallDay();
    const a = await runKarpdSystem(input(timeline, { spotInterruptionRate: 2 }));
    const b = await runKarpdSystem(input(timeline, { spotInterruptionRate: 2 }));
    assert.deepEqual(a, b);
  });

  it('GIVEN a high spot interruption rate WHEN a long-running pod is on spot THEN interruptions are handled: the node is drained at once, as the live agent does, and the pod runs on on its replacement', async () => {
    const timeline = new TimelineBuilder().add(poolPod('worker', 'airflow-worker', { cpu: '1', memory: '2Gi' }), 0).build(2 * HOUR);
    const figures = await runKarpdSystem(input(timeline, { spotInterruptionRate: 3 }));
    assert.ok(figures.interruptionsHandled >= 1, `interruptions ${figures.interruptionsHandled}`);
    assert.ok(figures.podsEvicted >= 1);
    assert.ok(
      figures.pendingSecondsMax < 120,
      `the evicted pod waits about a boot, not the whole notice: max wait ${figures.pendingSecondsMax}`,
    );
    assert.equal(figures.samples.at(-1)?.pendingPods, 0);
  });

  it('GIVEN a do-not-disrupt pod alone on a node WHEN consolidation could remove the node THEN it stays until the pod ends', async () => {
    const timeline = new TimelineBuilder()
      .group('big', 3, 'default', { cpu: '3', memory: '4Gi' }, 0, 20 * MINUTE)
      .add(poolPod('pinned', 'default', { cpu: '250m', memory: '256Mi' }, true), 0, 50 * MINUTE)
      .build(60 * MINUTE);
    const figures = await runKarpdSystem(input(timeline));
    assert.ok((figures.samples.find((s) => s.minute === 45)?.nodes ?? 0) >= 1);
    assert.equal(figures.samples.at(-1)?.nodes, 0);
  });

  it('GIVEN a pool budget of 0 scheduled from midnight for 2 h WHEN its nodes empty at minute 21 THEN they stay until 02:00, then go', async () => {
    const timeline = new TimelineBuilder()
      .group('airflow', 8, 'airflow-worker', { cpu: '1500m', memory: '1Gi' }, MINUTE, 21 * MINUTE)
      .build(3 * HOUR);
    const withBudgets = (budgets: NonNullable<NonNullable<KarpdSystemInput['nodePools'][number]['spec']['disruption']>['budgets']>) =>
      pools.nodePools.map((p) =>
        p.metadata.name === 'airflow-worker' ? { ...p, spec: { ...p.spec, disruption: { ...p.spec.disruption, budgets } } } : p,
      );
    const emptyAt = (figures: Awaited<ReturnType<typeof runKarpdSystem>>) =>
      figures.samples.find((s) => s.minute > 21 && s.nodes === 0)?.minute;
    const free = await runKarpdSystem(input(timeline, { nodePools: withBudgets([{ nodes: '10%' }]) }));
    const frozen = await runKarpdSystem(
      input(timeline, { nodePools: withBudgets([{ nodes: '0', schedule: '0 0 * * *', duration: '2h' }, { nodes: '10%' }]) }),
    );
    assert.ok((emptyAt(free) ?? Infinity) < 40, `without the window the empty nodes go within minutes (${emptyAt(free)})`);
    const frozenEmpty = emptyAt(frozen) ?? Infinity;
    assert.ok(frozenEmpty > 120 && frozenEmpty < 140, `held by the window until 02:00, then removed (${frozenEmpty})`);
  });

  it('GIVEN a start time WHEN replayed THEN samples count minutes from the start', async () => {
    const figures = await runKarpdSystem(input(smallDay(), { startMs: REPLAY_START_MS + 9 * HOUR }));
    assert.deepEqual(
      figures.samples.slice(0, 3).map((s) => s.minute),
      [1, 2, 3],
    );
  });
});
