/** `GET /api/v1/why/{node}` over HTTP: the answer for a NodeClaim or Node name, and its 400, 404 and 409. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startAgentServer } from '../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { whyRoutes } from '../../src/operator/why-routes.js';
import { whyClusters, whyView } from '../../src/testing/why-fixtures.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

async function withServer(body: (get: (path: string) => Promise<{ status: number; body: any }>) => Promise<void>): Promise<void> {
  const view = whyView();
  const server = await startAgentServer({
    registry: createAgentMetrics({ processMetrics: false }).registry,
    ready: () => true,
    token: TOKEN,
    routes: whyRoutes({ feed: { current: () => view }, clusters: whyClusters() }),
  });
  try {
    await body(async (path) => {
      const response = await fetch(new URL(path, server.url), { headers: { Authorization: `Bearer ${TOKEN}` } });
      return { status: response.status, body: await response.json() };
    });
  } finally {
    await server.close();
  }
}

describe('GET /api/v1/why/{node}', () => {
  it('GIVEN a NodeClaim kept by a verdict WHEN asked by its name THEN it answers pool, type, state and the verdict', () =>
    withServer(async (get) => {
      const { status, body } = await get('/api/v1/why/default-kept');
      assert.equal(status, 200);
      assert.equal(body.cluster, 'sandbox');
      assert.equal(body.nodeClaim, 'default-kept');
      assert.equal(body.nodePool, 'default');
      assert.equal(body.instanceType, 'm5.large');
      assert.equal(body.state, 'Initialized');
      assert.deepEqual(body.disruption, {
        status: 'kept',
        kind: 'pod-blocked',
        method: 'emptiness',
        message: 'pod airflow/scheduler-0 has do-not-disrupt',
      });
    }));

  it('GIVEN a node being consolidated WHEN asked by its Node name THEN the phase, command and its Decision are in the answer', () =>
    withServer(async (get) => {
      const { status, body } = await get('/api/v1/why/ip-10-0-0-7');
      assert.equal(status, 200);
      assert.equal(body.nodeClaim, 'default-moving');
      assert.equal(body.node, 'ip-10-0-0-7');
      assert.equal(body.state, 'Disrupting');
      assert.equal(body.disruption.phase, 'waiting-approval');
      assert.deepEqual(body.decision, {
        name: 'consolidation-7f3a2',
        kind: 'consolidation',
        state: 'pending',
        summary: 'replace m5.2xlarge with m5.large, saves $0.29/h',
      });
    }));

  it('GIVEN a name that is not a DNS-1123 name, too long, or empty WHEN asked THEN 400 naming the node field', () =>
    withServer(async (get) => {
      for (const path of ['/api/v1/why/Bad_Name', `/api/v1/why/${'a'.repeat(254)}`, '/api/v1/why/', '/api/v1/why/%E0%A4%A']) {
        const { status, body } = await get(path);
        assert.equal(status, 400, path);
        assert.match(body.error, /^invalid path: node: expected a node or NodeClaim name/, path);
        assert.deepEqual(
          body.issues.map((issue: { path: string }) => issue.path),
          ['node'],
          path,
        );
      }
      const badQuery = await get('/api/v1/why/default-kept?cluster=Not_A_Label');
      assert.equal(badQuery.status, 400);
      assert.match(badQuery.body.error, /cluster/);
    }));

  it('GIVEN an unknown name WHEN asked THEN 404 naming it; a Node without a NodeClaim says karpd does not manage it', () =>
    withServer(async (get) => {
      const unknown = await get('/api/v1/why/nope-1');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error, 'no node or NodeClaim "nope-1" in any cluster (sandbox, prod)');
      const unmanaged = await get('/api/v1/why/ip-10-9-9-9');
      assert.equal(unmanaged.status, 404);
      assert.match(unmanaged.body.error, /node "ip-10-9-9-9" in cluster sandbox has no NodeClaim: karpd does not manage it/);
      const otherCluster = await get('/api/v1/why/default-kept?cluster=prod');
      assert.equal(otherCluster.status, 404);
      assert.match(otherCluster.body.error, /in cluster prod/);
      const noCluster = await get('/api/v1/why/default-kept?cluster=staging');
      assert.equal(noCluster.status, 404);
      assert.match(noCluster.body.error, /no cluster "staging"/);
    }));

  it('GIVEN a name in two clusters WHEN asked without a cluster THEN 409 naming both; with one THEN that one', () =>
    withServer(async (get) => {
      const both = await get('/api/v1/why/shared-1');
      assert.equal(both.status, 409);
      assert.match(both.body.error, /in clusters sandbox, prod: give \?cluster=/);
      const prod = await get('/api/v1/why/shared-1?cluster=prod');
      assert.equal(prod.status, 200);
      assert.equal(prod.body.cluster, 'prod');
    }));

  it('GIVEN the route WHEN a path two segments below is asked THEN there is no route (404)', () =>
    withServer(async (get) => {
      const { status, body } = await get('/api/v1/why/a/b');
      assert.equal(status, 404);
      assert.match(body.error, /no route GET \/api\/v1\/why\/a\/b/);
    }));
});
