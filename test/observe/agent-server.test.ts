import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError, startAgentServer } from '../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';

describe('agent server', () => {
  it('serves upstream-named metrics, health, readiness and JSON routes', async () => {
    const metrics = createAgentMetrics({ processMetrics: false });
    metrics.nodeClaimsCreated.inc({ reason: 'provisioning', nodepool: 'airflow-worker', min_values_relaxed: 'false' });
    let ready = false;
    const server = await startAgentServer({
      registry: metrics.registry,
      ready: () => ready,
      routes: {
        'GET /api/v1/echo': ({ query }) => ({ value: query.get('v') }),
        'POST /api/v1/fail': () => {
          throw new HttpError(409, 'decision already applied');
        },
      },
    });
    try {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(text, /karpenter_nodeclaims_created_total\{reason="provisioning",nodepool="airflow-worker",min_values_relaxed="false"\} 1/);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
      ready = true;
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      assert.deepEqual(await (await fetch(`${server.url}/api/v1/echo?v=3`)).json(), { value: '3' });
      const failed = await fetch(`${server.url}/api/v1/fail`, { method: 'POST', body: '{}' });
      assert.equal(failed.status, 409);
      assert.deepEqual(await failed.json(), { error: 'decision already applied' });
      const bad = await fetch(`${server.url}/api/v1/fail`, { method: 'POST', body: '{not json' });
      assert.equal(bad.status, 400);
      assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    } finally {
      await server.close();
    }
  });
});
