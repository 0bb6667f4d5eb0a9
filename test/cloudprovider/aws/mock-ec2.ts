/**
 * A small stateful EC2 behind aws-sdk-client-mock for the AWS provider tests:
 * paginated describe fixtures, CreateFleet that launches the first override
 * (or answers a canned response), DescribeInstances / TerminateInstances over
 * an in-memory instance table. No network.
 */
import { readFileSync } from 'node:fs';
import {
  CreateFleetCommand,
  CreateLaunchTemplateCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeInstanceTypesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSpotPriceHistoryCommand,
  EC2Client,
  TerminateInstancesCommand,
  type CreateFleetCommandInput,
  type CreateFleetCommandOutput,
  type Instance,
} from '@aws-sdk/client-ec2';
import { PricingClient, GetProductsCommand } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/aws/${name}`, import.meta.url), 'utf8'));

/** Fixture pages, served by NextToken. */
function pager<T extends { NextToken?: string }>(pages: T[]): (input: { NextToken?: string }) => T {
  return (input) => {
    const index = input.NextToken === undefined ? 0 : pages.findIndex((_, i) => pages[i - 1]?.NextToken === input.NextToken);
    return pages[Math.max(0, index)];
  };
}

/** An AWS SDK-style error with a code. */
export function awsError(code: string, message = code): Error {
  return Object.assign(new Error(message), { name: code, $metadata: {} });
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

/** The mocked clients plus the instance table they share. */
export function mockEc2(options: { clusterName?: string } = {}) {
  const ec2 = new EC2Client({ region: 'eu-west-2', credentials });
  const pricing = new PricingClient({ region: 'eu-central-1', credentials });
  const ec2Mock = mockClient(ec2);
  const pricingMock = mockClient(pricing);
  const instances = new Map<string, Instance>();
  const fleetInputs: CreateFleetCommandInput[] = [];
  const cannedFleet: Array<Partial<CreateFleetCommandOutput>> = [];
  let sequence = 0;

  ec2Mock.on(DescribeInstanceTypesCommand).callsFake(pager(fixture('describe-instance-types.pages.json') as never[]));
  ec2Mock.on(DescribeInstanceTypeOfferingsCommand).callsFake(pager(fixture('describe-instance-type-offerings.pages.json') as never[]));
  ec2Mock.on(DescribeSpotPriceHistoryCommand).callsFake(pager(fixture('describe-spot-price-history.pages.json') as never[]));
  ec2Mock.on(DescribeLaunchTemplatesCommand).rejects(awsError('InvalidLaunchTemplateName.NotFoundException'));
  ec2Mock.on(CreateLaunchTemplateCommand).resolves({ LaunchTemplate: { LaunchTemplateId: 'lt-0123' } });
  pricingMock.on(GetProductsCommand).resolves({ PriceList: [] });

  ec2Mock.on(CreateFleetCommand).callsFake((input: CreateFleetCommandInput) => {
    fleetInputs.push(input);
    const canned = cannedFleet.shift();
    if (canned !== undefined) return canned;
    const overrides = (input.LaunchTemplateConfigs ?? [])
      .flatMap((config) => config.Overrides ?? [])
      .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
    const chosen = overrides[0];
    const id = `i-${(++sequence).toString(16).padStart(17, '0')}`;
    const spot = input.TargetCapacitySpecification?.DefaultTargetCapacityType === 'spot';
    const tags = (input.TagSpecifications ?? []).find((spec) => spec.ResourceType === 'instance')?.Tags ?? [];
    instances.set(id, {
      InstanceId: id,
      InstanceType: chosen.InstanceType,
      ImageId: chosen.ImageId,
      SubnetId: chosen.SubnetId,
      Placement: { AvailabilityZone: chosen.AvailabilityZone },
      State: { Name: 'pending', Code: 0 },
      LaunchTime: new Date('2026-05-01T10:00:00Z'),
      Tags: tags,
      SecurityGroups: [{ GroupId: 'sg-0nodes' }],
      ...(spot ? { InstanceLifecycle: 'spot', SpotInstanceRequestId: `sir-${id}` } : {}),
    });
    return {
      FleetId: 'fleet-1',
      Errors: [],
      Instances: [
        {
          InstanceIds: [id],
          InstanceType: chosen.InstanceType,
          Lifecycle: spot ? 'spot' : 'on-demand',
          LaunchTemplateAndOverrides: { Overrides: chosen },
        },
      ],
    };
  });

  ec2Mock
    .on(DescribeInstancesCommand)
    .callsFake((input: { InstanceIds?: string[]; Filters?: Array<{ Name?: string; Values?: string[] }> }) => {
      const states = input.Filters?.find((f) => f.Name === 'instance-state-name')?.Values;
      const cluster = input.Filters?.find((f) => f.Name === 'tag:eks:eks-cluster-name')?.Values?.[0];
      const found = [...instances.values()].filter(
        (i) =>
          (input.InstanceIds === undefined || input.InstanceIds.includes(i.InstanceId!)) &&
          (states === undefined || states.includes(i.State!.Name!)) &&
          (cluster === undefined || i.Tags?.some((t) => t.Key === 'eks:eks-cluster-name' && t.Value === cluster)),
      );
      if (input.InstanceIds?.some((id) => !instances.has(id)))
        throw awsError('InvalidInstanceID.NotFound', `The instance ID '${input.InstanceIds.join(',')}' does not exist`);
      return { Reservations: found.length === 0 ? [] : [{ Instances: found }] };
    });

  ec2Mock.on(TerminateInstancesCommand).callsFake((input: { InstanceIds?: string[] }) => {
    for (const id of input.InstanceIds ?? []) {
      const instance = instances.get(id);
      if (instance === undefined) throw awsError('InvalidInstanceID.NotFound');
      if (instance.State?.Name !== 'terminated') instance.State = { Name: 'shutting-down', Code: 32 };
    }
    return { TerminatingInstances: (input.InstanceIds ?? []).map((InstanceId) => ({ InstanceId })) };
  });

  return {
    ec2,
    pricing,
    ec2Mock,
    pricingMock,
    instances,
    fleetInputs,
    /** Answers the next CreateFleet with a canned response. */
    nextFleet: (output: Partial<CreateFleetCommandOutput>) => void cannedFleet.push(output),
    /** Moves every shutting-down instance to terminated. */
    settle: () => {
      for (const i of instances.values()) if (i.State?.Name === 'shutting-down') i.State = { Name: 'terminated', Code: 48 };
    },
    fixture,
    clusterName: options.clusterName ?? 'test',
  };
}
