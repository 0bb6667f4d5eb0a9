import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateLaunchTemplateCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  DeleteInstanceProfileCommand,
  GetInstanceProfileCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { EC2NodeClass } from '../../../src/apis/ec2nodeclass.js';
import {
  AwsCloudProvider,
  INSTANCE_PROFILE_RECHECK_MS,
  InstanceProfiles,
  fnv1a64,
  InstanceProfileError,
  isInstanceProfileNotFoundError,
  managedInstanceProfileName,
  resolveNodeClassStatus,
  roleNameOf,
} from '../../../src/cloudprovider/aws/index.js';
import { FakeClock } from '../../../src/testing/fake-clock.js';
import { ec2NodeClass, nodeClaim } from '../builders.js';
import { awsError, mockEc2 } from './mock-ec2.js';
import { mockIam } from './mock-iam.js';
import { resolvedNodeClass } from './nodeclasses.js';

const scope = { region: 'eu-west-2', clusterName: 'prod' };

function setup(options: { roles?: string[] } = {}) {
  const { iam, iamMock, profiles } = mockIam(options.roles);
  let time = Date.parse('2026-05-01T10:00:00Z');
  const logs: Array<{ level: string; fields: object; message: string }> = [];
  const log = (level: string) => (fields: object, message: string) => void logs.push({ level, fields, message });
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const manager = new InstanceProfiles({ ...scope, iam, now: () => new Date(time), logger });
  const advance = (ms: number) => void (time += ms);
  return { iam, iamMock, profiles, manager, advance, logs };
}

function nodeClass(name = 'default', spec: Partial<EC2NodeClass['spec']> = {}): EC2NodeClass {
  const base = ec2NodeClass(name, 'none');
  return { ...base, metadata: { ...base.metadata, uid: `uid-${name}` }, spec: { ...base.spec, ...spec } };
}

function statusDeps(manager: InstanceProfiles | undefined) {
  const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' };
  const ec2 = new EC2Client({ region: 'eu-west-2', credentials });
  const ssm = new SSMClient({ region: 'eu-west-2', credentials });
  mockClient(ec2)
    .on(DescribeSubnetsCommand)
    .resolves({ Subnets: [{ SubnetId: 'subnet-0a', AvailabilityZone: 'eu-west-2a', AvailableIpAddressCount: 10 }] })
    .on(DescribeSecurityGroupsCommand)
    .resolves({ SecurityGroups: [{ GroupId: 'sg-0nodes' }] });
  mockClient(ssm)
    .on(GetParameterCommand)
    .resolves({ Parameter: { Value: 'ami-0x86' } });
  return {
    ec2,
    ssm,
    now: () => new Date('2026-05-01T10:00:00Z'),
    kubernetesVersion: '1.33',
    ...(manager === undefined ? {} : { instanceProfiles: manager }),
  };
}

/** A GetInstanceProfile answer. */
const answer = (name: string, roles: string[]) => ({
  InstanceProfile: {
    InstanceProfileName: name,
    Path: '/',
    InstanceProfileId: 'AIPAEXAMPLE',
    Arn: `arn:aws:iam::111122223333:instance-profile/${name}`,
    CreateDate: new Date(0),
    Roles: roles.map((RoleName) => ({
      RoleName,
      Path: '/',
      RoleId: 'AROAEXAMPLE',
      Arn: `arn:aws:iam::111122223333:role/${RoleName}`,
      CreateDate: new Date(0),
    })),
  },
});
const condition = (status: Awaited<ReturnType<typeof resolveNodeClassStatus>>, type: string) =>
  status.conditions?.find((c) => c.type === type);
const calls = (mock: ReturnType<typeof mockIam>['iamMock']) =>
  mock.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, ''));

describe('managed instance profile names', () => {
  it('are <cluster>_<FNV-1a 64 of region/cluster/nodeclass>, stable and distinct per region and nodeclass', () => {
    assert.equal(fnv1a64(''), '14695981039346656037');
    assert.equal(fnv1a64('a'), '12638187200555641996');
    const name = managedInstanceProfileName(scope, 'default');
    assert.equal(name, `prod_${fnv1a64('eu-west-2/prod/default')}`);
    assert.match(name, /^prod_\d{1,20}$/);
    assert.equal(managedInstanceProfileName(scope, 'default'), name);
    assert.notEqual(managedInstanceProfileName({ ...scope, region: 'us-east-1' }, 'default'), name);
    assert.notEqual(managedInstanceProfileName(scope, 'gpu'), name);
    assert.equal(roleNameOf('/team/KarpenterNodeRole'), 'KarpenterNodeRole');
  });
});

describe('InstanceProfiles.ensure', () => {
  it('creates the profile under a scoped path with ownership tags, then adds the role', async () => {
    const { manager, iamMock, profiles } = setup();
    const name = await manager.ensure(nodeClass('default', { tags: { team: 'a' } }));
    assert.equal(name, managedInstanceProfileName(scope, 'default'));
    assert.deepEqual(calls(iamMock), ['GetInstanceProfile', 'CreateInstanceProfile', 'AddRoleToInstanceProfile']);
    assert.deepEqual(profiles.get(name), {
      path: '/karpenter/eu-west-2/prod/uid-default/',
      tags: {
        team: 'a',
        'kubernetes.io/cluster/prod': 'owned',
        'eks:eks-cluster-name': 'prod',
        'karpenter.k8s.aws/ec2nodeclass': 'default',
        'topology.kubernetes.io/region': 'eu-west-2',
      },
      roles: ['KarpenterNodeRole'],
    });
  });

  it('reuses a profile that already exists with the role, and one created concurrently', async () => {
    const { manager, iamMock, profiles } = setup();
    const name = managedInstanceProfileName(scope, 'default');
    profiles.set(name, { path: '/karpenter/eu-west-2/prod/old-uid/', tags: {}, roles: ['KarpenterNodeRole'] });
    assert.equal(await manager.ensure(nodeClass()), name);
    assert.deepEqual(calls(iamMock), ['GetInstanceProfile']);

    const raced = setup();
    raced.iamMock.on(GetInstanceProfileCommand).rejectsOnce(awsError('NoSuchEntity')).resolvesOnce(answer(name, []));
    raced.iamMock.on(CreateInstanceProfileCommand).rejects(awsError('EntityAlreadyExistsException'));
    raced.iamMock.on(AddRoleToInstanceProfileCommand).resolves({});
    assert.equal(await raced.manager.ensure(nodeClass()), name);
    assert.deepEqual(calls(raced.iamMock), [
      'GetInstanceProfile',
      'CreateInstanceProfile',
      'GetInstanceProfile',
      'AddRoleToInstanceProfile',
    ]);
  });

  it('swaps roles when spec.role changes: the old role is removed first, also within the cache window', async () => {
    const { manager, iamMock, profiles } = setup();
    const name = managedInstanceProfileName(scope, 'default');
    profiles.set(name, { path: '/', tags: {}, roles: ['KarpenterNodeRole'] });
    await manager.ensure(nodeClass('default', { role: 'NewNodeRole' }));
    assert.deepEqual(calls(iamMock), ['GetInstanceProfile', 'RemoveRoleFromInstanceProfile', 'AddRoleToInstanceProfile']);
    assert.deepEqual(profiles.get(name)?.roles, ['NewNodeRole']);
    iamMock.resetHistory();
    await manager.ensure(nodeClass('default', { role: 'arn-path/KarpenterNodeRole' }));
    assert.deepEqual(calls(iamMock), ['RemoveRoleFromInstanceProfile', 'AddRoleToInstanceProfile']);
    assert.deepEqual(profiles.get(name)?.roles, ['KarpenterNodeRole']);
  });

  it('re-checks existence only after 15 minutes', async () => {
    const { manager, iamMock, advance } = setup();
    await manager.ensure(nodeClass());
    iamMock.resetHistory();
    advance(INSTANCE_PROFILE_RECHECK_MS - 1);
    await manager.ensure(nodeClass());
    assert.deepEqual(calls(iamMock), []);
    advance(1);
    await manager.ensure(nodeClass());
    assert.deepEqual(calls(iamMock), ['GetInstanceProfile']);
    iamMock.resetHistory();
    await manager.ensure(nodeClass());
    assert.deepEqual(calls(iamMock), []);
  });

  it('recreates a profile deleted behind its back at the next re-check', async () => {
    const { manager, profiles, advance } = setup();
    const name = await manager.ensure(nodeClass());
    profiles.delete(name);
    advance(INSTANCE_PROFILE_RECHECK_MS);
    await manager.ensure(nodeClass());
    assert.deepEqual(profiles.get(name)?.roles, ['KarpenterNodeRole']);
  });

  it('treats LimitExceeded for a role that is already attached as success', async () => {
    const { manager, iamMock, profiles } = setup();
    const name = managedInstanceProfileName(scope, 'default');
    profiles.set(name, { path: '/', tags: {}, roles: ['KarpenterNodeRole'] });
    iamMock
      .on(GetInstanceProfileCommand)
      .resolvesOnce(answer(name, []))
      .resolves(answer(name, ['KarpenterNodeRole']));
    iamMock.on(AddRoleToInstanceProfileCommand).rejects(awsError('LimitExceededException'));
    assert.equal(await manager.ensure(nodeClass()), name);
    assert.deepEqual(calls(iamMock), ['GetInstanceProfile', 'AddRoleToInstanceProfile', 'GetInstanceProfile']);
  });

  it('throws typed errors naming the nodeclass and role, without credentials', async () => {
    const { manager, iamMock, logs } = setup({ roles: [] });
    await assert.rejects(manager.ensure(nodeClass('gpu')), (error: unknown) => {
      assert.ok(error instanceof InstanceProfileError);
      assert.equal(error.reason, 'InstanceProfileRoleNotFound');
      assert.match(error.message, /nodeclass gpu/);
      assert.match(error.message, /role KarpenterNodeRole/);
      assert.match(error.message, /cannot be found/);
      return true;
    });
    iamMock
      .on(CreateInstanceProfileCommand)
      .rejects(awsError('AccessDenied', 'User is not authorized to perform iam:CreateInstanceProfile'));
    await assert.rejects(
      manager.ensure(nodeClass('other')),
      (error: unknown) =>
        error instanceof InstanceProfileError && error.reason === 'InstanceProfileCreationFailed' && error.code === 'AccessDenied',
    );
    assert.ok(!JSON.stringify(logs).includes('not-a-secret'));
  });
});

describe('InstanceProfiles.delete', () => {
  it('removes the role and deletes the managed profile; a profile already gone is fine', async () => {
    const { manager, iamMock, profiles } = setup();
    const name = await manager.ensure(nodeClass());
    iamMock.resetHistory();
    assert.equal(await manager.delete(nodeClass()), true);
    assert.deepEqual(calls(iamMock), ['GetInstanceProfile', 'RemoveRoleFromInstanceProfile', 'DeleteInstanceProfile']);
    assert.equal(profiles.has(name), false);
    assert.equal(await manager.delete(nodeClass()), false);
  });

  it('tolerates NoSuchEntity from RemoveRole and DeleteInstanceProfile (concurrent deletion) and reports other failures', async () => {
    const { manager, iamMock } = setup();
    const name = managedInstanceProfileName(scope, 'default');
    iamMock.on(GetInstanceProfileCommand).resolves(answer(name, ['KarpenterNodeRole']));
    iamMock.on(RemoveRoleFromInstanceProfileCommand).rejects(awsError('NoSuchEntity'));
    iamMock.on(DeleteInstanceProfileCommand).rejects(awsError('NoSuchEntityException'));
    assert.equal(await manager.delete(nodeClass()), false);
    iamMock
      .on(DeleteInstanceProfileCommand)
      .rejects(awsError('DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.'));
    await assert.rejects(
      manager.delete(nodeClass()),
      (error: unknown) =>
        error instanceof InstanceProfileError &&
        error.reason === 'InstanceProfileDeletionFailed' &&
        /nodeclass default/.test(error.message),
    );
  });
});

describe('resolveNodeClassStatus with instance profiles', () => {
  it('spec.role: status.instanceProfile is the managed profile and InstanceProfileReady is True', async () => {
    const { manager } = setup();
    const status = await resolveNodeClassStatus(statusDeps(manager), nodeClass());
    assert.equal(status.instanceProfile, managedInstanceProfileName(scope, 'default'));
    assert.deepEqual([condition(status, 'InstanceProfileReady')?.status, condition(status, 'Ready')?.status], ['True', 'True']);
  });

  it('spec.role: an IAM failure makes InstanceProfileReady False with the reason, and the NodeClass not Ready', async () => {
    const { manager, iamMock } = setup();
    iamMock.on(CreateInstanceProfileCommand).rejects(awsError('AccessDenied', 'not authorized'));
    const status = await resolveNodeClassStatus(statusDeps(manager), nodeClass());
    const profile = condition(status, 'InstanceProfileReady');
    assert.deepEqual([profile?.status, profile?.reason], ['False', 'InstanceProfileCreationFailed']);
    assert.match(profile?.message ?? '', /nodeclass default \(role KarpenterNodeRole\).*AccessDenied: not authorized/);
    assert.deepEqual([condition(status, 'Ready')?.status, condition(status, 'Ready')?.reason], ['False', 'InstanceProfileCreationFailed']);
    assert.equal(status.instanceProfile, undefined);
  });

  it('spec.instanceProfile: verified with GetInstanceProfile; InstanceProfileNotFound when it does not exist', async () => {
    const { manager, iamMock, profiles } = setup();
    const missing = await resolveNodeClassStatus(
      statusDeps(manager),
      nodeClass('default', { role: undefined, instanceProfile: 'NodeProfile' }),
    );
    assert.deepEqual(
      [condition(missing, 'InstanceProfileReady')?.status, condition(missing, 'InstanceProfileReady')?.reason],
      ['False', 'InstanceProfileNotFound'],
    );
    assert.match(condition(missing, 'InstanceProfileReady')?.message ?? '', /NodeProfile.*nodeclass default does not exist/);
    profiles.set('NodeProfile', { path: '/', tags: {}, roles: ['KarpenterNodeRole'] });
    const found = await resolveNodeClassStatus(
      statusDeps(manager),
      nodeClass('default', { role: undefined, instanceProfile: 'NodeProfile' }),
    );
    assert.deepEqual([found.instanceProfile, condition(found, 'InstanceProfileReady')?.status], ['NodeProfile', 'True']);
    assert.equal(iamMock.commandCalls(GetInstanceProfileCommand).length, 2);
    await resolveNodeClassStatus(statusDeps(manager), nodeClass('default', { role: undefined, instanceProfile: 'NodeProfile' }));
    assert.equal(iamMock.commandCalls(GetInstanceProfileCommand).length, 2, 'a verified profile is cached');
    assert.ok(!isInstanceProfileNotFoundError(new Error('x')));
  });

  it('spec.instanceProfile: an IAM that cannot answer (private cluster, no permission) keeps it trusted and logs why', async () => {
    const { manager, iamMock, logs } = setup();
    iamMock.on(GetInstanceProfileCommand).rejects(awsError('AccessDenied', 'not authorized to perform iam:GetInstanceProfile'));
    const status = await resolveNodeClassStatus(
      statusDeps(manager),
      nodeClass('default', { role: undefined, instanceProfile: 'NodeProfile' }),
    );
    assert.deepEqual([status.instanceProfile, condition(status, 'InstanceProfileReady')?.status], ['NodeProfile', 'True']);
    assert.deepEqual(
      logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message),
      ['could not verify instance profile; trusting spec.instanceProfile'],
    );
  });

  it('without a manager: spec.instanceProfile is trusted and spec.role stays InstanceProfileNotManaged', async () => {
    const trusted = await resolveNodeClassStatus(
      statusDeps(undefined),
      nodeClass('default', { role: undefined, instanceProfile: 'NodeProfile' }),
    );
    assert.deepEqual([trusted.instanceProfile, condition(trusted, 'InstanceProfileReady')?.status], ['NodeProfile', 'True']);
    const role = await resolveNodeClassStatus(statusDeps(undefined), nodeClass());
    assert.equal(condition(role, 'InstanceProfileReady')?.reason, 'InstanceProfileNotManaged');
  });

  it('launches a spec.role NodeClass with its managed profile in the launch template', async () => {
    const { manager } = setup();
    const base = resolvedNodeClass();
    const roleClass: EC2NodeClass = { ...base, spec: { ...base.spec, role: 'KarpenterNodeRole', instanceProfile: undefined } };
    const status = await resolveNodeClassStatus(statusDeps(manager), roleClass);
    const launchable: EC2NodeClass = { ...roleClass, status: { ...roleClass.status, instanceProfile: status.instanceProfile } };
    const mock = mockEc2();
    const provider = new AwsCloudProvider(
      {
        clients: { ec2: mock.ec2, pricing: mock.pricing },
        nodeClasses: () => launchable,
        clock: new FakeClock(new Date('2026-05-01T10:00:00Z')),
      },
      { region: 'eu-west-2', cluster: { name: 'prod', endpoint: 'https://example.eks.amazonaws.com' } },
    );
    await provider.create(nodeClaim('a', { requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }] }));
    const template = mock.ec2Mock.commandCalls(CreateLaunchTemplateCommand)[0]?.args[0].input.LaunchTemplateData;
    assert.equal(template?.IamInstanceProfile?.Name, managedInstanceProfileName(scope, 'default'));
  });
});
