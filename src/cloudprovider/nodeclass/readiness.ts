/** Is a NodeClass ready to launch from (https://karpenter.sh/docs/concepts/nodeclasses/)? Returns the reason when not. */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';

/** Ready, or not with a reason a person can read. */
export type Readiness = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Ready only when its `Ready` condition is True and observed the current generation. */
export function nodeClassReadiness(nodeClass: EC2NodeClass): Readiness {
  const ready = nodeClass.status?.conditions?.find((condition) => condition.type === 'Ready');
  if (ready === undefined) return { ok: false, reason: 'condition Ready is not set yet' };
  if (ready.status !== 'True') {
    return {
      ok: false,
      reason: `condition Ready is ${ready.status}${ready.reason ? ` (${ready.reason}${ready.message ? `: ${ready.message}` : ''})` : ''}`,
    };
  }
  const generation = nodeClass.metadata.generation;
  if (generation !== undefined && ready.observedGeneration !== undefined && ready.observedGeneration !== generation) {
    return { ok: false, reason: `condition Ready observed generation ${ready.observedGeneration}, expected ${generation}` };
  }
  return { ok: true };
}

/** The restricted tag keys a NodeClass may not set (https://karpenter.sh/docs/concepts/nodeclasses/). */
export function restrictedTagKeys(tags: Readonly<Record<string, string>> | undefined): string[] {
  const fixed = new Set(['eks:eks-cluster-name', 'karpenter.sh/nodepool', 'karpenter.sh/nodeclaim', 'karpenter.k8s.aws/ec2nodeclass']);
  return Object.keys(tags ?? {}).filter((key) => fixed.has(key) || key.startsWith('kubernetes.io/cluster'));
}

/** The tags every launched instance carries (aws/karpenter-provider-aws pkg/providers/instance CreateFleet launch); the NodeClass's own tags first, ours win. */
export function launchTags(options: {
  clusterName: string;
  nodePool: string;
  nodeClass: string;
  nodeClaim: string;
  extra?: Readonly<Record<string, string>>;
}): Record<string, string> {
  return {
    ...options.extra,
    [`kubernetes.io/cluster/${options.clusterName}`]: 'owned',
    'eks:eks-cluster-name': options.clusterName,
    'karpenter.sh/nodepool': options.nodePool,
    'karpenter.k8s.aws/ec2nodeclass': options.nodeClass,
    'karpenter.sh/nodeclaim': options.nodeClaim,
  };
}
