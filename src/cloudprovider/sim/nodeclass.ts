/**
 * How the simulated EC2 resolves an EC2NodeClass: one subnet per zone, one
 * security group, an AMI per architecture whose version moves when a new
 * AMI is published (for `@latest` aliases), so AMI drift can be demonstrated.
 */
import type { EC2NodeClass, EC2NodeClassStatus } from '../../apis/ec2nodeclass.js';
import { hexHash } from './seeded.js';

/** The resolved network and image facts of one NodeClass in the simulation. */
export interface SimNodeClassResolution {
  readonly subnets: ReadonlyArray<{ id: string; zone: string; zoneID?: string }>;
  readonly securityGroups: ReadonlyArray<{ id: string; name?: string }>;
  readonly amis: ReadonlyArray<{ id: string; name: string; arch: 'amd64' | 'arm64' }>;
}

/** What resolution depends on. */
export interface SimResolveContext {
  readonly seed: number;
  readonly zones: readonly string[];
  readonly zoneIDs: Readonly<Record<string, string>>;
  /** Bumped by `publishNewAmi()`. */
  readonly amiVersion: number;
}

/** The subnet id the simulation gives a zone. */
export function simSubnetID(seed: number, zone: string): string {
  return `subnet-${hexHash(seed, 17, 'subnet', zone)}`;
}

function resolveAmis(nodeClass: EC2NodeClass | undefined, context: SimResolveContext): SimNodeClassResolution['amis'] {
  const ids = nodeClass?.spec.amiSelectorTerms.flatMap((term) => (term.id === undefined ? [] : [term.id])) ?? [];
  if (ids.length > 0)
    return ids.flatMap((id) => [
      { id, name: id, arch: 'amd64' as const },
      { id, name: id, arch: 'arm64' as const },
    ]);
  const alias = nodeClass?.spec.amiSelectorTerms.find((term) => term.alias !== undefined)?.alias ?? 'al2023@latest';
  const [family, version] = alias.split('@');
  const effective = version === 'latest' ? `v${context.amiVersion}` : version;
  return (['amd64', 'arm64'] as const).map((arch) => ({
    id: `ami-${hexHash(context.seed, 17, 'ami', family, effective, arch)}`,
    name: `sim-${family}-${arch}-${effective}`,
    arch,
  }));
}

/** Resolves subnets (ids or any tag term match the simulated ones), the security group and AMIs. */
export function resolveSimNodeClass(nodeClass: EC2NodeClass | undefined, context: SimResolveContext): SimNodeClassResolution {
  const all = context.zones.map((zone) => ({ id: simSubnetID(context.seed, zone), zone, zoneID: context.zoneIDs[zone] }));
  const terms = nodeClass?.spec.subnetSelectorTerms ?? [];
  const byTags = terms.length === 0 || terms.some((term) => term.tags !== undefined);
  const ids = new Set(terms.flatMap((term) => (term.id === undefined ? [] : [term.id])));
  const subnets = byTags ? all : all.filter((subnet) => ids.has(subnet.id));
  const sgIDs = nodeClass?.spec.securityGroupSelectorTerms.flatMap((term) => (term.id === undefined ? [] : [term.id])) ?? [];
  const securityGroups =
    sgIDs.length > 0 ? sgIDs.map((id) => ({ id })) : [{ id: `sg-${hexHash(context.seed, 17, 'sg')}`, name: 'karpd-sim-nodes' }];
  return { subnets, securityGroups, amis: resolveAmis(nodeClass, context) };
}

/** The resolution written as an EC2NodeClass status with a Ready condition (False when no subnet resolves). */
export function simNodeClassStatus(nodeClass: EC2NodeClass, resolution: SimNodeClassResolution, now: Date): EC2NodeClassStatus {
  const ready = resolution.subnets.length > 0;
  const observedGeneration = nodeClass.metadata.generation;
  const condition = (type: string, ok: boolean, reason: string, message?: string) => ({
    type,
    status: ok ? ('True' as const) : ('False' as const),
    reason,
    ...(message === undefined ? {} : { message }),
    lastTransitionTime: now.toISOString(),
    ...(observedGeneration === undefined ? {} : { observedGeneration }),
  });
  return {
    subnets: resolution.subnets.map((subnet) => ({ ...subnet })),
    securityGroups: resolution.securityGroups.map((group) => ({ ...group })),
    amis: resolution.amis.map((ami) => ({
      id: ami.id,
      name: ami.name,
      requirements: [{ key: 'kubernetes.io/arch', operator: 'In' as const, values: [ami.arch] }],
    })),
    instanceProfile: nodeClass.spec.instanceProfile ?? `${nodeClass.metadata.name ?? 'nodeclass'}-sim-profile`,
    conditions: [
      condition(
        'SubnetsReady',
        ready,
        ready ? 'SubnetsReady' : 'SubnetsNotFound',
        ready ? undefined : 'no simulated subnet matches subnetSelectorTerms',
      ),
      condition('SecurityGroupsReady', true, 'SecurityGroupsReady'),
      condition('AMIsReady', true, 'AMIsReady'),
      condition('InstanceProfileReady', true, 'InstanceProfileReady'),
      condition('ValidationSucceeded', true, 'ValidationSucceeded'),
      condition('Ready', ready, ready ? 'Ready' : 'SubnetsNotFound', ready ? undefined : 'SubnetsReady=False'),
    ],
  };
}
