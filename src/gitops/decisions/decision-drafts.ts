/**
 * The content of the Decisions the sync plans (pure): which comparisons go
 * into which Decision kind, their changes, one-line summary, joined diff and
 * the key their deterministic name is made from, and the Decision object
 * itself.
 */
import type { Decision, DecisionChange, DecisionKind, DecisionStatus } from '../../apis/decision.js';
import { DECISION_API_VERSION, DecisionLabels } from '../../apis/decision.js';
import type { ObjectComparison } from '../diff/object-comparison.js';

/** The content of one planned Decision, before it has a name. */
export interface DecisionContent {
  readonly kind: DecisionKind;
  readonly revision: string;
  readonly summary: string;
  readonly changes: DecisionChange[];
  readonly diff: string;
  /** What the name is hashed from: the revision and every change's action, object and diff. */
  readonly key: string;
}

/** Comparison statuses that make a `git-change` (Git wins over live edits in `both-changed`). */
export const GIT_CHANGE_STATUSES = ['git-changed', 'missing', 'both-changed'] as const;

/** The first 7 characters of a commit, as people read it. */
export function shortRevision(revision: string): string {
  return revision.slice(0, 7);
}

/** EC2NodeClasses before NodePools, then by name: the order changes are shown and applied in. */
export function byApplyOrder(a: { kind: string; name: string }, b: { kind: string; name: string }): number {
  return Number(a.kind === 'NodePool') - Number(b.kind === 'NodePool') || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
}

function changeOf(comparison: ObjectComparison, nodesPerPool: ReadonlyMap<string, number>): DecisionChange {
  const action = comparison.status === 'missing' ? 'create' : comparison.status === 'extra' ? 'delete' : 'update';
  const nodes = action === 'delete' && comparison.kind === 'NodePool' ? (nodesPerPool.get(comparison.name) ?? 0) : undefined;
  return {
    action,
    kind: comparison.kind,
    name: comparison.name,
    ...(action !== 'delete' && comparison.desired !== undefined ? { desired: comparison.desired } : {}),
    diff: comparison.diff,
    ...(nodes !== undefined ? { nodes } : {}),
  };
}

function describeChange(change: DecisionChange, comparison: ObjectComparison): string {
  const base = `${change.action} ${change.kind} ${change.name}`;
  if (comparison.status === 'both-changed') return `${base} (overwrites live edits)`;
  if (change.nodes !== undefined && change.nodes > 0) return `${base} (${change.nodes} node${change.nodes === 1 ? '' : 's'})`;
  return base;
}

function summaryOf(kind: DecisionKind, revision: string, parts: readonly string[]): string {
  const short = shortRevision(revision);
  if (kind === 'git-change') return `apply ${short}: ${parts.join(', ')}`;
  if (kind === 'config-drift') return `revert drift to ${short}: ${parts.join(', ')}`;
  return `prune ${short}: ${parts.join(', ')}`;
}

/** The content of a `kind` Decision over `comparisons`, or undefined when there are none. */
export function decisionContent(
  kind: DecisionKind,
  revision: string,
  comparisons: readonly ObjectComparison[],
  nodesPerPool: ReadonlyMap<string, number>,
): DecisionContent | undefined {
  if (comparisons.length === 0) return undefined;
  const ordered = [...comparisons].sort(byApplyOrder);
  const changes = ordered.map((comparison) => changeOf(comparison, nodesPerPool));
  const parts = changes.map((change, index) => describeChange(change, ordered[index]));
  const key = [
    revision,
    ...ordered.map(
      (comparison, index) =>
        `${changes[index].action} ${comparison.kind}/${comparison.name}\n${comparison.diff}\n${comparison.driftDiff ?? ''}`,
    ),
  ].join('\n--\n');
  return {
    kind,
    revision,
    summary: summaryOf(kind, revision, parts),
    changes,
    diff: changes.map((change) => change.diff).join('\n'),
    key,
  };
}

/** A Decision object of `cluster` named `name` with `content` and `status`, created `now`. */
export function decisionObject(cluster: string, name: string, content: DecisionContent, status: DecisionStatus, now: Date): Decision {
  return {
    apiVersion: DECISION_API_VERSION,
    kind: 'Decision',
    metadata: {
      name,
      labels: { [DecisionLabels.cluster]: cluster, [DecisionLabels.kind]: content.kind },
      creationTimestamp: now.toISOString(),
    },
    spec: {
      cluster,
      kind: content.kind,
      summary: content.summary,
      revision: content.revision,
      changes: content.changes,
      diff: content.diff,
    },
    status,
  };
}
