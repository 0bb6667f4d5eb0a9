import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeImagesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { resolveNodeClassStatus } from '../../../src/cloudprovider/aws/index.js';
import { ec2NodeClass } from '../builders.js';
import { awsError } from './mock-ec2.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };

function setup() {
  const ec2 = new EC2Client({ region: 'eu-west-2', credentials });
  const ssm = new SSMClient({ region: 'eu-west-2', credentials });
  const ec2Mock = mockClient(ec2);
  const ssmMock = mockClient(ssm);
  ec2Mock.on(DescribeSubnetsCommand).resolves({
    Subnets: [
      { SubnetId: 'subnet-0small', AvailabilityZone: 'eu-west-2a', AvailabilityZoneId: 'euw2-az2', AvailableIpAddressCount: 10 },
      { SubnetId: 'subnet-0big', AvailabilityZone: 'eu-west-2b', AvailabilityZoneId: 'euw2-az3', AvailableIpAddressCount: 4000 },
    ],
  });
  ec2Mock.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0nodes', GroupName: 'nodes' }] });
  ssmMock.on(GetParameterCommand).callsFake((input: { Name: string }) => {
    if (input.Name.includes('/neuron/') || input.Name.includes('arm64/nvidia')) throw awsError('ParameterNotFound');
    return {
      Parameter: {
        Name: input.Name,
        Value: `ami-${input.Name.includes('arm64') ? 'arm' : 'x86'}${input.Name.includes('nvidia') ? 'gpu' : ''}`,
      },
    };
  });
  const deps = { ec2, ssm, now: () => new Date('2026-05-01T10:00:00Z'), kubernetesVersion: '1.33' };
  return { ec2Mock, ssmMock, deps };
}

describe('resolveNodeClassStatus', () => {
  it('resolves subnets by tags (most free IPs first), groups and al2023@latest through SSM', async () => {
    const { ec2Mock, ssmMock, deps } = setup();
    const nodeClass = ec2NodeClass('default', 'none');
    nodeClass.spec.instanceProfile = 'NodeProfile';
    const status = await resolveNodeClassStatus(deps, nodeClass);
    assert.deepEqual(
      status.subnets?.map((s) => s.id),
      ['subnet-0big', 'subnet-0small'],
    );
    assert.deepEqual(ec2Mock.commandCalls(DescribeSubnetsCommand)[0].args[0].input.Filters, [
      { Name: 'tag:karpenter.sh/discovery', Values: ['test'] },
    ]);
    assert.deepEqual(status.securityGroups, [{ id: 'sg-0nodes', name: 'nodes' }]);
    assert.deepEqual(
      status.amis?.map((a) => a.id),
      ['ami-x86', 'ami-arm', 'ami-x86gpu'],
    );
    assert.ok(
      ssmMock
        .commandCalls(GetParameterCommand)
        .some((c) => c.args[0].input.Name === '/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id'),
    );
    assert.equal(status.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  });

  it('is not Ready, with the reason, when nothing matches or the instance profile is unmanaged', async () => {
    const { ec2Mock, deps } = setup();
    ec2Mock.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    const status = await resolveNodeClassStatus(deps, ec2NodeClass('default', 'none'));
    const ready = status.conditions?.find((c) => c.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason], ['False', 'SubnetsNotFound']);
    assert.equal(status.conditions?.find((c) => c.type === 'InstanceProfileReady')?.reason, 'InstanceProfileNotManaged');
  });

  it('resolves AMI selector terms with DescribeImages, newest first', async () => {
    const { ec2Mock, deps } = setup();
    ec2Mock.on(DescribeImagesCommand).resolves({
      Images: [
        { ImageId: 'ami-0old', Name: 'custom-1', CreationDate: '2026-01-01T00:00:00.000Z', Architecture: 'x86_64' },
        { ImageId: 'ami-0new', Name: 'custom-2', CreationDate: '2026-04-01T00:00:00.000Z', Architecture: 'arm64' },
      ],
    });
    const nodeClass = ec2NodeClass('default', 'none');
    nodeClass.spec.amiSelectorTerms = [{ name: 'custom-*' }];
    nodeClass.spec.amiFamily = 'AL2023';
    const status = await resolveNodeClassStatus(deps, nodeClass);
    assert.deepEqual(
      status.amis?.map((a) => [a.id, a.requirements[0].values?.[0]]),
      [
        ['ami-0new', 'arm64'],
        ['ami-0old', 'amd64'],
      ],
    );
    assert.deepEqual(ec2Mock.commandCalls(DescribeImagesCommand)[0].args[0].input.Owners, ['self', 'amazon']);
  });
});
