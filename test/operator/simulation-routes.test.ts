import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SimCloudProvider } from '../../src/cloudprovider/sim/sim-cloud-provider.js';
import { startAgentServer, type AgentServer } from '../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { generateToken } from '../../src/operator/agent-file.js';
import { simulationRoutes } from '../../src/operator/simulation-routes.js';
import { FakeClock } from '../../src/testing/fake-clock.js';

async function withSimulation(
  body: (post: (path: string, payload: unknown) => Promise<Response>, cloud: SimCloudProvider, server: AgentServer) => Promise<void>,
): Promise<void> {
  const cloud = new SimCloudProvider(
    { clock: new FakeClock(new Date('2026-06-01T07:00:00Z')) },
    { region: 'eu-west-2', missingFraction: 0 },
  );
  const token = generateToken();
  const server = await startAgentServer({
    registry: createAgentMetrics({ processMetrics: false }).registry,
    ready: () => true,
    token,
    routes: simulationRoutes(cloud),
  });
  const post = (path: string, payload: unknown) =>
    fetch(`${server.url}/api/v1/sim/${path}`, {
      method: 'POST',
      body: JSON.stringify(payload),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
  try {
    await body(post, cloud, server);
  } finally {
    await server.close();
  }
}

/** The fields a 400 `invalid request body` names, each once. */
async function fields(reply: Response): Promise<string[]> {
  assert.equal(reply.status, 400);
  const body = (await reply.json()) as { error: string; issues: Array<{ path: string; message: string }> };
  assert.equal(body.error, 'invalid request body');
  assert.ok(body.issues.every((issue) => issue.message.length > 0));
  return [...new Set(body.issues.map((issue) => issue.path))];
}

describe('simulation routes', () => {
  it('answers {"count": 1e9} with 400 naming count, and the process stays up', async () => {
    await withSimulation(async (post, cloud, server) => {
      assert.deepEqual(await fields(await post('launch-failures', { count: 1e9 })), ['count']);
      for (const count of [0, -1, 1.5, '2', 1001])
        assert.deepEqual(await fields(await post('launch-failures', { count })), ['count'], String(count));
      assert.equal(cloud.faults.takeLaunchFailure(), undefined, 'nothing was queued');
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await post('launch-failures', { count: 1000 })).status, 200);
      assert.equal((await post('launch-failures', {})).status, 200, 'count defaults to 1');
    });
  });

  it('bounds durationMs to 1 ms - 1 day and checks the shape of instance types and zones', async () => {
    await withSimulation(async (post, cloud) => {
      for (const durationMs of [0, 86_400_001, 1e300, 'soon']) {
        assert.deepEqual(await fields(await post('insufficient-capacity', { durationMs })), ['durationMs'], String(durationMs));
      }
      assert.deepEqual(await fields(await post('insufficient-capacity', { instanceType: 'x'.repeat(65) })), ['instanceType']);
      assert.deepEqual(await fields(await post('insufficient-capacity', { zone: 'mars-1' })), ['zone']);
      assert.deepEqual(await fields(await post('insufficient-capacity', { capacityType: 'reserved' })), ['capacityType']);
      assert.equal(cloud.controls.outages().length, 0);
      const ok = await post('insufficient-capacity', {
        instanceType: 'm5.large',
        zone: 'eu-west-2a',
        durationMs: 86_400_000,
        capacityType: 'spot',
      });
      assert.equal(ok.status, 200);
      assert.equal(cloud.controls.outages().length, 1);
    });
  });

  it('names unknown fields and malformed instance ids', async () => {
    await withSimulation(async (post) => {
      assert.deepEqual(await fields(await post('launch-failures', { count: 1, counts: 2 })), ['(body)']);
      assert.deepEqual(await fields(await post('spot-interruption', {})), ['instance']);
      assert.deepEqual(await fields(await post('spot-interruption', { instance: '../../etc' })), ['instance']);
      assert.deepEqual(await fields(await post('rebalance-recommendation', { instance: 'i-'.padEnd(200, 'a') })), ['instance']);
      assert.deepEqual(await fields(await post('launch-failures', [1])), ['(body)']);
      const unknown = await post('spot-interruption', { instance: 'i-0123456789abcdef0' });
      assert.equal(unknown.status, 409, 'a well-formed id of no instance is a conflict, as before');
    });
  });
});
