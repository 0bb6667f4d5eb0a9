/**
 * `karpd run`'s two listeners: the agent API on 127.0.0.1 with the token,
 * and the probes-only listener on the configured metrics.bindAddress.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/fake-cloud-provider.js';
import { startAgent } from '../../src/operator/agent.js';
import { generateToken } from '../../src/operator/agent-file.js';
import { parseRunConfig } from '../../src/operator/run-config.js';
import { solverPlanner } from '../../src/operator/solver-planner.js';
import { silentLogger } from '../../src/sim/control-plane/controller-deps.js';
import { startEmbeddedCluster } from '../../src/testing/embedded-cluster.js';
import { FakeClock } from '../../src/testing/fake-clock.js';

const CONFIG = 'apiVersion: karpd.dev/v1alpha1\nkind: AgentConfig\ngit: {url: x}\nclusters:\n';

function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

describe('karpd run listeners', () => {
  it('parses metrics.bindAddress (host:port, IPv6 in brackets) and names a bad one', () => {
    const config = parseRunConfig(
      `${CONFIG}  - {name: a, metrics: {bindAddress: "0.0.0.0:8080"}}\n  - {name: b, metrics: {bindAddress: "[::]:9090", requireToken: true}}\n  - {name: c}\n`,
      'k.yaml',
    );
    assert.deepEqual(config.clusters[0].metrics, { bindAddress: { host: '0.0.0.0', port: 8080 }, requireToken: false });
    assert.deepEqual(config.clusters[1].metrics, { bindAddress: { host: '::', port: 9090 }, requireToken: true });
    assert.deepEqual(config.clusters[2].metrics, { requireToken: false });
    assert.throws(
      () => parseRunConfig(`${CONFIG}  - {name: a, metrics: {bindAddress: "8080"}}\n`, 'k.yaml'),
      /clusters\.0\.metrics\.bindAddress: expected host:port/,
    );
    assert.throws(
      () => parseRunConfig(`${CONFIG}  - {name: a, metrics: {bindAddress: "0.0.0.0:70000"}}\n`, 'k.yaml'),
      /clusters\.0\.metrics\.bindAddress: port above 65535/,
    );
  });

  it('serves probes to anyone on the bind address while the agent API keeps requiring the token', async () => {
    const cluster = await startEmbeddedCluster();
    const token = generateToken();
    const agent = await startAgent(
      { rest: cluster.rest, cloud: new FakeCloudProvider(), planner: solverPlanner(), clock: new FakeClock(), logger: silentLogger },
      {
        identity: 'listeners',
        token,
        metricsAccess: 'token',
        probeListener: { host: '0.0.0.0', port: 0 },
        processMetrics: false,
        routes: { 'GET /api/v1/x': () => ({}) },
      },
    );
    try {
      await agent.whenSynced;
      assert.equal(agent.token, token);
      assert.ok(agent.probes !== undefined);
      const probePort = new URL(agent.probes.url).port;
      assert.match(agent.probes.url, /^http:\/\/0\.0\.0\.0:\d+$/);
      assert.equal(
        await get(`http://127.0.0.1:${probePort}/metrics`, { Host: `10.1.2.3:${probePort}` }),
        200,
        'Prometheus scrapes by pod IP',
      );
      assert.equal(await get(`http://127.0.0.1:${probePort}/healthz`), 200);
      assert.equal(await get(`http://127.0.0.1:${probePort}/readyz`), 200);
      assert.equal(
        await get(`http://127.0.0.1:${probePort}/api/v1/x`, { Authorization: `Bearer ${token}` }),
        404,
        'no action route on the probe listener',
      );
      assert.match(agent.server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(await get(`${agent.server.url}/api/v1/x`), 401);
      assert.equal(await get(`${agent.server.url}/metrics`), 401, 'metrics.requireToken protects /metrics on the agent API');
      assert.equal(await get(`${agent.server.url}/metrics`, { Authorization: `Bearer ${token}` }), 200);
      assert.equal(await get(`${agent.server.url}/api/v1/x`, { Authorization: `Bearer ${token}` }), 200);
      assert.equal(await get(`${agent.server.url}/healthz`), 200);
    } finally {
      await agent.stop();
      await cluster.close();
    }
  });

  it('generates a token when none is given', async () => {
    const cluster = await startEmbeddedCluster();
    const agent = await startAgent(
      { rest: cluster.rest, cloud: new FakeCloudProvider(), planner: solverPlanner(), clock: new FakeClock(), logger: silentLogger },
      { identity: 'generated', processMetrics: false },
    );
    try {
      assert.match(agent.token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(agent.probes, undefined);
    } finally {
      await agent.stop();
      await cluster.close();
    }
  });
});
