/**
 * `karpenter.sh/v1` NodePool: the types as they appear in a manifest. Durations
 * and quantities stay strings here (the raw text round-trips); use
 * {@link Duration} and {@link Quantity} to compute with them.
 * Spec: docs https://karpenter.sh/docs/concepts/nodepools/
 */
import type { NodeSelectorOperator, Taint } from './core-v1.js';
import type { Condition, KubeObject, ResourceList } from './object-meta.js';

/** The API group of NodePools and NodeClaims. */
export const KARPENTER_GROUP = 'karpenter.sh';
/** The apiVersion of v1 NodePools and NodeClaims. */
export const KARPENTER_V1 = 'karpenter.sh/v1';

/** A requirement with Karpenter's `minValues` extension. */
export interface NodeSelectorRequirementWithMinValues {
  key: string;
  operator: NodeSelectorOperator;
  values?: string[];
  /** The launch set of instance types must span at least this many values (1..50). */
  minValues?: number;
}

/** Which NodeClass a pool's nodes are built from. */
export interface NodeClassReference {
  group: string;
  kind: string;
  name: string;
}

/** Which nodes consolidation may remove: only empty ones, or also under-utilised ones (`Balanced` since v1.14). */
export type ConsolidationPolicy = 'WhenEmpty' | 'WhenEmptyOrUnderutilized' | 'Balanced';
/** The disruption reasons a budget can limit. */
export type DisruptionReason = 'Underutilized' | 'Empty' | 'Drifted';

/** A disruption budget: how many nodes may be disrupted at once, optionally only during a schedule. */
export interface Budget {
  /** A node count (`"5"`) or a percentage of the pool (`"10%"`). */
  nodes: string;
  /** Cron schedule (UTC) when the budget is active; requires `duration`. */
  schedule?: string;
  /** How long the budget is active after each schedule hit; requires `schedule`. */
  duration?: string;
  /** The disruption reasons this budget limits (all when absent). */
  reasons?: DisruptionReason[];
}

/** How and when the nodes of a pool may be disrupted. */
export interface Disruption {
  consolidationPolicy?: ConsolidationPolicy;
  consolidateAfter?: string;
  budgets?: Budget[];
}

/** The spec every NodeClaim of a pool is created with. */
export interface NodeClaimTemplateSpec {
  requirements: NodeSelectorRequirementWithMinValues[];
  taints?: Taint[];
  startupTaints?: Taint[];
  expireAfter?: string;
  terminationGracePeriod?: string;
  nodeClassRef: NodeClassReference;
}

/** The labels, annotations and spec of the NodeClaims a pool creates. */
export interface NodeClaimTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: NodeClaimTemplateSpec;
}

/** The desired state of a NodePool. */
export interface NodePoolSpec {
  template: NodeClaimTemplate;
  disruption?: Disruption;
  limits?: ResourceList;
  weight?: number;
  replicas?: number;
}

/** What Karpenter observes about a NodePool (written by its status controller). */
export interface NodePoolStatus {
  resources?: ResourceList;
  nodes?: number;
  nodeClassObservedGeneration?: number;
  conditions?: Condition[];
}

/** A `karpenter.sh/v1` NodePool. */
export interface NodePool extends KubeObject {
  apiVersion: typeof KARPENTER_V1;
  kind: 'NodePool';
  spec: NodePoolSpec;
  status?: NodePoolStatus;
}
