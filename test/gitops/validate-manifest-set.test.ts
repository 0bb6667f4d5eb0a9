import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateManifestSet } from '../../src/gitops/render/validate-manifest-set.js';
import type { ManifestSet } from '../../src/gitops/render/manifest-set.js';
import { formatProblem, formatProblemsJson, formatSummary } from '../../src/gitops/render/format-problems.js';

const CLUSTER = `apiVersion: karpd.dev/v1alpha1
kind: Cluster
metadata:
  name: demo
spec:
  cloud: sim
  region: eu-west-2
  vars:
    ext_account_id: "111122223333"
`;

function nodeClass(name: string): string {
  return `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: ${name}
spec:
  amiSelectorTerms: [{alias: al2023@latest}]
  role: "{{ cluster_name }}-node-role"
  subnetSelectorTerms: [{tags: {Name: "{{ ext_account_id }}-private*"}}]
  securityGroupSelectorTerms: [{tags: {Name: "{{ cluster_name }}-node"}}]
`;
}

function nodePool(name: string, nodeClassName: string): string {
  return `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: ${name}
spec:
  template:
    spec:
      requirements: []
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: ${nodeClassName}}
`;
}

function demo(manifests: Array<[string, string]>, cluster = CLUSTER): ManifestSet {
  return {
    clusters: [
      {
        name: 'demo',
        clusterFile: { path: 'clusters/demo/cluster.yaml', text: cluster },
        manifests: manifests.map(([path, text]) => ({ path: `clusters/demo/${path}`, text })),
      },
    ],
    loose: [],
  };
}

describe('validateManifestSet', () => {
  it('renders the cluster variables (cluster_name from metadata.name) and accepts a valid cluster', () => {
    const report = validateManifestSet(
      demo([
        ['nodeclasses/default.yaml', nodeClass('default')],
        ['nodepools/general.yaml', nodePool('general', 'default')],
      ]),
    );
    assert.deepEqual(report.problems, []);
    const rendered = report.objects.find((object) => object.kind === 'EC2NodeClass')?.object as {
      spec: { role: string; subnetSelectorTerms: unknown };
    };
    assert.equal(rendered.spec.role, 'demo-node-role');
    assert.deepEqual(rendered.spec.subnetSelectorTerms, [{ tags: { Name: '111122223333-private*' } }]);
    assert.deepEqual(
      report.objects.map((object) => `${object.cluster}:${object.kind}/${object.name}`),
      ['demo:EC2NodeClass/default', 'demo:NodePool/general'],
    );
    assert.equal(report.files, 3);
  });

  it('reports a nodeClassRef that resolves to no EC2NodeClass of the cluster, suggesting the closest', () => {
    const report = validateManifestSet(
      demo([
        ['nodeclasses/default.yaml', nodeClass('default')],
        ['nodepools/general.yaml', nodePool('general', 'defualt')],
      ]),
    );
    assert.equal(report.problems.length, 1);
    assert.equal(
      formatProblem(report.problems[0]),
      'clusters/demo/nodepools/general.yaml:9: NodePool/general: spec.template.spec.nodeClassRef.name: EC2NodeClass "defualt" not found in this cluster (defined: default) (did you mean "default"?)',
    );
  });

  it('reports duplicate names within a cluster with the first definition', () => {
    const report = validateManifestSet(
      demo([
        ['nodeclasses/a.yaml', nodeClass('default')],
        ['nodeclasses/b.yaml', `---\n${nodeClass('default')}`],
      ]),
    );
    assert.equal(report.problems.length, 1);
    assert.equal(report.problems[0].code, 'duplicate-name');
    assert.equal(report.problems[0].line, 5);
    assert.match(report.problems[0].message, /first defined at clusters\/demo\/nodeclasses\/a\.yaml:1/);
  });

  it('allows the same name in two clusters', () => {
    const one = demo([['nodeclasses/default.yaml', nodeClass('default')]]);
    const two = {
      name: 'other',
      clusterFile: { path: 'clusters/other/cluster.yaml', text: CLUSTER.replace('name: demo', 'name: other') },
      manifests: [{ path: 'clusters/other/default.yaml', text: nodeClass('default') }],
    };
    assert.deepEqual(validateManifestSet({ clusters: [...one.clusters, two], loose: [] }).problems, []);
  });

  it('reports an undefined variable with file and line, and leaves the object out', () => {
    const report = validateManifestSet(demo([['nodeclasses/default.yaml', nodeClass('default').replace('ext_account_id', 'account')]]));
    assert.deepEqual(
      report.problems.map((problem) => [problem.code, problem.line, problem.hint]),
      [['undefined-variable', 8, 'define it under spec.vars in the cluster.yaml of cluster "demo"']],
    );
  });

  it('accepts a userData Go template as written and names the field of a bad placeholder', () => {
    const userData = `${nodeClass('default')}  userData: |\n    {{ insertFile "bootstrap.sh" }}\n    echo {{ cluster_name }}\n`;
    const report = validateManifestSet(demo([['nodeclasses/default.yaml', userData]]));
    assert.deepEqual(report.problems, []);
    const rendered = report.objects[0].object as { spec: { userData: string } };
    assert.equal(rendered.spec.userData, '{{ insertFile "bootstrap.sh" }}\necho demo\n');
    const bad = validateManifestSet(
      demo([['nodeclasses/default.yaml', nodeClass('default').replace('"{{ cluster_name }}-node-role"', '"{{ .Role }}"')]]),
    );
    assert.deepEqual(bad.problems.map(formatProblem), [
      'clusters/demo/nodeclasses/default.yaml:7: EC2NodeClass/default: spec.role: invalid placeholder "{{ .Role }}" (expected {{ name }} with letters, digits and "_") ' +
        '(to keep "{{" as written, escape it as {{ "{{" }} or wrap the text in {{`…`}})',
    ]);
  });

  it('checks the cluster file: its kind, its name against the folder, and its own problems', () => {
    const renamed = validateManifestSet(demo([], CLUSTER.replace('name: demo', 'name: sandbox')));
    assert.deepEqual(
      renamed.problems.map((problem) => `${problem.severity}:${problem.code}`),
      ['warning:cluster-name-mismatch'],
    );
    const wrongKind = validateManifestSet(demo([], nodePool('x', 'y')));
    assert.ok(wrongKind.problems.some((problem) => problem.code === 'not-a-cluster'));
    const badCloud = validateManifestSet(demo([], CLUSTER.replace('cloud: sim', 'cloud: gcp')));
    assert.equal(badCloud.problems[0].line, 6);
  });

  it('treats loose files without variables and unresolved references as warnings', () => {
    const report = validateManifestSet({ clusters: [], loose: [{ path: 'pool.yaml', text: nodePool('general', 'default') }] });
    assert.deepEqual(
      report.problems.map((problem) => `${problem.severity}:${problem.code}`),
      ['warning:unresolved-node-class'],
    );
  });

  it('runs the NodePool check only on pools without errors', () => {
    const seen: string[] = [];
    const check = (pool: { metadata: { name?: string } }) => {
      seen.push(pool.metadata.name ?? '');
      return [{ severity: 'warning' as const, code: 'no-instance-type', at: ['spec', 'template', 'spec', 'requirements'], message: 'm' }];
    };
    const bad = nodePool('bad', 'default').replace('requirements: []', 'requirements: [{key: a, operator: Equals, values: [b]}]');
    const report = validateManifestSet(
      demo([
        ['c.yaml', nodeClass('default')],
        ['good.yaml', nodePool('good', 'default')],
        ['bad.yaml', bad],
      ]),
      { checkNodePool: check },
    );
    assert.deepEqual(seen, ['good']);
    assert.equal(report.problems.find((problem) => problem.code === 'no-instance-type')?.line, 8);
  });

  it('formats JSON with a stable key order and a summary line', () => {
    const report = validateManifestSet({ clusters: [], loose: [{ path: 'pool.yaml', text: nodePool('general', 'default') }] });
    const json = JSON.parse(formatProblemsJson(report.problems)) as Array<Record<string, unknown>>;
    assert.deepEqual(Object.keys(json[0]), ['severity', 'code', 'file', 'line', 'column', 'kind', 'name', 'path', 'message', 'hint']);
    assert.equal(formatSummary(report.problems, 1, 0), '0 errors, 1 warning in 1 file');
    assert.equal(formatSummary([], 10, 2), 'ok: 10 files (2 clusters), no problems');
  });
});
