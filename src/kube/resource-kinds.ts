/**
 * The Kubernetes kinds karpd reads and writes, with where they live in the
 * REST API. One table, so paths are built in one place.
 */

/** Where one kind lives in the API. */
export interface ResourceKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** The URL segment (`nodes`, `nodeclaims`). */
  readonly plural: string;
  readonly namespaced: boolean;
}

export const Kinds = {
  node: { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false },
  pod: { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  event: { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  namespace: { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  daemonSet: { apiVersion: 'apps/v1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true },
  podDisruptionBudget: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true },
  lease: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true },
  nodePool: { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', plural: 'nodepools', namespaced: false },
  nodeClaim: { apiVersion: 'karpenter.sh/v1', kind: 'NodeClaim', plural: 'nodeclaims', namespaced: false },
  ec2NodeClass: { apiVersion: 'karpenter.k8s.aws/v1', kind: 'EC2NodeClass', plural: 'ec2nodeclasses', namespaced: false },
  decision: { apiVersion: 'karpd.dev/v1alpha1', kind: 'Decision', plural: 'decisions', namespaced: false },
} as const satisfies Record<string, ResourceKind>;

/** The collection path of a kind: all namespaces when `namespace` is omitted. */
export function collectionPath(kind: ResourceKind, namespace?: string): string {
  const root = kind.apiVersion.includes('/') ? `/apis/${kind.apiVersion}` : `/api/${kind.apiVersion}`;
  return kind.namespaced && namespace !== undefined ? `${root}/namespaces/${namespace}/${kind.plural}` : `${root}/${kind.plural}`;
}

/** The path of one object (plus an optional subresource such as `status` or `eviction`). */
export function objectPath(kind: ResourceKind, name: string, namespace?: string, subresource?: string): string {
  const base = `${collectionPath(kind, kind.namespaced ? (namespace ?? 'default') : undefined)}/${encodeURIComponent(name)}`;
  return subresource === undefined ? base : `${base}/${subresource}`;
}
