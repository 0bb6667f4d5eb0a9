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

/** Whether a sync window lets changes through (`allow`) or holds them (`deny`), as Argo CD's sync windows. */
export type SyncWindowKind = 'allow' | 'deny';

/**
 * A sync window: from each time the cron `schedule` fires, for `duration`. Inside a `deny` window automatic
 * applies wait; when any `allow` window exists, automatic applies happen only inside one. An approval by a
 * person overrides a deny window (and the audit log says so).
 */
export interface SyncWindow {
  kind: SyncWindowKind;
  /** Five-field cron (`0 9 * * 1-5`). */
  schedule: string;
  /** How long the window stays open after each start (`8h`). */
  duration: string;
  /** IANA time zone of `schedule`. @default 'UTC' */
  timeZone?: string;
  /** Shown in reasons and the audit log. @default `<kind> <schedule>` */
  name?: string;
}

/** How Git changes reach the cluster. */
export interface ClusterSync {
  policy?: SyncPolicy;
  /** How often Git is fetched. @default 1m */
  interval?: string;
  /** Stop applying anything (Git changes and drift reverts) until resumed. @default false */
  suspend?: boolean;
  windows?: SyncWindow[];
}

/** Notifications about Decisions. */
export interface ClusterNotify {
  /** An https (or http://127.0.0.1 / localhost) URL that gets a JSON POST per event. */
  webhook?: string;
  /** Remind (again) when a Decision has waited this long or the cluster has been suspended this long (`4h`). */
  remindAfter?: string;
}

/** The desired state of one cluster of a GitOps repository. */
export interface ClusterSpec {
  /** Which cloud provider launches this cluster's nodes. */
  cloud: CloudName;
  region: string;
  /** The kubeconfig context of the cluster (not used by the embedded `sim` cluster). */
  kubeContext?: string;
  sync?: ClusterSync;
  drift?: { policy?: DriftPolicy };
  disruption?: { approval?: DisruptionApproval };
  /** Where people are told about Decisions waiting for them. */
  notify?: ClusterNotify;
  /** Values for `{{ name }}` placeholders in this cluster's manifests. */
  vars?: Record<string, string>;
}

/** karpd's `karpd.dev/v1alpha1` Cluster (a cluster folder's `cluster.yaml`). */
export interface Cluster extends KubeObject {
  apiVersion: typeof KARPD_V1ALPHA1;
  kind: 'Cluster';
  spec: ClusterSpec;
}
