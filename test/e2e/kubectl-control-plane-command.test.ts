/**
 * `karpd control-plane --state-dir DIR` as a user runs it: a separate
 * process whose DIR/kubeconfig kubectl uses as is.
 */
import https from 'node:https';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KUBECTL, skipReason } from '../sim/control-plane/kubectl-harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'karpd-cp-cmd-'));
let child: ChildProcess | undefined;

after(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function kubectl(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const proc = execFile(
      KUBECTL,
      ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, 'cache'), ...args],
      (error, stdout, stderr) => {
        done({ code: error ? Number(error.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (input !== undefined) proc.stdin?.end(input);
  });
}

describe('karpd control-plane', { skip: skipReason }, () => {
  it('serves kubectl through the kubeconfig it writes, and stops on SIGTERM', async () => {
    child = spawn(process.execPath, [join(ROOT, 'bin/karpd.js'), 'control-plane', '--state-dir', dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const deadline = Date.now() + 30_000;
    while (!/listening on https:\/\/127\.0\.0\.1:\d+/.test(out)) {
      assert.ok(Date.now() < deadline && child.exitCode === null, `karpd control-plane did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const manifest = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: from-cli}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
`;
    assert.equal((await kubectl(['apply', '-f', '-'], manifest)).stdout, 'nodepool.karpenter.sh/from-cli created\n');
    assert.match((await kubectl(['get', 'nodepools'])).stdout, /^from-cli\s+default\s+\s*\d+s$/m);
    const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
    const anonymous = await new Promise<number>((done, fail) => {
      const req = https.request(`${url}/apis/karpenter.sh/v1/nodepools/from-cli`, { method: 'DELETE', rejectUnauthorized: false }, (res) =>
        done(res.statusCode ?? 0),
      );
      req.on('error', fail);
      req.end();
    });
    assert.equal(anonymous, 401, 'an anonymous DELETE of a NodePool is refused');
    assert.equal((await kubectl(['delete', 'nodepool', 'from-cli'])).code, 0);
    const exited = new Promise<number | null>((done) => child?.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(out, /stopped/);
  });
});
