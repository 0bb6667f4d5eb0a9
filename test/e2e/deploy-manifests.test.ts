/**
 * deploy/ as a user installs it: `kubectl kustomize deploy` rendered and
 * applied with the real kubectl to the embedded control plane (started with
 * no CRDs preloaded, so the CRDs come from the kustomization too), then read
 * back with kubectl. The Secrets are created with the commands README
 * "Deploy to a cluster" gives. Pods do not run here: the control plane only
 * stores the Deployment.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { skipReason, startHarness, type KubectlHarness } from '../sim/control-plane/kubectl-harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DEPLOY = join(ROOT, 'deploy');

let h: KubectlHarness;
let noCrds: string;

before(async () => {
  if (skipReason) return;
  noCrds = mkdtempSync(join(tmpdir(), 'karpd-no-crds-'));
  h = await startHarness({ crdDirectory: noCrds });
});
after(async () => {
  await h?.close();
  if (noCrds !== undefined) rmSync(noCrds, { recursive: true, force: true });
});

async function ok(args: string[], input?: string): Promise<string> {
  const r = await h.kubectl(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function json(args: string[]): Promise<Record<string, any>> {
  return JSON.parse(await ok([...args, '-o', 'json']));
}

describe('deploy/ applied with kubectl', { skip: skipReason }, () => {
  let rendered = '';

  it('GIVEN deploy/ WHEN kubectl kustomize renders it THEN it has every object of an install, and nothing else', async () => {
    rendered = await ok(['kustomize', DEPLOY]);
    const kinds = [...rendered.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]).sort();
    assert.deepEqual(kinds, [
      'ClusterRole',
      'ClusterRoleBinding',
      'ConfigMap',
      'CustomResourceDefinition',
      'CustomResourceDefinition',
      'CustomResourceDefinition',
      'CustomResourceDefinition',
      'Deployment',
      'Namespace',
      'PodDisruptionBudget',
      'Role',
      'RoleBinding',
      'Service',
      'ServiceAccount',
    ]);
  });

  it('GIVEN a control plane without karpd CRDs WHEN the rendered manifests are applied THEN kubectl creates every one', async () => {
    assert.notEqual((await h.kubectl(['get', 'nodepools'])).code, 0, 'nodepools served before the CRDs were applied');
    const out = await ok(['apply', '-f', '-'], rendered);
    for (const line of [
      'namespace/karpd created',
      'customresourcedefinition.apiextensions.k8s.io/nodepools.karpenter.sh created',
      'customresourcedefinition.apiextensions.k8s.io/nodeclaims.karpenter.sh created',
      'customresourcedefinition.apiextensions.k8s.io/ec2nodeclasses.karpenter.k8s.aws created',
      'customresourcedefinition.apiextensions.k8s.io/decisions.karpd.dev created',
      'serviceaccount/karpd created',
      'role.rbac.authorization.k8s.io/karpd-leader-election created',
      'clusterrole.rbac.authorization.k8s.io/karpd created',
      'rolebinding.rbac.authorization.k8s.io/karpd-leader-election created',
      'clusterrolebinding.rbac.authorization.k8s.io/karpd created',
      'configmap/karpd-config created',
      'service/karpd-metrics created',
      'deployment.apps/karpd created',
      'poddisruptionbudget.policy/karpd created',
    ])
      assert.ok(out.includes(line), `missing "${line}" in:\n${out}`);
  });

  it('THEN the CRDs are served: NodePools, NodeClaims, EC2NodeClasses and Decisions can be listed', async () => {
    for (const resource of ['nodepools', 'nodeclaims', 'ec2nodeclasses', 'decisions']) {
      const list = await json(['get', resource]);
      assert.deepEqual(list.items, [], resource);
    }
  });

  it('THEN the Deployment runs two replicas as ServiceAccount karpd, with probes on the metrics port', async () => {
    const deployment = await json(['-n', 'karpd', 'get', 'deployment', 'karpd']);
    assert.equal(deployment.spec.replicas, 2);
    const pod = deployment.spec.template.spec;
    assert.equal(pod.serviceAccountName, 'karpd');
    const [container] = pod.containers;
    assert.deepEqual(container.args, ['run', '--config', '/etc/karpd/config/karpd.yaml']);
    assert.equal(container.livenessProbe.httpGet.path, '/healthz');
    assert.equal(container.readinessProbe.httpGet.path, '/readyz');
    assert.equal(container.readinessProbe.httpGet.port, 'http-metrics');
    const secrets = pod.volumes.filter((v: any) => v.secret !== undefined).map((v: any) => v.secret.secretName);
    assert.deepEqual(secrets.sort(), ['karpd-agent-token', 'karpd-git']);
  });

  it('THEN the ServiceAccount, Service, ConfigMap and PDB are in namespace karpd', async () => {
    assert.equal((await json(['-n', 'karpd', 'get', 'serviceaccount', 'karpd'])).metadata.namespace, 'karpd');
    const service = await json(['-n', 'karpd', 'get', 'service', 'karpd-metrics']);
    assert.deepEqual(
      service.spec.ports.map((p: any) => [p.name, p.port]),
      [['http-metrics', 8081]],
    );
    const config = await json(['-n', 'karpd', 'get', 'configmap', 'karpd-config']);
    assert.match(config.data['karpd.yaml'], /kind: AgentConfig/);
    const pdb = await json(['-n', 'karpd', 'get', 'pdb', 'karpd']);
    assert.equal(pdb.spec.minAvailable, 1);
  });

  it('THEN the ClusterRole is bound to karpd/karpd, and the lease Role in kube-system too', async () => {
    const binding = await json(['get', 'clusterrolebinding', 'karpd']);
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'karpd' });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'karpd', namespace: 'karpd' }]);
    const role = await json(['-n', 'kube-system', 'get', 'role', 'karpd-leader-election']);
    assert.deepEqual(role.rules[0].resources, ['leases']);
    const roleBinding = await json(['-n', 'kube-system', 'get', 'rolebinding', 'karpd-leader-election']);
    assert.deepEqual(roleBinding.subjects, [{ kind: 'ServiceAccount', name: 'karpd', namespace: 'karpd' }]);
    const rules = (await json(['get', 'clusterrole', 'karpd'])).rules;
    assert.ok(rules.some((r: any) => r.resources.includes('nodeclaims') && r.verbs.includes('create')));
  });

  it('WHEN applied a second time THEN every object is unchanged (kubectl always patches a PDB, and the patch changes nothing)', async () => {
    const generation = (await json(['-n', 'karpd', 'get', 'pdb', 'karpd'])).metadata.generation;
    const out = await ok(['apply', '-f', '-'], rendered);
    const lines = out.trim().split('\n');
    assert.equal(lines.length, 14, out);
    // policy/v1 PodDisruptionBudget's selector has patchStrategy=replace, so kubectl's computed patch is never empty
    // and it says "configured" against kube-apiserver too; the object stays as it was.
    assert.deepEqual(
      lines.filter((line) => !line.endsWith(' unchanged')),
      ['poddisruptionbudget.policy/karpd configured'],
    );
    assert.equal((await json(['-n', 'karpd', 'get', 'pdb', 'karpd'])).metadata.generation, generation);
  });

  it("WHEN the README's commands create the Secrets THEN they are stored with the keys the Deployment mounts", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'karpd-secrets-'));
    try {
      writeFileSync(join(dir, 'identity'), '-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n-----END OPENSSH PRIVATE KEY-----\n');
      writeFileSync(
        join(dir, 'known_hosts'),
        'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n',
      );
      await ok([
        '-n',
        'karpd',
        'create',
        'secret',
        'generic',
        'karpd-git',
        `--from-file=identity=${join(dir, 'identity')}`,
        `--from-file=known_hosts=${join(dir, 'known_hosts')}`,
      ]);
      const token = 'x'.repeat(43);
      await ok(['-n', 'karpd', 'create', 'secret', 'generic', 'karpd-agent-token', `--from-literal=token=${token}`]);
      const git = await json(['-n', 'karpd', 'get', 'secret', 'karpd-git']);
      assert.deepEqual(Object.keys(git.data).sort(), ['identity', 'known_hosts']);
      assert.match(Buffer.from(git.data.known_hosts, 'base64').toString('utf8'), /^github\.com ssh-ed25519 /);
      const agentToken = await json(['-n', 'karpd', 'get', 'secret', 'karpd-agent-token']);
      assert.equal(Buffer.from(agentToken.data.token, 'base64').toString('utf8'), token);
      assert.equal(agentToken.type, 'Opaque');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN the monitoring component WHEN rendered with deploy/ THEN it adds the PrometheusRule and the ServiceMonitor', async () => {
    const overlay = mkdtempSync(join(ROOT, '.tmp-overlay-'));
    try {
      writeFileSync(join(overlay, 'kustomization.yaml'), 'resources: [../deploy]\ncomponents: [../deploy/monitoring]\n');
      const out = await ok(['kustomize', overlay]);
      assert.match(out, /^kind: PrometheusRule$/m);
      assert.match(out, /^kind: ServiceMonitor$/m);
      assert.match(out, /alert: KarpenterProvisioningFailed/);
      assert.match(out, /alert: KarpenterNodeNotReady/);
    } finally {
      rmSync(overlay, { recursive: true, force: true });
    }
  });
});
