/**
 * A {@link GitOpsService} for tests of the agent API, the CLI and the
 * dashboard: clusters and Decisions kept in memory, every action recorded
 * with its actor, the same errors as the real one (unknown Decision or
 * cluster, a Decision not pending), and injectable outcomes (an approval
 * whose apply fails). Plus builders for a Decision and a cluster's state.
 */
import { DECISION_API_VERSION, DecisionLabels, type Decision, type DecisionState, type DecisionWhatIf } from '../apis/decision.js';
import { DecisionNotFoundError, DecisionStateError, UnknownClusterError } from '../gitops/decisions/decision-errors.js';
import type { Actor, ClusterSyncState, GitOpsService } from '../gitops/decisions/gitops-service.js';
import { FIXTURE_TIME } from './builders.js';

/** One call the fake received. */
export type GitOpsCall =
  | { readonly method: 'approve' | 'reject'; readonly name: string; readonly actor: Actor; readonly reason?: string }
  | { readonly method: 'refresh'; readonly actor: Actor; readonly cluster?: string }
  | { readonly method: 'suspend' | 'resume'; readonly cluster: string; readonly actor: Actor };

/** Options of {@link gitopsDecision}. */
export interface DecisionFixture {
  readonly name: string;
  readonly cluster?: string;
  readonly kind?: Decision['spec']['kind'];
  readonly state?: DecisionState;
  readonly summary?: string;
  readonly diff?: string;
  readonly createdAt?: string;
  readonly whatIf?: DecisionWhatIf;
}

/** A Decision with one NodePool change; defaults: cluster `sandbox`, kind `git-change`, state `pending`, created at FIXTURE_TIME. */
export function gitopsDecision(fixture: DecisionFixture): Decision {
  const cluster = fixture.cluster ?? 'sandbox';
  const kind = fixture.kind ?? 'git-change';
  const diff = fixture.diff ?? '--- NodePool/airflow-worker\n+++ NodePool/airflow-worker\n@@ -1 +1 @@\n-  cpu: 100\n+  cpu: 200\n';
  return {
    apiVersion: DECISION_API_VERSION,
    kind: 'Decision',
    metadata: {
      name: fixture.name,
      labels: { [DecisionLabels.cluster]: cluster, [DecisionLabels.kind]: kind },
      creationTimestamp: fixture.createdAt ?? FIXTURE_TIME,
    },
    spec: {
      cluster,
      kind,
      summary: fixture.summary ?? `apply 3f2a91c: update NodePool airflow-worker`,
      revision: '3f2a91c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6',
      changes: [{ action: 'update', kind: 'NodePool', name: 'airflow-worker', diff }],
      diff,
      ...(fixture.whatIf !== undefined ? { whatIf: fixture.whatIf } : {}),
    },
    status: { state: fixture.state ?? 'pending', history: [] },
  };
}

/** A cluster's sync state; defaults: `sandbox`, sim, auto sync, drift approve, synced. */
export function clusterSyncState(overrides: Partial<ClusterSyncState> = {}): ClusterSyncState {
  return {
    cluster: 'sandbox',
    cloud: 'sim',
    syncPolicy: 'auto',
    driftPolicy: 'approve',
    status: 'synced',
    source: { url: 'file:///tmp/gitops', ref: 'main', revision: '3f2a91c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6', failures: 0 },
    suspended: false,
    objects: [],
    pendingDecisions: 0,
    ...overrides,
  };
}

/** The in-memory GitOps service. */
export class FakeGitOpsService implements GitOpsService {
  readonly calls: GitOpsCall[] = [];
  /** Names of Decisions whose approval ends `failed` (the apply error is `applying failed (injected)`). */
  readonly failingApprovals = new Set<string>();
  private readonly states = new Map<string, ClusterSyncState>();
  private readonly stored = new Map<string, Decision>();

  constructor(options: { clusters?: readonly ClusterSyncState[]; decisions?: readonly Decision[] } = {}) {
    for (const state of options.clusters ?? [clusterSyncState()]) this.states.set(state.cluster, state);
    for (const decision of options.decisions ?? []) this.stored.set(decision.metadata.name ?? '', decision);
  }

  clusters(): ClusterSyncState[] {
    return [...this.states.values()];
  }

  async decisions(filter: { readonly cluster?: string; readonly state?: DecisionState } = {}): Promise<Decision[]> {
    return [...this.stored.values()]
      .filter(
        (d) =>
          (filter.cluster === undefined || d.spec.cluster === filter.cluster) &&
          (filter.state === undefined || d.status?.state === filter.state),
      )
      .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  }

  /** The Decision named `name` as stored now. */
  decision(name: string): Decision | undefined {
    return this.stored.get(name);
  }

  async approve(name: string, actor: Actor): Promise<Decision> {
    this.calls.push({ method: 'approve', name, actor });
    const failed = this.failingApprovals.has(name);
    return this.decide(name, 'approved', actor, failed ? 'failed' : 'applied', failed ? 'applying failed (injected)' : undefined);
  }

  async reject(name: string, actor: Actor, reason?: string): Promise<Decision> {
    this.calls.push({ method: 'reject', name, actor, ...(reason !== undefined ? { reason } : {}) });
    return this.decide(name, 'rejected', actor, 'rejected', reason);
  }

  async refresh(actor: Actor, cluster?: string): Promise<void> {
    if (cluster !== undefined) this.known(cluster);
    this.calls.push({ method: 'refresh', actor, ...(cluster !== undefined ? { cluster } : {}) });
  }

  async suspend(cluster: string, actor: Actor): Promise<void> {
    const state = this.known(cluster);
    this.calls.push({ method: 'suspend', cluster, actor });
    this.states.set(cluster, { ...state, suspended: true, status: 'suspended', suspendedBy: actor.name });
  }

  async resume(cluster: string, actor: Actor): Promise<void> {
    const state = this.known(cluster);
    this.calls.push({ method: 'resume', cluster, actor });
    const { suspendedBy: _by, suspendedAt: _at, ...rest } = state;
    this.states.set(cluster, { ...rest, suspended: false, status: 'synced' });
  }

  private known(cluster: string): ClusterSyncState {
    const state = this.states.get(cluster);
    if (state === undefined) throw new UnknownClusterError(cluster, [...this.states.keys()]);
    return state;
  }

  private decide(name: string, action: 'approved' | 'rejected', actor: Actor, final: DecisionState, message?: string): Decision {
    const current = this.stored.get(name);
    if (current === undefined) throw new DecisionNotFoundError(name);
    const state = current.status?.state ?? 'pending';
    if (state !== 'pending') throw new DecisionStateError(name, state, action);
    const at = FIXTURE_TIME;
    const history = [...(current.status?.history ?? []), { state: action, at, by: actor.name }, { state: final, at, by: 'karpd' }];
    const next: Decision = {
      ...current,
      status: { state: final, decidedBy: actor.name, decidedAt: at, history, ...(message !== undefined ? { message } : {}) },
    };
    this.stored.set(name, next);
    return next;
  }
}
