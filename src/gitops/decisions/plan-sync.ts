/**
 * The sync plan of one cluster (pure: no I/O, no clock): from the three-way
 * comparisons of a revision, the policies of its `cluster.yaml`, the sync
 * window verdict and the Decisions that exist already, which Decisions to
 * create, which to apply now as karpd, which wait for a person or a window,
 * and which pending ones are superseded. Semantics after Argo CD (automated
 * sync, self-heal and prune as separate switches, `Prune=confirm`, sync
 * windows) and Flux (suspend).
 */
import type { Cluster } from '../../apis/cluster.js';
import type { Decision, DecisionKind, DecisionState, DecisionStatus, NodeDecisionKind } from '../../apis/decision.js';
import type { ComparisonStatus, ObjectComparison } from '../diff/object-comparison.js';
import type { DecisionContent } from './decision-drafts.js';
import { GIT_CHANGE_STATUSES, decisionContent, decisionObject, shortRevision } from './decision-drafts.js';
import { decisionName } from './decision-name.js';
import type { SyncStatus } from './gitops-service.js';

/** The sync windows' verdict now (`evaluateSyncWindows`). */
export interface WindowVerdict {
  readonly allowed: boolean;
  readonly reason: string;
  readonly window?: string;
  readonly until?: Date;
}

/** Everything one plan looks at. */
export interface SyncPlanInput {
  /** The cluster's Cluster object, defaults applied (`withClusterDefaults`). */
  readonly cluster: Cluster;
  /** The commit in force. */
  readonly revision: string;
  readonly comparisons: readonly ObjectComparison[];
  /** Nodes each NodePool has now (a prune of a pool with nodes waits for a person). */
  readonly nodesPerPool: ReadonlyMap<string, number>;
  /** Undefined when the cluster has no sync windows. */
  readonly window?: WindowVerdict;
  /** `spec.sync.suspend` or a person's `karpd suspend`. */
  readonly suspended: boolean;
  /** This cluster's Decisions as stored. */
  readonly decisions: readonly Decision[];
  readonly now: Date;
}

/** Why a pending Decision waits, and for whom. */
export interface Hold {
  readonly heldBy: 'person' | 'window';
  readonly waitingFor: string;
}

/** One Decision the cluster needs now. */
export interface PlannedDecision {
  readonly name: string;
  readonly kind: DecisionKind;
  readonly content: DecisionContent;
  /** The stored Decision of that name, when it exists already (pending or approved). */
  readonly existing?: Decision;
  /** A new Decision to create, with its first status. */
  readonly draft?: Decision;
  /** Undefined: karpd applies it now. */
  readonly hold?: Hold;
  /** Why karpd may apply it without a person (`sync policy auto`), when `hold` is undefined. */
  readonly reason: string;
}

/** A pending Decision that is no longer what the cluster needs. */
export interface Supersession {
  readonly name: string;
  readonly supersededBy?: string;
  readonly reason: string;
}

/** A needed change that a final Decision of the same content stands in the way of (rejected, or failed too often). */
export interface BlockedChange {
  readonly kind: DecisionKind;
  readonly decision: string;
  readonly state: DecisionState;
  readonly reason: string;
}

/** What to do for one cluster now. */
export interface SyncPlan {
  readonly suspended: boolean;
  /** In apply order: git-change, config-drift, prune. */
  readonly decisions: readonly PlannedDecision[];
  readonly supersede: readonly Supersession[];
  readonly blocked: readonly BlockedChange[];
  /** Config drift under `spec.drift.policy: ignore`: shown, never reverted. */
  readonly shown: readonly ObjectComparison[];
}

/** Who karpd's own steps are recorded as. */
export const KARPD_ACTOR = 'karpd';

/** How often a change that failed is tried again (a new Decision each time) before it waits for a new revision. */
export const MAX_FAILED_ATTEMPTS = 3;

/** The kinds GitOps sync plans (node Decisions belong to the disruption controller). */
type PlannedKind = Exclude<DecisionKind, NodeDecisionKind>;

const PLANNED_KINDS: readonly PlannedKind[] = ['git-change', 'config-drift', 'prune'];

function isPlannedKind(kind: DecisionKind): kind is PlannedKind {
  return (PLANNED_KINDS as readonly DecisionKind[]).includes(kind);
}

const NO_LONGER_NEEDED: Record<PlannedKind, string> = {
  'git-change': 'the cluster no longer needs it (in sync with Git now)',
  'config-drift': 'the drift is gone (fixed by hand or reverted)',
  prune: 'nothing to prune any more',
};

function windowHold(window: WindowVerdict | undefined): Hold | undefined {
  return window === undefined || window.allowed ? undefined : { heldBy: 'window', waitingFor: window.reason };
}

function removesEveryPool(comparisons: readonly ObjectComparison[]): boolean {
  const desiredPools = comparisons.filter((c) => c.kind === 'NodePool' && c.desired !== undefined).length;
  const prunedPools = comparisons.filter((c) => c.kind === 'NodePool' && c.status === 'extra').length;
  return desiredPools === 0 && prunedPools > 0;
}

function pruneHold(input: SyncPlanInput, content: DecisionContent): Hold | undefined {
  if (removesEveryPool(input.comparisons)) {
    const waitingFor = `revision ${shortRevision(input.revision)} removes every NodePool of cluster ${input.cluster.metadata.name ?? ''}: approve explicitly`;
    return { heldBy: 'person', waitingFor };
  }
  const withNodes = content.changes.filter((change) => change.kind === 'NodePool' && (change.nodes ?? 0) > 0);
  if (withNodes.length > 0) {
    const pools = withNodes.map((change) => `${change.name} (${change.nodes} node${change.nodes === 1 ? '' : 's'})`);
    return { heldBy: 'person', waitingFor: `prune of NodePool ${pools.join(', ')} that still has nodes` };
  }
  if (input.cluster.spec.sync?.policy === 'manual') return { heldBy: 'person', waitingFor: 'sync policy manual' };
  return windowHold(input.window);
}

function holdOf(input: SyncPlanInput, content: DecisionContent): { hold?: Hold; reason: string } {
  const spec = input.cluster.spec;
  if (content.kind === 'prune') return { hold: pruneHold(input, content), reason: 'prune under sync policy auto' };
  if (content.kind === 'config-drift') {
    const hold =
      spec.drift?.policy === 'approve' ? { heldBy: 'person' as const, waitingFor: 'drift policy approve' } : windowHold(input.window);
    return { hold, reason: 'drift policy auto (self-heal)' };
  }
  const hold = spec.sync?.policy === 'manual' ? { heldBy: 'person' as const, waitingFor: 'sync policy manual' } : windowHold(input.window);
  return { hold, reason: 'sync policy auto' };
}

type NameResolution = { readonly name: string; readonly existing?: Decision } | { readonly blocked: Decision };

/** The name for `content`: the first occurrence that is free or still open, skipping applied and superseded ones. */
function resolveName(cluster: string, content: DecisionContent, byName: ReadonlyMap<string, Decision>): NameResolution {
  let failed = 0;
  for (let occurrence = 1; ; occurrence++) {
    const name = decisionName(cluster, content.kind, occurrence === 1 ? content.key : `${content.key}\n#${occurrence}`);
    const existing = byName.get(name);
    const state = existing?.status?.state ?? 'pending';
    if (existing === undefined) return { name };
    if (state === 'pending' || state === 'approved') return { name, existing };
    if (state === 'rejected') return { blocked: existing };
    if (state === 'failed' && ++failed >= MAX_FAILED_ATTEMPTS) return { blocked: existing };
  }
}

/** The first status of a new Decision: pending with its hold, or approved by karpd to be applied at once. */
export function initialStatus(hold: Hold | undefined, reason: string, now: Date): DecisionStatus {
  const at = now.toISOString();
  if (hold !== undefined) {
    return {
      state: 'pending',
      waitingFor: hold.waitingFor,
      heldBy: hold.heldBy,
      history: [{ state: 'pending', at, by: KARPD_ACTOR, message: hold.waitingFor }],
    };
  }
  return {
    state: 'approved',
    decidedBy: KARPD_ACTOR,
    decidedAt: at,
    history: [{ state: 'approved', at, by: KARPD_ACTOR, message: reason }],
  };
}

function contentsOf(input: SyncPlanInput): DecisionContent[] {
  const of = (statuses: readonly ComparisonStatus[]) => input.comparisons.filter((c) => statuses.includes(c.status));
  const drift = input.cluster.spec.drift?.policy === 'ignore' ? [] : of(['live-drifted']);
  return [
    decisionContent('git-change', input.revision, of(GIT_CHANGE_STATUSES), input.nodesPerPool),
    decisionContent('config-drift', input.revision, drift, input.nodesPerPool),
    decisionContent('prune', input.revision, of(['extra']), input.nodesPerPool),
  ].filter((content): content is DecisionContent => content !== undefined);
}

function planDecision(
  input: SyncPlanInput,
  content: DecisionContent,
  byName: ReadonlyMap<string, Decision>,
): PlannedDecision | BlockedChange {
  const cluster = input.cluster.metadata.name ?? '';
  const resolved = resolveName(cluster, content, byName);
  if ('blocked' in resolved) {
    const state = resolved.blocked.status?.state ?? 'rejected';
    const reason = `${resolved.blocked.metadata.name} was ${state}${resolved.blocked.status?.message ? `: ${resolved.blocked.status.message}` : ''}`;
    return { kind: content.kind, decision: resolved.blocked.metadata.name ?? '', state, reason };
  }
  const { hold, reason } = holdOf(input, content);
  const approved = resolved.existing?.status?.state === 'approved';
  const planned = { name: resolved.name, kind: content.kind, content, reason, ...(hold !== undefined && !approved ? { hold } : {}) };
  if (resolved.existing !== undefined) return { ...planned, existing: resolved.existing };
  return { ...planned, draft: decisionObject(cluster, resolved.name, content, initialStatus(hold, reason, input.now), input.now) };
}

function supersessions(input: SyncPlanInput, planned: readonly PlannedDecision[], blocked: readonly BlockedChange[]): Supersession[] {
  const keep = new Set([...planned.map((p) => p.name), ...blocked.map((b) => b.decision)]);
  return input.decisions
    .filter((d) => d.status?.state === 'pending' && isPlannedKind(d.spec.kind) && !keep.has(d.metadata.name ?? ''))
    .map((d) => {
      const replacement = planned.find((p) => p.kind === d.spec.kind);
      if (replacement === undefined) return { name: d.metadata.name ?? '', reason: NO_LONGER_NEEDED[d.spec.kind as PlannedKind] };
      const reason = `replaced by ${replacement.name} (${replacement.content.summary})`;
      return { name: d.metadata.name ?? '', supersededBy: replacement.name, reason };
    });
}

/** Plans one cluster's sync. Suspended: nothing is created, applied or superseded. */
export function planSync(input: SyncPlanInput): SyncPlan {
  const shown = input.cluster.spec.drift?.policy === 'ignore' ? input.comparisons.filter((c) => c.status === 'live-drifted') : [];
  if (input.suspended) return { suspended: true, decisions: [], supersede: [], blocked: [], shown };
  const byName = new Map(input.decisions.map((d) => [d.metadata.name ?? '', d]));
  const planned: PlannedDecision[] = [];
  const blocked: BlockedChange[] = [];
  for (const content of contentsOf(input)) {
    const outcome = planDecision(input, content, byName);
    if ('decision' in outcome) blocked.push(outcome);
    else planned.push(outcome);
  }
  return { suspended: false, decisions: planned, supersede: supersessions(input, planned, blocked), blocked, shown };
}

/** The sync status word of a cluster (Argo CD's and Flux's words), most urgent first. */
export function syncStatusOf(input: {
  readonly error?: string;
  readonly suspended: boolean;
  readonly pendingDecisions: number;
  readonly objects: ReadonlyArray<{ readonly status: ComparisonStatus }>;
}): SyncStatus {
  if (input.error !== undefined) return 'error';
  if (input.suspended) return 'suspended';
  if (input.pendingDecisions > 0) return 'pending';
  if (input.objects.some((object) => object.status === 'live-drifted')) return 'drifted';
  if (input.objects.some((object) => ['git-changed', 'missing', 'both-changed', 'extra'].includes(object.status))) return 'out-of-sync';
  return 'synced';
}
