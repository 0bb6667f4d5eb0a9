import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ec2InstanceTypes, CatalogLoadError, loadEc2Catalog, parseEc2Catalog } from '../../../src/cloudprovider/catalog/index.js';
import type { NodeSelectorRequirement } from '../../../src/apis/core-v1.js';

function requirement(reqs: readonly NodeSelectorRequirement[], key: string): NodeSelectorRequirement | undefined {
  return reqs.find((req) => req.key === key);
}

const zones = ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'];

describe('ec2InstanceTypes', () => {
  const types = ec2InstanceTypes({ region: 'eu-west-2', zones });
  const byName = new Map(types.map((type) => [type.name, type]));

  it('returns every catalog type with us-east-1 prices, saying so', () => {
    assert.equal(types.length, 1366);
    const m5 = byName.get('m5.large');
    assert.ok(m5);
    assert.equal(m5.priceSource, 'catalog-us-east-1');
    assert.equal(m5.offerings.length, 6);
    assert.ok(m5.offerings.every((offering) => offering.price === loadEc2Catalog().onDemandPrice('m5.large') && offering.available));
  });

  it('labels a type with its well-known labels and DoesNotExist for the ones it lacks', () => {
    const reqs = byName.get('m5.large')?.requirements ?? [];
    assert.deepEqual(requirement(reqs, 'node.kubernetes.io/instance-type')?.values, ['m5.large']);
    assert.deepEqual(requirement(reqs, 'kubernetes.io/arch')?.values, ['amd64']);
    assert.deepEqual(requirement(reqs, 'kubernetes.io/os')?.values, ['linux']);
    assert.deepEqual(requirement(reqs, 'karpenter.k8s.aws/instance-family')?.values, ['m5']);
    assert.deepEqual(requirement(reqs, 'karpenter.k8s.aws/instance-generation')?.values, ['5']);
    assert.deepEqual(requirement(reqs, 'karpenter.k8s.aws/instance-memory')?.values, ['8192']);
    assert.deepEqual(requirement(reqs, 'karpenter.k8s.aws/instance-cpu-manufacturer')?.values, ['intel']);
    assert.equal(requirement(reqs, 'karpenter.k8s.aws/instance-gpu-name')?.operator, 'DoesNotExist');
    assert.equal(requirement(reqs, 'karpenter.k8s.aws/instance-local-nvme')?.operator, 'DoesNotExist');
    assert.deepEqual(requirement(reqs, 'topology.kubernetes.io/zone')?.values, zones);
    assert.deepEqual(requirement(reqs, 'karpenter.sh/capacity-type')?.values, ['on-demand', 'spot']);
    assert.deepEqual(requirement(reqs, 'topology.kubernetes.io/region')?.values, ['eu-west-2']);
    const gpu = byName.get('g5.xlarge')?.requirements ?? [];
    assert.deepEqual(requirement(gpu, 'karpenter.k8s.aws/instance-gpu-name')?.values, ['a10g']);
    assert.deepEqual(requirement(gpu, 'karpenter.k8s.aws/instance-gpu-count')?.values, ['1']);
  });

  it('limits offerings to the zones a type is offered in and marks unavailable ones', () => {
    const [type] = ec2InstanceTypes({
      region: 'eu-west-2',
      zones,
      infos: [loadEc2Catalog().byName.get('m5.large')!],
      price: () => 0.1,
      zonesFor: () => ['eu-west-2a', 'eu-west-2c'],
      isAvailable: (_name, zone, capacityType) => !(zone === 'eu-west-2a' && capacityType === 'spot'),
    });
    assert.deepEqual(requirement(type.requirements, 'topology.kubernetes.io/zone')?.values, ['eu-west-2a', 'eu-west-2c']);
    assert.equal(type.offerings.filter((offering) => !offering.available).length, 1);
  });
});

describe('parseEc2Catalog', () => {
  it('rejects a file of the wrong shape with a typed error naming the problem', () => {
    assert.throws(
      () => parseEc2Catalog(JSON.stringify({ instanceTypes: [{ name: 'x' }] }), 'bad.json'),
      (error: unknown) => error instanceof CatalogLoadError && /validating bad\.json/.test(error.message),
    );
    assert.throws(
      () => parseEc2Catalog('{', 'broken.json'),
      (error: unknown) => error instanceof CatalogLoadError && /not JSON/.test(error.message),
    );
  });

  it('loads the catalog only once', () => {
    assert.equal(loadEc2Catalog(), loadEc2Catalog());
  });
});
