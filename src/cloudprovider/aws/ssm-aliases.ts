/** The public SSM parameters an AMI alias resolves through (https://karpenter.sh/docs/concepts/nodeclasses/), with each AMI's requirements. Pure. */
import type { NodeSelectorRequirement } from '../../apis/core-v1.js';

/** One SSM parameter to read and the requirements the AMI behind it carries. */
export interface AliasParameter {
  readonly name: string;
  readonly requirements: NodeSelectorRequirement[];
}

const arch = (value: string): NodeSelectorRequirement => ({ key: 'kubernetes.io/arch', operator: 'In', values: [value] });
const gpu = (exists: boolean): NodeSelectorRequirement => ({
  key: 'karpenter.k8s.aws/instance-gpu-count',
  operator: exists ? 'Exists' : 'DoesNotExist',
});
const neuron = (exists: boolean): NodeSelectorRequirement => ({
  key: 'karpenter.k8s.aws/instance-accelerator-count',
  operator: exists ? 'Exists' : 'DoesNotExist',
});

function al2023(k8s: string, version: string): AliasParameter[] {
  const variants: Array<[string, string, NodeSelectorRequirement[]]> = [
    ['x86_64', 'standard', [arch('amd64'), gpu(false), neuron(false)]],
    ['arm64', 'standard', [arch('arm64'), gpu(false), neuron(false)]],
    ['x86_64', 'nvidia', [arch('amd64'), gpu(true)]],
    ['arm64', 'nvidia', [arch('arm64'), gpu(true)]],
    ['x86_64', 'neuron', [arch('amd64'), neuron(true)]],
  ];
  return variants.map(([cpu, variant, requirements]) => {
    const leaf = version === 'latest' ? 'recommended' : `amazon-eks-node-al2023-${cpu}-${variant}-${k8s}-${version}`;
    return { name: `/aws/service/eks/optimized-ami/${k8s}/amazon-linux-2023/${cpu}/${variant}/${leaf}/image_id`, requirements };
  });
}

function bottlerocket(k8s: string, version: string): AliasParameter[] {
  const v = version === 'latest' ? 'latest' : version.replace(/^v/, '');
  return [
    { name: `/aws/service/bottlerocket/aws-k8s-${k8s}/x86_64/${v}/image_id`, requirements: [arch('amd64'), gpu(false)] },
    { name: `/aws/service/bottlerocket/aws-k8s-${k8s}/arm64/${v}/image_id`, requirements: [arch('arm64'), gpu(false)] },
    { name: `/aws/service/bottlerocket/aws-k8s-${k8s}-nvidia/x86_64/${v}/image_id`, requirements: [arch('amd64'), gpu(true)] },
    { name: `/aws/service/bottlerocket/aws-k8s-${k8s}-nvidia/arm64/${v}/image_id`, requirements: [arch('arm64'), gpu(true)] },
  ];
}

/** The parameters for `family@version` on Kubernetes `k8s` (e.g. `1.33`); empty for an unsupported alias. */
export function aliasParameters(alias: string, k8s: string): AliasParameter[] {
  const [family, version = 'latest'] = alias.split('@');
  switch (family.toLowerCase()) {
    case 'al2023':
      return al2023(k8s, version);
    case 'bottlerocket':
      return bottlerocket(k8s, version);
    case 'al2':
      return [
        { name: `/aws/service/eks/optimized-ami/${k8s}/amazon-linux-2/recommended/image_id`, requirements: [arch('amd64'), gpu(false)] },
        {
          name: `/aws/service/eks/optimized-ami/${k8s}/amazon-linux-2-arm64/recommended/image_id`,
          requirements: [arch('arm64'), gpu(false)],
        },
        { name: `/aws/service/eks/optimized-ami/${k8s}/amazon-linux-2-gpu/recommended/image_id`, requirements: [arch('amd64'), gpu(true)] },
      ];
    case 'windows2019':
    case 'windows2022':
    case 'windows2025':
      return [
        {
          name: `/aws/service/ami-windows-latest/Windows_Server-${family.slice(7)}-English-Core-EKS_Optimized-${k8s}/image_id`,
          requirements: [arch('amd64')],
        },
      ];
    default:
      return [];
  }
}
