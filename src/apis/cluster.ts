/**
 * karpd's own `karpd.dev/v1alpha1` Cluster: the `cluster.yaml` at the root of
 * each cluster folder of a GitOps repository.
 */
import type { KubeObject } from './object-meta.js';

/** The apiVersion of karpd's Cluster kind. */
export const KARPD_V1ALPHA1 = 'karpd.dev/v1alpha1';

/** Which cloud provider launches a cluster's nodes. */
export type CloudName = 'sim' | 'aws';
/** Whether Git changes are applied at once (`auto`) or after an approval (`manual`). */
export type SyncPolicy = 'auto' | 'manual';
/** What happens to live objects changed behind Git's back: ask (`approve`), revert (`auto`) or leave them (`ignore`). */
export type DriftPolicy = 'approve' | 'auto' | 'ignore';
/** Which node disruptions wait for a person: none, drift replacements, or all. */
export type DisruptionApproval = 'none' | 'drift' | 'all';

/** The desired state of one cluster of a GitOps repository. */
export interface ClusterSpec {
  /** Which cloud provider launches this cluster's nodes. */
  cloud: CloudName;
  region: string;
  /** The kubeconfig context of the cluster (not used by the embedded `sim` cluster). */
  kubeContext?: string;
  sync?: { policy?: SyncPolicy; interval?: string };
  drift?: { policy?: DriftPolicy };
  disruption?: { approval?: DisruptionApproval };
  /** Values for `{{ name }}` placeholders in this cluster's manifests. */
  vars?: Record<string, string>;
}

/** karpd's `karpd.dev/v1alpha1` Cluster (a cluster folder's `cluster.yaml`). */
export interface Cluster extends KubeObject {
  apiVersion: typeof KARPD_V1ALPHA1;
  kind: 'Cluster';
  spec: ClusterSpec;
}
