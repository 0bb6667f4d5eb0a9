/**
 * `karpenter.k8s.aws/v1` EC2NodeClass. Spec: docs https://karpenter.sh/docs/concepts/nodeclasses/
 */
import type { NodeSelectorRequirement } from './core-v1.js';
import type { Condition, KubeObject } from './object-meta.js';

/** The API group of EC2NodeClasses. */
export const KARPENTER_AWS_GROUP = 'karpenter.k8s.aws';
/** The apiVersion of v1 EC2NodeClasses. */
export const KARPENTER_AWS_V1 = 'karpenter.k8s.aws/v1';

/** The AMI families an EC2NodeClass can build nodes from. */
export type AMIFamily = 'AL2' | 'AL2023' | 'Bottlerocket' | 'Custom' | 'Windows2019' | 'Windows2022' | 'Windows2025';

/** The families an `amiSelectorTerms[].alias` may name (`al2023@latest`), each with the {@link AMIFamily} it selects. */
export const AMI_ALIAS_FAMILIES: Readonly<Record<string, AMIFamily>> = {
  al2: 'AL2',
  al2023: 'AL2023',
  bottlerocket: 'Bottlerocket',
  windows2019: 'Windows2019',
  windows2022: 'Windows2022',
  windows2025: 'Windows2025',
};

/** Selects subnets by tags or id (terms are ORed, fields ANDed). */
export interface SubnetSelectorTerm {
  tags?: Record<string, string>;
  id?: string;
}

/** Selects security groups by tags, id or name. */
export interface SecurityGroupSelectorTerm {
  tags?: Record<string, string>;
  id?: string;
  name?: string;
}

/** Selects AMIs by alias, tags, id, name/owner or SSM parameter. */
export interface AMISelectorTerm {
  alias?: string;
  tags?: Record<string, string>;
  id?: string;
  name?: string;
  owner?: string;
  ssmParameter?: string;
}

/** Selects on-demand capacity reservations by tags or id. */
export interface CapacityReservationSelectorTerm {
  tags?: Record<string, string>;
  id?: string;
  ownerID?: string;
  instanceMatchCriteria?: 'open' | 'targeted';
}

/** The kubelet settings an EC2NodeClass passes to its nodes (v1.14.1 typed subset). */
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

/** An EBS volume of a block device mapping. */
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

/** A device of the launched instance and its EBS volume. */
export interface BlockDeviceMapping {
  deviceName?: string;
  ebs?: BlockDevice;
  rootVolume?: boolean;
}

/** Instance metadata service (IMDS) settings. */
export interface MetadataOptions {
  httpEndpoint?: 'enabled' | 'disabled';
  httpProtocolIPv6?: 'enabled' | 'disabled';
  httpPutResponseHopLimit?: number;
  httpTokens?: 'required' | 'optional';
}

/** The desired state of an EC2NodeClass. */
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

/** The subnets, security groups, AMIs and profile an EC2NodeClass resolved to. */
export interface EC2NodeClassStatus {
  subnets?: Array<{ id: string; zone: string; zoneID?: string }>;
  securityGroups?: Array<{ id: string; name?: string }>;
  amis?: Array<{ id: string; name?: string; deprecated?: boolean; requirements: NodeSelectorRequirement[] }>;
  instanceProfile?: string;
  conditions?: Condition[];
}

/** A `karpenter.k8s.aws/v1` EC2NodeClass. */
export interface EC2NodeClass extends KubeObject {
  apiVersion: typeof KARPENTER_AWS_V1;
  kind: 'EC2NodeClass';
  spec: EC2NodeClassSpec;
  status?: EC2NodeClassStatus;
}
