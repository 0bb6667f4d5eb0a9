/**
 * Property test: any JSON body sent to any write endpoint gets a JSON answer
 * — the object or a `Status` with a 4xx code — never a 500 and never a crash.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fc from 'fast-check';
import { startControlPlane, type ControlPlane } from '../../../src/sim/control-plane/control-plane.js';

let cp: ControlPlane;
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

before(async () => {
  cp = await startControlPlane();
  const cms = cp.registry.core('configmaps');
  cp.api.create(cms, 'default', { metadata: { name: 'target' } });
  cp.api.create(cp.registry.core('pods'), 'default', {
    metadata: { name: 'target' },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
});
after(async () => {
  agent.destroy();
  await cp.close();
});

function send(method: string, path: string, body: string, contentType: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${cp.url}${path}`,
      { method, agent, headers: { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const ENDPOINTS: Array<[string, string]> = [
  ['POST', '/api/v1/namespaces/default/configmaps'],
  ['PUT', '/api/v1/namespaces/default/configmaps/target'],
  ['PATCH', '/api/v1/namespaces/default/configmaps/target'],
  ['PUT', '/api/v1/namespaces/default/pods/target/status'],
  ['PATCH', '/api/v1/namespaces/default/pods/target/status'],
  ['POST', '/api/v1/namespaces/default/pods/target/binding'],
  ['POST', '/api/v1/namespaces/default/pods/target/eviction'],
  ['POST', '/apis/karpenter.sh/v1/nodepools'],
  ['PATCH', '/apis/karpenter.sh/v1/nodepools/target'],
  ['POST', '/apis/coordination.k8s.io/v1/namespaces/default/leases'],
  ['POST', '/apis/events.k8s.io/v1/namespaces/default/events'],
  ['POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions'],
  ['DELETE', '/api/v1/namespaces/default/configmaps/nope'],
];
const TYPES = [
  'application/json',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'application/yaml',
];

const bodies = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record({
      metadata: fc.dictionary(
        fc.constantFrom('name', 'generateName', 'labels', 'finalizers', 'namespace', 'resourceVersion'),
        fc.jsonValue(),
      ),
      spec: fc.jsonValue(),
      status: fc.jsonValue(),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .array(
      fc.record({
        op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bad'),
        path: fc.constantFrom('', '/', '/metadata', '/metadata/labels/x', '/spec/0', '/a~1b', 'nope'),
        value: fc.jsonValue(),
        from: fc.constantFrom('/metadata', '/x'),
      }),
    )
    .map((v) => JSON.stringify(v)),
  fc.string(),
);

describe('fuzzed request bodies', () => {
  it('never answer 500 and always answer JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), fc.constantFrom(...TYPES), bodies, async ([method, path], type, body) => {
        const reply = await send(method, path, body, type);
        assert.notEqual(reply.status, 500, `${method} ${path} ${type} ${body} → ${reply.text}`);
        const parsed = JSON.parse(reply.text) as { kind?: string; code?: number };
        if (reply.status >= 400) assert.equal(parsed.kind, 'Status', reply.text);
      }),
      { numRuns: 400, seed: 20261122 },
    );
    assert.equal((await send('GET', '/version', '', 'application/json')).status, 200);
  });
});
