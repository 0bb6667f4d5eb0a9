/** Label, annotation, taint and finalizer names karpd shares with Karpenter (https://karpenter.sh/docs/reference/well-known-labels/). */
export const Labels = {
  nodePool: 'karpenter.sh/nodepool',
  capacityType: 'karpenter.sh/capacity-type',
  registered: 'karpenter.sh/registered',
  initialized: 'karpenter.sh/initialized',
  doNotSyncTaints: 'karpenter.sh/do-not-sync-taints',
  zone: 'topology.kubernetes.io/zone',
  region: 'topology.kubernetes.io/region',
  zoneID: 'topology.k8s.aws/zone-id',
  instanceType: 'node.kubernetes.io/instance-type',
  arch: 'kubernetes.io/arch',
  os: 'kubernetes.io/os',
  windowsBuild: 'node.kubernetes.io/windows-build',
  hostname: 'kubernetes.io/hostname',
  ec2NodeClass: 'karpenter.k8s.aws/ec2nodeclass',
  instanceCategory: 'karpenter.k8s.aws/instance-category',
  instanceFamily: 'karpenter.k8s.aws/instance-family',
  instanceGeneration: 'karpenter.k8s.aws/instance-generation',
  instanceSize: 'karpenter.k8s.aws/instance-size',
  instanceCPU: 'karpenter.k8s.aws/instance-cpu',
  instanceCPUManufacturer: 'karpenter.k8s.aws/instance-cpu-manufacturer',
  instanceMemory: 'karpenter.k8s.aws/instance-memory',
  instanceHypervisor: 'karpenter.k8s.aws/instance-hypervisor',
  instanceNetworkBandwidth: 'karpenter.k8s.aws/instance-network-bandwidth',
  instanceEBSBandwidth: 'karpenter.k8s.aws/instance-ebs-bandwidth',
  instanceEncryptionInTransit: 'karpenter.k8s.aws/instance-encryption-in-transit-supported',
  instanceLocalNVMe: 'karpenter.k8s.aws/instance-local-nvme',
  instancePods: 'karpenter.k8s.aws/instance-pods',
  instanceGPUName: 'karpenter.k8s.aws/instance-gpu-name',
  instanceGPUManufacturer: 'karpenter.k8s.aws/instance-gpu-manufacturer',
  instanceGPUCount: 'karpenter.k8s.aws/instance-gpu-count',
  instanceGPUMemory: 'karpenter.k8s.aws/instance-gpu-memory',
  instanceCapabilityFlex: 'karpenter.k8s.aws/instance-capability-flex',
} as const;

export const Annotations = {
  doNotDisrupt: 'karpenter.sh/do-not-disrupt',
  nodePoolHash: 'karpenter.sh/nodepool-hash',
  nodePoolHashVersion: 'karpenter.sh/nodepool-hash-version',
  nodeClaimTerminationTimestamp: 'karpenter.sh/nodeclaim-termination-timestamp',
  nodeClaimMinValuesRelaxed: 'karpenter.sh/nodeclaim-min-values-relaxed',
} as const;

export const Taints = {
  disrupted: { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' },
  unregistered: { key: 'karpenter.sh/unregistered', effect: 'NoExecute' },
} as const;

export const TERMINATION_FINALIZER = 'karpenter.sh/termination';
export const NODEPOOL_HASH_VERSION = 'v3';

export const CapacityTypes = ['spot', 'on-demand', 'reserved'] as const;
export type CapacityType = (typeof CapacityTypes)[number];

/** Deprecated keys and the well-known key each is normalised to (https://karpenter.sh/docs/reference/well-known-labels/). */
export const LabelAliases: Record<string, string> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
  'beta.kubernetes.io/arch': 'kubernetes.io/arch',
  'beta.kubernetes.io/os': 'kubernetes.io/os',
  'beta.kubernetes.io/instance-type': 'node.kubernetes.io/instance-type',
  'topology.ebs.csi.aws.com/zone': 'topology.kubernetes.io/zone',
};

/** Labels whose values come from the cloud provider: a pool need not mention them for pods to select them. */
export const WellKnownLabels: ReadonlySet<string> = new Set([
  Labels.nodePool,
  Labels.capacityType,
  Labels.zone,
  Labels.region,
  Labels.instanceType,
  Labels.arch,
  Labels.os,
  Labels.windowsBuild,
  Labels.zoneID,
  Labels.instanceCategory,
  Labels.instanceFamily,
  Labels.instanceGeneration,
  Labels.instanceSize,
  Labels.instanceCPU,
  Labels.instanceCPUManufacturer,
  Labels.instanceMemory,
  Labels.instanceHypervisor,
  Labels.instanceNetworkBandwidth,
  Labels.instanceEBSBandwidth,
  Labels.instanceEncryptionInTransit,
  Labels.instanceLocalNVMe,
  Labels.instanceGPUName,
  Labels.instanceGPUManufacturer,
  Labels.instanceGPUCount,
  Labels.instanceGPUMemory,
  Labels.instanceCapabilityFlex,
]);
