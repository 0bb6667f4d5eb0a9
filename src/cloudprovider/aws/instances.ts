/**
 * EC2 instances of the cluster (https://karpenter.sh/docs/concepts/nodeclaims/ (garbage collection)): get by id, list by
 * karpd's tags, terminate. Instances in `terminated` state count as gone.
 */
import {
  DescribeInstancesCommand,
  paginateDescribeInstances,
  TerminateInstancesCommand,
  type EC2Client,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { CapacityType } from '../../apis/well-known-labels.js';
import { isInstanceNotFound } from './errors.js';

/** The states an instance of interest can be in (terminated ones are gone). */
export const LIVE_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'];

/** What karpd reads from one EC2 instance. */
export interface Ec2Instance {
  readonly id: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly state: string;
  readonly capacityType: CapacityType;
  readonly imageID?: string;
  readonly subnetID?: string;
  readonly securityGroupIDs: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly launchTime: Date;
}

/** Maps an SDK instance; undefined when it lacks an id or zone. */
export function toEc2Instance(instance: Instance): Ec2Instance | undefined {
  const zone = instance.Placement?.AvailabilityZone;
  if (instance.InstanceId === undefined || zone === undefined) return undefined;
  return {
    id: instance.InstanceId,
    instanceType: instance.InstanceType ?? '',
    zone,
    state: instance.State?.Name ?? 'unknown',
    capacityType: instance.SpotInstanceRequestId !== undefined || instance.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand',
    imageID: instance.ImageId,
    subnetID: instance.SubnetId,
    securityGroupIDs: (instance.SecurityGroups ?? []).flatMap((group) => (group.GroupId === undefined ? [] : [group.GroupId])),
    tags: Object.fromEntries((instance.Tags ?? []).flatMap((tag) => (tag.Key === undefined ? [] : [[tag.Key, tag.Value ?? '']]))),
    launchTime: instance.LaunchTime ?? new Date(0),
  };
}

/** Instance reads and writes against EC2. */
export class Ec2Instances {
  /** Uses `ec2` for every call. */
  constructor(private readonly deps: { readonly ec2: EC2Client; readonly clusterName: string }) {}

  /** The live instance with this id, or undefined when EC2 does not know it or it is terminated. */
  async get(id: string): Promise<Ec2Instance | undefined> {
    try {
      const response = await this.deps.ec2.send(
        new DescribeInstancesCommand({ InstanceIds: [id], Filters: [{ Name: 'instance-state-name', Values: LIVE_STATES }] }),
      );
      const found = (response.Reservations ?? [])
        .flatMap((r) => r.Instances ?? [])
        .map(toEc2Instance)
        .find((i) => i?.id === id);
      return found === undefined || found.state === 'terminated' ? undefined : found;
    } catch (error) {
      if (isInstanceNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Every live instance karpd launched for this cluster. */
  async list(): Promise<Ec2Instance[]> {
    const out: Ec2Instance[] = [];
    const pages = paginateDescribeInstances(
      { client: this.deps.ec2, pageSize: 1000 },
      {
        Filters: [
          { Name: 'tag-key', Values: ['karpenter.sh/nodepool'] },
          { Name: 'tag-key', Values: ['karpenter.k8s.aws/ec2nodeclass'] },
          { Name: 'tag:eks:eks-cluster-name', Values: [this.deps.clusterName] },
          { Name: 'instance-state-name', Values: LIVE_STATES },
        ],
      },
    );
    for await (const page of pages) {
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          const mapped = toEc2Instance(instance);
          if (mapped !== undefined && mapped.state !== 'terminated') out.push(mapped);
        }
      }
    }
    return out;
  }

  /** Terminates the instance; false when EC2 no longer knows it. */
  async terminate(id: string): Promise<boolean> {
    try {
      await this.deps.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
      return true;
    } catch (error) {
      if (isInstanceNotFound(error)) return false;
      throw error;
    }
  }
}
