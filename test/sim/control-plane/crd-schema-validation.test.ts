/**
 * The embedded API server enforces the CRDs of deploy/crds like kube-apiserver:
 * structural schema, defaults, pruning and CEL rules, on create, update, every
 * patch type and status writes, answering 422 Invalid with field causes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ApiError } from '../../../src/sim/control-plane/api-error.js';
import { startControlPlane, type ControlPlane } from '../../../src/sim/control-plane/control-plane.js';
import type { Dict } from '../../../src/sim/control-plane/object.js';
import { core, nodePool } from './fixtures.js';

const NODE_CLASS_REF = { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' };

function poolWith(templateSpec: Dict, spec: Dict = {}): Dict {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'p' },
    spec: { template: { spec: { nodeClassRef: NODE_CLASS_REF, requirements: [], ...templateSpec } }, ...spec },
  };
}

function nodeClass(spec: Dict): Dict {
  const base = {
    role: 'node-role',
    amiSelectorTerms: [{ alias: 'al2023@latest' }],
    subnetSelectorTerms: [{ tags: { Name: 'private*' } }],
    securityGroupSelectorTerms: [{ tags: { Name: 'nodes' } }],
  };
  return { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', metadata: { name: 'c' }, spec: { ...base, ...spec } };
}

function rejection(write: () => unknown): ApiError {
  try {
    write();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  assert.fail('the write was accepted');
}

function assertInvalid(write: () => unknown, field: string, reason: string, message?: RegExp): ApiError {
  const error = rejection(write);
  assert.equal(error.code, 422, error.message);
  assert.equal(error.reason, 'Invalid');
  const cause = error.details?.causes?.find((c) => c.field === field);
  assert.ok(cause, `no cause for ${field}: ${error.message}`);
  assert.equal(cause.reason, reason, error.message);
  if (message) assert.match(cause.message ?? '', message);
  return error;
}

describe('CRD schema: the broken NodePools of issue 9 are refused with the field', () => {
  const { api, t, stop } = core();
  after(stop);
  const create = (obj: Dict) => () => api.create(t('karpenter.sh', 'nodepools'), undefined, obj);

  it('weight 500', () => {
    const error = assertInvalid(create(poolWith({}, { weight: 500 })), 'spec.weight', 'FieldValueInvalid');
    assert.equal(
      error.message,
      'NodePool.karpenter.sh "p" is invalid: spec.weight: Invalid value: 500: spec.weight in body should be less than or equal to 100',
    );
    assert.equal(error.details?.group, 'karpenter.sh');
    assert.equal(error.details?.kind, 'NodePool');
  });

  it('operator Equals', () => {
    const requirements = [{ key: 'kubernetes.io/arch', operator: 'Equals', values: ['amd64'] }];
    assertInvalid(
      create(poolWith({ requirements })),
      'spec.template.spec.requirements[0].operator',
      'FieldValueNotSupported',
      /Unsupported value: "Equals": supported values: "In", "NotIn"/,
    );
  });

  it('a missing nodeClassRef', () => {
    const pool = poolWith({});
    delete ((pool.spec as Dict).template as Dict).spec.nodeClassRef;
    assertInvalid(create(pool), 'spec.template.spec.nodeClassRef', 'FieldValueRequired', /^Required value$/);
  });

  it('a bad duration, taint effect, budget and limit', () => {
    assertInvalid(
      create(poolWith({ expireAfter: '5 parsecs' })),
      'spec.template.spec.expireAfter',
      'FieldValueInvalid',
      /Invalid value: "5 parsecs": .* should match/,
    );
    assertInvalid(
      create(poolWith({ taints: [{ key: 'a', effect: 'NoWay' }] })),
      'spec.template.spec.taints[0].effect',
      'FieldValueNotSupported',
    );
    assertInvalid(
      create(poolWith({}, { disruption: { consolidateAfter: '1m', budgets: [{ nodes: 'lots' }] } })),
      'spec.disruption.budgets[0].nodes',
      'FieldValueInvalid',
    );
    assertInvalid(create(poolWith({}, { limits: { cpu: 'lots' } })), 'spec.limits.cpu', 'FieldValueInvalid', /Invalid value: "lots"/);
  });

  it('a wrong type anywhere is a 422, never a 500', () => {
    assertInvalid(create({ ...poolWith({}), spec: 'nope' }), 'spec', 'FieldValueTypeInvalid', /must be of type object/);
    assertInvalid(create(poolWith({ requirements: 'nope' })), 'spec.template.spec.requirements', 'FieldValueTypeInvalid');
    assertInvalid(create(poolWith({}, { limits: { cpu: [1] } })), 'spec.limits.cpu', 'FieldValueTypeInvalid');
  });

  it('lists every problem at once', () => {
    const error = rejection(create(poolWith({ expireAfter: 'x' }, { weight: 0 })));
    assert.deepEqual(error.details?.causes?.map((c) => c.field).sort(), ['spec.template.spec.expireAfter', 'spec.weight']);
    assert.match(error.message, /^NodePool\.karpenter\.sh "p" is invalid: \[/);
  });
});

describe('CRD schema: defaults, pruning and valid manifests', () => {
  const { api, t, stop } = core();
  after(stop);

  it('applies the schema defaults and prunes unknown fields', () => {
    const created = api.create(t('karpenter.sh', 'nodepools'), undefined, poolWith({ surprise: 1 }, { extra: { a: 1 } }));
    assert.equal(created.spec.template.spec.expireAfter, '720h');
    assert.deepEqual(created.spec.disruption, {
      consolidateAfter: '0s',
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      budgets: [{ nodes: '10%' }],
    });
    assert.equal(created.spec.extra, undefined);
    assert.equal(created.spec.template.spec.surprise, undefined);
    const nc = api.create(t('karpenter.k8s.aws', 'ec2nodeclasses'), undefined, nodeClass({}));
    assert.deepEqual(nc.spec.metadataOptions, {
      httpEndpoint: 'enabled',
      httpProtocolIPv6: 'disabled',
      httpPutResponseHopLimit: 1,
      httpTokens: 'required',
    });
  });

  it('refuses unknown fields with fieldValidation=Strict (what kubectl sends), naming each', () => {
    const pool = { ...poolWith({ surprise: 1 }, { consolidation: { enabled: true } }), metadata: { name: 'strict' } };
    const error = rejection(() => api.create(t('karpenter.sh', 'nodepools'), undefined, pool, { fieldValidation: 'Strict' }));
    assert.equal(error.code, 400);
    assert.equal(
      error.message,
      'NodePool in version "v1" cannot be handled as a NodePool: strict decoding error: unknown field "spec.consolidation", unknown field "spec.template.spec.surprise"',
    );
    api.create(t('karpenter.sh', 'nodepools'), undefined, nodePool('strict'), { fieldValidation: 'Strict' });
    const patch = () =>
      api.patch(t('karpenter.sh', 'nodepools'), undefined, 'strict', 'merge', { spec: { wieght: 5 } }, { fieldValidation: 'Strict' });
    assert.match(rejection(patch).message, /unknown field "spec.wieght"/);
  });

  it('accepts the repo-template NodePools and EC2NodeClasses', () => {
    const root = join(import.meta.dirname, '../../../repo-template/clusters');
    let count = 0;
    for (const cluster of readdirSync(root)) {
      for (const folder of ['nodeclasses', 'nodepools']) {
        let files: string[] = [];
        try {
          files = readdirSync(join(root, cluster, folder));
        } catch {
          continue;
        }
        for (const file of files) {
          for (const doc of parseAllDocuments(readFileSync(join(root, cluster, folder, file), 'utf8'))) {
            const obj = doc.toJSON() as Dict;
            obj.metadata.name = `${cluster}-${String(obj.metadata.name)}`;
            const type = obj.kind === 'NodePool' ? t('karpenter.sh', 'nodepools') : t('karpenter.k8s.aws', 'ec2nodeclasses');
            api.create(type, undefined, obj);
            count++;
          }
        }
      }
    }
    assert.ok(count >= 4, `only ${count} manifests found`);
  });

  it('accepts an upstream-style NodePool using every section', () => {
    const pool = poolWith(
      {
        requirements: [
          { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'], minValues: 2 },
          { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['2'] },
          { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
        ],
        taints: [{ key: 'example.com/special-taint', value: 'x', effect: 'NoSchedule' }],
        startupTaints: [{ key: 'example.com/another-taint', effect: 'NoSchedule' }],
        expireAfter: 'Never',
        terminationGracePeriod: '48h',
      },
      {
        disruption: {
          consolidationPolicy: 'WhenEmpty',
          consolidateAfter: '30s',
          budgets: [
            { nodes: '20%', reasons: ['Empty'] },
            { nodes: '0', schedule: '@daily', duration: '10m' },
          ],
        },
        limits: { cpu: 1000, memory: '1000Gi' },
        weight: 10,
      },
    );
    (pool.spec as Dict).template.metadata = { labels: { 'billing-team': 'my-team' }, annotations: { 'example.com/owner': 'team' } };
    api.create(t('karpenter.sh', 'nodepools'), undefined, { ...pool, metadata: { name: 'upstream' } });
  });
});

describe('CRD schema: CEL rules', () => {
  const { api, t, stop } = core();
  after(stop);
  const pools = () => t('karpenter.sh', 'nodepools');
  const classes = () => t('karpenter.k8s.aws', 'ec2nodeclasses');

  it('restricts the karpenter.sh/nodepool requirement and label', () => {
    const requirements = [{ key: 'karpenter.sh/nodepool', operator: 'In', values: ['x'] }];
    const error = assertInvalid(
      () => api.create(pools(), undefined, poolWith({ requirements })),
      'spec.template.spec.requirements[0].key',
      'FieldValueInvalid',
      /label "karpenter.sh\/nodepool" is restricted/,
    );
    assert.match(error.message, /Invalid value: "string": label "karpenter.sh\/nodepool" is restricted/);
    const pool = poolWith({});
    (pool.spec as Dict).template.metadata = { labels: { 'kubernetes.io/hostname': 'x' } };
    assertInvalid(
      () => api.create(pools(), undefined, pool),
      'spec.template.metadata.labels',
      'FieldValueInvalid',
      /label domain "kubernetes.io" is restricted/,
    );
  });

  it('needs values for In, as many as minValues, a number for Gt, and a duration with a schedule', () => {
    const at = 'spec.template.spec.requirements';
    assertInvalid(
      () => api.create(pools(), undefined, poolWith({ requirements: [{ key: 'a', operator: 'In', values: [] }] })),
      at,
      'FieldValueInvalid',
      /must have a value defined/,
    );
    const few = [{ key: 'a', operator: 'In', values: ['x'], minValues: 2 }];
    assertInvalid(() => api.create(pools(), undefined, poolWith({ requirements: few })), at, 'FieldValueInvalid', /minValues/);
    assertInvalid(
      () => api.create(pools(), undefined, poolWith({ requirements: [{ key: 'a', operator: 'Gt', values: ['x'] }] })),
      at,
      'FieldValueInvalid',
      /single positive integer/,
    );
    const budgets = [{ nodes: '1', schedule: '@daily' }];
    assertInvalid(
      () => api.create(pools(), undefined, poolWith({}, { disruption: { consolidateAfter: '1m', budgets } })),
      'spec.disruption.budgets',
      'FieldValueInvalid',
      /'schedule' must be set with 'duration'/,
    );
  });

  it('checks EC2NodeClass selector terms, role and tags', () => {
    const create = (spec: Dict) => () => api.create(classes(), undefined, nodeClass(spec));
    assertInvalid(
      create({ amiSelectorTerms: [{ alias: 'al2023@latest', id: 'ami-123' }] }),
      'spec.amiSelectorTerms',
      'FieldValueInvalid',
      /'id' is mutually exclusive/,
    );
    assertInvalid(
      create({ amiSelectorTerms: [{ alias: 'al2023@latest' }, { tags: { a: 'b' } }] }),
      'spec.amiSelectorTerms',
      'FieldValueInvalid',
      /'alias' is mutually exclusive/,
    );
    assertInvalid(
      create({ amiSelectorTerms: [{ owner: 'amazon' }], amiFamily: 'AL2023' }),
      'spec.amiSelectorTerms',
      'FieldValueInvalid',
      /expected at least one, got none/,
    );
    assertInvalid(
      create({ amiSelectorTerms: [{ alias: 'ubuntu@latest' }] }),
      'spec.amiSelectorTerms[0].alias',
      'FieldValueInvalid',
      /family is not supported/,
    );
    assertInvalid(create({ amiSelectorTerms: [{ tags: { a: 'b' } }] }), 'spec', 'FieldValueInvalid', /amiFamily is required/);
    assertInvalid(create({ instanceProfile: 'profile' }), 'spec', 'FieldValueInvalid', /exactly one of \['role', 'instanceProfile'\]/);
    assertInvalid(
      create({ subnetSelectorTerms: [{ tags: { '': 'x' } }] }),
      'spec.subnetSelectorTerms[0].tags',
      'FieldValueInvalid',
      /empty tag keys or values/,
    );
    assertInvalid(
      create({ subnetSelectorTerms: [{ tags: { Name: '' } }] }),
      'spec.subnetSelectorTerms[0].tags.Name',
      'FieldValueInvalid',
      /at least 1 chars/,
    );
    assertInvalid(create({ tags: { 'karpenter.sh/nodepool': 'x' } }), 'spec.tags', 'FieldValueInvalid', /restricted tag/);
    assertInvalid(
      create({ blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '65T' } }] }),
      'spec.blockDeviceMappings[0].ebs.volumeSize',
      'FieldValueInvalid',
    );
    assertInvalid(
      create({ kubelet: { evictionHard: { 'memory.free': '5%' } } }),
      'spec.kubelet.evictionHard',
      'FieldValueInvalid',
      /valid keys for evictionHard/,
    );
    assertInvalid(
      create({ kubelet: { evictionHard: { 'memory.available': 'lots' } } }),
      'spec.kubelet.evictionHard.memory.available',
      'FieldValueInvalid',
    );
  });

  it('runs transition rules on updates only: nodeClassRef group, role → instanceProfile, NodeClaim spec', () => {
    const created = api.create(pools(), undefined, { ...poolWith({}), metadata: { name: 'moving' } });
    const changed = structuredClone(created);
    changed.spec.template.spec.nodeClassRef.group = 'other.example.com';
    assertInvalid(
      () => api.update(pools(), undefined, 'moving', changed),
      'spec.template.spec.nodeClassRef',
      'FieldValueInvalid',
      /nodeClassRef.group is immutable/,
    );
    api.create(classes(), undefined, nodeClass({}));
    const patch = [
      { op: 'remove', path: '/spec/role' },
      { op: 'add', path: '/spec/instanceProfile', value: 'p' },
    ];
    assertInvalid(
      () => api.patch(classes(), undefined, 'c', 'json', patch),
      'spec',
      'FieldValueInvalid',
      /changing from 'instanceProfile' to 'role' is not supported/,
    );
    const claims = t('karpenter.sh', 'nodeclaims');
    api.create(claims, undefined, {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodeClaim',
      metadata: { name: 'nc' },
      spec: { nodeClassRef: NODE_CLASS_REF, requirements: [] },
    });
    assertInvalid(
      () => api.patch(claims, undefined, 'nc', 'merge', { spec: { expireAfter: '1h' } }),
      'spec',
      'FieldValueInvalid',
      /spec is immutable/,
    );
    api.patch(claims, undefined, 'nc', 'merge', { metadata: { labels: { a: 'b' } } });
  });
});

describe('CRD schema: every write path is validated', () => {
  const { api, t, stop, store } = core();
  after(stop);
  const pools = () => t('karpenter.sh', 'nodepools');

  it('PUT, merge, JSON and server-side apply patches', () => {
    const created = api.create(pools(), undefined, nodePool('w'));
    assertInvalid(
      () => api.update(pools(), undefined, 'w', { ...created, spec: { ...created.spec, weight: 500 } }),
      'spec.weight',
      'FieldValueInvalid',
    );
    assertInvalid(() => api.patch(pools(), undefined, 'w', 'merge', { spec: { weight: 500 } }), 'spec.weight', 'FieldValueInvalid');
    assertInvalid(
      () => api.patch(pools(), undefined, 'w', 'json', [{ op: 'add', path: '/spec/weight', value: 500 }]),
      'spec.weight',
      'FieldValueInvalid',
    );
    const applied = { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'w' }, spec: { weight: 500 } };
    assertInvalid(() => api.patch(pools(), undefined, 'w', 'apply', applied, { fieldManager: 'test' }), 'spec.weight', 'FieldValueInvalid');
    const fresh = { ...nodePool('by-apply'), spec: { ...(nodePool('x').spec as Dict), weight: 500 } };
    assertInvalid(
      () => api.patch(pools(), undefined, 'by-apply', 'apply', fresh, { fieldManager: 'test' }),
      'spec.weight',
      'FieldValueInvalid',
    );
    assert.equal(api.get(pools(), undefined, 'w').spec.weight, undefined);
    assert.equal(api.patch(pools(), undefined, 'w', 'merge', { spec: { weight: 50 } }).obj.spec.weight, 50);
  });

  it('status writes against the status schema', () => {
    api.create(pools(), undefined, nodePool('s'));
    const status = (body: Dict) => () => api.patch(pools(), undefined, 's', 'merge', body, { subresource: 'status' });
    assertInvalid(status({ status: { nodes: 'many' } }), 'status.nodes', 'FieldValueTypeInvalid');
    assertInvalid(status({ status: { resources: { cpu: 'lots' } } }), 'status.resources.cpu', 'FieldValueInvalid');
    assertInvalid(
      status({ status: { conditions: [{ type: 'Ready', status: 'Maybe' }] } }),
      'status.conditions[0].status',
      'FieldValueNotSupported',
    );
    const ok = api.patch(pools(), undefined, 's', 'merge', { status: { nodes: 2, resources: { cpu: '4' } } }, { subresource: 'status' });
    assert.equal(ok.obj.status.nodes, 2);
  });

  it('ratchets: an object stored under a looser schema can still have its status and other fields written', () => {
    const stored = { ...nodePool('old'), metadata: { name: 'old', uid: 'uid-old', generation: 1 } } as Dict;
    stored.spec = { ...(stored.spec as Dict), limits: { cpu: 'lots' } };
    store.commit('karpenter.sh/nodepools', 'old', 'ADDED', stored as never);
    const ok = api.patch(pools(), undefined, 'old', 'merge', { status: { nodes: 1 } }, { subresource: 'status' });
    assert.equal(ok.obj.status.nodes, 1, 'the unchanged invalid spec.limits.cpu does not block a status write');
    assert.equal(api.patch(pools(), undefined, 'old', 'merge', { spec: { weight: 10 } }).obj.spec.weight, 10);
    assertInvalid(
      () => api.patch(pools(), undefined, 'old', 'merge', { spec: { limits: { cpu: 'even more' } } }),
      'spec.limits.cpu',
      'FieldValueInvalid',
    );
  });
});

describe('CRD schema: CRDs registered at run time', () => {
  const { api, t, stop } = core();
  after(stop);
  const crd = (schema: Dict): Dict => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Cluster',
      names: { kind: 'Widget', plural: 'widgets' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  });
  const crds = () => t('apiextensions.k8s.io', 'customresourcedefinitions');

  it('refuses a schema with a broken pattern or CEL rule instead of failing every later write', () => {
    const badPattern = { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string', pattern: '([' } } } } };
    assertInvalid(() => api.create(crds(), undefined, crd(badPattern)), 'spec.versions[0].schema.openAPIV3Schema', 'FieldValueInvalid');
    const badRule = {
      type: 'object',
      properties: { spec: { type: 'object', 'x-kubernetes-validations': [{ rule: 'self.a ==', message: 'x' }] } },
    };
    assertInvalid(
      () => api.create(crds(), undefined, crd(badRule)),
      'spec.versions[0].schema.openAPIV3Schema',
      'FieldValueInvalid',
      /compilation failed/,
    );
  });

  it('enforces the schema and rules of a CRD applied at run time', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['size'],
          properties: { size: { type: 'integer', maximum: 3 }, min: { type: 'integer' } },
          'x-kubernetes-validations': [
            { rule: '!has(self.min) || self.min <= self.size', message: 'min must not exceed size', fieldPath: '.min' },
          ],
        },
      },
    };
    api.create(crds(), undefined, crd(schema));
    const widgets = t('example.com', 'widgets');
    const widget = (spec: Dict): Dict => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });
    assertInvalid(() => api.create(widgets, undefined, widget({ size: 4 })), 'spec.size', 'FieldValueInvalid');
    assertInvalid(
      () => api.create(widgets, undefined, widget({ size: 2, min: 3 })),
      'spec.min',
      'FieldValueInvalid',
      /min must not exceed size/,
    );
    assert.equal(api.create(widgets, undefined, widget({ size: 2, min: 1 })).spec.min, 1);
  });
});

describe('CRD schema over HTTP', () => {
  let cp: ControlPlane;
  before(async () => {
    cp = await startControlPlane({});
  });
  after(() => cp.close());

  it('answers a 422 Status with causes', async () => {
    const res = await fetch(`${cp.url}/apis/karpenter.sh/v1/nodepools`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(poolWith({}, { weight: 500 })),
    });
    assert.equal(res.status, 422);
    const status = (await res.json()) as Dict;
    assert.equal(status.kind, 'Status');
    assert.equal(status.reason, 'Invalid');
    assert.deepEqual(status.details.causes, [
      {
        reason: 'FieldValueInvalid',
        field: 'spec.weight',
        message: 'Invalid value: 500: spec.weight in body should be less than or equal to 100',
      },
    ]);
  });
});
