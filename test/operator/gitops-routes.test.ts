import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Decision } from '../../src/apis/decision.js';
import type { AuditEntry, AuditLog } from '../../src/gitops/decisions/audit-entry.js';
import type { ClusterSyncState } from '../../src/gitops/decisions/gitops-service.js';
import { startAgentServer, type AgentServer } from '../../src/observe/agent-server.js';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { gitopsRoutes } from '../../src/operator/gitops-routes.js';
import { clusterSyncState, FakeGitOpsService, gitopsDecision } from '../../src/testing/fake-gitops-service.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

interface Reply {
  readonly status: number;
  readonly body: { error?: string; issues?: Array<{ path: string; message: string }>; [key: string]: unknown };
}

class Client {
  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async get(path: string, token = TOKEN): Promise<Reply> {
    const response = await fetch(new URL(path, this.url), { headers: { Authorization: `Bearer ${token}`, ...this.headers } });
    return { status: response.status, body: (await response.json()) as Reply['body'] };
  }

  async post(path: string, body: unknown): Promise<Reply> {
    const response = await fetch(new URL(path, this.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...this.headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Reply['body'] };
  }
}

function memoryAudit(entries: AuditEntry[]): AuditLog {
  return {
    append: async (entry) => {
      entries.push(entry);
    },
    read: async (options = {}) => {
      const matching = entries.filter((entry) => options.cluster === undefined || entry.cluster === options.cluster);
      return options.limit === undefined ? matching : matching.slice(-options.limit);
    },
  };
}

async function withRoutes(
  setup: { clusters?: ClusterSyncState[]; decisions?: Decision[]; audit?: AuditEntry[] },
  body: (service: FakeGitOpsService, server: AgentServer) => Promise<void>,
): Promise<void> {
  const service = new FakeGitOpsService(setup);
  const server = await startAgentServer({
    registry: createAgentMetrics({ processMetrics: false }).registry,
    ready: () => true,
    token: TOKEN,
    routes: gitopsRoutes(service, setup.audit !== undefined ? { audit: memoryAudit(setup.audit) } : {}),
  });
  try {
    await body(service, server);
  } finally {
    await server.close();
  }
}

const twoClusters = [clusterSyncState({ cluster: 'sandbox' }), clusterSyncState({ cluster: 'staging', syncPolicy: 'manual' })];
const decisions = [
  gitopsDecision({ name: 'sandbox-old', createdAt: '2026-01-01T00:00:00Z', state: 'applied' }),
  gitopsDecision({ name: 'sandbox-new', createdAt: '2026-01-02T00:00:00Z' }),
  gitopsDecision({ name: 'staging-drift', cluster: 'staging', kind: 'config-drift', createdAt: '2026-01-03T00:00:00Z' }),
];

describe('gitops routes', () => {
  it('need the bearer token', async () => {
    await withRoutes({}, async (_service, server) => {
      const client = new Client(server.url);
      assert.equal((await client.get('/api/v1/clusters', 'wrong-token-0123456789abcdefghijklmnopqrstuvwxyz')).status, 401);
      const denied = await fetch(new URL('/api/v1/decisions/approve', server.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"name":"x"}',
      });
      assert.equal(denied.status, 401);
    });
  });

  it('list the clusters with their sync state', async () => {
    await withRoutes({ clusters: twoClusters }, async (_service, server) => {
      const reply = await new Client(server.url).get('/api/v1/clusters');
      assert.equal(reply.status, 200);
      assert.deepEqual(
        (reply.body.clusters as ClusterSyncState[]).map((state) => [state.cluster, state.syncPolicy]),
        [
          ['sandbox', 'auto'],
          ['staging', 'manual'],
        ],
      );
    });
  });

  it('list decisions newest first, filtered by cluster and state', async () => {
    await withRoutes({ clusters: twoClusters, decisions }, async (_service, server) => {
      const client = new Client(server.url);
      const names = async (query: string) =>
        ((await client.get(`/api/v1/decisions${query}`)).body.decisions as Decision[]).map((d) => d.metadata.name);
      assert.deepEqual(await names(''), ['staging-drift', 'sandbox-new', 'sandbox-old']);
      assert.deepEqual(await names('?cluster=sandbox'), ['sandbox-new', 'sandbox-old']);
      assert.deepEqual(await names('?state=pending'), ['staging-drift', 'sandbox-new']);
      assert.deepEqual(await names('?cluster=sandbox&state=applied'), ['sandbox-old']);
    });
  });

  it('refuse a bad query with 400 naming the parameter, and an unknown cluster with 404', async () => {
    await withRoutes({ clusters: twoClusters, decisions }, async (_service, server) => {
      const client = new Client(server.url);
      const badState = await client.get('/api/v1/decisions?state=done');
      assert.equal(badState.status, 400);
      assert.match(badState.body.error ?? '', /^invalid query: state: /);
      assert.deepEqual(
        badState.body.issues?.map((issue) => issue.path),
        ['state'],
      );
      const badCluster = await client.get('/api/v1/decisions?cluster=Not_A_Label');
      assert.deepEqual([badCluster.status, badCluster.body.issues?.[0]?.path], [400, 'cluster']);
      const extra = await client.get('/api/v1/decisions?colour=red');
      assert.deepEqual([extra.status, extra.body.issues?.[0]?.path], [400, 'colour']);
      const twice = await client.get('/api/v1/decisions?state=pending&state=applied');
      assert.deepEqual([twice.status, twice.body.issues?.[0]?.message], [400, 'given more than once']);
      const unknown = await client.get('/api/v1/decisions?cluster=prod');
      assert.equal(unknown.status, 404);
      assert.match(unknown.body.error ?? '', /unknown cluster "prod" \(this agent serves sandbox, staging\)/);
    });
  });

  it('answer one decision by name, 404 when unknown, 400 without a name', async () => {
    await withRoutes({ decisions }, async (_service, server) => {
      const client = new Client(server.url);
      const found = await client.get('/api/v1/decision?name=sandbox-new');
      assert.equal(found.status, 200);
      assert.equal((found.body as unknown as Decision).spec.summary, 'apply 3f2a91c: update NodePool airflow-worker');
      const missing = await client.get('/api/v1/decision?name=nope');
      assert.equal(missing.status, 404);
      assert.match(missing.body.error ?? '', /decision "nope" not found/);
      const noName = await client.get('/api/v1/decision');
      assert.deepEqual([noName.status, noName.body.issues?.[0]?.path], [400, 'name']);
    });
  });

  it('approve with the actor: by from the body, token name without it, via from X-Karpd-Client', async () => {
    const pending = ['a', 'b', 'c'].map((name) => gitopsDecision({ name }));
    await withRoutes({ decisions: pending }, async (service, server) => {
      const cli = new Client(server.url, { 'X-Karpd-Client': 'cli' });
      const approved = await cli.post('/api/v1/decisions/approve', { name: 'a', by: 'alice' });
      assert.equal(approved.status, 200);
      assert.equal((approved.body as unknown as Decision).status?.state, 'applied');
      await new Client(server.url).post('/api/v1/decisions/approve', { name: 'b' });
      await new Client(server.url, { 'X-Karpd-Client': 'dashboard' }).post('/api/v1/decisions/approve', { name: 'c', by: 'bob@example' });
      assert.deepEqual(
        service.calls.map((call) => call.actor),
        [
          { name: 'alice', via: 'cli' },
          { name: 'token:agent', via: 'api' },
          { name: 'bob@example', via: 'dashboard' },
        ],
      );
    });
  });

  it('answer 409 for a decision that is not pending and 404 for an unknown one', async () => {
    await withRoutes({ decisions }, async (service, server) => {
      const client = new Client(server.url);
      const done = await client.post('/api/v1/decisions/approve', { name: 'sandbox-old' });
      assert.equal(done.status, 409);
      assert.match(done.body.error ?? '', /decision "sandbox-old" is applied: only a pending decision can be approved/);
      const unknown = await client.post('/api/v1/decisions/reject', { name: 'nope' });
      assert.equal(unknown.status, 404);
      assert.equal(service.decision('sandbox-old')?.status?.state, 'applied');
    });
  });

  it('reject with a reason', async () => {
    await withRoutes({ decisions }, async (service, server) => {
      const reply = await new Client(server.url).post('/api/v1/decisions/reject', {
        name: 'sandbox-new',
        reason: 'not during the freeze',
        by: 'alice',
      });
      assert.equal(reply.status, 200);
      assert.equal(service.decision('sandbox-new')?.status?.state, 'rejected');
      assert.deepEqual(service.calls, [
        { method: 'reject', name: 'sandbox-new', actor: { name: 'alice', via: 'api' }, reason: 'not during the freeze' },
      ]);
    });
  });

  it('refuse bad bodies with 400 naming the field, before the service is called', async () => {
    await withRoutes({ decisions }, async (service, server) => {
      const client = new Client(server.url);
      const cases: Array<[string, unknown, string]> = [
        ['/api/v1/decisions/approve', {}, 'name'],
        ['/api/v1/decisions/approve', { name: 'sandbox-new', by: 'rm -rf /' }, 'by'],
        ['/api/v1/decisions/approve', { name: 'sandbox-new', by: 'x'.repeat(65) }, 'by'],
        ['/api/v1/decisions/reject', { name: 'sandbox-new', reason: 'x'.repeat(2000) }, 'reason'],
        ['/api/v1/refresh', { cluster: 'UPPER' }, 'cluster'],
        ['/api/v1/clusters/suspend', {}, 'cluster'],
        ['/api/v1/clusters/resume', { cluster: 7 }, 'cluster'],
      ];
      for (const [path, body, field] of cases) {
        const reply = await client.post(path, body);
        assert.equal(reply.status, 400, `${path} ${JSON.stringify(body)}`);
        assert.equal(reply.body.error, 'invalid request body');
        assert.deepEqual(
          reply.body.issues?.map((issue) => issue.path),
          [field],
          `${path} ${JSON.stringify(body)}`,
        );
      }
      const unknownField = await client.post('/api/v1/decisions/approve', { name: 'sandbox-new', force: true });
      assert.equal(unknownField.status, 400);
      assert.match(unknownField.body.issues?.[0]?.message ?? '', /"force"/);
      assert.deepEqual(service.calls, []);
    });
  });

  it('refresh every cluster or one, and suspend and resume one (404 when unknown)', async () => {
    await withRoutes({ clusters: twoClusters }, async (service, server) => {
      const client = new Client(server.url, { 'X-Karpd-Client': 'cli' });
      assert.deepEqual((await client.post('/api/v1/refresh', { by: 'alice' })).body, { ok: true });
      assert.equal((await client.post('/api/v1/refresh', { cluster: 'staging' })).status, 200);
      assert.equal((await client.post('/api/v1/clusters/suspend', { cluster: 'staging', by: 'alice' })).status, 200);
      assert.equal(service.clusters().find((state) => state.cluster === 'staging')?.suspended, true);
      assert.equal((await client.post('/api/v1/clusters/resume', { cluster: 'staging' })).status, 200);
      assert.equal(service.clusters().find((state) => state.cluster === 'staging')?.suspended, false);
      assert.equal((await client.post('/api/v1/clusters/suspend', { cluster: 'prod' })).status, 404);
      assert.equal((await client.post('/api/v1/refresh', { cluster: 'prod' })).status, 404);
      assert.deepEqual(
        service.calls.map((call) => [call.method, 'cluster' in call ? call.cluster : undefined, call.actor.name]),
        [
          ['refresh', undefined, 'alice'],
          ['refresh', 'staging', 'token:agent'],
          ['suspend', 'staging', 'alice'],
          ['resume', 'staging', 'token:agent'],
        ],
      );
    });
  });

  it('read the audit log when one is given, with cluster and limit', async () => {
    const entry = (cluster: string, result: string): AuditEntry => ({
      at: '2026-01-01T00:00:00Z',
      who: 'alice',
      action: 'approved',
      cluster,
      result,
    });
    const audit = [entry('sandbox', 'one'), entry('staging', 'two'), entry('sandbox', 'three')];
    await withRoutes({ clusters: twoClusters, audit }, async (_service, server) => {
      const client = new Client(server.url);
      const results = async (query: string) =>
        ((await client.get(`/api/v1/audit${query}`)).body.entries as AuditEntry[]).map((e) => e.result);
      assert.deepEqual(await results(''), ['one', 'two', 'three']);
      assert.deepEqual(await results('?cluster=sandbox'), ['one', 'three']);
      assert.deepEqual(await results('?limit=1'), ['three']);
      assert.deepEqual((await client.get('/api/v1/audit?limit=0')).status, 400);
      assert.deepEqual((await client.get('/api/v1/audit?limit=lots')).body.issues?.[0]?.path, 'limit');
    });
    await withRoutes({}, async (_service, server) => {
      assert.equal((await new Client(server.url).get('/api/v1/audit')).status, 404);
    });
  });
});
