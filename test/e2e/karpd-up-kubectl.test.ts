/**
 * `karpd up --no-tui` as a user runs it, with the real kubectl pointed at
 * DIR/kubeconfig: pods applied with kubectl get nodes launched by karpd, and
 * `kubectl get nodeclaims,nodes,pods` shows it. Ctrl-C stops cleanly.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readAgentFile } from '../../src/operator/agent-file.js';
import { eventually } from '../../src/testing/eventually.js';

const ROOT = resolve(import.meta.dirname, '../..');
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

const airflowPod = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default}
spec:
  nodeSelector: {NodePool: airflow-worker}
  tolerations: [{key: airflow-worker, operator: Exists, effect: NoSchedule}]
  containers: [{name: worker, image: apache/airflow, resources: {requests: {cpu: 500m, memory: 1Gi}}}]
`;
const PODS = [airflowPod('airflow-e2e-0'), airflowPod('airflow-e2e-1')].join('---\n');

function waitFor(check: () => boolean, what: string, timeoutMs: number): Promise<true> {
  return eventually(check, what, timeoutMs, 250);
}

describe('karpd up with kubectl', () => {
  it('kubectl sees the NodeClaims, Nodes and Running pods karpd produced', { timeout: 180_000 }, async (t) => {
    if (!existsSync(KUBECTL)) {
      t.skip(`kubectl not found at ${KUBECTL} (set KUBECTL to run this test)`);
      return;
    }
    const stateDir = mkdtempSync(join(tmpdir(), 'karpd-up-'));
    const agent = spawn(process.execPath, [join(ROOT, 'bin/karpd.js'), 'up', '--no-tui', '--workload', 'none', '--state-dir', stateDir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    agent.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    agent.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => agent.on('exit', (code) => done(code)));
    try {
      await waitFor(() => existsSync(join(stateDir, 'agent.json')), 'agent.json', 30_000);
      const kubeconfig = join(stateDir, 'kubeconfig');
      const kubectl = (...args: string[]) => spawnSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
      writeFileSync(join(stateDir, 'pods.yaml'), PODS);
      const applied = kubectl('apply', '-f', join(stateDir, 'pods.yaml'));
      assert.equal(applied.status, 0, applied.stderr);
      await waitFor(
        () => {
          const pods = kubectl('get', 'pods', '-o', 'jsonpath={.items[*].status.phase}').stdout;
          return pods.split(' ').filter((phase) => phase === 'Running').length === 2;
        },
        'both pods Running',
        90_000,
      );
      const shown = kubectl('get', 'nodeclaims,nodes,pods', '-o', 'wide');
      assert.equal(shown.status, 0, shown.stderr);
      assert.match(
        shown.stdout,
        /nodeclaim\.karpenter\.sh\/airflow-worker-\w+\s+m5\.large\s+(spot|on-demand)\s+eu-west-2[abc]/,
        'printer columns: type, capacity, zone',
      );
      assert.match(shown.stdout, /node\/ip-[\d-]+\.eu-west-2\.compute\.internal\s+Ready/);
      assert.match(shown.stdout, /pod\/airflow-e2e-0\s+1\/1\s+Running/);
      const info = readAgentFile(stateDir);
      assert.equal(statSync(join(stateDir, 'agent.json')).mode & 0o777, 0o600, 'agent.json is readable by its owner only');
      assert.equal(statSync(kubeconfig).mode & 0o777, 0o600, 'the kubeconfig (it carries a token) too');
      assert.match(readFileSync(kubeconfig, 'utf8'), /token: /);
      assert.equal((await fetch(`${info.url}/api/v1/sim/instances`)).status, 401, 'the agent API needs the token');
      const instances = await fetch(`${info.url}/api/v1/sim/instances`, { headers: { Authorization: `Bearer ${info.token}` } });
      assert.equal(instances.status, 200);
      const apiServer = String(info.apiServer);
      assert.match(apiServer, /^https:/);
      const anonymous = spawnSync(
        'curl',
        ['-sk', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'DELETE', `${apiServer}/apis/karpenter.sh/v1/nodepools/airflow-worker`],
        { encoding: 'utf8' },
      );
      if (anonymous.status === 0) assert.equal(anonymous.stdout, '401', 'an anonymous DELETE of a NodePool is refused');
      const metrics = await (await fetch(`${info.url}/metrics`)).text();
      assert.match(metrics, /karpenter_nodeclaims_created_total\{reason="provisioning",nodepool="airflow-worker"/);
      assert.match(
        metrics,
        /karpenter_cloudprovider_duration_seconds_count\{controller="nodeclaim.lifecycle",method="Create",provider="sim",error=""\} [1-9]/,
        'the launch was timed under the controller that made it',
      );
      const log = readFileSync(join(stateDir, 'karpd.log'), 'utf8');
      assert.match(log, /launched nodeclaim/, 'the log in the state folder has every state change');
      assert.match(log, /registered node/);
      assert.match(output, /\d\d:\d\d:\d\d launch sandbox nodeclaim airflow-worker-\w+/, 'the terminal shows one line per launch');
      // Karpenter's getting-started flow: kubectl's generator and scale commands (protobuf bodies, the scale subresource).
      const created = kubectl('create', 'deployment', 'inflate', '--image=public.ecr.aws/eks-distro/kubernetes/pause:3.7', '--replicas=0');
      assert.equal(created.status, 0, created.stderr);
      const scaled = kubectl('scale', 'deployment', 'inflate', '--replicas', '5');
      assert.equal(scaled.status, 0, scaled.stderr);
      await waitFor(
        () =>
          kubectl('get', 'pods', '-l', 'app=inflate', '-o', 'jsonpath={.items[*].status.phase}')
            .stdout.split(' ')
            .filter((p) => p === 'Running').length === 5,
        'five inflate pods Running',
        60_000,
      );
      const inflateNodes = kubectl('get', 'pods', '-l', 'app=inflate', '-o', 'jsonpath={.items[*].spec.nodeName}').stdout.split(' ');
      const defaultNodes = kubectl(
        'get',
        'nodes',
        '-l',
        'karpenter.sh/nodepool=default',
        '-o',
        'jsonpath={.items[*].metadata.name}',
      ).stdout.split(' ');
      assert.ok(
        inflateNodes.every((node) => defaultNodes.includes(node)),
        'the inflate pods run on nodes karpd launched for the default pool',
      );
    } finally {
      agent.kill('SIGINT');
      const code = await exited;
      assert.equal(code, 0, `karpd up exits cleanly on Ctrl-C\n${output.slice(-2000)}`);
    }
  });
});
