/**
 * Resolves an EC2NodeClass into its status (https://karpenter.sh/docs/concepts/nodeclasses/):
 * subnets and security groups by ids, names or tags; AMIs through the public
 * SSM parameters for an alias or `DescribeImages` for selector terms; the
 * instance profile (managed through IAM when configured, see
 * instance-profile-status.ts); and a `Ready` condition with the reason when something
 * does not resolve.
 */
import {
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  type EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { NodeSelectorRequirement } from '../../apis/core-v1.js';
import type { EC2NodeClass, EC2NodeClassStatus } from '../../apis/ec2nodeclass.js';
import type { Condition } from '../../apis/object-meta.js';
import { awsErrorCode } from './errors.js';
import { checkInstanceProfile } from './instance-profile-status.js';
import type { InstanceProfileManager } from './instance-profiles.js';
import { aliasParameters } from './ssm-aliases.js';

/** What resolution needs. */
export interface NodeClassResolverDeps {
  readonly ec2: EC2Client;
  readonly ssm: SSMClient;
  readonly now: () => Date;
  /** The cluster's Kubernetes minor version, e.g. `1.33` (for alias AMIs). */
  readonly kubernetesVersion: string;
  /** IAM instance-profile management; without it `spec.role` is not Ready and `spec.instanceProfile` is not checked. */
  readonly instanceProfiles?: InstanceProfileManager;
}

function tagFilters(tags: Record<string, string>): Filter[] {
  return Object.entries(tags).map(([key, value]) =>
    value === '*' ? { Name: 'tag-key', Values: [key] } : { Name: `tag:${key}`, Values: [value] },
  );
}

/** Subnets matching any term, most available IPs first. */
export async function resolveSubnets(
  deps: NodeClassResolverDeps,
  nodeClass: EC2NodeClass,
): Promise<NonNullable<EC2NodeClassStatus['subnets']>> {
  const terms = nodeClass.spec.subnetSelectorTerms;
  const ids = terms.flatMap((term) => (term.id === undefined ? [] : [term.id]));
  const filterSets: Filter[][] = [
    ...(ids.length > 0 ? [[{ Name: 'subnet-id', Values: ids }]] : []),
    ...terms.filter((term) => term.tags !== undefined).map((term) => tagFilters(term.tags!)),
  ];
  const found = new Map<string, { id: string; zone: string; zoneID?: string; free: number }>();
  for (const Filters of filterSets) {
    const response = await deps.ec2.send(new DescribeSubnetsCommand({ Filters }));
    for (const subnet of response.Subnets ?? []) {
      if (subnet.SubnetId === undefined || subnet.AvailabilityZone === undefined) continue;
      found.set(subnet.SubnetId, {
        id: subnet.SubnetId,
        zone: subnet.AvailabilityZone,
        zoneID: subnet.AvailabilityZoneId,
        free: subnet.AvailableIpAddressCount ?? 0,
      });
    }
  }
  return [...found.values()]
    .sort((a, b) => b.free - a.free || a.id.localeCompare(b.id))
    .map(({ id, zone, zoneID }) => ({ id, zone, ...(zoneID === undefined ? {} : { zoneID }) }));
}

/** Security groups matching any term. */
export async function resolveSecurityGroups(
  deps: NodeClassResolverDeps,
  nodeClass: EC2NodeClass,
): Promise<NonNullable<EC2NodeClassStatus['securityGroups']>> {
  const found = new Map<string, { id: string; name?: string }>();
  for (const term of nodeClass.spec.securityGroupSelectorTerms) {
    const Filters: Filter[] =
      term.id !== undefined
        ? [{ Name: 'group-id', Values: [term.id] }]
        : term.name !== undefined
          ? [{ Name: 'group-name', Values: [term.name] }]
          : tagFilters(term.tags ?? {});
    const response = await deps.ec2.send(new DescribeSecurityGroupsCommand({ Filters }));
    for (const group of response.SecurityGroups ?? [])
      if (group.GroupId !== undefined)
        found.set(group.GroupId, { id: group.GroupId, ...(group.GroupName === undefined ? {} : { name: group.GroupName }) });
  }
  return [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
}

type Ami = NonNullable<EC2NodeClassStatus['amis']>[number];

async function aliasAmis(deps: NodeClassResolverDeps, alias: string): Promise<Ami[]> {
  const amis: Ami[] = [];
  for (const parameter of aliasParameters(alias, deps.kubernetesVersion)) {
    try {
      const response = await deps.ssm.send(new GetParameterCommand({ Name: parameter.name }));
      const id = response.Parameter?.Value;
      if (id !== undefined) amis.push({ id, name: parameter.name, requirements: parameter.requirements });
    } catch (error) {
      if (awsErrorCode(error) !== 'ParameterNotFound') throw error;
    }
  }
  return amis;
}

async function selectorAmis(deps: NodeClassResolverDeps, nodeClass: EC2NodeClass): Promise<Ami[]> {
  const images = new Map<string, { id: string; name?: string; created: string; arch: string; deprecated: boolean }>();
  for (const term of nodeClass.spec.amiSelectorTerms) {
    const Filters: Filter[] = [
      { Name: 'state', Values: ['available'] },
      ...(term.id !== undefined ? [{ Name: 'image-id', Values: [term.id] }] : []),
      ...(term.name !== undefined ? [{ Name: 'name', Values: [term.name] }] : []),
      ...tagFilters(term.tags ?? {}),
    ];
    const Owners =
      term.owner !== undefined ? [term.owner] : term.name !== undefined && term.id === undefined ? ['self', 'amazon'] : undefined;
    const response = await deps.ec2.send(new DescribeImagesCommand({ Filters, ...(Owners === undefined ? {} : { Owners }) }));
    for (const image of response.Images ?? []) {
      if (image.ImageId === undefined) continue;
      const deprecated = image.DeprecationTime !== undefined && new Date(image.DeprecationTime).getTime() <= deps.now().getTime();
      images.set(image.ImageId, {
        id: image.ImageId,
        name: image.Name,
        created: image.CreationDate ?? '',
        arch: image.Architecture === 'arm64' ? 'arm64' : 'amd64',
        deprecated,
      });
    }
  }
  return [...images.values()]
    .sort((a, b) => b.created.localeCompare(a.created) || a.id.localeCompare(b.id))
    .map((image) => ({
      id: image.id,
      ...(image.name === undefined ? {} : { name: image.name }),
      ...(image.deprecated ? { deprecated: true } : {}),
      requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: [image.arch] } satisfies NodeSelectorRequirement],
    }));
}

/** The AMIs a NodeClass resolves to. */
export async function resolveAmis(deps: NodeClassResolverDeps, nodeClass: EC2NodeClass): Promise<Ami[]> {
  const alias = nodeClass.spec.amiSelectorTerms.find((term) => term.alias !== undefined)?.alias;
  return alias !== undefined ? aliasAmis(deps, alias) : selectorAmis(deps, nodeClass);
}

function condition(
  type: string,
  ok: boolean,
  reason: string,
  message: string | undefined,
  now: Date,
  generation: number | undefined,
): Condition {
  return {
    type,
    status: ok ? 'True' : 'False',
    reason,
    ...(message === undefined ? {} : { message }),
    lastTransitionTime: now.toISOString(),
    ...(generation === undefined ? {} : { observedGeneration: generation }),
  };
}

/** The full status with conditions; EC2/SSM failures propagate (the caller requeues), IAM failures become an InstanceProfileReady reason. */
export async function resolveNodeClassStatus(deps: NodeClassResolverDeps, nodeClass: EC2NodeClass): Promise<EC2NodeClassStatus> {
  const [subnets, securityGroups, amis, profile] = await Promise.all([
    resolveSubnets(deps, nodeClass),
    resolveSecurityGroups(deps, nodeClass),
    resolveAmis(deps, nodeClass),
    checkInstanceProfile(deps.instanceProfiles, nodeClass),
  ]);
  const now = deps.now();
  const gen = nodeClass.metadata.generation;
  const checks: Array<[string, boolean, string, string]> = [
    ['SubnetsReady', subnets.length > 0, 'SubnetsNotFound', 'no subnet matches subnetSelectorTerms'],
    ['SecurityGroupsReady', securityGroups.length > 0, 'SecurityGroupsNotFound', 'no security group matches securityGroupSelectorTerms'],
    ['AMIsReady', amis.length > 0, 'AMINotFound', 'no AMI matches amiSelectorTerms'],
    ['InstanceProfileReady', profile.ok, profile.ok ? '' : profile.reason, profile.ok ? '' : profile.message],
  ];
  const conditions = checks.map(([type, ok, reason, message]) =>
    condition(type, ok, ok ? type : reason, ok ? undefined : message, now, gen),
  );
  conditions.push(condition('ValidationSucceeded', true, 'DryRunDisabled', undefined, now, gen));
  const failing = conditions.filter((c) => c.status !== 'True');
  conditions.push(
    condition(
      'Ready',
      failing.length === 0,
      failing.length === 0 ? 'Ready' : (failing[0].reason ?? 'NotReady'),
      failing.length === 0 ? undefined : failing.map((c) => `${c.type}=False`).join(', '),
      now,
      gen,
    ),
  );
  return { subnets, securityGroups, amis, ...(profile.ok ? { instanceProfile: profile.profile } : {}), conditions };
}
