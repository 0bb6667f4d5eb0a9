/**
 * Turns a planned NodeClaim into the object the API server stores
 * (https://karpenter.sh/docs/concepts/nodeclaims/): labels from the template plus the pool and
 * NodeClass labels and any custom requirement fixed to one value;
 * annotations with the pool hash; an owner reference to the pool. Pure.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import { KARPD_NODEPOOL_HASH_VERSION, nodePoolHash } from '../../apis/nodepool-hash.js';
import { Annotations, Labels, WellKnownLabels } from '../../apis/well-known-labels.js';
import { toResourceList } from '../../scheduling/resources.js';
import type { NewNodeClaim } from '../../scheduling/snapshot.js';
import type { PlannedNodeClaim } from './planner.js';

/** The label a node carries naming its NodeClass (`karpenter.k8s.aws/ec2nodeclass`). */
export function nodeClassLabel(pool: NodePool): string {
  const ref = pool.spec.template.spec.nodeClassRef;
  return `${ref.group}/${ref.kind.toLowerCase()}`;
}

function fixedCustomLabels(plan: PlannedNodeClaim): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const requirement of plan.requirements) {
    if (
      requirement.operator === 'In' &&
      requirement.values?.length === 1 &&
      !WellKnownLabels.has(requirement.key) &&
      requirement.key !== Labels.hostname
    ) {
      labels[requirement.key] = requirement.values[0];
    }
  }
  return labels;
}

/** The NodeClaim to create for `plan` in `pool` (named by the server from `generateName`). */
export function buildNodeClaim(pool: NodePool, plan: PlannedNodeClaim): NodeClaim {
  const template = pool.spec.template;
  const poolName = pool.metadata.name ?? plan.nodePool;
  return {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodeClaim',
    metadata: {
      generateName: `${poolName}-`,
      labels: {
        ...(template.metadata?.labels ?? {}),
        ...fixedCustomLabels(plan),
        [Labels.nodePool]: poolName,
        [nodeClassLabel(pool)]: template.spec.nodeClassRef.name,
      },
      annotations: {
        ...(template.metadata?.annotations ?? {}),
        [Annotations.nodePoolHash]: nodePoolHash(pool),
        [Annotations.nodePoolHashVersion]: KARPD_NODEPOOL_HASH_VERSION,
      },
      ownerReferences: [
        { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', name: poolName, uid: pool.metadata.uid ?? '', blockOwnerDeletion: true },
      ],
    },
    spec: {
      requirements: plan.requirements
        .filter((r) => r.key !== Labels.hostname)
        .map((r) => ({ ...r, values: r.values ? [...r.values] : undefined })),
      ...(template.spec.taints ? { taints: template.spec.taints } : {}),
      ...(template.spec.startupTaints ? { startupTaints: template.spec.startupTaints } : {}),
      resources: { requests: toResourceList(plan.requests) },
      nodeClassRef: template.spec.nodeClassRef,
      expireAfter: template.spec.expireAfter ?? '720h',
      ...(template.spec.terminationGracePeriod ? { terminationGracePeriod: template.spec.terminationGracePeriod } : {}),
    },
  };
}

/**
 * The NodeClaim to create for a claim the scheduler simulated (a disruption or interruption replacement, a
 * replayed launch): its requirements, requests, instance type options and price; its pods are nominated by the
 * caller, not carried on the claim.
 */
export function buildSimulatedNodeClaim(pool: NodePool, simulated: NewNodeClaim): NodeClaim {
  return buildNodeClaim(pool, {
    nodePool: simulated.nodePool,
    requirements: simulated.requirements,
    requests: simulated.requests,
    pods: [],
    instanceTypeNames: simulated.instanceTypeOptions.map((option) => option.name),
    price: simulated.price,
  });
}
