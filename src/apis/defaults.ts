/**
 * The defaults the API server fills in (upstream CRD defaults,
 * https://karpenter.sh/docs/concepts/nodepools/, https://karpenter.sh/docs/concepts/nodeclasses/) and karpd's Cluster
 * defaults. Each function returns a new object; the input is not changed.
 */
import type { Cluster, ClusterSpec } from './cluster.js';
import type { EC2NodeClass, MetadataOptions } from './ec2nodeclass.js';
import type { NodeClaim } from './nodeclaim.js';
import type { Budget, ConsolidationPolicy, NodePool } from './nodepool.js';

/** NodePool defaults: `WhenEmptyOrUnderutilized` after `0s`, budget `10%`, expiry `720h`. */
export const NodePoolDefaults = {
  consolidationPolicy: 'WhenEmptyOrUnderutilized' as ConsolidationPolicy,
  consolidateAfter: '0s',
  budgets: [{ nodes: '10%' }] as readonly Budget[],
  expireAfter: '720h',
} as const;

/** EC2NodeClass `metadataOptions` defaults (IMDSv2 required, hop limit 1). */
export const MetadataOptionsDefaults: Required<MetadataOptions> = {
  httpEndpoint: 'enabled',
  httpProtocolIPv6: 'disabled',
  httpPutResponseHopLimit: 1,
  httpTokens: 'required',
};

/** karpd Cluster defaults: manual sync every minute, drift needs approval, disruption needs none. */
export const ClusterDefaults = {
  sync: { policy: 'manual', interval: '1m' },
  drift: { policy: 'approve' },
  disruption: { approval: 'none' },
} as const satisfies Pick<ClusterSpec, 'sync' | 'drift' | 'disruption'>;

/** A copy of `pool` with every upstream default filled in. */
export function withNodePoolDefaults(pool: NodePool): NodePool {
  const copy = structuredClone(pool);
  const spec = copy.spec;
  spec.template.spec.expireAfter ??= NodePoolDefaults.expireAfter;
  spec.disruption ??= {};
  spec.disruption.consolidationPolicy ??= NodePoolDefaults.consolidationPolicy;
  spec.disruption.consolidateAfter ??= NodePoolDefaults.consolidateAfter;
  spec.disruption.budgets ??= NodePoolDefaults.budgets.map((budget) => ({ ...budget }));
  return copy;
}

/** A copy of `claim` with `expireAfter` defaulted to `720h`. */
export function withNodeClaimDefaults(claim: NodeClaim): NodeClaim {
  const copy = structuredClone(claim);
  copy.spec.expireAfter ??= NodePoolDefaults.expireAfter;
  return copy;
}

/** A copy of `nodeClass` with `metadataOptions` (and each of its fields) defaulted. */
export function withEC2NodeClassDefaults(nodeClass: EC2NodeClass): EC2NodeClass {
  const copy = structuredClone(nodeClass);
  copy.spec.metadataOptions = { ...MetadataOptionsDefaults, ...dropUndefined(copy.spec.metadataOptions ?? {}) };
  return copy;
}

/** A copy of `cluster` with sync, drift and disruption policies defaulted and `vars` present. */
export function withClusterDefaults(cluster: Cluster): Cluster {
  const copy = structuredClone(cluster);
  const spec = copy.spec;
  spec.sync = { ...ClusterDefaults.sync, ...dropUndefined(spec.sync ?? {}) };
  spec.drift = { ...ClusterDefaults.drift, ...dropUndefined(spec.drift ?? {}) };
  spec.disruption = { ...ClusterDefaults.disruption, ...dropUndefined(spec.disruption ?? {}) };
  spec.vars ??= {};
  return copy;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined && field !== null)) as Partial<T>;
}
