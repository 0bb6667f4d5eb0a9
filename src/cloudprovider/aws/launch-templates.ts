/**
 * Launch templates, one per distinct (AMI, settings) combination, named
 * `karpenter.k8s.aws/<hash>` so an identical configuration reuses its
 * template (aws/karpenter-provider-aws pkg/providers/launchtemplate). Looked up in memory, then with
 * DescribeLaunchTemplates, then created.
 */
import { createHash } from 'node:crypto';
import {
  CreateLaunchTemplateCommand,
  DescribeLaunchTemplatesCommand,
  type CreateLaunchTemplateCommandInput,
  type EC2Client,
  type LaunchTemplateBlockDeviceMappingRequest,
} from '@aws-sdk/client-ec2';
import type { BlockDeviceMapping, EC2NodeClass } from '../../apis/ec2nodeclass.js';
import { awsErrorCode } from './errors.js';

/** The resolved inputs of one template. */
export interface LaunchTemplateSpec {
  readonly imageID: string;
  readonly instanceProfile: string;
  readonly securityGroupIDs: readonly string[];
  /** base64 user data. */
  readonly userData: string;
  readonly nodeClass: EC2NodeClass;
  readonly tags: Readonly<Record<string, string>>;
}

function volumeGiB(size: string | undefined): number | undefined {
  if (size === undefined) return undefined;
  const match = /^(\d+)(Gi|G|Ti|T)$/.exec(size);
  if (match === null) return undefined;
  const n = Number(match[1]);
  const factor: Record<string, number> = { Gi: 1, G: 1e9 / 2 ** 30, Ti: 1024, T: 1e12 / 2 ** 30 };
  return Math.ceil(n * factor[match[2]]);
}

function blockDevices(mappings: readonly BlockDeviceMapping[] | undefined): LaunchTemplateBlockDeviceMappingRequest[] {
  const list = mappings ?? [{ deviceName: '/dev/xvda', rootVolume: true, ebs: { volumeSize: '20Gi', volumeType: 'gp3', encrypted: true } }];
  return list.map((mapping) => ({
    DeviceName: mapping.deviceName,
    Ebs:
      mapping.ebs === undefined
        ? undefined
        : {
            DeleteOnTermination: mapping.ebs.deleteOnTermination,
            Encrypted: mapping.ebs.encrypted,
            Iops: mapping.ebs.iops,
            KmsKeyId: mapping.ebs.kmsKeyID,
            SnapshotId: mapping.ebs.snapshotID,
            Throughput: mapping.ebs.throughput,
            VolumeSize: volumeGiB(mapping.ebs.volumeSize),
            VolumeType: mapping.ebs.volumeType,
          },
  }));
}

/** The template name for a spec: a numeric hash of everything that goes into it. */
export function launchTemplateName(spec: LaunchTemplateSpec): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        spec.imageID,
        spec.instanceProfile,
        [...spec.securityGroupIDs].sort(),
        spec.userData,
        spec.nodeClass.spec.blockDeviceMappings,
        spec.nodeClass.spec.metadataOptions,
        spec.nodeClass.spec.detailedMonitoring,
        spec.nodeClass.spec.associatePublicIPAddress,
        spec.tags,
      ]),
    )
    .digest('hex');
  return `karpenter.k8s.aws/${BigInt(`0x${digest.slice(0, 16)}`).toString(10)}`;
}

/** Ensures launch templates exist, caching names it has seen. */
export class LaunchTemplates {
  private readonly known = new Set<string>();

  /** Uses `ec2` for describe/create. */
  constructor(private readonly deps: { readonly ec2: EC2Client }) {}

  /** Forgets a template (after the fleet reported it missing). */
  invalidate(name: string): void {
    this.known.delete(name);
  }

  /** The name of an existing template for `spec`, creating it when needed. */
  async ensure(spec: LaunchTemplateSpec): Promise<string> {
    const name = launchTemplateName(spec);
    if (this.known.has(name)) return name;
    try {
      const found = await this.deps.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [name] }));
      if ((found.LaunchTemplates ?? []).length > 0) {
        this.known.add(name);
        return name;
      }
    } catch (error) {
      if (awsErrorCode(error) !== 'InvalidLaunchTemplateName.NotFoundException') throw error;
    }
    await this.deps.ec2.send(new CreateLaunchTemplateCommand(this.createInput(name, spec)));
    this.known.add(name);
    return name;
  }

  private createInput(name: string, spec: LaunchTemplateSpec): CreateLaunchTemplateCommandInput {
    const metadata = spec.nodeClass.spec.metadataOptions ?? {};
    const Tags = Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value }));
    return {
      LaunchTemplateName: name,
      LaunchTemplateData: {
        IamInstanceProfile: { Name: spec.instanceProfile },
        ImageId: spec.imageID,
        UserData: spec.userData,
        BlockDeviceMappings: blockDevices(spec.nodeClass.spec.blockDeviceMappings),
        Monitoring: { Enabled: spec.nodeClass.spec.detailedMonitoring ?? false },
        MetadataOptions: {
          HttpEndpoint: metadata.httpEndpoint ?? 'enabled',
          HttpProtocolIpv6: metadata.httpProtocolIPv6 ?? 'disabled',
          HttpPutResponseHopLimit: metadata.httpPutResponseHopLimit ?? 1,
          HttpTokens: metadata.httpTokens ?? 'required',
          InstanceMetadataTags: 'disabled' as const,
        },
        ...(spec.nodeClass.spec.associatePublicIPAddress === undefined
          ? { SecurityGroupIds: [...spec.securityGroupIDs] }
          : {
              NetworkInterfaces: [
                {
                  DeviceIndex: 0,
                  AssociatePublicIpAddress: spec.nodeClass.spec.associatePublicIPAddress,
                  Groups: [...spec.securityGroupIDs],
                },
              ],
            }),
        TagSpecifications: [{ ResourceType: 'network-interface' as const, Tags }],
      },
      TagSpecifications: [{ ResourceType: 'launch-template' as const, Tags }],
    };
  }
}
