/**
 * `karpenter.k8s.aws/v1` EC2NodeClass. Spec: docs aws-provider.md §1.
 */
import type { NodeSelectorRequirement } from './core-v1.js';
import type { Condition, KubeObject } from './object-meta.js';

export const KARPENTER_AWS_GROUP = 'karpenter.k8s.aws';
export const KARPENTER_AWS_V1 = 'karpenter.k8s.aws/v1';

export type AMIFamily = 'AL2' | 'AL2023' | 'Bottlerocket' | 'Custom' | 'Windows2019' | 'Windows2022' | 'Windows2025';

export interface SubnetSelectorTerm {
  tags?: Record<string, string>;
  id?: string;
}

export interface SecurityGroupSelectorTerm {
  tags?: Record<string, string>;
  id?: string;
  name?: string;
}

export interface AMISelectorTerm {
  alias?: string;
  tags?: Record<string, string>;
  id?: string;
  name?: string;
  owner?: string;
  ssmParameter?: string;
}

export interface CapacityReservationSelectorTerm {
  tags?: Record<string, string>;
  id?: string;
  ownerID?: string;
  instanceMatchCriteria?: 'open' | 'targeted';
}

export interface KubeletConfiguration {
  clusterDNS?: string[];
  maxPods?: number;
  podsPerCore?: number;
  systemReserved?: Record<string, string>;
  kubeReserved?: Record<string, string>;
  evictionHard?: Record<string, string>;
  evictionSoft?: Record<string, string>;
  evictionSoftGracePeriod?: Record<string, string>;
  evictionMaxPodGracePeriod?: number;
  imageGCHighThresholdPercent?: number;
  imageGCLowThresholdPercent?: number;
  cpuCFSQuota?: boolean;
}

export interface BlockDevice {
  deleteOnTermination?: boolean;
  encrypted?: boolean;
  iops?: number;
  kmsKeyID?: string;
  snapshotID?: string;
  throughput?: number;
  volumeInitializationRate?: number;
  volumeSize?: string;
  volumeType?: 'standard' | 'io1' | 'io2' | 'gp2' | 'sc1' | 'st1' | 'gp3';
}

export interface BlockDeviceMapping {
  deviceName?: string;
  ebs?: BlockDevice;
  rootVolume?: boolean;
}

export interface MetadataOptions {
  httpEndpoint?: 'enabled' | 'disabled';
  httpProtocolIPv6?: 'enabled' | 'disabled';
  httpPutResponseHopLimit?: number;
  httpTokens?: 'required' | 'optional';
}

export interface EC2NodeClassSpec {
  subnetSelectorTerms: SubnetSelectorTerm[];
  securityGroupSelectorTerms: SecurityGroupSelectorTerm[];
  amiSelectorTerms: AMISelectorTerm[];
  amiFamily?: AMIFamily;
  role?: string;
  instanceProfile?: string;
  userData?: string;
  tags?: Record<string, string>;
  kubelet?: KubeletConfiguration;
  blockDeviceMappings?: BlockDeviceMapping[];
  instanceStorePolicy?: 'RAID0';
  metadataOptions?: MetadataOptions;
  associatePublicIPAddress?: boolean;
  ipPrefixCount?: number;
  detailedMonitoring?: boolean;
  capacityReservationSelectorTerms?: CapacityReservationSelectorTerm[];
  placementGroupSelector?: { name?: string; id?: string };
  networkInterfaces?: Array<{ networkCardIndex: number; deviceIndex: number; interfaceType: 'interface' | 'efa-only' }>;
  connectionTracking?: { tcpEstablishedTimeout?: number; udpStreamTimeout?: number; udpTimeout?: number };
  cpuOptions?: { nestedVirtualization?: 'enabled' | 'disabled' };
  context?: string;
}

export interface EC2NodeClassStatus {
  subnets?: Array<{ id: string; zone: string; zoneID?: string }>;
  securityGroups?: Array<{ id: string; name?: string }>;
  amis?: Array<{ id: string; name?: string; deprecated?: boolean; requirements: NodeSelectorRequirement[] }>;
  instanceProfile?: string;
  conditions?: Condition[];
}

export interface EC2NodeClass extends KubeObject {
  apiVersion: typeof KARPENTER_AWS_V1;
  kind: 'EC2NodeClass';
  spec: EC2NodeClassSpec;
  status?: EC2NodeClassStatus;
}
