/**
 * The demo driver over real HTTP on a FakeClock: namespaces, PDBs and
 * Deployments appear; with no nodes the pods are Unschedulable (what makes
 * karpd provision); stepping through the simulated day scales Trino and the
 * notebooks up and everything back down, and submits the Spark bursts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, PodDisruptionBudget } from '../../../src/apis/core-v1.js';
import {
  batchesDue,
  DEFAULT_DEMO_SCHEDULE,
  desiredDeployments,
  msUntilHour,
  trinoSessions,
} from '../../../src/sim/cluster/demo-schedule.js';
import type { Deployment } from '../../../src/sim/cluster/workload-pods.js';
import { eventually, startHarness, type Harness } from './harness.js';

const TICK_MS = DEFAULT_DEMO_SCHEDULE.dayLengthMs / 96;

describe('demo workload over HTTP', () => {
  let h: Harness;
  let elapsed = 0;
  const deployments = async () =>
    (await h.rest.request<{ items: Deployment[] }>({ method: 'GET', path: '/apis/apps/v1/deployments' })).items;
  const replicasOf = async () =>
    Object.fromEntries((await deployments()).map((d) => [`${d.metadata.namespace}/${d.metadata.name}`, d.spec.replicas]));
  const expected = (hour: number) => Object.fromEntries(desiredDeployments(hour, 1).map((d) => [`${d.namespace}/${d.name}`, d.replicas]));
  const stepTo = async (hour: number) => {
    while (msUntilHour(hour, elapsed, DEFAULT_DEMO_SCHEDULE) > 0) {
      h.clock.advance(TICK_MS);
      elapsed += TICK_MS;
      await h.sim.demo?.settled();
    }
  };

  before(async () => {
    h = await startHarness({ workload: 'demo', seed: 1 });
  });
  after(async () => {
    await h.close();
  });

  it('creates the namespaces, the Trino PDBs and every Deployment at its 07:00 replicas', async () => {
    const namespaces = (
      await h.rest.request<{ items: Array<{ metadata: { name: string } }> }>({ method: 'GET', path: '/api/v1/namespaces' })
    ).items.map((n) => n.metadata.name);
    for (const ns of ['airflow', 'trino', 'jupyterhub']) assert.ok(namespaces.includes(ns), ns);
    const pdbs = (
      await h.rest.request<{ items: PodDisruptionBudget[] }>({
        method: 'GET',
        path: '/apis/policy/v1/namespaces/trino/poddisruptionbudgets',
      })
    ).items;
    assert.deepEqual(pdbs.map((p) => p.metadata.name).sort(), ['trino-coordinator', 'trino-worker']);
    assert.deepEqual(await replicasOf(), expected(7));
  });

  it('with no nodes, the Airflow pods are marked Unschedulable — the signal karpd provisions on', async () => {
    const pods = await eventually(() => {
      const airflow = h.sim.state.snapshot().pods.filter((p: Pod) => p.metadata.namespace === 'airflow');
      return airflow.length === expected(7)['airflow/airflow-worker'] &&
        airflow.every((p) => p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'Unschedulable'))
        ? airflow
        : undefined;
    }, 'Unschedulable airflow pods');
    assert.ok(pods.every((p) => p.spec.nodeSelector?.NodePool === 'airflow-worker' && p.spec.nodeName === undefined));
  });

  it('submits an ad-hoc Spark burst on request', async () => {
    const name = h.sim.demo?.burst({ executors: 3, runForSeconds: 30 }) ?? '';
    assert.equal(name, 'spark-adhoc-1');
    const pods = await eventually(() => {
      const p = h.sim.state.snapshot().pods.filter((x) => x.metadata.labels?.['sim.karpd.io/batch'] === name);
      return p.length === 3 ? p : undefined;
    }, 'three executor pods');
    assert.ok(pods.every((p) => p.metadata.namespace === 'airflow' && p.spec.nodeSelector?.NodePool === 'airflow-worker'));
  });

  it('follows the day: Trino and notebooks at midday, Spark bursts submitted once due, all scaled down by night', async () => {
    const trino = trinoSessions(0, 1)[0];
    const midSession = (trino.start + trino.end) / 2;
    await stepTo(midSession);
    const now = await replicasOf();
    assert.equal(now['trino/trino-coordinator'], 1);
    assert.ok((now['trino/trino-worker'] ?? 0) >= 3);
    assert.ok(Object.entries(now).filter(([k, v]) => k.startsWith('jupyterhub/') && v === 1).length > 0);
    const firstBurst = batchesDue(7, 12, DEFAULT_DEMO_SCHEDULE)[0];
    if (firstBurst.startHour <= midSession) {
      await eventually(
        () => h.sim.state.snapshot().pods.some((p) => p.metadata.labels?.['sim.karpd.io/batch'] === firstBurst.spec.name),
        'the first Spark burst pods',
      );
    }
    await stepTo(21);
    const night = await replicasOf();
    assert.equal(night['airflow/airflow-worker'], 1);
    assert.equal(night['trino/trino-worker'], 0);
    assert.equal(Object.entries(night).filter(([k, v]) => k.startsWith('jupyterhub/') && v !== 0).length, 0);
  });
});
