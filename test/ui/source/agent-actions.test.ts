/** The dashboard's actions: one fetch each with the token, the client header and a JSON body, and a short message back. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { DashboardRoutes } from '../../../src/observe/dashboard-api.js';
import { gitopsDecision } from '../../../src/testing/fake-gitops-service.js';
import { agentActions } from '../../../ui/source/agent-actions.js';

const TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';

interface Seen {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

function fakeFetch(answer: (seen: Seen) => Response | Promise<Response>): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetcher = (async (input: string | URL | Request, init?: RequestInit) => {
    const request: Seen = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: init?.headers as Record<string, string>,
      body: init?.body === undefined ? undefined : JSON.parse(String(init.body)),
    };
    seen.push(request);
    return answer(request);
  }) as typeof fetch;
  return { fetch: fetcher, seen };
}

/** A port nothing listens on (one that was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('agent actions', () => {
  it('GIVEN a pending Decision WHEN approved THEN one POST carries the token, the dashboard header and the name, and the message says it was applied', async () => {
    const applied = gitopsDecision({ name: 'sandbox-git-3f2a91c', state: 'applied' });
    const { fetch, seen } = fakeFetch(() => json(200, applied));
    const actions = agentActions({ url: 'http://127.0.0.1:4000', token: TOKEN, fetch, by: 'alice' });
    const result = await actions.approve('sandbox-git-3f2a91c');
    assert.deepEqual(result, { ok: true, message: 'applied git-change sandbox-git-3f2a91c' });
    assert.equal(seen.length, 1);
    assert.equal(seen[0].url, `http://127.0.0.1:4000${DashboardRoutes.approve}`);
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].headers.Authorization, `Bearer ${TOKEN}`);
    assert.equal(seen[0].headers['X-Karpd-Client'], 'dashboard');
    assert.equal(seen[0].headers['Content-Type'], 'application/json');
    assert.deepEqual(seen[0].body, { name: 'sandbox-git-3f2a91c', by: 'alice' });
  });

  it('GIVEN an approval whose apply fails WHEN approved THEN the result is not ok and carries the error', async () => {
    const failed = gitopsDecision({ name: 'sandbox-git-1', state: 'failed' });
    const { fetch } = fakeFetch(() => json(200, { ...failed, status: { ...failed.status, message: 'applying: NodePool/x: forbidden' } }));
    const result = await agentActions({ url: 'http://agent', token: TOKEN, fetch }).approve('sandbox-git-1');
    assert.deepEqual(result, { ok: false, message: 'failed git-change sandbox-git-1: applying: NodePool/x: forbidden' });
  });

  it('GIVEN the agent refuses WHEN an action is taken THEN the message is the agent error text; 401 says the token was refused', async () => {
    const conflict = fakeFetch(() => json(409, { error: 'decision sandbox-git-1 is applied, not pending' }));
    assert.deepEqual(await agentActions({ url: 'http://agent', token: TOKEN, fetch: conflict.fetch }).reject('sandbox-git-1', 'not now'), {
      ok: false,
      message: 'decision sandbox-git-1 is applied, not pending',
    });
    assert.deepEqual(conflict.seen[0].body, { name: 'sandbox-git-1', reason: 'not now' });
    const refused = fakeFetch(() => json(401, { error: 'missing or wrong bearer token' }));
    assert.deepEqual(await agentActions({ url: 'http://agent', token: TOKEN, fetch: refused.fetch }).suspend('sandbox'), {
      ok: false,
      message: 'token refused',
    });
  });

  it('GIVEN nothing listens WHEN an action is taken THEN it says the agent is unreachable and why', async () => {
    const result = await agentActions({ url: `http://127.0.0.1:${await closedPort()}`, token: TOKEN }).refresh('sandbox');
    assert.equal(result.ok, false);
    assert.match(result.message, /^agent unreachable: ECONNREFUSED$/);
  });

  it('GIVEN the simulated cloud and an object WHEN injecting and reading YAML THEN the routes and bodies are the contract ones', async () => {
    const { fetch, seen } = fakeFetch((request) =>
      request.method === 'GET' ? json(200, { yaml: 'kind: Pod\n' }) : json(200, { ok: true }),
    );
    const actions = agentActions({ url: 'http://agent', token: TOKEN, fetch });
    assert.deepEqual(await actions.injectSpotInterruption('sandbox', 'i-0123456789abcdef0'), {
      ok: true,
      message: 'spot interruption sent to i-0123456789abcdef0 in sandbox',
    });
    assert.deepEqual(seen[0].body, { cluster: 'sandbox', instance: 'i-0123456789abcdef0' });
    assert.deepEqual(await actions.objectYaml('sandbox', 'Pod', 'web-1', 'shop'), {
      ok: true,
      message: 'Pod shop/web-1',
      yaml: 'kind: Pod\n',
    });
    assert.equal(seen[1].url, `http://agent${DashboardRoutes.object}?cluster=sandbox&kind=Pod&name=web-1&namespace=shop`);
    assert.deepEqual((await actions.resume('sandbox')).message, 'resumed sync of sandbox');
    assert.equal(seen[2].url, `http://agent${DashboardRoutes.resume}`);
  });
});
