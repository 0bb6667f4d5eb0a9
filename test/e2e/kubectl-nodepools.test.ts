/**
 * kubectl 1.32 conformance, part 1 (docs/design/control-plane.md items 1–7
 * and 11): discovery, the NodePool lifecycle through apply/get/patch/
 * delete/watch, selectors, patch types, errors, pagination, finalizers and
 * server-side apply.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, skipReason, startHarness, type KubectlHarness } from '../sim/control-plane/kubectl-harness.js';

let h: KubectlHarness;

before(async () => {
  if (!skipReason) h = await startHarness();
});
after(async () => h?.close());

function nodePoolYaml(name: string, weight: number, extra = ''): string {
  return `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: ${name}
${extra}spec:
  weight: ${weight}
  template:
    spec:
      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
      requirements:
        - {key: kubernetes.io/arch, operator: In, values: [amd64]}
`;
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await h.kubectl(args, input);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function fails(args: string[], pattern: RegExp, input?: string): Promise<string> {
  const r = await h.kubectl(args, input);
  assert.notEqual(r.code, 0, `kubectl ${args.join(' ')} should fail: ${r.stdout}`);
  assert.match(r.stderr, pattern);
  return r.stderr;
}

describe('kubectl: discovery', { skip: skipReason }, () => {
  it('reports the server version', async () => {
    assert.match(await ok(['version']), /Server Version: v1\.32\./);
  });

  it('lists api-resources with short names and categories', async () => {
    const out = await ok(['api-resources']);
    assert.match(out, /^ec2nodeclasses\s+ec2nc,ec2ncs\s+karpenter\.k8s\.aws\/v1\s+false\s+EC2NodeClass$/m);
    assert.match(out, /^nodepools\s+karpenter\.sh\/v1\s+false\s+NodePool$/m);
    assert.match(out, /^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget$/m);
    assert.match(await ok(['api-resources', '--categories=karpenter', '-o', 'name']), /nodeclaims\.karpenter\.sh/);
  });

  it('serves pods/eviction in /api/v1 and OpenAPI v3 paths', async () => {
    const v1 = JSON.parse(await ok(['get', '--raw', '/api/v1']));
    const eviction = v1.resources.find((r: { name: string }) => r.name === 'pods/eviction');
    assert.deepEqual([eviction.group, eviction.version, eviction.kind], ['policy', 'v1', 'Eviction']);
    const root = JSON.parse(await ok(['get', '--raw', '/openapi/v3']));
    assert.ok(root.paths['apis/karpenter.sh/v1'].serverRelativeURL.startsWith('/openapi/v3/apis/karpenter.sh/v1?hash='));
    assert.match(await ok(['explain', 'nodepools.spec.disruption']), /consolidationPolicy/);
  });
});

describe('kubectl: CRDs are real objects', { skip: skipReason }, () => {
  it('serves a CRD applied at run time, and stops serving it once deleted', async () => {
    await ok(['get', 'nodepools']);
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget, shortNames: [wg]}
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
      additionalPrinterColumns: [{name: Size, type: integer, jsonPath: .spec.size}]
`,
    );
    await ok(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=10s']);
    await ok(['apply', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: 3}\n');
    assert.match(await ok(['get', 'wg']), /^w1\s+3$/m);
    await ok(['delete', 'crd', 'widgets.example.com']);
    const gone = await h.kubectl(['get', 'widgets.example.com']);
    assert.notEqual(gone.code, 0);
  });
});

describe('kubectl: NodePool lifecycle', { skip: skipReason }, () => {
  it('applies create, unchanged and configured with generation and resourceVersion rules', async () => {
    const path = h.file('np-life.yaml', nodePoolYaml('np-life', 10));
    assert.match(await ok(['apply', '-f', path]), /nodepool.karpenter.sh\/np-life created/);
    const first = JSON.parse(await ok(['get', 'nodepool', 'np-life', '-o', 'json']));
    assert.equal(first.metadata.generation, 1);
    assert.equal(first.spec.disruption.consolidationPolicy, 'WhenEmptyOrUnderutilized');
    assert.match(await ok(['apply', '-f', path]), /unchanged/);
    const same = JSON.parse(await ok(['get', 'nodepool', 'np-life', '-o', 'json']));
    assert.equal(same.metadata.resourceVersion, first.metadata.resourceVersion);
    assert.match(await ok(['apply', '-f', h.file('np-life2.yaml', nodePoolYaml('np-life', 20))]), /configured/);
    const changed = JSON.parse(await ok(['get', 'nodepool', 'np-life', '-o', 'json']));
    assert.equal(changed.metadata.generation, 2);
    assert.ok(Number(changed.metadata.resourceVersion) > Number(first.metadata.resourceVersion));
    await ok(['delete', 'nodepool', 'np-life']);
  });

  it('prints the printer columns, the wide columns and category results', async () => {
    await ok(['apply', '-f', h.file('np-cols.yaml', nodePoolYaml('np-cols', 30))]);
    await ok([
      'patch',
      'nodepool',
      'np-cols',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"nodes":2,"resources":{"cpu":"8"},"conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}',
    ]);
    const table = await ok(['get', 'nodepools']);
    assert.match(table, /^NAME\s+NODECLASS\s+NODES\s+READY\s+AGE$/m);
    assert.match(table, /^np-cols\s+default\s+2\s+True\s+\d+s$/m);
    const wide = await ok(['get', 'nodepools', 'np-cols', '-o', 'wide']);
    assert.match(wide, /^NAME\s+NODECLASS\s+NODES\s+READY\s+AGE\s+WEIGHT\s+CPU\s+MEMORY$/m);
    assert.match(wide, /^np-cols\s+default\s+2\s+True\s+\S+\s+30\s+8\s*$/m);
    assert.match(await ok(['get', 'karpenter']), /nodepool\.karpenter\.sh\/np-cols/);
    await ok(['delete', 'nodepool', 'np-cols']);
  });

  it('resolves short names and applies EC2NodeClass defaults', async () => {
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata: {name: ec2-default}
spec:
  role: KarpenterNodeRole
  amiSelectorTerms: [{alias: al2023@latest}]
  subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
  securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
`,
    );
    assert.match(await ok(['get', 'ec2nc', '-o', 'wide']), /^ec2-default\s+\S+\s+KarpenterNodeRole$/m);
    assert.equal(await ok(['get', 'ec2nc', 'ec2-default', '-o', 'jsonpath={.spec.metadataOptions.httpTokens}']), 'required');
    await ok(['delete', 'ec2nc', 'ec2-default']);
  });
});

describe('kubectl: the NodePool scale subresource', { skip: skipReason }, () => {
  it('scales spec.replicas and reports status.nodes through autoscaling/v1 Scale', async () => {
    await ok(['apply', '-f', h.file('np-scale.yaml', nodePoolYaml('np-scale', 1))]);
    assert.match(await ok(['scale', 'nodepool', 'np-scale', '--replicas=3']), /scaled/);
    assert.equal(await ok(['get', 'nodepool', 'np-scale', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}']), '3 2');
    await ok(['patch', 'nodepool', 'np-scale', '--subresource=status', '--type=merge', '-p', '{"status":{"nodes":2}}']);
    const scale = JSON.parse(await ok(['get', '--raw', '/apis/karpenter.sh/v1/nodepools/np-scale/scale']));
    assert.deepEqual([scale.kind, scale.spec.replicas, scale.status.replicas], ['Scale', 3, 2]);
    await ok(['delete', 'nodepool', 'np-scale']);
  });
});

describe('kubectl: labels, annotations and selectors', { skip: skipReason }, () => {
  it('labels, unlabels and annotates, and filters by label and field selectors', async () => {
    await ok(['apply', '-f', h.file('np-sel-a.yaml', nodePoolYaml('np-sel-a', 1))]);
    await ok(['apply', '-f', h.file('np-sel-b.yaml', nodePoolYaml('np-sel-b', 2))]);
    await ok(['label', 'nodepool', 'np-sel-a', 'env=test', 'team=data']);
    await ok(['annotate', 'nodepool', 'np-sel-a', 'note=hello']);
    assert.equal(await ok(['get', 'nodepools', '-l', 'env=test', '-o', 'name']), 'nodepool.karpenter.sh/np-sel-a\n');
    assert.equal(await ok(['get', 'nodepools', '-l', 'env!=test', '-o', 'name']), 'nodepool.karpenter.sh/np-sel-b\n');
    assert.equal(await ok(['get', 'nodepools', '-l', 'team in (data,ml),env', '-o', 'name']), 'nodepool.karpenter.sh/np-sel-a\n');
    assert.equal(
      await ok(['get', 'nodepools', '--field-selector', 'metadata.name=np-sel-b', '-o', 'name']),
      'nodepool.karpenter.sh/np-sel-b\n',
    );
    assert.match(await ok(['get', 'nodepool', 'np-sel-a', '--show-labels']), /env=test,team=data/);
    await ok(['label', 'nodepool', 'np-sel-a', 'env-']);
    assert.equal(
      await ok(['get', 'nodepool', 'np-sel-a', '-o', 'jsonpath={.metadata.labels}{.metadata.annotations.note}']),
      '{"team":"data"}hello',
    );
    assert.equal(await ok(['get', 'nodepool', 'np-sel-a', '-o', 'jsonpath={.metadata.generation}']), '1');
    await fails(['get', 'nodepools', '--field-selector', 'spec.weight=1'], /field label not supported: spec\.weight/);
    await ok(['delete', 'nodepool', 'np-sel-a', 'np-sel-b']);
  });
});

describe('kubectl: patches and the status subresource', { skip: skipReason }, () => {
  it('applies merge and JSON patches, refuses strategic merge on a CR (415) and a failed test op (422)', async () => {
    await ok(['apply', '-f', h.file('np-patch.yaml', nodePoolYaml('np-patch', 5))]);
    await ok(['patch', 'nodepool', 'np-patch', '--type=merge', '-p', '{"spec":{"weight":6}}']);
    await ok(['patch', 'nodepool', 'np-patch', '--type=json', '-p', '[{"op":"replace","path":"/spec/weight","value":7}]']);
    assert.equal(await ok(['get', 'nodepool', 'np-patch', '-o', 'jsonpath={.spec.weight} {.metadata.generation}']), '7 3');
    await fails(
      ['patch', 'nodepool', 'np-patch', '-p', '{"spec":{"weight":8}}'],
      /application\/strategic-merge-patch\+json is not supported/,
    );
    await fails(
      ['patch', 'nodepool', 'np-patch', '--type=json', '-p', '[{"op":"test","path":"/spec/weight","value":1}]'],
      /Test operation failed/,
    );
  });

  it('writes status only through the subresource, without bumping generation', async () => {
    await ok([
      'patch',
      'nodepool',
      'np-patch',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"nodes":4},"spec":{"weight":99}}',
    ]);
    assert.equal(
      await ok(['get', 'nodepool', 'np-patch', '-o', 'jsonpath={.status.nodes} {.spec.weight} {.metadata.generation}']),
      '4 7 3',
    );
    await ok(['patch', 'nodepool', 'np-patch', '--type=merge', '-p', '{"status":{"nodes":9}}']);
    assert.equal(await ok(['get', 'nodepool', 'np-patch', '-o', 'jsonpath={.status.nodes}']), '4');
    await ok(['delete', 'nodepool', 'np-patch']);
  });

  it('patches built-ins with strategic merge', async () => {
    await ok(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-smp}\ndata: {a: "1"}\n');
    await ok(['patch', 'configmap', 'cm-smp', '-p', '{"data":{"b":"2"}}']);
    assert.equal(await ok(['get', 'cm', 'cm-smp', '-o', 'jsonpath={.data}']), '{"a":"1","b":"2"}');
    await ok(['delete', 'cm', 'cm-smp']);
  });
});

describe('kubectl: errors, generateName and pagination', { skip: skipReason }, () => {
  it('reports AlreadyExists, NotFound and a stale replace as Conflict', async () => {
    const path = h.file('np-err.yaml', nodePoolYaml('np-err', 1));
    await ok(['create', '-f', path]);
    await fails(['create', '-f', path], /Error from server \(AlreadyExists\).*nodepools\.karpenter\.sh "np-err" already exists/);
    await fails(['get', 'nodepool', 'nope'], /Error from server \(NotFound\): nodepools\.karpenter\.sh "nope" not found/);
    const stale = await ok(['get', 'nodepool', 'np-err', '-o', 'json']);
    await ok(['label', 'nodepool', 'np-err', 'bump=1']);
    await fails(['replace', '-f', h.file('np-stale.json', stale)], /Conflict.*the object has been modified/);
    await ok(['delete', 'nodepool', 'np-err']);
  });

  it('refuses an invalid NodePool with the field error (422) and exit 1', async () => {
    const r = await h.kubectl(['apply', '-f', '-'], nodePoolYaml('np-invalid', 500));
    assert.equal(r.code, 1, r.stdout);
    assert.match(
      r.stderr,
      /The NodePool "np-invalid" is invalid: spec\.weight: Invalid value: 500: spec\.weight in body should be less than or equal to 100/,
    );
    const equals = nodePoolYaml('np-equals', 1).replace('operator: In', 'operator: Equals');
    await fails(['apply', '-f', '-'], /spec\.template\.spec\.requirements\[0\]\.operator: Unsupported value: "Equals"/, equals);
    const noRef = nodePoolYaml('np-noref', 1).replace(/ {6}nodeClassRef: .*\n/, '');
    await fails(['create', '-f', '-'], /spec\.template\.spec\.nodeClassRef: Required value/, noRef);
    await fails(['get', 'nodepool', 'np-invalid'], /NotFound/);
    const legacy = nodePoolYaml('np-legacy', 1).replace('spec:\n', 'spec:\n  consolidation: {enabled: true}\n');
    await fails(['apply', '-f', '-'], /strict decoding error: unknown field "spec\.consolidation"/, legacy);
  });

  it('generates names and pages with --chunk-size', async () => {
    for (let i = 0; i < 3; i++) {
      await ok(['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: paged-, labels: {set: paged}}\n');
    }
    const names = (await ok(['get', 'cm', '-l', 'set=paged', '--chunk-size=1', '-o', 'name'])).trim().split('\n');
    assert.equal(names.length, 3);
    for (const name of names) assert.match(name, /^configmap\/paged-[a-z0-9]{5}$/);
    await ok(['delete', 'cm', '-l', 'set=paged']);
  });
});

describe('kubectl: watch', { skip: skipReason }, () => {
  it('streams ADDED, MODIFIED and DELETED events, and Table rows', async () => {
    const events = h.spawn([
      'get',
      'nodepools',
      '-w',
      '--output-watch-events',
      '-o',
      'jsonpath={.type} {.object.metadata.name} {.object.spec.weight}{"\\n"}',
    ]);
    const table = h.spawn(['get', 'nodepools', '-w']);
    await eventually('watch headers', () => table.output().includes('NAME'), 15_000).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await ok(['apply', '-f', h.file('np-watch.yaml', nodePoolYaml('np-watch', 1))]);
    await ok(['patch', 'nodepool', 'np-watch', '--type=merge', '-p', '{"spec":{"weight":2}}']);
    await ok(['delete', 'nodepool', 'np-watch']);
    await eventually('watch events', () => events.output().includes('DELETED np-watch'));
    const lines = events
      .output()
      .trim()
      .split('\n')
      .filter((l) => l.includes('np-watch'));
    assert.deepEqual(lines, ['ADDED np-watch 1', 'MODIFIED np-watch 2', 'DELETED np-watch 2']);
    await eventually(
      'table rows',
      () =>
        table
          .output()
          .split('\n')
          .filter((l) => l.startsWith('np-watch')).length >= 3,
    );
    assert.match(table.output(), /^NAME\s+NODECLASS\s+NODES\s+READY\s+AGE$/m);
    events.child.kill();
    table.child.kill();
  });
});

describe('kubectl: finalizers', { skip: skipReason }, () => {
  it('keeps a finalized object terminating until the finalizer is removed', async () => {
    await ok(['apply', '-f', h.file('np-fin.yaml', nodePoolYaml('np-fin', 1, '  finalizers: [karpd.test/hold]\n'))]);
    assert.match(await ok(['delete', 'nodepool', 'np-fin', '--wait=false']), /deleted/);
    const terminating = JSON.parse(await ok(['get', 'nodepool', 'np-fin', '-o', 'json']));
    assert.ok(terminating.metadata.deletionTimestamp);
    assert.deepEqual(terminating.metadata.finalizers, ['karpd.test/hold']);
    await fails(['delete', 'nodepool', 'np-fin', '--timeout=2s'], /timed out waiting/);
    await ok(['label', 'nodepool', 'np-fin', 'still=updatable']);
    const events = h.spawn(['get', 'nodepools', '-w', '--output-watch-events', '-o', 'jsonpath={.type} {.object.metadata.name}{"\\n"}']);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await ok(['patch', 'nodepool', 'np-fin', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await fails(['get', 'nodepool', 'np-fin'], /NotFound/);
    await eventually('DELETED event', () => events.output().includes('DELETED np-fin'));
    events.child.kill();
  });
});

describe('kubectl: server-side apply', { skip: skipReason }, () => {
  it('creates, and removes a field dropped from the applied configuration', async () => {
    const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-ssa}\ndata: {${data}}\n`;
    assert.match(await ok(['apply', '--server-side', '-f', '-'], cm('a: "1", b: "2"')), /serverside-applied/);
    await ok(['apply', '--server-side', '-f', '-'], cm('a: "1"'));
    assert.equal(await ok(['get', 'cm', 'cm-ssa', '-o', 'jsonpath={.data}']), '{"a":"1"}');
    await ok(['delete', 'cm', 'cm-ssa']);
  });

  it('applies a NodePool server-side', async () => {
    assert.match(await ok(['apply', '--server-side', '-f', h.file('np-ssa.yaml', nodePoolYaml('np-ssa', 3))]), /serverside-applied/);
    await ok(['apply', '--server-side', '-f', h.file('np-ssa2.yaml', nodePoolYaml('np-ssa', 4))]);
    assert.equal(await ok(['get', 'nodepool', 'np-ssa', '-o', 'jsonpath={.spec.weight}']), '4');
    await ok(['delete', 'nodepool', 'np-ssa']);
  });
});
