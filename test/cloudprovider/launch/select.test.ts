import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ec2InstanceTypes, loadEc2Catalog } from '../../../src/cloudprovider/catalog/index.js';
import { MAX_INSTANCE_TYPES, planLaunch } from '../../../src/cloudprovider/launch/select.js';
import { nodeClaim } from '../builders.js';

const catalog = loadEc2Catalog();
const zones = ['us-west-2a', 'us-west-2b'];
const spotHalf = (name: string, _zone: string, capacityType: string) =>
  capacityType === 'spot' ? catalog.onDemandPrice(name)! / 2 : catalog.onDemandPrice(name);
const types = (names: string[], price = spotHalf) =>
  ec2InstanceTypes({ region: 'us-west-2', zones, catalog, infos: names.map((n) => catalog.byName.get(n)!), price });

describe('planLaunch', () => {
  it('prefers spot when allowed and orders candidates cheapest first', () => {
    const plan = planLaunch(nodeClaim('a'), types(['m5.large', 'c5.large', 'm6g.large']));
    assert.ok(plan.ok);
    assert.equal(plan.capacityType, 'spot');
    assert.deepEqual([...new Set(plan.candidates.map((c) => c.instanceType.name))], ['m6g.large', 'c5.large', 'm5.large']);
  });

  it('drops spot offerings dearer than the cheapest on-demand one', () => {
    const price = (name: string, _zone: string, capacityType: string) =>
      name === 'm5.large' && capacityType === 'spot' ? 0.5 : catalog.onDemandPrice(name);
    const plan = planLaunch(nodeClaim('a'), types(['m5.large', 'c5.large'], price));
    assert.ok(plan.ok);
    assert.deepEqual([...new Set(plan.candidates.map((c) => c.instanceType.name))], ['c5.large']);
  });

  it('keeps GPU and metal types out unless nothing else fits', () => {
    const claim = nodeClaim('a', { requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }] });
    const plan = planLaunch(claim, types(['g4dn.xlarge', 'm5.metal', 'm5.xlarge']));
    assert.ok(plan.ok);
    assert.deepEqual([...new Set(plan.candidates.map((c) => c.instanceType.name))], ['m5.xlarge']);
    const gpu = planLaunch(nodeClaim('b', { requirements: [], requests: { 'nvidia.com/gpu': '1' } }), types(['g4dn.xlarge', 'm5.xlarge']));
    assert.ok(gpu.ok);
    assert.equal(gpu.candidates[0].instanceType.name, 'g4dn.xlarge');
  });

  it('caps a launch at 60 instance types', () => {
    const claim = nodeClaim('a', {
      requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }],
      requests: { cpu: '100m' },
    });
    const all = ec2InstanceTypes({ region: 'us-west-2', zones: ['us-west-2a'], catalog });
    const plan = planLaunch(claim, all);
    assert.ok(plan.ok);
    assert.equal(new Set(plan.candidates.map((c) => c.instanceType.name)).size, MAX_INSTANCE_TYPES);
  });

  it('says why nothing fits', () => {
    const plan = planLaunch(
      nodeClaim('a', { requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['s390x'] }] }),
      types(['m5.large']),
    );
    assert.equal(plan.ok, false);
    assert.match(plan.ok ? '' : plan.reason, /kubernetes\.io\/arch/);
  });
});
