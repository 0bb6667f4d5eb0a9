import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeInstanceTypesCommand, type CreateFleetCommandOutput } from '@aws-sdk/client-ec2';
import { GetProductsCommand } from '@aws-sdk/client-pricing';
import { AwsCloudProvider } from '../../../src/cloudprovider/aws/index.js';
import { collectLeakedInstances } from '../../../src/cloudprovider/garbage-collection.js';
import { CreateError, isInsufficientCapacityError, type InsufficientCapacityError } from '../../../src/cloudprovider/types.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { nodeClaim, nodePool } from '../builders.js';
import { awsError, mockEc2 } from './mock-ec2.js';
import { resolvedNodeClass } from './nodeclasses.js';

const MiB = 1024 * 1024;

function setup() {
  const mock = mockEc2();
  const clock = new FakeClock(new Date('2026-05-01T10:00:00Z'));
  const nodeClasses = new Map([['default', resolvedNodeClass()]]);
  const provider = new AwsCloudProvider(
    { clients: { ec2: mock.ec2, pricing: mock.pricing }, nodeClasses: (name) => nodeClasses.get(name), clock },
    { region: 'eu-west-2', cluster: { name: 'test', endpoint: 'https://example.eks.amazonaws.com' } },
  );
  return { mock, clock, provider, nodeClasses };
}

const onDemand = (name: string) =>
  nodeClaim(name, {
    requirements: [
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'c5.large'] },
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
      { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-2a'] },
    ],
  });

describe('aws instance types', () => {
  it('reads every page of DescribeInstanceTypes and offerings and computes allocatable as the catalog does', async () => {
    const { mock, provider } = setup();
    const types = await provider.getInstanceTypes(nodePool());
    assert.deepEqual(types.map((t) => t.name).sort(), ['c5.large', 'g4dn.xlarge', 'm5.large', 'm5.xlarge', 'm6g.large']);
    assert.deepEqual(
      mock.ec2Mock.commandCalls(DescribeInstanceTypesCommand)[0].args[0].input.Filters?.map((f) => f.Name),
      ['supported-virtualization-type', 'processor-info.supported-architecture'],
    );
    const m5 = types.find((t) => t.name === 'm5.large')!;
    assert.equal(m5.allocatable.memory, 6903 * MiB);
    assert.equal(m5.allocatable.pods, 29);
    const g4 = types.find((t) => t.name === 'g4dn.xlarge')!;
    assert.deepEqual(g4.requirements.find((r) => r.key === 'karpenter.k8s.aws/instance-gpu-name')?.values, ['t4']);
    assert.equal(g4.capacity['nvidia.com/gpu'], 1);
    assert.deepEqual(g4.requirements.find((r) => r.key === 'topology.kubernetes.io/zone')?.values, ['eu-west-2a', 'eu-west-2b']);
    assert.equal((types[0] as { priceSource?: string }).priceSource, 'catalog-us-east-1');
  });

  it('prices spot at on-demand until the spot history answers, then per zone', async () => {
    const { provider } = setup();
    assert.equal(provider.pricing.price('m5.large', 'eu-west-2b', 'spot'), 0.096);
    assert.equal(await provider.pricing.refreshSpot(), 15);
    assert.equal(provider.pricing.price('m5.large', 'eu-west-2b', 'spot'), 0.0336);
    assert.equal(provider.pricing.price('m5.metal', 'eu-west-2b', 'spot'), undefined);
  });

  it('switches on-demand prices to the Pricing API once it answers with JSON strings', async () => {
    const { mock, provider } = setup();
    const product = {
      product: { attributes: { instanceType: 'm5.large' } },
      terms: { OnDemand: { 'X.Y': { priceDimensions: { 'X.Y.Z': { pricePerUnit: { USD: '0.1110000000' } } } } } },
    };
    mock.pricingMock.on(GetProductsCommand).resolves({ PriceList: [JSON.stringify(product)] });
    assert.equal(provider.pricing.priceSource, 'catalog-us-east-1');
    await provider.pricing.refreshOnDemand();
    assert.equal(provider.pricing.priceSource, 'aws-pricing-api');
    assert.equal(provider.pricing.onDemandPrice('m5.large'), 0.111);
    assert.equal(provider.pricing.onDemandPrice('c5.large'), 0.085);
  });
});

describe('aws launch', () => {
  it('sends an instant fleet with lowest-price on-demand, tags as upstream and one override per type × zone', async () => {
    const { mock, provider } = setup();
    const launched = await provider.create(onDemand('a'));
    assert.match(launched.status!.providerID!, /^aws:\/\/\/eu-west-2a\/i-[0-9a-f]{17}$/);
    const input = mock.fleetInputs[0];
    assert.equal(input.Type, 'instant');
    assert.deepEqual(input.OnDemandOptions, { AllocationStrategy: 'lowest-price' });
    assert.deepEqual(input.TargetCapacitySpecification, { DefaultTargetCapacityType: 'on-demand', TotalTargetCapacity: 1 });
    const tags = Object.fromEntries(input.TagSpecifications![0].Tags!.map((t) => [t.Key, t.Value]));
    assert.deepEqual(tags, {
      'kubernetes.io/cluster/test': 'owned',
      'eks:eks-cluster-name': 'test',
      'karpenter.sh/nodepool': 'default',
      'karpenter.k8s.aws/ec2nodeclass': 'default',
      'karpenter.sh/nodeclaim': 'a',
    });
    const overrides = input.LaunchTemplateConfigs!.flatMap((c) => c.Overrides!);
    assert.deepEqual(overrides.map((o) => `${o.InstanceType}/${o.AvailabilityZone}/${o.SubnetId}/${o.ImageId}`).sort(), [
      'c5.large/eu-west-2a/subnet-0aaa/ami-0amd64',
      'm5.large/eu-west-2a/subnet-0aaa/ami-0amd64',
    ]);
    assert.equal(launched.metadata.annotations?.['karpenter.k8s.aws/ec2nodeclass-hash-version'], 'v5');
  });

  it('uses price-capacity-optimized for spot', async () => {
    const { mock, provider } = setup();
    await provider.create(nodeClaim('s'));
    assert.deepEqual(mock.fleetInputs[0].SpotOptions, { AllocationStrategy: 'price-capacity-optimized' });
  });

  it('marks ICE offerings of a partial fleet unavailable and leaves them out of the next launch', async () => {
    const { mock, provider } = setup();
    mock.nextFleet((mock.fixture('create-fleet.json') as Record<string, Partial<CreateFleetCommandOutput>>).partialIce);
    const launched = await provider.create(onDemand('a'));
    assert.equal(launched.metadata.labels?.['node.kubernetes.io/instance-type'], 'm5.large');
    assert.equal(provider.ice.isUnavailable('on-demand', 'c5.large', 'eu-west-2a'), true);
    await provider.create(onDemand('b'));
    const overrides = mock.fleetInputs[1].LaunchTemplateConfigs!.flatMap((c) => c.Overrides!);
    assert.deepEqual(
      overrides.map((o) => o.InstanceType),
      ['m5.large'],
    );
  });

  it('turns an all-ICE fleet into InsufficientCapacity with the failed offerings, and other errors into CreateError', async () => {
    const { mock, provider } = setup();
    const fleets = mock.fixture('create-fleet.json') as Record<string, Partial<CreateFleetCommandOutput>>;
    mock.nextFleet(fleets.allIce);
    await assert.rejects(
      provider.create(nodeClaim('x')),
      (error: unknown) => isInsufficientCapacityError(error) && (error as InsufficientCapacityError).offerings.length === 2,
    );
    mock.nextFleet(fleets.unauthorized);
    await assert.rejects(
      provider.create(onDemand('y')),
      (error: unknown) => error instanceof CreateError && error.conditionReason === 'UnauthorizedOperation',
    );
  });
});

describe('aws garbage collection and drift', () => {
  it('terminates instances no NodeClaim holds once the grace period has passed', async () => {
    const { mock, provider, clock } = setup();
    const kept = await provider.create(onDemand('kept'));
    const leaked = await provider.create(onDemand('leaked'));
    const claimed = new Set([kept.status!.providerID!]);
    assert.deepEqual(await collectLeakedInstances(provider, { claimedProviderIDs: claimed, now: new Date('2026-05-01T10:00:10Z') }), []);
    clock.advance(60_000);
    assert.deepEqual(await collectLeakedInstances(provider, { claimedProviderIDs: claimed, now: clock.now() }), [
      leaked.status!.providerID!,
    ]);
    assert.equal(mock.instances.get(leaked.status!.providerID!.split('/').pop()!)?.State?.Name, 'shutting-down');
  });

  it('reports AMI, security-group and subnet drift', async () => {
    const { provider, nodeClasses } = setup();
    const launched = await provider.create(onDemand('a'));
    const base = resolvedNodeClass();
    nodeClasses.set('default', { ...base, status: { ...base.status, amis: [{ id: 'ami-0new', requirements: [] }] } });
    assert.equal(await provider.isDrifted(launched), 'AMIDrift');
    nodeClasses.set('default', { ...base, status: { ...base.status, securityGroups: [{ id: 'sg-0other' }] } });
    assert.equal(await provider.isDrifted(launched), 'SecurityGroupDrift');
    nodeClasses.set('default', { ...base, status: { ...base.status, subnets: [{ id: 'subnet-0bbb', zone: 'eu-west-2b' }] } });
    assert.equal(await provider.isDrifted(launched), 'SubnetDrift');
    nodeClasses.set('default', { ...base, spec: { ...base.spec, userData: 'echo changed' } });
    assert.equal(await provider.isDrifted(launched), 'NodeClassDrift');
  });
});

describe('aws refresh and spot interruptions', () => {
  it('keeps old data when one refresh part fails and marks an interrupted spot offering unavailable', async () => {
    const { mock, provider } = setup();
    mock.pricingMock.on(GetProductsCommand).rejects(awsError('AccessDeniedException'));
    await provider.refresh();
    assert.equal(provider.pricing.priceSource, 'catalog-us-east-1');
    assert.equal(provider.pricing.hasSpotPrices, true);
    const launched = await provider.create(nodeClaim('s'));
    const id = launched.status!.providerID!.split('/').pop()!;
    await provider.markSpotInterrupted(id);
    assert.equal(
      provider.ice.isUnavailable(
        'spot',
        launched.metadata.labels!['node.kubernetes.io/instance-type'],
        launched.metadata.labels!['topology.kubernetes.io/zone'],
      ),
      true,
    );
  });
});
