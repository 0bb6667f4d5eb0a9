/**
 * The three-way comparison of one object: desired (rendered from Git), live
 * (read from the cluster) and last-applied (what karpd applied last, from
 * the live object's annotation). Types only; `compare-objects.ts` computes
 * them.
 */
import type { KubeObject } from '../../apis/object-meta.js';

/**
 * - `in-sync`: desired equals live (after normalisation).
 * - `git-changed`: Git moved on since the last apply (live still equals last-applied, or karpd never applied it).
 * - `live-drifted`: someone changed the live object behind Git's back (desired still equals last-applied) — config drift.
 * - `both-changed`: Git and live both moved away from last-applied.
 * - `missing`: in Git, not in the cluster (to create).
 * - `extra`: karpd applied it once (it carries the last-applied annotation) and Git no longer has it (to prune).
 * - `unmanaged`: in the cluster, not in Git, never applied by karpd (left alone, shown).
 */
export type ComparisonStatus = 'in-sync' | 'git-changed' | 'live-drifted' | 'both-changed' | 'missing' | 'extra' | 'unmanaged';

/** A NodePool, EC2NodeClass (or Cluster) by kind and name. */
export interface ObjectRef {
  readonly kind: string;
  readonly name: string;
}

/** A desired object as rendered from Git (defaults not applied). */
export type DesiredObject = KubeObject & { spec?: unknown };

/** The comparison of one object. */
export interface ObjectComparison extends ObjectRef {
  readonly status: ComparisonStatus;
  readonly desired?: DesiredObject;
  readonly live?: KubeObject;
  readonly lastApplied?: KubeObject;
  /** Unified diff live → desired of the normalised objects, stable key order; '' when in sync. */
  readonly diff: string;
  /** For `live-drifted` and `both-changed`: last-applied → live, what was changed behind Git's back. */
  readonly driftDiff?: string;
}

/** Compares a cluster's desired objects with its live ones (every NodePool and EC2NodeClass listed). */
export type CompareCluster = (input: {
  readonly desired: readonly DesiredObject[];
  readonly live: readonly KubeObject[];
}) => ObjectComparison[];
