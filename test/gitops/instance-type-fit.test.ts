import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ec2InstanceTypes } from '../../src/cloudprovider/catalog/index.js';
import { instanceTypeFitCheck } from '../../src/gitops/render/instance-type-fit.js';
import { validateManifestSet } from '../../src/gitops/render/validate-manifest-set.js';
import { readManifestSet } from '../../src/gitops/source/local-repository.js';
import type { NodePool } from '../../src/apis/nodepool.js';

const ROOT = join(import.meta.dirname, '../..');
const check = instanceTypeFitCheck(ec2InstanceTypes({ region: 'eu-west-2', zones: ['eu-west-2a', 'eu-west-2b'] }));

function pool(requirements: NodePool['spec']['template']['spec']['requirements'], labels?: Record<string, string>): NodePool {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'p' },
    spec: {
      template: {
        ...(labels === undefined ? {} : { metadata: { labels } }),
        spec: { requirements, nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' } },
      },
    },
  };
}

describe('instanceTypeFitCheck (the real catalog)', () => {
  it('accepts pools some instance type satisfies, ignoring zones and custom labels', () => {
    assert.deepEqual(check(pool([])), []);
    assert.deepEqual(
      check(
        pool(
          [
            { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['m7g'] },
            { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
          ],
          { NodePool: 'p' },
        ),
      ),
      [],
    );
    assert.deepEqual(check(pool([{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a'] }])), []);
  });

  it('turns kubernetes.io/arch In [test] into the "matches no instance type" warning, not an error', () => {
    const text = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: p}
spec:
  template:
    spec:
      requirements: [{key: kubernetes.io/arch, operator: In, values: [test]}]
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
`;
    const report = validateManifestSet({ clusters: [], loose: [{ path: 'p.yaml', text }] }, { checkNodePool: check });
    assert.deepEqual(
      report.problems.map((problem) => `${problem.severity}:${problem.code}@${problem.path}`),
      ['warning:no-instance-type@spec.template.spec.requirements[0]', 'warning:unresolved-node-class@spec.template.spec.nodeClassRef.name'],
    );
  });

  it('names the conflicting pair: an amd64-only family with arch arm64', () => {
    const [problem] = check(
      pool([
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] },
        { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['m5'] },
        { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
      ]),
    );
    assert.equal(problem.severity, 'warning');
    assert.equal(problem.code, 'no-instance-type');
    assert.deepEqual(problem.at, ['spec', 'template', 'spec', 'requirements', 2]);
    assert.equal(
      problem.message,
      'requirements[1] (karpenter.k8s.aws/instance-family In [m5]) and requirements[2] (kubernetes.io/arch In [arm64]) together match no instance type in the catalog',
    );
    assert.equal(problem.hint, 'the instance types matching requirements[1] have kubernetes.io/arch: amd64');
  });

  it('names a template label that conflicts with a requirement', () => {
    const [problem] = check(
      pool([{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['r8g.large'] }], { 'kubernetes.io/arch': 'amd64' }),
    );
    assert.match(problem.message, /requirements\[0\] .* and label kubernetes\.io\/arch=amd64 together match no instance type/);
  });

  it('names a single requirement that matches nothing, with a typo hint', () => {
    const [problem] = check(pool([{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.larg'] }]));
    assert.equal(
      problem.message,
      'requirements[0] (node.kubernetes.io/instance-type In [m5.larg]) matches no instance type in the catalog',
    );
    assert.equal(problem.hint, 'did you mean "m5.large"?');
  });

  it('warns, with file and line, for every pool of the impossible fixture', async () => {
    const set = await readManifestSet(['test/fixtures/manifests/impossible'], ROOT);
    const report = validateManifestSet(set, { checkNodePool: check });
    const warnings = report.problems.filter((problem) => problem.code === 'no-instance-type');
    assert.deepEqual(
      warnings.map((problem) => `${problem.name}:${problem.line}`),
      ['airflow-worker-arm64:14', 'c5-arm64:34', 'typo-family:48', 'too-many-gpus:62'],
    );
    assert.ok(report.problems.every((problem) => problem.severity === 'warning'));
  });

  it('finds an instance type for every pool of repo-template', async () => {
    const set = await readManifestSet(['repo-template'], ROOT);
    assert.deepEqual(validateManifestSet(set, { checkNodePool: check }).problems, []);
    assert.ok(
      readFileSync(join(ROOT, 'repo-template/clusters/sandbox/nodepools/airflow-worker.yaml'), 'utf8').includes(
        'm5 is an Intel (amd64) family',
      ),
    );
  });
});
