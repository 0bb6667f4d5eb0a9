/**
 * Patches cannot reach Object.prototype, JSON Patch follows RFC 6902 (the
 * public json-patch-test-suite), and a deeply nested body is 400, not 500.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startControlPlane, type ControlPlane } from '../../../src/sim/control-plane/control-plane.js';
import { ApiError } from '../../../src/sim/control-plane/api-error.js';
import { applyJsonPatchDocument } from '../../../src/sim/control-plane/json-patch.js';

const require = createRequire(import.meta.url);

interface SuiteCase {
  comment?: string;
  doc: unknown;
  patch: unknown;
  expected?: unknown;
  error?: string;
  disabled?: boolean;
}

let cp: ControlPlane;
before(async () => {
  cp = await startControlPlane({});
});
after(() => cp.close());

async function send(method: string, path: string, body: string, contentType = 'application/json'): Promise<{ status: number; json: any }> {
  const res = await fetch(`${cp.url}${path}`, { method, body, headers: { 'Content-Type': contentType } });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) };
}

async function createPod(name: string): Promise<void> {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
  const res = await send('POST', '/api/v1/namespaces/default/pods', JSON.stringify(pod));
  assert.equal(res.status, 201, JSON.stringify(res.json));
}

function pollutedKeys(): string[] {
  return Object.keys(Object.prototype).concat(Object.getOwnPropertyNames(Object.prototype).filter((k) => k === 'polluted'));
}

describe('patches cannot pollute Object.prototype', () => {
  const podPath = '/api/v1/namespaces/default/pods/proto';
  before(() => createPod('proto'));

  for (const path of ['/metadata/__proto__/polluted', '/metadata/constructor/prototype/polluted', '/spec/prototype']) {
    it(`JSON Patch with path ${path} is 422 and changes nothing`, async () => {
      const res = await send('PATCH', podPath, JSON.stringify([{ op: 'add', path, value: 'yes' }]), 'application/json-patch+json');
      assert.equal(res.status, 422, JSON.stringify(res.json));
      assert.equal(res.json.reason, 'Invalid');
      assert.match(res.json.message, /not allowed/);
      assert.deepEqual(pollutedKeys(), []);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  it('a JSON Patch copying from a __proto__ path is 422', async () => {
    const ops = [{ op: 'copy', from: '/metadata/__proto__', path: '/metadata/labels/x' }];
    const res = await send('PATCH', podPath, JSON.stringify(ops), 'application/json-patch+json');
    assert.equal(res.status, 422);
  });

  for (const [type, body] of [
    ['application/merge-patch+json', '{"metadata":{"__proto__":{"polluted":"yes"}}}'],
    ['application/strategic-merge-patch+json', '{"metadata":{"__proto__":{"polluted":"yes"}}}'],
  ]) {
    it(`${type} with a __proto__ key is 422`, async () => {
      const res = await send('PATCH', podPath, body, type);
      assert.equal(res.status, 422, JSON.stringify(res.json));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  }

  it('server-side apply with a __proto__ key is 422', async () => {
    const body = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"proto","__proto__":{"polluted":"yes"}}}';
    const res = await send('PATCH', `${podPath}?fieldManager=t`, body, 'application/apply-patch+yaml');
    assert.equal(res.status, 422, JSON.stringify(res.json));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('an ordinary JSON Patch still applies', async () => {
    const res = await send(
      'PATCH',
      podPath,
      JSON.stringify([{ op: 'add', path: '/metadata/labels', value: { a: 'b' } }]),
      'application/json-patch+json',
    );
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(res.json.metadata.labels, { a: 'b' });
  });
});

describe('json-patch-test-suite against the control plane patch function', () => {
  for (const file of ['tests.json', 'spec_tests.json']) {
    const cases = require(`json-patch-test-suite/${file}`) as SuiteCase[];
    it(`${file}: every enabled case`, () => {
      let ran = 0;
      for (const c of cases) {
        if (c.disabled) continue;
        ran++;
        const name = `${file}: ${c.comment ?? JSON.stringify(c.patch)}`;
        if (c.error !== undefined) {
          assert.throws(
            () => applyJsonPatchDocument(c.doc, c.patch),
            (e: unknown) => e instanceof ApiError && e.code >= 400,
            name,
          );
        } else {
          const result = applyJsonPatchDocument(c.doc, c.patch);
          if ('expected' in c) assert.deepEqual(result, c.expected, name);
        }
      }
      assert.ok(ran > 10);
    });
  }
});

describe('nesting depth', () => {
  it('a body nested 5,000 levels deep is 400 on create and on patch', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const created = await send('POST', '/api/v1/namespaces/default/configmaps', `{"metadata":{"name":"deep"},"data":${deep}}`);
    assert.equal(created.status, 400, JSON.stringify(created.json));
    assert.match(created.json.message, /nested deeper than/);
    const arrays = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const patched = await send(
      'PATCH',
      '/api/v1/namespaces/default/pods/proto',
      `{"metadata":{"labels":${arrays}}}`,
      'application/merge-patch+json',
    );
    assert.equal(patched.status, 400);
    const alive = await fetch(`${cp.url}/api/v1/namespaces/default/pods/proto`);
    assert.equal(alive.status, 200);
  });
});
