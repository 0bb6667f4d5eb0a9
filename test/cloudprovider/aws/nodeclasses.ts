/** Resolved EC2NodeClasses as the status controller would leave them, for AWS provider tests. */
import type { EC2NodeClass } from '../../../src/apis/ec2nodeclass.js';
import { ec2NodeClass } from '../builders.js';

/** A Ready NodeClass with three subnets, one security group and amd64/arm64 AMIs. */
export function resolvedNodeClass(name = 'default'): EC2NodeClass {
  const base = ec2NodeClass(name);
  return {
    ...base,
    spec: { ...base.spec, instanceProfile: 'KarpenterNodeInstanceProfile', role: undefined },
    status: {
      ...base.status,
      subnets: [
        { id: 'subnet-0aaa', zone: 'eu-west-2a', zoneID: 'euw2-az2' },
        { id: 'subnet-0bbb', zone: 'eu-west-2b', zoneID: 'euw2-az3' },
        { id: 'subnet-0ccc', zone: 'eu-west-2c', zoneID: 'euw2-az1' },
      ],
      securityGroups: [{ id: 'sg-0nodes', name: 'nodes' }],
      amis: [
        {
          id: 'ami-0amd64',
          name: 'al2023-amd64',
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
            { key: 'karpenter.k8s.aws/instance-gpu-count', operator: 'DoesNotExist' },
          ],
        },
        {
          id: 'ami-0arm64',
          name: 'al2023-arm64',
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
            { key: 'karpenter.k8s.aws/instance-gpu-count', operator: 'DoesNotExist' },
          ],
        },
        {
          id: 'ami-0nvidia',
          name: 'al2023-nvidia',
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
            { key: 'karpenter.k8s.aws/instance-gpu-count', operator: 'Exists' },
          ],
        },
      ],
      instanceProfile: 'KarpenterNodeInstanceProfile',
    },
  };
}
