/** The dashboard's agent API routes over HTTP, with a hand-made view, a real ClusterState and fake GitOps and sim controls. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAgentServer, type AgentServer } from '../../src/observe/agent-server.js';
import { DashboardRoutes, OBJECT_KINDS } from '../../src/observe/dashboard-api.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { EventStreamParser } from '../../src/observe/server-sent-events.js';
import { VIEW_MODEL_SCHEMA, type ViewDelta, type ViewModel } from '../../src/observe/view-model/view-model.js';
import { dashboardRoutes } from '../../src/operator/dashboard-routes.js';
import { ClusterState } from '../../src/state/cluster-state.js';
import { nodePool, pod } from '../../src/testing/builders.js';
import { FakeGitOpsService, gitopsDecision } from '../../src/testing/fake-gitops-service.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
const auth = { Authorization: `Bearer ${TOKEN}` };

function view(version: number): ViewModel {
  return { schema: VIEW_MODEL_SCHEMA, version, generatedAt: '2026-01-01T10:00:00.000Z', clusters: [], log: [] };
}

async function withRoutes(body: (server: AgentServer, context: Context) => Promise<void>): Promise<void> {
  const state = new ClusterState();
  state.upsert('nodePools', {
    ...nodePool({ metadata: { name: 'general' } }),
    metadata: { name: 'general', managedFields: [{ manager: 'kubectl' }] } as never,
  });
  state.upsert('pods', pod({ name: 'web-1', namespace: 'shop' }));
  const interrupted: string[] = [];
  const deltaListeners = new Set<(delta: ViewDelta) => void>();
  let current = view(1);
  const context: Context = {
    interrupted,
    emit: (delta) => {
      current = view(delta.to);
      for (const listener of deltaListeners) listener(delta);
    },
  };
  const routes = dashboardRoutes({
    feed: {
      current: () => current,
      onDelta: (listener) => {
        deltaListeners.add(listener);
        return () => deltaListeners.delete(listener);
      },
    },
    clusters: [
      {
        name: 'sandbox',
        state,
        sim: {
          controls: {
            spotInterruption: (instance) => {
              interrupted.push(instance);
              return instance === 'i-0000000000000dead' ? { ok: false, reason: 'no instance i-0000000000000dead' } : { ok: true };
            },
          },
        },
      },
      { name: 'prod', state: new ClusterState() },
    ],
    gitops: new FakeGitOpsService({ decisions: [gitopsDecision({ name: 'sandbox-git-1' })] }),
  });
  const server = await startAgentServer({
    registry: createAgentMetrics({ processMetrics: false }).registry,
    ready: () => true,
    token: TOKEN,
    routes,
  });
  try {
    await body(server, context);
  } finally {
    await server.close();
  }
}

interface Context {
  readonly interrupted: string[];
  emit(delta: ViewDelta): void;
}

async function getJson(server: AgentServer, path: string, headers: Record<string, string> = auth) {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function postJson(server: AgentServer, path: string, body: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('dashboard routes', () => {
  it('GIVEN no token WHEN the view, its stream or an object is asked for THEN 401', async () => {
    await withRoutes(async (server) => {
      for (const path of [
        DashboardRoutes.view,
        DashboardRoutes.viewEvents,
        `${DashboardRoutes.object}?cluster=sandbox&kind=Pod&name=web-1`,
      ])
        assert.equal((await getJson(server, path, {})).status, 401, path);
    });
  });

  it('GIVEN the token WHEN the view is read THEN it is the feed current view', async () => {
    await withRoutes(async (server) => {
      const { status, body } = await getJson(server, DashboardRoutes.view);
      assert.equal(status, 200);
      assert.deepEqual(body, view(1));
    });
  });

  it('GIVEN objects in the cache WHEN one is asked for THEN its YAML comes back without managedFields; a Decision comes from GitOps', async () => {
    await withRoutes(async (server) => {
      const pool = await getJson(server, `${DashboardRoutes.object}?cluster=sandbox&kind=NodePool&name=general`);
      assert.equal(pool.status, 200);
      assert.match(String(pool.body.yaml), /name: general/);
      assert.doesNotMatch(String(pool.body.yaml), /managedFields/);
      const podYaml = await getJson(server, `${DashboardRoutes.object}?cluster=sandbox&kind=Pod&name=web-1&namespace=shop`);
      assert.match(String(podYaml.body.yaml), /namespace: shop/);
      const decision = await getJson(server, `${DashboardRoutes.object}?cluster=sandbox&kind=Decision&name=sandbox-git-1`);
      assert.match(String(decision.body.yaml), /kind: Decision/);
    });
  });

  it('GIVEN a bad object query WHEN asked THEN 400 names the field (an unknown kind lists the kinds), unknown clusters and objects 404', async () => {
    await withRoutes(async (server) => {
      const kind = await getJson(server, `${DashboardRoutes.object}?cluster=sandbox&kind=Deployment&name=web`);
      assert.equal(kind.status, 400);
      assert.match(String(kind.body.error), /kind/);
      assert.match(JSON.stringify(kind.body.issues), new RegExp(OBJECT_KINDS.join(', ')));
      const missing = await getJson(server, `${DashboardRoutes.object}?cluster=sandbox&kind=Pod`);
      assert.equal(missing.status, 400);
      assert.deepEqual(
        (missing.body.issues as Array<{ path: string }>).map((issue) => issue.path),
        ['name'],
      );
      const extra = await getJson(server, `${DashboardRoutes.object}?cluster=sandbox&kind=Pod&name=web-1&colour=red`);
      assert.equal(extra.status, 400);
      assert.match(String(extra.body.error), /colour: unknown parameter/);
      const cluster = await getJson(server, `${DashboardRoutes.object}?cluster=staging&kind=Pod&name=web-1`);
      assert.equal(cluster.status, 404);
      assert.match(String(cluster.body.error), /no cluster "staging" \(known: sandbox, prod\)/);
      const object = await getJson(server, `${DashboardRoutes.object}?cluster=sandbox&kind=Pod&name=web-1`);
      assert.equal(object.status, 404, 'web-1 is in namespace shop, not default');
      assert.match(String(object.body.error), /no Pod "default\/web-1" in cluster sandbox/);
    });
  });

  it('GIVEN a simulated and a real cluster WHEN a spot interruption is asked for THEN the sim controls get it, a real cloud answers 409, a bad body 400, an unknown cluster 404', async () => {
    await withRoutes(async (server, context) => {
      const sent = await postJson(server, DashboardRoutes.spotInterruption, { cluster: 'sandbox', instance: 'i-0123456789abcdef0' });
      assert.equal(sent.status, 200);
      assert.deepEqual(context.interrupted, ['i-0123456789abcdef0']);
      const refused = await postJson(server, DashboardRoutes.spotInterruption, { cluster: 'sandbox', instance: 'i-0000000000000dead' });
      assert.equal(refused.status, 409);
      assert.match(String(refused.body.error), /no instance/);
      const real = await postJson(server, DashboardRoutes.spotInterruption, { cluster: 'prod', instance: 'i-0123456789abcdef0' });
      assert.equal(real.status, 409);
      assert.match(String(real.body.error), /real cloud/);
      const bad = await postJson(server, DashboardRoutes.spotInterruption, { cluster: 'sandbox', instance: 'web-1' });
      assert.equal(bad.status, 400);
      assert.deepEqual(
        (bad.body.issues as Array<{ path: string }>).map((issue) => issue.path),
        ['instance'],
      );
      const unknown = await postJson(server, DashboardRoutes.spotInterruption, { cluster: 'staging', instance: 'i-0123456789abcdef0' });
      assert.equal(unknown.status, 404);
    });
  });

  it('GIVEN a client on the view stream WHEN the view changes THEN it gets a snapshot, then the delta', async () => {
    await withRoutes(async (server, context) => {
      const controller = new AbortController();
      const response = await fetch(`${server.url}${DashboardRoutes.viewEvents}`, { headers: auth, signal: controller.signal });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const parser = new EventStreamParser();
      const decoder = new TextDecoder();
      const events = [];
      while (events.length < 2) {
        const { value, done } = await reader.read();
        if (done) break;
        events.push(...parser.push(decoder.decode(value, { stream: true })));
        if (events.length === 1) context.emit({ from: 1, to: 2, generatedAt: '2026-01-01T10:00:01.000Z', changes: [] });
      }
      controller.abort();
      assert.equal(events[0].event, 'snapshot');
      assert.equal((JSON.parse(events[0].data) as ViewModel).version, 1);
      assert.equal(events[1].event, 'delta');
      assert.equal((JSON.parse(events[1].data) as ViewDelta).to, 2);
    });
  });
});
