import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAgentMetrics } from '../../src/observe/metrics.js';
import { ec2InstanceTypes, loadEc2Catalog } from '../../src/cloudprovider/catalog/index.js';
import { withMetrics } from '../../src/cloudprovider/decorators/index.js';
import { FakeCloudProvider } from '../../src/cloudprovider/fake/index.js';
import { type CloudProvider, NodeClaimNotFoundError } from '../../src/cloudprovider/types.js';
import { nodeClaim } from './builders.js';

/** The agent's own instruments, as the agent wires them, for `controller`. */
function instrumentsFor(controller: string) {
  const metrics = createAgentMetrics({ processMetrics: false });
  return { metrics, options: { duration: metrics.cloudProviderDuration, errors: metrics.cloudProviderErrors, controller } };
}

describe('withMetrics', () => {
  it('GIVEN a wrapped provider WHEN a controller launches, terminates and fails a call THEN each call is timed under the controller and the failure counted by its class', async () => {
    const catalog = loadEc2Catalog();
    const instanceTypes = ec2InstanceTypes({
      region: 'us-west-2',
      zones: ['us-west-2a'],
      catalog,
      infos: [catalog.byName.get('m5.large')!],
    });
    const fake = new FakeCloudProvider({ instanceTypes });
    const { metrics, options } = instrumentsFor('provisioner');
    let t = 0;
    const provider = withMetrics(fake, { ...options, now: () => (t += 250) });
    const launched = await provider.create(nodeClaim('a'));
    await provider.delete(launched);
    fake.failNext('get', new NodeClaimNotFoundError('x'));
    await assert.rejects(provider.get('x'), NodeClaimNotFoundError, 'the error reaches the caller unchanged');
    const text = await metrics.registry.metrics();
    assert.match(
      text,
      /karpenter_cloudprovider_duration_seconds_sum\{controller="provisioner",method="Create",provider="fake",error=""\} 0.25/,
    );
    assert.match(
      text,
      /karpenter_cloudprovider_duration_seconds_count\{controller="provisioner",method="Delete",provider="fake",error=""\} 1/,
    );
    assert.match(
      text,
      /karpenter_cloudprovider_errors_total\{controller="provisioner",method="Get",provider="fake",error="NodeClaimNotFoundError"\} 1/,
    );
    assert.doesNotMatch(text, /karpenter_cloudprovider_errors_total\{[^}]*method="Create"/, 'a call that worked is no error');
  });

  it('GIVEN a provider with an unavailable-offerings cache WHEN wrapped THEN marking an offering reaches it; without one the wrapper has none either', () => {
    const fake = new FakeCloudProvider();
    const provider = withMetrics(fake, instrumentsFor('interruption').options);
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
    assert.equal(withMetrics(cacheless, instrumentsFor('interruption').options).markOfferingUnavailable, undefined);
  });
});
