/**
 * normaliseObject: what both sides are reduced to before comparing. Unit
 * tests per rule, and properties: idempotent, never throws, a NodePool read
 * back from a server (in-process defaulting) normalises to the desired one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { withEC2NodeClassDefaults, withNodePoolDefaults } from '../../../src/apis/defaults.js';
import type { EC2NodeClass } from '../../../src/apis/ec2nodeclass.js';
import type { KubeObject } from '../../../src/apis/object-meta.js';
import { encodeLastApplied, LAST_APPLIED_ANNOTATION } from '../../../src/gitops/diff/last-applied.js';
import { equalAfterNormalisation, isOwnedAnnotation, normaliseObject } from '../../../src/gitops/diff/normalise-object.js';
import { nodePool } from '../../../src/testing/builders.js';
import { nodePoolManifest, nodePoolModel, spellingChoices, spellNodePool } from './nodepool-arbitrary.js';
import { serverReadBack } from './server-read-back.js';

const nodeClass = (spec: Partial<EC2NodeClass['spec']> = {}): EC2NodeClass => ({
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'default' },
  spec: {
    amiSelectorTerms: [{ alias: 'al2023@latest' }],
    subnetSelectorTerms: [{ tags: { Name: 'private*' } }],
    securityGroupSelectorTerms: [{ tags: { Name: 'node' } }],
    role: 'node-role',
    ...spec,
  },
});

describe('normaliseObject', () => {
  it('fills in the NodePool CRD defaults', () => {
    const normal = normaliseObject(nodePool()) as ReturnType<typeof nodePool>;
    assert.deepEqual(normal.spec.disruption, {
      budgets: [{ nodes: '10%' }],
      consolidateAfter: '0s',
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
    });
    assert.equal(normal.spec.template.spec.expireAfter, '720h');
  });

  it('fills in a budget without nodes and keeps an empty budget list (no budget is not the default budget)', () => {
    const someBudgets = normaliseObject(
      nodePool({ spec: { disruption: { consolidateAfter: '0s', budgets: [{ schedule: '@daily', duration: '1h' } as never] } } }),
    );
    assert.deepEqual((someBudgets as ReturnType<typeof nodePool>).spec.disruption?.budgets, [
      { duration: '1h', nodes: '10%', schedule: '@daily' },
    ]);
    const noBudgets = normaliseObject(nodePool({ spec: { disruption: { consolidateAfter: '0s', budgets: [] } } }));
    assert.deepEqual((noBudgets as ReturnType<typeof nodePool>).spec.disruption?.budgets, []);
    assert.equal(equalAfterNormalisation(noBudgets, nodePool()), false);
  });

  it('agrees with src/apis/defaults.ts on well-formed objects', () => {
    const pool = nodePool({ spec: { disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m' } } });
    assert.equal(equalAfterNormalisation(pool, withNodePoolDefaults(pool)), true);
    assert.equal(equalAfterNormalisation(withNodePoolDefaults(nodePool()), nodePool()), true);
    const withHopLimit = nodeClass({ metadataOptions: { httpPutResponseHopLimit: 2 } });
    assert.equal(equalAfterNormalisation(withHopLimit, withEC2NodeClassDefaults(withHopLimit)), true);
    assert.deepEqual((normaliseObject(withHopLimit) as EC2NodeClass).spec.metadataOptions, {
      httpEndpoint: 'enabled',
      httpProtocolIPv6: 'disabled',
      httpPutResponseHopLimit: 2,
      httpTokens: 'required',
    });
  });

  it('strips status, server-set metadata and managedFields; keeps name, labels and annotations from Git', () => {
    const live = {
      ...nodePool({ metadata: { name: 'p', labels: { team: 'data' }, annotations: { 'example.com/owner': 'data' } } }),
      metadata: {
        name: 'p',
        namespace: 'default',
        uid: 'u',
        resourceVersion: '9',
        generation: 4,
        creationTimestamp: '2025-01-01T00:00:00Z',
        finalizers: ['karpenter.sh/termination'],
        managedFields: [{ manager: 'karpd' }],
        labels: { team: 'data' },
        annotations: { 'example.com/owner': 'data' },
      },
      status: { nodes: 3 },
    } as KubeObject;
    const normal = normaliseObject(live) as unknown as Record<string, unknown>;
    assert.equal('status' in normal, false);
    assert.deepEqual(normal.metadata, { annotations: { 'example.com/owner': 'data' }, labels: { team: 'data' }, name: 'p' });
  });

  it('keeps the namespace of namespaced kinds', () => {
    const map = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm', namespace: 'karpd', uid: 'u' } };
    assert.deepEqual(normaliseObject(map).metadata, { name: 'm', namespace: 'karpd' });
  });

  it('strips the annotations karpd, Karpenter and kubectl own', () => {
    const owned = [
      LAST_APPLIED_ANNOTATION,
      'karpd.dev/revision',
      'karpenter.sh/nodepool-hash',
      'karpenter.sh/nodepool-hash-version',
      'karpenter.k8s.aws/ec2nodeclass-hash',
      'karpenter.k8s.aws/ec2nodeclass-hash-version',
      'kubectl.kubernetes.io/last-applied-configuration',
    ];
    for (const key of owned) assert.equal(isOwnedAnnotation(key), true, key);
    for (const key of ['karpenter.sh/do-not-disrupt', 'example.com/karpd.dev', 'kubectl.kubernetes.io/restartedAt'])
      assert.equal(isOwnedAnnotation(key), false, key);
    const annotated = nodePool({
      metadata: { annotations: Object.fromEntries([...owned, 'karpenter.sh/do-not-disrupt'].map((key) => [key, 'x'])) },
    });
    assert.deepEqual(normaliseObject(annotated).metadata.annotations, { 'karpenter.sh/do-not-disrupt': 'x' });
  });

  it('treats empty maps and lists as absent, drops nulls', () => {
    const sparse = nodePool({
      metadata: { labels: {}, annotations: { [LAST_APPLIED_ANNOTATION]: '{}' } },
      spec: { template: { metadata: { labels: {} }, spec: { taints: [], startupTaints: [] } }, limits: {} },
    });
    (sparse.spec as unknown as Record<string, unknown>).weight = null;
    assert.deepEqual(normaliseObject(sparse), normaliseObject(nodePool()));
    const exists = nodePool({ spec: { template: { spec: { requirements: [{ key: 'a', operator: 'Exists', values: [] }] } } } });
    const existsBare = nodePool({ spec: { template: { spec: { requirements: [{ key: 'a', operator: 'Exists' }] } } } });
    assert.equal(equalAfterNormalisation(exists, existsBare), true);
  });

  it('compares quantities and durations by value and writes the canonical spelling', () => {
    const a = nodePool({
      spec: {
        limits: { cpu: 1000 as never, memory: '1Gi' },
        template: { spec: { expireAfter: '720h' } },
        disruption: { consolidateAfter: '30s' },
      },
    });
    const b = nodePool({
      spec: {
        limits: { cpu: '1k', memory: '1073741824' },
        template: { spec: { expireAfter: '720h0m0s' } },
        disruption: { consolidateAfter: '0.5m' },
      },
    });
    assert.equal(equalAfterNormalisation(a, b), true);
    const normal = normaliseObject(b) as ReturnType<typeof nodePool>;
    assert.deepEqual(normal.spec.limits, { cpu: '1000', memory: '1Gi' });
    assert.equal(normal.spec.template.spec.expireAfter, '720h');
    assert.equal(normal.spec.disruption?.consolidateAfter, '30s');
    const never = normaliseObject(nodePool({ spec: { template: { spec: { expireAfter: 'Never' } } } })) as ReturnType<typeof nodePool>;
    assert.equal(never.spec.template.spec.expireAfter, 'Never');
    assert.equal(equalAfterNormalisation(a, nodePool({ spec: { limits: { cpu: '1001', memory: '1Gi' } } })), false);
  });

  it('sorts keys at every level', () => {
    const normal = normaliseObject({
      kind: 'NodePool',
      apiVersion: 'karpenter.sh/v1',
      metadata: { name: 'p' },
      spec: { weight: 1, template: { spec: { nodeClassRef: { name: 'n', kind: 'K', group: 'g' }, requirements: [] } } },
    } as KubeObject);
    assert.deepEqual(Object.keys(normal), ['apiVersion', 'kind', 'metadata', 'spec']);
    const spec = (normal as unknown as { spec: Record<string, unknown> }).spec;
    assert.deepEqual(Object.keys(spec), ['disruption', 'template', 'weight']);
    const ref = (spec.template as { spec: { nodeClassRef: object } }).spec.nodeClassRef;
    assert.deepEqual(Object.keys(ref), ['group', 'kind', 'name']);
  });

  it('does not change its input', () => {
    const pool = nodePool({ spec: { limits: { cpu: '1k' } }, metadata: { annotations: { [LAST_APPLIED_ANNOTATION]: '{}' } } });
    const before = structuredClone(pool);
    normaliseObject(pool);
    assert.deepEqual(pool, before);
  });

  it('leaves broken objects readable instead of throwing', () => {
    const broken: unknown[] = [
      { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'p' }, spec: 'oops' },
      {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: null,
        spec: { template: null, disruption: [], limits: { cpu: 'many' } },
      },
      { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'p', annotations: 'x', labels: [] } },
      {
        apiVersion: 'karpenter.k8s.aws/v1',
        kind: 'EC2NodeClass',
        metadata: { name: 'c' },
        spec: { metadataOptions: 'on', kubelet: { systemReserved: ['1'] }, blockDeviceMappings: [1, null] },
      },
      { apiVersion: 'karpenter.sh/v1', kind: 'NodePool' },
    ];
    for (const object of broken) {
      const normal = normaliseObject(object as KubeObject);
      assert.deepEqual(normaliseObject(normal), normal, JSON.stringify(object));
    }
    const kept = normaliseObject(broken[1] as KubeObject) as unknown as { spec: { limits: unknown } };
    assert.deepEqual(kept.spec.limits, { cpu: 'many' });
  });

  it('keeps a __proto__ key as data', () => {
    const hostile = JSON.parse(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m"},"data":{"__proto__":{"polluted":"yes"}}}',
    ) as KubeObject;
    const normal = normaliseObject(hostile) as unknown as { data: Record<string, unknown> };
    assert.equal(Object.hasOwn(normal.data, '__proto__'), true);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('normaliseObject properties', () => {
  it('is idempotent on NodePools in any spelling', () => {
    fc.assert(
      fc.property(nodePoolManifest(), (pool) => {
        const once = normaliseObject(pool);
        assert.deepEqual(normaliseObject(once), once);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent and never throws on arbitrary JSON under NodePool and EC2NodeClass headers', () => {
    const header = fc.constantFrom(
      { apiVersion: 'karpenter.sh/v1', kind: 'NodePool' },
      { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass' },
      { apiVersion: 'v1', kind: 'ConfigMap' },
    );
    const object = fc
      .tuple(header, fc.dictionary(fc.constantFrom('metadata', 'spec', 'status', 'data'), fc.jsonValue()))
      .map(([h, rest]) => ({ ...rest, ...h }));
    fc.assert(
      fc.property(object, (value) => {
        const once = normaliseObject(value as KubeObject);
        assert.deepEqual(normaliseObject(once), once);
      }),
      { numRuns: 300 },
    );
  });

  it('equates two spellings of one pool', () => {
    fc.assert(
      fc.property(nodePoolModel(), spellingChoices(), spellingChoices(), (model, a, b) => {
        assert.deepEqual(normaliseObject(spellNodePool(model, a)), normaliseObject(spellNodePool(model, b)));
      }),
      { numRuns: 300 },
    );
  });

  it('equates a desired NodePool with what a server returns for it (defaults, metadata, status, hash annotations)', () => {
    fc.assert(
      fc.property(nodePoolManifest(), (desired) => {
        const applied = {
          ...desired,
          metadata: { ...desired.metadata, annotations: { [LAST_APPLIED_ANNOTATION]: encodeLastApplied(desired) } },
        };
        assert.deepEqual(normaliseObject(serverReadBack(applied)), normaliseObject(desired));
      }),
      { numRuns: 300 },
    );
  });

  it('equates a desired EC2NodeClass with what a server returns for it', () => {
    const variants = fc.record({
      metadataOptions: fc.option(fc.record({ httpPutResponseHopLimit: fc.integer({ min: 1, max: 3 }) }, { requiredKeys: [] }), {
        nil: undefined,
      }),
      volumeSize: fc.constantFrom('100Gi', '1024Gi', '1Ti', '64000G'),
      tags: fc.constantFrom<Record<string, string>>({}, { team: 'data' }),
    });
    fc.assert(
      fc.property(variants, ({ metadataOptions, volumeSize, tags }) => {
        const desired = nodeClass({
          tags,
          blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize, volumeType: 'gp3' } }],
          ...(metadataOptions === undefined ? {} : { metadataOptions }),
        });
        assert.deepEqual(normaliseObject(serverReadBack(desired)), normaliseObject(desired));
      }),
    );
  });
});
