/** Small builders for cloud-provider tests: a NodePool, an EC2NodeClass and NodeClaims with sensible defaults. */
import type { EC2NodeClass } from '../../src/apis/ec2nodeclass.js';
import type { NodeClaim } from '../../src/apis/nodeclaim.js';
import type { NodePool, NodeSelectorRequirementWithMinValues } from '../../src/apis/nodepool.js';

/** A NodePool `default` referencing EC2NodeClass `nodeClass`. */
export function nodePool(nodeClass = 'default', name = 'default'): NodePool {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name },
    spec: { template: { spec: { requirements: [], nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: nodeClass } } } },
  };
}

/** A NodeClaim of pool `default` with the given requirements (default: on-demand or spot m5/c5 large). */
export function nodeClaim(
  name: string,
  options: { requirements?: NodeSelectorRequirementWithMinValues[]; nodeClass?: string; requests?: Record<string, string> } = {},
): NodeClaim {
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: { name, labels: { 'karpenter.sh/nodepool': 'default' } },
    spec: {
      requirements: options.requirements ?? [
        { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m5.large', 'c5.large', 'm6g.large'] },
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand', 'spot'] },
      ],
      resources: { requests: options.requests ?? { cpu: '1', memory: '1Gi' } },
      nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: options.nodeClass ?? 'default' },
    },
  };
}

/** An EC2NodeClass with an al2023@latest alias, tag-selected subnets and groups, and the given Ready status ('none': no status). */
export function ec2NodeClass(name = 'default', ready: 'True' | 'False' | 'none' = 'True'): EC2NodeClass {
  return {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name, generation: 1 },
    spec: {
      role: 'KarpenterNodeRole',
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'test' } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'test' } }],
    },
    ...(ready === 'none'
      ? {}
      : {
          status: {
            conditions: [{ type: 'Ready', status: ready, reason: ready === 'True' ? 'Ready' : 'SubnetsNotFound', observedGeneration: 1 }],
          },
        }),
  };
}
