/**
 * kubectl 1.32 conformance: the generator and scale commands of every
 * Karpenter getting-started guide. kubectl sends built-in kinds as
 * application/vnd.kubernetes.protobuf; these were 415 before.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, startHarness, type KubectlHarness } from '../sim/control-plane/kubectl-harness.js';

let h: KubectlHarness;

before(async () => {
  if (!skipReason) h = await startHarness();
});
after(async () => h?.close());

async function ok(args: string[]): Promise<string> {
  const r = await h.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('kubectl generator commands (protobuf bodies) and admission', { skip: skipReason }, () => {
  it('create namespace', async () => {
    assert.equal(await ok(['create', 'namespace', 'team-a']), 'namespace/team-a created\n');
    assert.equal(await ok(['get', 'namespace', 'team-a', '-o', 'jsonpath={.status.phase}']), 'Active');
  });

  it('create deployment --replicas=0, then scale it to 5', async () => {
    const image = 'public.ecr.aws/eks-distro/kubernetes/pause:3.7';
    assert.equal(await ok(['create', 'deployment', 'inflate', `--image=${image}`, '--replicas=0']), 'deployment.apps/inflate created\n');
    const created = JSON.parse(await ok(['get', 'deployment', 'inflate', '-o', 'json']));
    assert.equal(created.spec.replicas, 0);
    assert.deepEqual(created.spec.selector, { matchLabels: { app: 'inflate' } });
    assert.deepEqual(created.spec.template.spec.containers, [{ name: 'pause', image }]);
    assert.equal(created.metadata.namespace, 'default');
    assert.equal(await ok(['scale', 'deployment', 'inflate', '--replicas=5']), 'deployment.apps/inflate scaled\n');
    assert.equal(await ok(['get', 'deployment', 'inflate', '-o', 'jsonpath={.spec.replicas}']), '5');
  });

  it('create configmap and poddisruptionbudget', async () => {
    await ok(['create', 'configmap', 'settings', '--from-literal=mode=fast']);
    assert.equal(await ok(['get', 'configmap', 'settings', '-o', 'jsonpath={.data.mode}']), 'fast');
    await ok(['create', 'poddisruptionbudget', 'inflate', '--selector=app=inflate', '--max-unavailable=1']);
    const pdb = JSON.parse(await ok(['get', 'pdb', 'inflate', '-o', 'json']));
    assert.deepEqual(pdb.spec, { maxUnavailable: 1, selector: { matchLabels: { app: 'inflate' } } });
  });

  it('a malformed pod is refused with the field named, and not stored', async () => {
    const manifest = `apiVersion: v1
kind: Pod
metadata: {name: greedy}
spec:
  containers: [{name: app, image: nginx, resources: {requests: {cpu: lots}}}]
`;
    const r = await h.kubectl(['create', '-f', '-'], manifest);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.containers\[0\]\.resources\.requests\[cpu\]: Invalid value: "lots"/);
    assert.match((await h.kubectl(['get', 'pod', 'greedy'])).stderr, /NotFound/);
  });
});
