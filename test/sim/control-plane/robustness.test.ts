/**
 * Robustness of the HTTP server: many concurrent watchers lose or reorder
 * nothing under a burst of writes, and malformed requests get Status
 * errors instead of crashing the server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startControlPlane, type ControlPlane } from '../../../src/sim/control-plane/control-plane.js';

let cp: ControlPlane;

before(async () => {
  cp = await startControlPlane({ maxBodyBytes: 64 * 1024 });
});
after(() => cp.close());

interface Reply {
  status: number;
  body: string;
}

function request(
  method: string,
  path: string,
  body?: string | Buffer,
  contentType = 'application/json',
  agent?: http.Agent,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)) };
    const req = http.request(`${cp.url}${path}`, { method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const RV_KEY = '"resourceVersion":"';

interface Watcher {
  rvs: number[];
  types: string[];
  close(): void;
}

function watch(path: string): Promise<Watcher> {
  return new Promise((resolve, reject) => {
    const watcher: Watcher = { rvs: [], types: [], close: () => req.destroy() };
    const req = http.get(`${cp.url}${path}`, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const lines = (buffer + chunk).split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          watcher.types.push(line.slice(9, line.indexOf('"', 9)));
          const at = line.indexOf(RV_KEY) + RV_KEY.length;
          watcher.rvs.push(Number(line.slice(at, line.indexOf('"', at))));
        }
      });
      resolve(watcher);
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
  });
}

describe('watch fan-out under load', () => {
  it('delivers 10,000 writes to 100 concurrent watchers with nothing lost or reordered', async () => {
    await request('POST', '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'load' } }));
    const startRv = cp.store.currentRv();
    const watchers = await Promise.all(
      Array.from({ length: 100 }, () => watch(`/api/v1/namespaces/load/configmaps?watch=true&resourceVersion=${startRv}`)),
    );
    // The first 500 writes (creates) go through HTTP from 16 concurrent clients; the other 9,500
    // (merge patches) go through the same API in-process, 25 per event-loop turn, to keep CPU modest.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const writes = 10_000;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < 500) {
        const i = next++;
        const reply = await request(
          'POST',
          '/api/v1/namespaces/load/configmaps',
          JSON.stringify({ metadata: { name: `cm-${i}` }, data: { v: String(i) } }),
          'application/json',
          agent,
        );
        assert.equal(reply.status, 201, reply.body);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    agent.destroy();
    const cms = cp.registry.core('configmaps');
    for (let i = 500; i < writes; i++) {
      cp.api.patch(cms, 'load', `cm-${i % 500}`, 'merge', { data: { v: String(i) } });
      if (i % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const expected = Array.from({ length: writes }, (_, i) => startRv + 1 + i);
    const deadline = Date.now() + 60_000;
    while (watchers.some((w) => w.rvs.length < writes) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const w of watchers) {
      assert.equal(w.rvs.length, writes);
      assert.deepEqual(w.rvs, expected);
      w.close();
    }
    assert.equal(watchers[0].types.filter((t) => t === 'ADDED').length, 500);
  });
});

describe('watch lifetime', () => {
  it('keeps a watch open without timeoutSeconds, closes it at timeoutSeconds, and answers an expired rv in-stream', async () => {
    const open = await watch('/api/v1/namespaces/default/configmaps?watch=true');
    const timed = await new Promise<{ closedAfterMs: number }>((resolve) => {
      const started = Date.now();
      http.get(`${cp.url}/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1`, (res) => {
        res.resume();
        res.on('end', () => resolve({ closedAfterMs: Date.now() - started }));
      });
    });
    assert.ok(timed.closedAfterMs >= 900, `closed after ${timed.closedAfterMs} ms`);
    cp.api.create(cp.registry.core('configmaps'), 'default', { metadata: { name: 'still-open' } });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(open.types, ['ADDED'], 'the untimed watch is still delivering');
    open.close();
  });

  it('sends 410 Expired as an ERROR event for a resourceVersion older than the history', async () => {
    const small = await startControlPlane({ historyLimit: 2 });
    try {
      const cms = small.registry.core('configmaps');
      const rv = small.store.currentRv();
      for (let i = 0; i < 10; i++) small.api.create(cms, 'default', { metadata: { name: `c${i}` } });
      const text = await new Promise<string>((resolve) => {
        http.get(`${small.url}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve(body));
        });
      });
      const event = JSON.parse(text.trim()) as { type: string; object: { code: number; reason: string } };
      assert.deepEqual([event.type, event.object.code, event.object.reason], ['ERROR', 410, 'Expired']);
    } finally {
      await small.close();
    }
  });
});

describe('malformed input', () => {
  const cases: Array<[string, string, string | Buffer | undefined, string, number, RegExp]> = [
    ['GET', '/nope', undefined, '', 404, /the server could not find the requested resource/],
    ['GET', '/api/v2/pods', undefined, '', 404, /could not find/],
    ['GET', '/apis/karpenter.sh/v9/nodepools', undefined, '', 404, /could not find/],
    ['GET', '/api/v1/namespaces/default/pods/p/log', undefined, '', 404, /could not find/],
    ['POST', '/api/v1/namespaces/default/configmaps', '{"metadata":', 'application/json', 400, /could not be decoded as JSON/],
    ['POST', '/api/v1/namespaces/default/configmaps', '[1,2]', 'application/json', 400, /not a ConfigMap object/],
    ['POST', '/api/v1/namespaces/default/configmaps', '"text"', 'application/json', 400, /not a ConfigMap object/],
    ['POST', '/api/v1/namespaces/default/configmaps', undefined, '', 400, /no body/],
    [
      'POST',
      '/api/v1/namespaces/default/configmaps',
      Buffer.from([0x6b, 0x38, 0x73, 0x00, 1, 2]),
      'application/vnd.kubernetes.protobuf',
      400,
      /could not be decoded as application\/vnd.kubernetes.protobuf/,
    ],
    ['POST', '/api/v1/namespaces/default/configmaps', 'x: [', 'application/yaml', 400, /YAML/],
    ['POST', '/api/v1/namespaces/default/configmaps', 'a'.repeat(70_000), 'application/json', 413, /over the limit/],
    ['PUT', '/api/v1/namespaces/default/configmaps', '{}', 'application/json', 405, /does not allow/],
    ['PATCH', '/api/v1/namespaces/default', '{}', 'text/plain', 415, /unknown format/],
    ['PATCH', '/api/v1/namespaces/default', '{"op":"add"}', 'application/json-patch+json', 400, /cannot unmarshal/],
    ['GET', '/api/v1/pods?labelSelector=a%20in%20b', undefined, '', 400, /unable to parse requirement/],
    ['GET', '/api/v1/pods?fieldSelector=spec.foo%3Dbar', undefined, '', 400, /field label not supported: spec.foo/],
    ['GET', '/api/v1/pods?limit=abc', undefined, '', 400, /not an integer/],
    ['GET', '/api/v1/pods?continue=%%%', undefined, '', 400, /invalid continue token/],
    ['GET', '/api/v1/pods?watch=true&resourceVersion=abc', undefined, '', 400, /invalid resource version/],
    [
      'DELETE',
      '/api/v1/namespaces/default/configmaps/x',
      '{"propagationPolicy":"Sideways"}',
      'application/json',
      400,
      /unsupported propagationPolicy/,
    ],
    ['POST', '/api/v1/namespaces/default/pods/nope/eviction', '{}', 'application/json', 404, /pods "nope" not found/],
    ['POST', '/version', '{}', 'application/json', 405, /does not allow/],
    ['GET', '/api/v1/namespaces/%E0%A4%A/pods', undefined, '', 400, /malformed path segment/],
    ['POST', '/api/v1/namespaces/default/pods/x/binding', '{"target":{}}', 'application/json', 422, /target.name: Required value/],
  ];
  for (const [method, path, body, type, status, message] of cases) {
    it(`${method} ${path.slice(0, 60)} ${type} → ${status}`, async () => {
      const reply = await request(method, path, body, type);
      assert.equal(reply.status, status, reply.body);
      const parsed = JSON.parse(reply.body) as { kind: string; code: number; message: string };
      assert.equal(parsed.kind, 'Status');
      assert.equal(parsed.code, status);
      assert.match(parsed.message, message);
    });
  }

  it('still serves after every malformed request', async () => {
    const reply = await request('GET', '/version');
    assert.equal(reply.status, 200);
    assert.equal(JSON.parse(reply.body).minor, '32');
  });
});
