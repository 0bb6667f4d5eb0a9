import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { HttpError, startAgentServer, type AgentServer, type AgentServerOptions } from '../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
const auth = { Authorization: `Bearer ${TOKEN}` };
const json = { ...auth, 'Content-Type': 'application/json' };

async function withServer(
  options: Partial<AgentServerOptions>,
  body: (server: AgentServer, calls: unknown[]) => Promise<void>,
): Promise<void> {
  const calls: unknown[] = [];
  const metrics = createAgentMetrics({ processMetrics: false });
  const server = await startAgentServer({
    registry: metrics.registry,
    ready: () => true,
    token: TOKEN,
    routes: {
      'POST /api/v1/act': ({ body: received }) => {
        calls.push(received);
        return { ok: true };
      },
    },
    ...options,
  });
  try {
    await body(server, calls);
  } finally {
    await server.close();
  }
}

/** A raw request, so that Host and Origin can be set as a browser or a rebinding page would. */
function rawRequest(url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('agent server', () => {
  it('serves upstream-named metrics, health, readiness and JSON routes', async () => {
    const metrics = createAgentMetrics({ processMetrics: false });
    metrics.nodeClaimsCreated.inc({ reason: 'provisioning', nodepool: 'airflow-worker', min_values_relaxed: 'false' });
    let ready = false;
    const server = await startAgentServer({
      registry: metrics.registry,
      ready: () => ready,
      token: TOKEN,
      routes: {
        'GET /api/v1/echo': ({ query }) => ({ value: query.get('v') }),
        'POST /api/v1/fail': () => {
          throw new HttpError(409, 'decision already applied');
        },
      },
    });
    try {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      assert.match(
        text,
        /karpenter_nodeclaims_created_total\{reason="provisioning",nodepool="airflow-worker",min_values_relaxed="false"\} 1/,
      );
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
      ready = true;
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      assert.deepEqual(await (await fetch(`${server.url}/api/v1/echo?v=3`, { headers: auth })).json(), { value: '3' });
      const failed = await fetch(`${server.url}/api/v1/fail`, { method: 'POST', body: '{}', headers: json });
      assert.equal(failed.status, 409);
      assert.deepEqual(await failed.json(), { error: 'decision already applied' });
      const bad = await fetch(`${server.url}/api/v1/fail`, { method: 'POST', body: '{not json', headers: json });
      assert.equal(bad.status, 400);
      assert.equal((await fetch(`${server.url}/nope`, { headers: auth })).status, 404);
    } finally {
      await server.close();
    }
  });

  it('answers 401 with WWW-Authenticate without the bearer token, and obeys with it', async () => {
    await withServer({}, async (server, calls) => {
      const none = await fetch(`${server.url}/api/v1/act`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
      assert.equal(none.status, 401);
      assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="karpd"');
      assert.match(((await none.json()) as { error: string }).error, /bearer token/);
      const wrong = await fetch(`${server.url}/api/v1/act`, {
        method: 'POST',
        body: '{}',
        headers: { ...json, Authorization: `Bearer ${TOKEN}x` },
      });
      assert.equal(wrong.status, 401);
      assert.equal((await fetch(`${server.url}/api/v1/act`, { method: 'POST', headers: { Authorization: TOKEN } })).status, 401);
      assert.equal(calls.length, 0);
      const ok = await fetch(`${server.url}/api/v1/act`, { method: 'POST', body: '{"a":1}', headers: json });
      assert.equal(ok.status, 200);
      assert.deepEqual(calls, [{ a: 1 }]);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    });
  });

  it('keeps /metrics public by default and behind the token with metrics: "token"', async () => {
    await withServer({}, async (server) => assert.equal((await fetch(`${server.url}/metrics`)).status, 200));
    await withServer({ metrics: 'token' }, async (server) => {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
      assert.equal((await fetch(`${server.url}/metrics`, { headers: auth })).status, 200);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    });
  });

  it('refuses a body that is not application/json with 415 (what a web page can send)', async () => {
    await withServer({}, async (server, calls) => {
      const plain = await fetch(`${server.url}/api/v1/act`, {
        method: 'POST',
        body: '{"count":1}',
        headers: { ...auth, 'Content-Type': 'text/plain' },
      });
      assert.equal(plain.status, 415);
      assert.match(((await plain.json()) as { error: string }).error, /application\/json/);
      const form = await fetch(`${server.url}/api/v1/act`, {
        method: 'POST',
        body: 'a=1',
        headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(form.status, 415);
      assert.equal(calls.length, 0);
      const charset = await fetch(`${server.url}/api/v1/act`, {
        method: 'POST',
        body: '{}',
        headers: { ...auth, 'Content-Type': 'application/json; charset=utf-8' },
      });
      assert.equal(charset.status, 200);
    });
  });

  it('refuses any Origin and a Host that is not the listener with 403 (DNS rebinding), token or not', async () => {
    await withServer({}, async (server, calls) => {
      const port = new URL(server.url).port;
      const fromPage = await rawRequest(
        `${server.url}/api/v1/act`,
        { ...json, Host: `127.0.0.1:${port}`, Origin: 'https://evil.example' },
        '{}',
      );
      assert.equal(fromPage.status, 403);
      assert.match(fromPage.body, /Origin/);
      const rebound = await rawRequest(`${server.url}/api/v1/act`, { ...json, Host: `evil.example:${port}` }, '{}');
      assert.equal(rebound.status, 403);
      assert.match(rebound.body, /Host/);
      assert.equal((await rawRequest(`${server.url}/metrics`, { Host: `evil.example:${port}` })).status, 403);
      assert.equal((await rawRequest(`${server.url}/healthz`, { Host: `127.0.0.1:${Number(port) + 1}` })).status, 403);
      assert.equal(calls.length, 0);
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
        assert.equal((await rawRequest(`${server.url}/api/v1/act`, { ...json, Host: host }, '{}')).status, 200, host);
      }
    });
  });

  it('answers 400, not 500, on 5,000 levels of nesting, and stays up', async () => {
    await withServer({}, async (server, calls) => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const reply = await fetch(`${server.url}/api/v1/act`, { method: 'POST', body: deep, headers: json });
      assert.equal(reply.status, 400);
      assert.match(((await reply.json()) as { error: string }).error, /deeper than 32/);
      assert.equal(calls.length, 0);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    });
  });

  it('refuses to start without a token, unless it serves probes only', async () => {
    const metrics = createAgentMetrics({ processMetrics: false });
    await assert.rejects(startAgentServer({ registry: metrics.registry, ready: () => true }), /bearer token/);
    await assert.rejects(startAgentServer({ registry: metrics.registry, ready: () => true, token: 'short' }), /bearer token/);
  });

  it('a probes-only listener serves /metrics, /healthz and /readyz to anyone, and no action route', async () => {
    const metrics = createAgentMetrics({ processMetrics: false });
    const probes = await startAgentServer({
      registry: metrics.registry,
      ready: () => false,
      probesOnly: true,
      routes: { 'POST /api/v1/act': () => ({}) },
    });
    try {
      const port = new URL(probes.url).port;
      assert.equal((await rawRequest(`${probes.url}/metrics`, { Host: `10.0.3.7:${port}` })).status, 200);
      assert.equal((await fetch(`${probes.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${probes.url}/readyz`)).status, 503);
      assert.equal((await fetch(`${probes.url}/api/v1/act`, { method: 'POST', body: '{}', headers: json })).status, 404);
    } finally {
      await probes.close();
    }
  });
});
