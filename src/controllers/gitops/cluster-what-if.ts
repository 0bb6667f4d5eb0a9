/**
 * The what-if of a NodePool change for one cluster, as the sync controller
 * and `karpd plan` need it: the cluster's pods and nodes from a state
 * snapshot, each side's instance types from the cloud provider, and the pure
 * {@link projectWhatIf} in between.
 */
import type { DecisionWhatIf } from '../../apis/decision.js';
import type { NodePool } from '../../apis/nodepool.js';
import type { CloudProvider } from '../../cloudprovider/types.js';
import type { DesiredObject } from '../../gitops/diff/object-comparison.js';
import { projectWhatIf, type WhatIfPools } from '../../gitops/diff/what-if.js';
import type { InstanceType } from '../../scheduling/instance-type.js';
import type { ClusterSnapshot } from '../../state/cluster-state.js';
import { ownerKind } from '../pod-owner.js';

/** The NodePools of a set of objects (EC2NodeClasses and other kinds left out). */
export function nodePoolsOf(objects: readonly DesiredObject[]): NodePool[] {
  return objects.filter((object) => object.kind === 'NodePool' && object.apiVersion === 'karpenter.sh/v1') as unknown as NodePool[];
}

/** The instance types the provider offers each pool; a pool it cannot answer for (its NodeClass is new) gets none. */
async function poolsWithInstanceTypes(cloud: CloudProvider, pools: readonly NodePool[]): Promise<WhatIfPools> {
  const instanceTypes = new Map<string, readonly InstanceType[]>();
  for (const pool of pools) {
    const name = pool.metadata.name ?? '';
    instanceTypes.set(name, await cloud.getInstanceTypes(pool).catch(() => []));
  }
  return { nodePools: pools, instanceTypes };
}

/** Pods waiting for a node: not bound, not being deleted, not DaemonSet or mirror pods. */
function pendingPods(snapshot: ClusterSnapshot) {
  return snapshot.pods.filter((pod) => {
    if ((pod.spec?.nodeName ?? '') !== '' || pod.metadata.deletionTimestamp !== undefined) return false;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') return false;
    const kind = ownerKind(pod);
    return kind !== 'DaemonSet' && kind !== 'Node';
  });
}

/** What {@link clusterWhatIf} reads. */
export interface ClusterWhatIfInput {
  readonly snapshot: ClusterSnapshot;
  readonly cloud: CloudProvider;
  /** The live NodePools and EC2NodeClasses. */
  readonly before: readonly DesiredObject[];
  /** What the change leaves. */
  readonly after: readonly DesiredObject[];
}

/** The what-if of replacing `before` with `after` on the cluster of `snapshot`. */
export async function clusterWhatIf(input: ClusterWhatIfInput): Promise<DecisionWhatIf> {
  const [before, after] = [
    await poolsWithInstanceTypes(input.cloud, nodePoolsOf(input.before)),
    await poolsWithInstanceTypes(input.cloud, nodePoolsOf(input.after)),
  ];
  return projectWhatIf({
    nodes: input.snapshot.stateNodes,
    pendingPods: pendingPods(input.snapshot),
    daemonSets: input.snapshot.daemonSets,
    nodeClaims: input.snapshot.nodeClaims,
    before,
    after,
  });
}
