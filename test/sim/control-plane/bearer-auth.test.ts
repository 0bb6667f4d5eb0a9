import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { connect } from '../../../src/kube/connect.js';
import { startControlPlane, type ControlPlane } from '../../../src/sim/control-plane/control-plane.js';
import { kubeconfigFor, writeKubeconfig } from '../../../src/sim/control-plane/kubeconfig.js';

const TOKEN = 'cp-token-0123456789abcdefghijklmnopqrstuvwxyz';

function request(
  cp: ControlPlane,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${cp.url}${path}`, { method, headers, ca: cp.certificateAuthority }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('embedded control plane with a bearer token', () => {
  it('refuses anonymous requests (a DELETE of a NodePool) with 401 Unauthorized, leaves the public paths open', async () => {
    const cp = await startControlPlane({ token: TOKEN });
    try {
      assert.match(cp.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const rest = connect({
        kubeconfig: JSON.stringify(kubeconfigFor(cp.url, 'x', { token: TOKEN, certificateAuthority: cp.certificateAuthority })),
      });
      await rest.request({
        method: 'POST',
        path: '/api/v1/namespaces/default/configmaps',
        body: { metadata: { name: 'keep' }, data: { a: '1' } },
      });
      assert.equal((await request(cp, 'DELETE', '/api/v1/namespaces/default/configmaps/keep')).status, 401);
      const anonymous = await request(cp, 'DELETE', '/apis/karpenter.sh/v1/nodepools/any');
      assert.equal(anonymous.status, 401);
      assert.deepEqual(JSON.parse(anonymous.body), {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
      assert.equal((await request(cp, 'GET', '/api/v1/namespaces', { Authorization: `Bearer ${TOKEN}x` })).status, 401);
      assert.equal((await request(cp, 'GET', '/api', { Authorization: TOKEN })).status, 401);
      for (const path of ['/healthz', '/livez', '/readyz', '/version']) assert.equal((await request(cp, 'GET', path)).status, 200, path);
      assert.equal(
        (await request(cp, 'GET', '/api/v1/namespaces/default/configmaps/keep', { Authorization: `Bearer ${TOKEN}` })).status,
        200,
      );
      const fetched = await rest.request<{ metadata: { name: string } }>({
        method: 'GET',
        path: '/api/v1/namespaces/default/configmaps/keep',
      });
      assert.equal(fetched.metadata.name, 'keep', 'client-node sends the kubeconfig token and trusts the certificate');
    } finally {
      await cp.close();
    }
  });

  it('writes the token and the certificate into a 0600 kubeconfig, even over an older world-readable one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'karpd-cp-auth-'));
    writeFileSync(join(dir, 'kubeconfig'), 'old', { mode: 0o644 });
    chmodSync(join(dir, 'kubeconfig'), 0o644);
    const path = writeKubeconfig(dir, 'https://127.0.0.1:1', { token: TOKEN, certificateAuthority: 'PEM' });
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const doc = parse(readFileSync(path, 'utf8')) as {
      users: Array<{ user: { token: string } }>;
      clusters: Array<{ cluster: Record<string, unknown> }>;
    };
    assert.equal(doc.users[0].user.token, TOKEN);
    assert.equal(doc.clusters[0].cluster['certificate-authority-data'], Buffer.from('PEM').toString('base64'));
    assert.equal(doc.clusters[0].cluster['insecure-skip-tls-verify'], undefined);
  });

  it('without a token stays plain HTTP and open, as the tests that start a bare control plane expect', async () => {
    const cp = await startControlPlane();
    try {
      assert.match(cp.url, /^http:\/\//);
      assert.equal(cp.certificateAuthority, undefined);
      assert.equal((await fetch(`${cp.url}/api/v1/namespaces`)).status, 200);
    } finally {
      await cp.close();
    }
  });
});
