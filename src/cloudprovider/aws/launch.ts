/**
 * One AWS launch (aws/karpenter-provider-aws pkg/providers/instance CreateFleet launch): map the planned
 * candidates onto AMIs and one subnet per zone, ensure a launch template per
 * (AMI, max-pods), call CreateFleet and turn its answer into an instance or a
 * typed error, marking ICE'd offerings unavailable.
 */
import { CreateFleetCommand, type EC2Client } from '@aws-sdk/client-ec2';
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { CapacityType } from '../../apis/well-known-labels.js';
import { Requirements } from '../../scheduling/requirements.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import type { LaunchCandidate } from '../launch/select.js';
import type { UnavailableOfferings } from '../launch/unavailable-offerings.js';
import { amiFamilyOf } from '../nodeclass/hash.js';
import { CreateError, InsufficientCapacityError } from '../types.js';
import { createFleetInput, readFleetOutput, type FleetOverride, type FleetTemplate } from './fleet.js';
import type { LaunchTemplates } from './launch-templates.js';
import { buildUserData, type ClusterBootstrap } from './user-data.js';

/** What a launch needs. */
export interface LaunchDeps {
  readonly ec2: EC2Client;
  readonly templates: LaunchTemplates;
  readonly ice: UnavailableOfferings;
  readonly cluster: ClusterBootstrap;
}

/** The launched instance. */
export interface Launched {
  readonly instanceID: string;
  readonly instanceType: InstanceType;
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly imageID: string;
}

type Ami = NonNullable<NonNullable<EC2NodeClass['status']>['amis']>[number];

function amiFor(type: InstanceType, amis: readonly Ami[]): Ami | undefined {
  const typeReqs = Requirements.from(type.requirements);
  return (
    amis.find((ami) => !ami.deprecated && typeReqs.intersects(Requirements.from(ami.requirements))) ??
    amis.find((ami) => typeReqs.intersects(Requirements.from(ami.requirements)))
  );
}

interface Group {
  readonly imageID: string;
  readonly maxPods: number;
  readonly overrides: FleetOverride[];
}

function groupOverrides(candidates: readonly LaunchCandidate[], nodeClass: EC2NodeClass): Group[] {
  const groups = new Map<string, Group>();
  const subnets = nodeClass.status?.subnets ?? [];
  for (const { instanceType, offering } of candidates) {
    const ami = amiFor(instanceType, nodeClass.status?.amis ?? []);
    const subnet = subnets.find((s) => s.zone === offering.zone);
    if (ami === undefined || subnet === undefined) continue;
    const maxPods = instanceType.capacity.pods ?? 110;
    const key = `${ami.id}/${maxPods}`;
    const group = groups.get(key) ?? { imageID: ami.id, maxPods, overrides: [] };
    group.overrides.push({
      instanceType: instanceType.name,
      zone: offering.zone,
      subnetID: subnet.id,
      imageID: ami.id,
      price: offering.price,
    });
    groups.set(key, group);
  }
  return [...groups.values()];
}

async function templatesFor(
  deps: LaunchDeps,
  groups: readonly Group[],
  nodeClaim: NodeClaim,
  nodeClass: EC2NodeClass,
  tags: Readonly<Record<string, string>>,
): Promise<FleetTemplate[]> {
  const family = amiFamilyOf(nodeClass);
  return Promise.all(
    groups.map(async (group) => {
      const userData = buildUserData({
        cluster: deps.cluster,
        amiFamily: family,
        userData: nodeClass.spec.userData,
        kubelet: nodeClass.spec.kubelet,
        maxPods: group.maxPods,
        labels: nodeClaim.metadata.labels ?? {},
        taints: [
          ...(nodeClaim.spec.taints ?? []),
          ...(nodeClaim.spec.startupTaints ?? []),
          { key: 'karpenter.sh/unregistered', effect: 'NoExecute' },
        ],
      });
      const name = await deps.templates.ensure({
        imageID: group.imageID,
        instanceProfile: nodeClass.status?.instanceProfile ?? nodeClass.spec.instanceProfile ?? '',
        securityGroupIDs: (nodeClass.status?.securityGroups ?? []).map((g) => g.id),
        userData,
        nodeClass,
        tags,
      });
      return { name, overrides: group.overrides };
    }),
  );
}

/** Launches one instance for `nodeClaim` from the planned candidates of one capacity type. */
export async function launchInstance(
  deps: LaunchDeps,
  request: {
    nodeClaim: NodeClaim;
    nodeClass: EC2NodeClass;
    capacityType: CapacityType;
    candidates: readonly LaunchCandidate[];
    tags: Readonly<Record<string, string>>;
  },
): Promise<Launched> {
  const groups = groupOverrides(request.candidates, request.nodeClass);
  if (groups.length === 0)
    throw new InsufficientCapacityError(
      `no candidate instance type of nodeclaim ${request.nodeClaim.metadata.name ?? ''} has a resolved AMI and subnet`,
    );
  for (let attempt = 0; attempt < 2; attempt++) {
    const templates = await templatesFor(deps, groups, request.nodeClaim, request.nodeClass, request.tags);
    const input = createFleetInput({
      capacityType: request.capacityType,
      templates,
      tags: request.tags,
      context: request.nodeClass.spec.context,
    });
    const output = await deps.ec2.send(new CreateFleetCommand(input));
    const outcome = readFleetOutput(output, request.capacityType);
    for (const failed of outcome.iceErrors)
      deps.ice.mark(failed.capacityType, failed.instanceType, failed.zone, failed.code ?? 'InsufficientInstanceCapacity');
    if (outcome.ok) {
      const candidate = request.candidates.find((c) => c.instanceType.name === outcome.instanceType) ?? request.candidates[0];
      const imageID =
        groups.flatMap((g) => g.overrides).find((o) => o.instanceType === outcome.instanceType && o.zone === outcome.zone)?.imageID ??
        groups[0].imageID;
      return {
        instanceID: outcome.instanceID,
        instanceType: candidate.instanceType,
        zone: outcome.zone,
        capacityType: outcome.capacityType,
        imageID,
      };
    }
    if (outcome.otherErrors.some((e) => e.code === 'InvalidLaunchTemplateName.NotFoundException') && attempt === 0) {
      for (const template of templates) deps.templates.invalidate(template.name);
      continue;
    }
    if (outcome.otherErrors.length === 0) {
      throw new InsufficientCapacityError(
        `creating fleet for nodeclaim ${request.nodeClaim.metadata.name ?? ''}: every ${request.capacityType} offering is out of capacity (${outcome.iceErrors.map((e) => `${e.instanceType}/${e.zone}: ${e.code ?? ''}`).join(', ') || 'no instance returned'})`,
        outcome.iceErrors,
      );
    }
    const first = outcome.otherErrors[0];
    throw new CreateError(
      first.code,
      `creating fleet for nodeclaim ${request.nodeClaim.metadata.name ?? ''}: ${first.code}: ${first.message}`,
    );
  }
  throw new CreateError(
    'LaunchTemplateNotFound',
    `creating fleet for nodeclaim ${request.nodeClaim.metadata.name ?? ''}: launch template vanished twice`,
  );
}
