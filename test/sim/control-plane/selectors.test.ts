import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fromLabelSelectorObject, matchesLabels, parseLabelSelector } from '../../../src/sim/control-plane/label-selector.js';
import { matchesFields, parseFieldSelector } from '../../../src/sim/control-plane/field-selector.js';
import { builtinTypes } from '../../../src/sim/control-plane/builtin-types.js';
import { ApiError } from '../../../src/sim/control-plane/api-error.js';

const labels = { app: 'web', tier: 'front', size: '5' };
const pods = builtinTypes().find((t) => t.resource === 'pods' && t.group === '')!;

describe('label selectors', () => {
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web, api)', true],
    ['app notin (web)', false],
    ['missing notin (web)', true],
    ['missing in (web)', false],
    ['size>4', true],
    ['size<5', false],
    ['missing>1', false],
    ['app=web,tier in (front,back),!gone', true],
    ['app=web,tier=back', false],
  ];
  for (const [selector, expected] of cases) {
    it(`"${selector}" → ${expected}`, () => assert.equal(matchesLabels(parseLabelSelector(selector), labels), expected));
  }

  it('rejects an unparsable selector with 400', () => {
    assert.throws(
      () => parseLabelSelector('app in web'),
      (e) => e instanceof ApiError && e.code === 400,
    );
    assert.throws(
      () => parseLabelSelector('a=b=c'),
      (e) => e instanceof ApiError && e.code === 400,
    );
  });

  it('treats a nil or empty LabelSelector object as matching nothing', () => {
    assert.equal(fromLabelSelectorObject(undefined), undefined);
    assert.equal(fromLabelSelectorObject({}), undefined);
    const sel = fromLabelSelectorObject({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }],
    });
    assert.equal(matchesLabels(sel!, labels), true);
  });
});

describe('field selectors', () => {
  const pod = { metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'n1' }, status: { phase: 'Running' } };

  it('matches =, == and != on supported fields', () => {
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName=n1,status.phase!=Failed', pods), pod), true);
    assert.equal(matchesFields(parseFieldSelector('metadata.name==q', pods), pod), false);
  });

  it('selects unscheduled pods with an empty value', () => {
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName=', pods), { metadata: {}, spec: {} }), true);
    assert.equal(matchesFields(parseFieldSelector('spec.nodeName=', pods), pod), false);
  });

  it('answers 400 "field label not supported" for an unknown field', () => {
    assert.throws(
      () => parseFieldSelector('spec.weight=1', pods),
      (e) => e instanceof ApiError && e.code === 400 && /field label not supported: spec.weight/.test(e.message),
    );
  });

  it('honours escaped commas and equals signs', () => {
    const reqs = parseFieldSelector('metadata.name=a\\,b\\=c', pods);
    assert.equal(reqs[0].value, 'a,b=c');
  });
});

describe('aggregated discovery', () => {
  it('is served only for a v2 APIGroupDiscoveryList Accept header', async () => {
    const { wantsAggregatedDiscovery } = await import('../../../src/sim/control-plane/aggregated-discovery.js');
    assert.equal(
      wantsAggregatedDiscovery(
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
      ),
      true,
    );
    assert.equal(
      wantsAggregatedDiscovery('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'),
      false,
    );
    assert.equal(wantsAggregatedDiscovery('application/json, */*'), false);
  });

  it('lists eviction as a pods subresource and CRD categories', async () => {
    const { aggregatedDiscovery } = await import('../../../src/sim/control-plane/aggregated-discovery.js');
    const { Registry } = await import('../../../src/sim/control-plane/registry.js');
    const { loadCrdManifests } = await import('../../../src/sim/control-plane/crd-manifests.js');
    const registry = new Registry();
    for (const crd of loadCrdManifests()) registry.setCrd(crd);
    const core = aggregatedDiscovery(registry, true);
    const pods = core.items[0].versions[0].resources.find((r: { resource: string }) => r.resource === 'pods');
    assert.deepEqual(pods.subresources.find((s: { subresource: string }) => s.subresource === 'eviction').responseKind, {
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
    });
    const groups = aggregatedDiscovery(registry, false);
    const karpenter = groups.items.find((g: { metadata: { name: string } }) => g.metadata.name === 'karpenter.sh');
    assert.deepEqual(
      karpenter.versions[0].resources.map((r: { resource: string }) => r.resource),
      ['nodeclaims', 'nodepools'],
    );
    assert.deepEqual(karpenter.versions[0].resources[1].categories, ['karpenter']);
  });
});
