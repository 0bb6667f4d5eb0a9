import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests } from '../../src/apis/manifest.js';
import { convertEC2NodeClassV1beta1, convertNodePoolV1beta1 } from '../../src/apis/v1beta1.js';
import { validateObject } from '../../src/apis/validate-object.js';

const FOLDER = join(import.meta.dirname, '../fixtures/manifests/v1beta1');

function documents(name: string): Array<Record<string, unknown>> {
  const parsed = parseManifests(readFileSync(join(FOLDER, name), 'utf8'), name);
  assert.deepEqual(parsed.problems, []);
  return parsed.documents.map((document) => document.value as Record<string, unknown>);
}

describe('v1beta1 conversion', () => {
  it('converts the seed NodePool: WhenUnderutilized renamed, nodeClassRef group and kind filled in', () => {
    const [pool] = documents('seed-004-default.yaml');
    const { object, problems } = convertNodePoolV1beta1(pool);
    const spec = object.spec as { disruption: Record<string, unknown>; template: { spec: { nodeClassRef: Record<string, unknown> } } };
    assert.equal(object.apiVersion, 'karpenter.sh/v1');
    assert.equal(spec.disruption.consolidationPolicy, 'WhenEmptyOrUnderutilized');
    assert.deepEqual(spec.template.spec.nodeClassRef, { name: 'default', group: 'karpenter.k8s.aws', kind: 'EC2NodeClass' });
    assert.deepEqual(
      problems.map((problem) => problem.code),
      ['v1beta1-converted', 'v1beta1-renamed', 'v1beta1-filled', 'v1beta1-filled'],
    );
    assert.ok(problems.every((problem) => problem.severity === 'warning'));
    assert.equal(
      (pool.spec as { disruption: Record<string, unknown> }).disruption.consolidationPolicy,
      'WhenUnderutilized',
      'input unchanged',
    );
  });

  it('moves disruption.expireAfter to the template, drops kubelet and renames nodeClassRef.apiVersion', () => {
    const [pool] = documents('seed-002-general.yaml');
    const { object, problems } = convertNodePoolV1beta1(pool);
    const spec = object.spec as { disruption: Record<string, unknown>; template: { spec: Record<string, unknown> } };
    assert.equal(spec.template.spec.expireAfter, '2592000s');
    assert.equal(spec.disruption.expireAfter, undefined);
    assert.equal(spec.template.spec.kubelet, undefined);
    assert.deepEqual(spec.template.spec.nodeClassRef, { kind: 'EC2NodeClass', name: 'general', group: 'karpenter.k8s.aws' });
    const moved = problems.filter((problem) => problem.code === 'v1beta1-moved').map((problem) => problem.at.join('.'));
    assert.deepEqual(moved, ['spec.disruption.expireAfter', 'spec.template.spec.kubelet']);
  });

  it('fills amiSelectorTerms with the alias of the amiFamily', () => {
    const [, nodeClass] = documents('seed-004-default.yaml');
    const { object, problems } = convertEC2NodeClassV1beta1(nodeClass);
    assert.equal(object.apiVersion, 'karpenter.k8s.aws/v1');
    assert.deepEqual((object.spec as Record<string, unknown>).amiSelectorTerms, [{ alias: 'al2@latest' }]);
    assert.deepEqual(
      problems.map((problem) => problem.code),
      ['v1beta1-converted', 'v1beta1-filled'],
    );
  });

  it('converts legacy selector maps to selector terms', () => {
    const { object, problems } = convertEC2NodeClassV1beta1({
      apiVersion: 'karpenter.k8s.aws/v1beta1',
      kind: 'EC2NodeClass',
      metadata: { name: 'old' },
      spec: {
        amiFamily: 'AL2023',
        role: 'r',
        subnetSelector: { 'karpenter.sh/discovery': 'demo' },
        securityGroupSelector: { 'karpenter.sh/discovery': 'demo' },
      },
    });
    const spec = object.spec as Record<string, unknown>;
    assert.deepEqual(spec.subnetSelectorTerms, [{ tags: { 'karpenter.sh/discovery': 'demo' } }]);
    assert.equal(spec.subnetSelector, undefined);
    assert.equal(problems.filter((problem) => problem.code === 'v1beta1-renamed').length, 2);
  });

  it('validates every seed example after conversion with warnings only', () => {
    for (const name of ['seed-004-default.yaml', 'seed-002-general.yaml']) {
      for (const document of documents(name)) {
        const result = validateObject(document);
        const errors = result.problems.filter((problem) => problem.severity === 'error');
        assert.deepEqual(errors, [], `${name} ${result.kind}/${result.name}`);
        assert.ok(result.problems.length > 0, 'conversion warns');
      }
    }
  });
});
