/**
 * The collaborators a cluster's sync controller is handed, as small
 * function types: the real ones (apply/prune through `src/gitops/apply`,
 * sync windows, the what-if, reminders) are wired by the composition root;
 * tests pass fakes.
 */
import type { SyncWindow } from '../../apis/cluster.js';
import type { Decision, DecisionWhatIf } from '../../apis/decision.js';
import type { DesiredObject, ObjectRef } from '../../gitops/diff/object-comparison.js';
import type { WindowVerdict } from '../../gitops/decisions/plan-sync.js';
import type { ClusterManifests } from '../../gitops/source/load-cluster.js';

/** What one write did to one object. */
export interface ChangeResult {
  readonly kind: string;
  readonly name: string;
  /** `created`, `updated`, `unchanged`, `deleted`, `absent`… */
  readonly action: string;
}

/** Applies objects (EC2NodeClasses before NodePools) with field manager karpd, recording `revision` as last-applied. */
export type ApplyObjects = (objects: readonly DesiredObject[], revision: string) => Promise<ChangeResult[]>;

/** Deletes objects karpd applied once and Git no longer has (NodePools before EC2NodeClasses). */
export type PruneObjects = (refs: readonly ObjectRef[]) => Promise<ChangeResult[]>;

/** The what-if of replacing the cluster's `before` NodePools/EC2NodeClasses with `after`; undefined when it cannot tell. */
export type ProjectWhatIf = (before: DesiredObject[], after: DesiredObject[]) => Promise<DecisionWhatIf | undefined>;

/** The sync windows' verdict at `now` (`evaluateSyncWindows`). */
export type EvaluateWindows = (windows: readonly SyncWindow[], now: Date) => WindowVerdict;

/** Renders and validates one cluster folder of an exported revision (`loadClusterManifests`). */
export type RenderRevision = (tree: string, cluster: string) => Promise<ClusterManifests>;

/** What {@link DueReminders} looks at. */
export interface ReminderInput {
  /** The cluster's pending Decisions (their `remindedAt` says when the last reminder went). */
  readonly pending: readonly Decision[];
  /** When the cluster was suspended, if it is. */
  readonly suspendedAt?: Date;
  /** When the last suspended-reminder went. */
  readonly suspendedRemindedAt?: Date;
  readonly remindAfterMs: number;
  readonly now: Date;
}

/** Which reminders are due now: the Decisions to remind about by name, and whether the suspension is. */
export type DueReminders = (input: ReminderInput) => { readonly decisions: readonly string[]; readonly suspended: boolean };
