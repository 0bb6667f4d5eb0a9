import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateObject } from '../../src/apis/validate-object.js';

function nodePool(spec: Record<string, unknown> = {}, templateSpec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'general' },
    spec: {
      template: {
        spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }, ...templateSpec },
      },
      ...spec,
    },
  };
}

function nodeClass(spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default' },
    spec: {
      role: 'NodeRole',
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'demo' } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'demo' } }],
      ...spec,
    },
  };
}

function codes(object: Record<string, unknown>): string[] {
  return validateObject(object).problems.map((problem) => `${problem.severity}:${problem.code}@${problem.at.join('.')}`);
}

describe('validateObject', () => {
  it('accepts a budget without nodes, as upstream defaults it to 10%', () => {
    const budgets = [{ schedule: '0 9 * * *', duration: '8h' }];
    assert.deepEqual(codes(nodePool({ disruption: { consolidateAfter: '1m', budgets } })), []);
  });

  it('accepts a minimal v1 NodePool and EC2NodeClass without problems', () => {
    assert.deepEqual(codes(nodePool()), []);
    assert.deepEqual(codes(nodeClass()), []);
  });

  it('names the kind and the object', () => {
    const result = validateObject(nodePool());
    assert.equal(result.kind, 'NodePool');
    assert.equal(result.name, 'general');
  });

  it('warns about a typo of a well-known label and suggests it', () => {
    const result = validateObject(
      nodePool({}, { requirements: [{ key: 'topology.kubernetes.io/zon', operator: 'In', values: ['eu-west-2a'] }] }),
    );
    const problem = result.problems.find((item) => item.code === 'unknown-label');
    assert.equal(problem?.severity, 'warning');
    assert.equal(problem?.hint, 'typo of "topology.kubernetes.io/zone"?');
  });

  it('suggests In for the operator Equals', () => {
    const result = validateObject(nodePool({}, { requirements: [{ key: 'kubernetes.io/arch', operator: 'Equals', values: ['amd64'] }] }));
    const problem = result.problems.find((item) => item.code === 'unknown-operator');
    assert.equal(problem?.message, 'unknown operator "Equals"');
    assert.equal(problem?.hint, 'did you mean "In"?');
  });

  it('accepts Gte/Lte with one integer and minValues within the values', () => {
    const requirements = [
      { key: 'karpenter.k8s.aws/instance-cpu', operator: 'Gte', values: ['4'] },
      { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['m5', 'm6i', 'm7i'], minValues: 2 },
    ];
    assert.deepEqual(codes(nodePool({}, { requirements })), []);
  });

  it('requires budgets schedule and duration together and accepts both', () => {
    const ok = nodePool({
      disruption: { consolidateAfter: '0s', budgets: [{ nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h' }, { nodes: '10%' }] },
    });
    assert.deepEqual(codes(ok), []);
  });

  it('rejects weight and limits on a static pool except limits.nodes', () => {
    const result = codes(nodePool({ replicas: 3, weight: 10, limits: { cpu: '10', nodes: '5' } }));
    assert.deepEqual(result, ['error:static-weight@spec.weight', 'error:static-limits@spec.limits.cpu']);
  });

  it('reports a number where a string is expected with a hint to quote it', () => {
    const result = validateObject(nodePool({ disruption: { consolidateAfter: '0s', budgets: [{ nodes: 5 }] } }));
    assert.equal(result.problems[0].hint, 'quote it: "5"');
  });

  it('checks EC2NodeClass alias, family, tags and kubelet rules', () => {
    assert.deepEqual(codes(nodeClass({ amiFamily: 'Bottlerocket' })), ['error:alias-family-mismatch@spec.amiFamily']);
    assert.deepEqual(codes(nodeClass({ amiSelectorTerms: [{ alias: 'windows2022@v1' }] })), [
      'error:invalid-alias@spec.amiSelectorTerms.0.alias',
    ]);
    assert.deepEqual(codes(nodeClass({ tags: { 'kubernetes.io/cluster/demo': 'owned' } })), [
      'error:restricted-tag@spec.tags.kubernetes.io/cluster/demo',
    ]);
    assert.deepEqual(codes(nodeClass({ kubelet: { imageGCHighThresholdPercent: 50, imageGCLowThresholdPercent: 60 } })), [
      'error:gc-thresholds@spec.kubelet.imageGCHighThresholdPercent',
    ]);
    assert.deepEqual(codes(nodeClass({ kubelet: { evictionSoft: { 'memory.available': '5%' } } })), [
      'error:soft-needs-grace@spec.kubelet.evictionSoft.memory.available',
    ]);
    assert.deepEqual(codes(nodeClass({ role: undefined })), ['error:role-or-profile@spec.role']);
    assert.deepEqual(codes(nodeClass({ metadataOptions: { httpTokens: 'optional' } })), ['warning:imdsv1@spec.metadataOptions.httpTokens']);
  });

  it('checks the Cluster kind', () => {
    const cluster = (spec: Record<string, unknown>) => ({
      apiVersion: 'karpd.dev/v1alpha1',
      kind: 'Cluster',
      metadata: { name: 'sandbox' },
      spec: { cloud: 'sim', region: 'eu-west-2', ...spec },
    });
    assert.deepEqual(codes(cluster({})), []);
    const cloud = validateObject(cluster({ cloud: 'awss' })).problems[0];
    assert.equal(cloud.hint, 'did you mean "aws"?');
    assert.deepEqual(codes(cluster({ vars: { ext_account_id: 123 } })), ['error:invalid-type@spec.vars.ext_account_id']);
    assert.deepEqual(codes(cluster({ sync: { policy: 'auto', interval: 'soon' } })), ['error:invalid-duration@spec.sync.interval']);
    assert.deepEqual(codes(cluster({ region: 'Europe' })), ['error:invalid-format@spec.region']);
  });

  it('recognises kinds it does not manage, old kinds and typos', () => {
    assert.deepEqual(codes({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }), ['warning:ignored-kind@kind']);
    assert.deepEqual(codes({ apiVersion: 'karpenter.sh/v1alpha5', kind: 'Provisioner', metadata: { name: 'x' } }), [
      'error:unsupported-kind@kind',
    ]);
    assert.deepEqual(codes({ apiVersion: 'karpenter.sh/v2', kind: 'NodePool', metadata: { name: 'x' } }), [
      'error:unsupported-version@apiVersion',
    ]);
    const typo = validateObject({ apiVersion: 'karpenter.sh/v1', kind: 'Nodepool', metadata: { name: 'x' } }).problems[0];
    assert.equal(typo.hint, 'did you mean "NodePool"?');
    assert.deepEqual(codes({ kind: 'NodePool' }), ['error:required@apiVersion']);
  });

  it('accepts a NodeClaim with Karpenter-owned requirement keys', () => {
    const claim = {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodeClaim',
      metadata: { name: 'general-abcde' },
      spec: {
        requirements: [{ key: 'karpenter.sh/nodepool', operator: 'In', values: ['general'] }],
        nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
        resources: { requests: { cpu: '1500m', memory: '2Gi' } },
      },
    };
    assert.deepEqual(codes(claim), []);
  });
});
