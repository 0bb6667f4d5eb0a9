/**
 * karpd's own `karpd.dev/v1alpha1` Cluster: the `cluster.yaml` at the root of
 * each cluster folder of a GitOps repository.
 */
import type { KubeObject } from './object-meta.js';

export const KARPD_V1ALPHA1 = 'karpd.dev/v1alpha1';

export type CloudName = 'sim' | 'aws';
export type SyncPolicy = 'auto' | 'manual';
export type DriftPolicy = 'approve' | 'auto' | 'ignore';
export type DisruptionApproval = 'none' | 'drift' | 'all';

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

export interface Cluster extends KubeObject {
  apiVersion: typeof KARPD_V1ALPHA1;
  kind: 'Cluster';
  spec: ClusterSpec;
}
