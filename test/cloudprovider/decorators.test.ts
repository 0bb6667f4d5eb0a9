import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { ec2InstanceTypes, loadEc2Catalog } from '../../src/cloudprovider/catalog/index.js';
import { withMetrics } from '../../src/cloudprovider/decorators/index.js';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/index.js';
import { type CloudProvider, NodeClaimNotFoundError } from '../../src/cloudprovider/types.js';
import { nodeClaim } from './builders.js';

describe('withMetrics', () => {
  it('counts launches, terminations and errors and times every call', async () => {
    const catalog = loadEc2Catalog();
    const instanceTypes = ec2InstanceTypes({
      region: 'us-west-2',
      zones: ['us-west-2a'],
      catalog,
      infos: [catalog.byName.get('m5.large')!],
    });
    const fake = new FakeCloudProvider({ instanceTypes });
    const registry = new Registry();
    let t = 0;
    const provider = withMetrics(fake, { registry, now: () => (t += 250) });
    const launched = await provider.create(nodeClaim('a'));
    await provider.delete(launched);
    fake.failNext('get', new NodeClaimNotFoundError('x'));
    await assert.rejects(provider.get('x'));
    const text = await registry.metrics();
    assert.match(text, /karpd_cloudprovider_instances_launched_total\{provider="fake",capacity_type="spot",zone="us-west-2a"\} 1/);
    assert.match(text, /karpd_cloudprovider_instances_terminated_total\{provider="fake"\} 1/);
    assert.match(text, /karpenter_cloudprovider_errors_total\{method="Get",provider="fake",error="NodeClaimNotFoundError"\} 1/);
    assert.match(text, /karpenter_cloudprovider_duration_seconds_sum\{method="Create",provider="fake",error=""\} 0.25/);
  });

  it('GIVEN a provider with an unavailable-offerings cache WHEN wrapped THEN marking an offering reaches it; without one the wrapper has none either', () => {
    const fake = new FakeCloudProvider();
    const provider = withMetrics(fake, { registry: new Registry() });
    provider.markOfferingUnavailable?.({ instanceType: 'm5.large', zone: 'us-west-2a', capacityType: 'spot' }, 'SpotInterruption');
    assert.deepEqual([...fake.unavailable], ['spot:m5.large:us-west-2a']);
    const cacheless: CloudProvider = {
      name: 'cacheless',
      create: async (claim) => claim,
      delete: async () => undefined,
      get: async () => nodeClaim('x'),
      list: async () => [],
      getInstanceTypes: async () => [],
      isDrifted: async () => undefined,
    };
    assert.equal(withMetrics(cacheless, { registry: new Registry() }).markOfferingUnavailable, undefined);
  });
});
