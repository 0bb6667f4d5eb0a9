/**
 * kubectl 1.32 conformance, part 2 (docs/design/control-plane.md items 8–11):
 * nodes, workloads and PDBs from manifests, cordon and drain with the PDB
 * honoured, describe, events, leases and namespace deletion.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, startHarness, type KubectlHarness } from '../sim/control-plane/kubectl-harness.js';

let h: KubectlHarness;

before(async () => {
  if (!skipReason) h = await startHarness({ podTerminationDelayMs: 300 });
});
after(async () => h?.close());

async function ok(args: string[], input?: string): Promise<string> {
  const r = await h.kubectl(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const NS = 'drain-e2e';

const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: ${NS}}
---
apiVersion: v1
kind: Node
metadata:
  name: node-e2e
  labels: {kubernetes.io/hostname: node-e2e, node-role.kubernetes.io/worker: ""}
status:
  conditions: [{type: Ready, status: "True"}]
  nodeInfo: {kubeletVersion: v1.32.0}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ${NS}}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: c, image: busybox}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web, namespace: ${NS}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-pdb, namespace: ${NS}}
spec:
  minAvailable: 1
  selector: {matchLabels: {app: web}}
`;

function podsYaml(rsUid: string, dsUid: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: ${NS}
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web, uid: ${rsUid}, controller: true}]
spec:
  nodeName: node-e2e
  containers: [{name: c, image: nginx}]
  volumes: [{name: scratch, emptyDir: {}}]
---
apiVersion: v1
kind: Pod
metadata:
  name: agent-1
  namespace: ${NS}
  labels: {app: agent}
  ownerReferences: [{apiVersion: apps/v1, kind: DaemonSet, name: agent, uid: ${dsUid}, controller: true}]
spec:
  nodeName: node-e2e
  containers: [{name: c, image: busybox}]
`;
}

const READY_STATUS =
  '{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[{"name":"c","ready":true,"restartCount":0,"image":"x","imageID":"","started":true,"state":{"running":{}}}]}}';
const DRAIN = ['drain', 'node-e2e', '--ignore-daemonsets', '--delete-emptydir-data'];

describe('kubectl: nodes, workloads, cordon and drain with a PDB', { skip: skipReason }, () => {
  it('creates the cluster from manifests; pods start Pending and become Running/Ready', async () => {
    await ok(['apply', '-f', h.file('cluster.yaml', CLUSTER)]);
    const rsUid = await ok(['get', 'rs', 'web', '-n', NS, '-o', 'jsonpath={.metadata.uid}']);
    const dsUid = await ok(['get', 'ds', 'agent', '-n', NS, '-o', 'jsonpath={.metadata.uid}']);
    await ok(['apply', '-f', h.file('pods.yaml', podsYaml(rsUid, dsUid))]);
    assert.match(await ok(['get', 'pods', '-n', NS]), /^web-1\s+0\/1\s+Pending\s+0\s+\S+$/m);
    for (const pod of ['web-1', 'agent-1'])
      await ok(['patch', 'pod', pod, '-n', NS, '--subresource=status', '--type=merge', '-p', READY_STATUS]);
    assert.match(await ok(['get', 'pods', '-n', NS, '-o', 'wide']), /^web-1\s+1\/1\s+Running\s+0\s+\S+\s+<none>\s+node-e2e/m);
    assert.match(await ok(['get', 'pdb', '-n', NS]), /^web-pdb\s+1\s+N\/A\s+0\s+\S+$/m);
    assert.equal(
      await ok([
        'get',
        'pdb',
        'web-pdb',
        '-n',
        NS,
        '-o',
        'jsonpath={.status.currentHealthy} {.status.desiredHealthy} {.status.disruptionsAllowed}',
      ]),
      '1 1 0',
    );
    assert.match(await ok(['get', 'nodes']), /^node-e2e\s+Ready\s+worker\s+\S+\s+v1\.32\.0$/m);
  });

  it('selects pods by spec.nodeName and status.phase', async () => {
    const onNode = await ok(['get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-e2e,status.phase=Running', '-o', 'name']);
    assert.deepEqual(onNode.trim().split('\n').sort(), ['pod/agent-1', 'pod/web-1']);
    assert.equal(await ok(['get', 'pods', '-A', '--field-selector', 'status.phase=Pending', '-o', 'name']), '');
  });

  it('cordons, refuses to drain past the PDB, then drains once the PDB allows it', async () => {
    assert.match(await ok(['cordon', 'node-e2e']), /cordoned/);
    assert.match(await ok(['get', 'node', 'node-e2e']), /Ready,SchedulingDisabled/);
    const refused = await h.kubectl([...DRAIN, '--timeout=6s']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Cannot evict pod as it would violate the pod's disruption budget/);
    assert.match(refused.stderr, /global timeout reached/);
    assert.match(await ok(['get', 'pod', 'web-1', '-n', NS]), /Running/);
    await ok(['patch', 'pdb', 'web-pdb', '-n', NS, '--type=merge', '-p', '{"spec":{"minAvailable":0}}']);
    const drained = await ok([...DRAIN, '--timeout=30s']);
    assert.match(drained, /pod\/web-1 evicted/);
    assert.match(drained, /node\/node-e2e drained/);
    assert.equal(await ok(['get', 'pods', '-n', NS, '-o', 'name']), 'pod/agent-1\n');
    assert.match(await ok(['uncordon', 'node-e2e']), /uncordoned/);
    assert.doesNotMatch(await ok(['get', 'node', 'node-e2e']), /SchedulingDisabled/);
  });

  it('describes a node and a pod', async () => {
    const node = await ok(['describe', 'node', 'node-e2e']);
    assert.match(node, /Name:\s+node-e2e/);
    assert.match(node, new RegExp(`${NS}\\s+agent-1`));
    const pod = await ok(['describe', 'pod', 'agent-1', '-n', NS]);
    assert.match(pod, /Node:\s+node-e2e/);
    assert.match(pod, /Controlled By:\s+DaemonSet\/agent/);
  });
});

describe('kubectl: events and leases', { skip: skipReason }, () => {
  it('shows an events.k8s.io/v1 Event in describe nodepool', async () => {
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: np-events}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements: []
`,
    );
    const uid = await ok(['get', 'nodepool', 'np-events', '-o', 'jsonpath={.metadata.uid}']);
    await ok(
      ['create', '-f', '-'],
      `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: np-events.1, namespace: default}
eventTime: "2026-11-22T10:00:00.000000Z"
reportingController: karpd
reportingInstance: karpd-0
action: Provision
reason: Launched
type: Normal
note: launched a node for 3 pods
regarding: {apiVersion: karpenter.sh/v1, kind: NodePool, name: np-events, uid: ${uid}}
`,
    );
    assert.match(await ok(['describe', 'nodepool', 'np-events']), /Normal\s+Launched\s+.*karpd\s+launched a node for 3 pods/);
    await ok(['delete', 'nodepool', 'np-events']);
  });

  it('accepts a Lease with MicroTime and rejects millisecond precision with 400', async () => {
    const lease = (name: string, time: string) => `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: ${name}, namespace: kube-node-lease}
spec: {holderIdentity: node-e2e, leaseDurationSeconds: 40, renewTime: "${time}"}
`;
    await ok(['create', '-f', '-'], lease('node-e2e', '2026-11-22T10:00:00.123456Z'));
    assert.match(await ok(['get', 'leases', '-n', 'kube-node-lease']), /^node-e2e\s+node-e2e\s+\S+$/m);
    const rejected = await h.kubectl(['create', '-f', '-'], lease('bad', '2026-11-22T10:00:00.123Z'));
    assert.notEqual(rejected.code, 0);
    assert.match(rejected.stderr, /BadRequest.*cannot parse "\.123Z" as "\.000000"/);
  });
});

describe('kubectl: namespace deletion', { skip: skipReason }, () => {
  it('deletes a namespace with everything in it', async () => {
    await ok(
      ['apply', '-f', '-'],
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: doomed}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: doomed}\n',
    );
    assert.match(await ok(['delete', 'namespace', 'doomed', '--timeout=20s']), /namespace "doomed" deleted/);
    const gone = await h.kubectl(['get', 'namespace', 'doomed']);
    assert.match(gone.stderr, /NotFound/);
    assert.equal(h.cp.store.list('/configmaps', 'doomed').length, 0);
  });
});
