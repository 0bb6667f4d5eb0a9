/** The demo's shape: a working day that scales up and back down, deterministic from the seed, every pod on its pool. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  airflowReplicas,
  batchesDue,
  DEFAULT_DEMO_SCHEDULE,
  desiredDeployments,
  msUntilHour,
  notebookSessions,
  simulatedHour,
  sparkBursts,
  trinoSessions,
} from '../../../src/sim/cluster/demo-schedule.js';

const replicas = (hour: number, name: string, seed = 1) => desiredDeployments(hour, seed).find((d) => d.name === name)?.replicas;
const total = (hour: number, prefix: string, seed = 1) =>
  desiredDeployments(hour, seed)
    .filter((d) => d.name.startsWith(prefix))
    .reduce((sum, d) => sum + d.replicas, 0);

describe('demo schedule', () => {
  it('starts at 07:00 and runs one simulated hour every 30 s by default', () => {
    assert.equal(simulatedHour(0, DEFAULT_DEMO_SCHEDULE), 7);
    assert.equal(simulatedHour(30_000, DEFAULT_DEMO_SCHEDULE), 8);
    assert.equal(msUntilHour(8, 0, DEFAULT_DEMO_SCHEDULE), 30_000);
  });

  it('Airflow workers ramp up in the morning and fall back in the evening, every day', () => {
    for (const day of [0, 1, 2]) {
      const at = (h: number) => airflowReplicas(day * 24 + h, 7);
      assert.equal(at(3), 1);
      assert.ok(at(10) >= 7 && at(10) <= 9, `10:00 on day ${day}: ${at(10)}`);
      assert.ok(at(14) >= 8, `14:00 on day ${day}: ${at(14)}`);
      assert.equal(at(21), 1);
    }
  });

  it('Trino exists only during its two sessions, coordinator plus 3–4 workers', () => {
    for (const seed of [1, 2, 3]) {
      const sessions = trinoSessions(0, seed);
      assert.equal(sessions.length, 2);
      for (const s of sessions) {
        const mid = (s.start + s.end) / 2;
        assert.equal(replicas(mid, 'trino-coordinator', seed), 1);
        assert.ok([3, 4].includes(replicas(mid, 'trino-worker', seed) ?? 0));
        assert.ok(s.end - s.start >= 2 && s.end - s.start <= 2.75);
      }
      assert.equal(replicas(8, 'trino-worker', seed), 0);
      assert.equal(replicas(20, 'trino-coordinator', seed), 0);
    }
  });

  it('notebooks open in the morning, close by 18:30, and some are protected from disruption', () => {
    assert.equal(total(7.5, 'jupyter-'), 0);
    assert.equal(total(12, 'jupyter-'), 8);
    assert.equal(total(19, 'jupyter-'), 0);
    const protectedCount = [0, 1, 2, 3].flatMap((day) => notebookSessions(day, 1)).filter((s) => s.protect).length;
    assert.ok(protectedCount > 0 && protectedCount < 32, `${protectedCount} protected of 32`);
    const protectedTemplate = desiredDeployments(12, 1).find(
      (d) => d.name.startsWith('jupyter-') && d.template.metadata?.annotations?.['karpenter.sh/do-not-disrupt'] === 'true',
    );
    assert.ok(protectedTemplate !== undefined || notebookSessions(0, 1).every((s) => !s.protect));
  });

  it('every pod template selects its pool and tolerates its taint', () => {
    const pools: Record<string, string> = { airflow: 'airflow-worker', trino: 'trino-xsmall', jupyterhub: 'jupyterhub-small' };
    const templates = [
      ...desiredDeployments(12, 1).map((d) => ({ ns: d.namespace, t: d.template })),
      ...sparkBursts(0, DEFAULT_DEMO_SCHEDULE).map((b) => ({ ns: b.spec.namespace, t: b.spec.template })),
    ];
    for (const { ns, t } of templates) {
      const pool = pools[ns];
      assert.deepEqual(t.spec.nodeSelector, { NodePool: pool });
      assert.deepEqual(t.spec.tolerations, [{ key: pool, operator: 'Exists', effect: 'NoSchedule' }]);
    }
  });

  it('Spark bursts: three a day, 4–8 executors, running 1.5–3 simulated hours; each due exactly once', () => {
    const bursts = sparkBursts(0, DEFAULT_DEMO_SCHEDULE);
    assert.equal(bursts.length, 3);
    for (const b of bursts) {
      assert.ok(b.spec.completions >= 4 && b.spec.completions <= 8);
      assert.ok(b.spec.runForSeconds >= 45 && b.spec.runForSeconds <= 90, `${b.spec.runForSeconds}s`);
    }
    const stepped: string[] = [];
    for (let h = 7; h < 7 + 48; h += 0.25) stepped.push(...batchesDue(h, h + 0.25, DEFAULT_DEMO_SCHEDULE).map((b) => b.spec.name));
    assert.deepEqual(stepped, [...new Set(stepped)]);
    assert.equal(stepped.length, 6);
  });

  it('is deterministic from the seed and differs between seeds', () => {
    assert.deepEqual(JSON.stringify(desiredDeployments(11.3, 5)), JSON.stringify(desiredDeployments(11.3, 5)));
    const sessions = (seed: number) =>
      JSON.stringify([trinoSessions(0, seed), notebookSessions(0, seed), sparkBursts(0, { ...DEFAULT_DEMO_SCHEDULE, seed })]);
    assert.notEqual(sessions(1), sessions(2));
  });
});
