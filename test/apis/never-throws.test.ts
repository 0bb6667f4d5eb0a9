import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateObject } from '../../src/apis/validate-object.js';
import { parseManifests } from '../../src/apis/manifest.js';
import { renderTemplate } from '../../src/gitops/render/render-template.js';

/** Any manifest, however broken, must come back as problems, never as an exception. */
const kinds = fc.constantFrom(
  ['karpenter.sh/v1', 'NodePool'],
  ['karpenter.sh/v1beta1', 'NodePool'],
  ['karpenter.sh/v1', 'NodeClaim'],
  ['karpenter.k8s.aws/v1', 'EC2NodeClass'],
  ['karpenter.k8s.aws/v1beta1', 'EC2NodeClass'],
  ['karpd.dev/v1alpha1', 'Cluster'],
);

const field = fc.constantFrom(
  'template',
  'spec',
  'requirements',
  'nodeClassRef',
  'disruption',
  'budgets',
  'taints',
  'metadata',
  'labels',
  'limits',
  'weight',
  'kubelet',
  'amiSelectorTerms',
  'subnetSelectorTerms',
  'tags',
  'vars',
  'sync',
  'operator',
  'values',
  'key',
  'schedule',
);

const value: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.string(),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(field, tie('node'), { maxKeys: 4 }),
  ),
})).node;

describe('validation never throws', () => {
  it('validateObject returns problems for any spec shape', () => {
    fc.assert(
      fc.property(kinds, value, value, ([apiVersion, kind], spec, metadata) => {
        const result = validateObject({ apiVersion, kind, metadata, spec });
        assert.ok(Array.isArray(result.problems));
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it('parseManifests and renderTemplate return problems for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const parsed = parseManifests(text, 'x.yaml');
        for (const document of parsed.documents) validateObject(document.value);
        renderTemplate(text, { a: 'b' }, { file: 'x.yaml' });
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
