/** What the simulated kubelet registers: deterministic EC2-style names, labels with the claim's winning, boot taints, capacity. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeClaim } from '../../../src/apis/nodeclaim.js';
import { bootNode, bootTaints, nodeIdentity, runningPodStatus, succeededPodStatus } from '../../../src/sim/cluster/node-template.js';
import { pod } from './builders.js';

const claim: NodeClaim = {
  apiVersion: 'karpenter.sh/v1',
  kind: 'NodeClaim',
  metadata: {
    name: 'trino-xsmall-abc',
    labels: { NodePool: 'trino-xsmall', 'karpenter.sh/nodepool': 'trino-xsmall', 'kubernetes.io/arch': 'arm64' },
  },
  spec: {
    requirements: [],
    nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
    taints: [{ key: 'trino-xsmall', effect: 'NoSchedule' }],
    startupTaints: [{ key: 'cilium.io/agent-not-ready', effect: 'NoExecute' }],
  },
  status: { capacity: { cpu: '2', memory: '16Gi' }, allocatable: { cpu: '1930m', memory: '14Gi', pods: '29' } },
};
const facts = {
  instanceID: 'i-0123456789abcdef0',
  providerID: 'aws:///eu-west-1b/i-0123456789abcdef0',
  zone: 'eu-west-1b',
  instanceType: 'r8g.large',
  capacityType: 'spot',
  claim,
};

describe('node template', () => {
  it('derives the same EC2-style name and IP from the same instance id, and ec2.internal in us-east-1', () => {
    const a = nodeIdentity('i-0123456789abcdef0', 'eu-west-1b');
    assert.deepEqual(a, nodeIdentity('i-0123456789abcdef0', 'eu-west-1b'));
    assert.match(a.name, /^ip-10-\d{1,3}-\d{1,3}-\d{1,3}\.eu-west-1\.compute\.internal$/);
    assert.equal(a.name, `ip-${a.ip.replaceAll('.', '-')}.eu-west-1.compute.internal`);
    assert.notEqual(a.ip, nodeIdentity('i-0123456789abcdef1', 'eu-west-1b').ip);
    assert.match(nodeIdentity('i-1', 'us-east-1a').name, /\.ec2\.internal$/);
  });

  it('registers with the claim labels, the well-known labels, the providerID and the claim status as capacity', () => {
    const node = bootNode(facts, new Date('2026-01-01T00:00:00Z'));
    const labels = node.metadata.labels ?? {};
    assert.equal(labels.NodePool, 'trino-xsmall');
    assert.equal(labels['kubernetes.io/arch'], 'arm64');
    assert.equal(labels['kubernetes.io/hostname'], node.metadata.name);
    assert.equal(labels['topology.kubernetes.io/zone'], 'eu-west-1b');
    assert.equal(labels['topology.kubernetes.io/region'], 'eu-west-1');
    assert.equal(labels['node.kubernetes.io/instance-type'], 'r8g.large');
    assert.equal(labels['karpenter.sh/capacity-type'], 'spot');
    assert.equal(labels['karpenter.sh/registered'], undefined, "registration is karpd's job");
    assert.equal(node.spec.providerID, facts.providerID);
    assert.deepEqual(node.status?.allocatable, claim.status?.allocatable);
    assert.equal(node.status?.conditions?.[0].status, 'False');
    assert.equal(node.status?.nodeInfo?.architecture, 'arm64');
  });

  it("falls back to the cloud's view of the instance for labels and capacity when the claim has none", () => {
    const cloudClaim: NodeClaim = {
      ...claim,
      metadata: { name: 'x', labels: { 'karpenter.k8s.aws/instance-family': 'r8g' } },
      status: { capacity: { cpu: '2' }, allocatable: { cpu: '1930m' } },
    };
    const node = bootNode({ ...facts, claim: undefined, cloudClaim }, new Date(0));
    assert.equal(node.metadata.labels?.['karpenter.k8s.aws/instance-family'], 'r8g');
    assert.deepEqual(node.status?.allocatable, { cpu: '1930m' });
    assert.deepEqual(
      (node.spec.taints ?? []).map((t) => t.key),
      ['karpenter.sh/unregistered', 'node.kubernetes.io/not-ready'],
    );
  });

  it('boots with the claim taints, its startup taints, unregistered:NoExecute and not-ready:NoSchedule, once each', () => {
    const twice = {
      ...claim,
      spec: { ...claim.spec, startupTaints: [...(claim.spec.startupTaints ?? []), { key: 'trino-xsmall', effect: 'NoSchedule' as const }] },
    };
    assert.deepEqual(
      bootTaints(twice).map((t) => `${t.key}:${t.effect}`),
      [
        'trino-xsmall:NoSchedule',
        'cilium.io/agent-not-ready:NoExecute',
        'karpenter.sh/unregistered:NoExecute',
        'node.kubernetes.io/not-ready:NoSchedule',
      ],
    );
  });

  it('reports a started pod Running and Ready with IPs, and a finished one Succeeded and not Ready', () => {
    const now = new Date('2026-01-01T00:00:10Z');
    const running = runningPodStatus(pod('p', { nodeName: 'n' }), '10.0.0.9', now);
    assert.equal(running.phase, 'Running');
    assert.equal(running.startTime, '2026-01-01T00:00:10Z');
    assert.equal(running.hostIP, '10.0.0.9');
    assert.ok(running.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    const done = succeededPodStatus({ ...pod('p', { nodeName: 'n' }), status: running }, now);
    assert.equal(done.phase, 'Succeeded');
    assert.ok(done.conditions?.some((c) => c.type === 'Ready' && c.status === 'False'));
  });
});
