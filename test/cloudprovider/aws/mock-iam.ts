/**
 * A small stateful IAM behind aws-sdk-client-mock for the instance-profile
 * tests: profiles with path, tags and roles; the SDK's own exception classes
 * for NoSuchEntity / EntityAlreadyExists / LimitExceeded. No network.
 */
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  DeleteInstanceProfileCommand,
  EntityAlreadyExistsException,
  GetInstanceProfileCommand,
  IAMClient,
  LimitExceededException,
  NoSuchEntityException,
  RemoveRoleFromInstanceProfileCommand,
  type CreateInstanceProfileCommandInput,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';

/** A profile as the fake IAM holds it. */
export interface FakeProfile {
  path: string;
  tags: Record<string, string>;
  roles: string[];
}

const $metadata = {};
const noSuchEntity = (message: string) => new NoSuchEntityException({ message, $metadata });

/** The mocked IAM client, its profiles and the roles that exist. */
export function mockIam(roles: readonly string[] = ['KarpenterNodeRole', 'NewNodeRole']) {
  const iam = new IAMClient({ region: 'eu-west-2', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' } });
  const iamMock = mockClient(iam);
  const profiles = new Map<string, FakeProfile>();
  const existingRoles = new Set(roles);
  const profileOf = (name: string | undefined): FakeProfile => {
    const profile = profiles.get(name ?? '');
    if (profile === undefined) throw noSuchEntity(`Instance Profile ${name} cannot be found.`);
    return profile;
  };

  iamMock.on(GetInstanceProfileCommand).callsFake((input: { InstanceProfileName?: string }) => {
    const profile = profileOf(input.InstanceProfileName);
    return {
      InstanceProfile: {
        InstanceProfileName: input.InstanceProfileName,
        Path: profile.path,
        Roles: profile.roles.map((RoleName) => ({ RoleName })),
        Tags: Object.entries(profile.tags).map(([Key, Value]) => ({ Key, Value })),
      },
    };
  });
  iamMock.on(CreateInstanceProfileCommand).callsFake((input: CreateInstanceProfileCommandInput) => {
    const name = input.InstanceProfileName ?? '';
    if (profiles.has(name)) throw new EntityAlreadyExistsException({ message: `Instance Profile ${name} already exists.`, $metadata });
    profiles.set(name, {
      path: input.Path ?? '/',
      tags: Object.fromEntries((input.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
      roles: [],
    });
    return { InstanceProfile: { InstanceProfileName: name, Path: input.Path, Roles: [] } };
  });
  iamMock.on(AddRoleToInstanceProfileCommand).callsFake((input: { InstanceProfileName?: string; RoleName?: string }) => {
    const profile = profileOf(input.InstanceProfileName);
    if (!existingRoles.has(input.RoleName ?? '')) throw noSuchEntity(`The role with name ${input.RoleName} cannot be found.`);
    if (profile.roles.length > 0)
      throw new LimitExceededException({ message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1', $metadata });
    profile.roles.push(input.RoleName ?? '');
    return {};
  });
  iamMock.on(RemoveRoleFromInstanceProfileCommand).callsFake((input: { InstanceProfileName?: string; RoleName?: string }) => {
    const profile = profileOf(input.InstanceProfileName);
    if (!profile.roles.includes(input.RoleName ?? '')) throw noSuchEntity(`The role with name ${input.RoleName} cannot be found.`);
    profile.roles = profile.roles.filter((role) => role !== input.RoleName);
    return {};
  });
  iamMock.on(DeleteInstanceProfileCommand).callsFake((input: { InstanceProfileName?: string }) => {
    profileOf(input.InstanceProfileName);
    profiles.delete(input.InstanceProfileName ?? '');
    return {};
  });
  return { iam, iamMock, profiles };
}
