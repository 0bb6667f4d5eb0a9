/** A small Decision builder for the decision tests: a pending git-change of one NodePool, overridable field by field. */
import type { Decision, DecisionSpec, DecisionStatus } from '../../../src/apis/decision.js';
import { DECISION_API_VERSION, DecisionLabels } from '../../../src/apis/decision.js';

/** What a test may set; everything else has a default. */
export interface DecisionFixture {
  readonly name?: string;
  readonly cluster?: string;
  readonly spec?: Partial<DecisionSpec>;
  readonly status?: Partial<DecisionStatus>;
  readonly createdAt?: string;
}

/** A pending git-change Decision named `name` (default `sandbox-git-change-0123456789`). */
export function decision(fixture: DecisionFixture = {}): Decision {
  const cluster = fixture.cluster ?? 'sandbox';
  const createdAt = fixture.createdAt ?? '2026-12-01T10:00:00Z';
  const diff = '--- NodePool/airflow-worker (live)\n+++ NodePool/airflow-worker (git)\n-  cpu: 100\n+  cpu: 200\n';
  const spec: DecisionSpec = {
    cluster,
    kind: 'git-change',
    summary: 'apply revision 3f2a91c: update NodePool airflow-worker',
    revision: '3f2a91c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6',
    changes: [
      {
        action: 'update',
        kind: 'NodePool',
        name: 'airflow-worker',
        desired: { apiVersion: 'karpenter.sh/v1', kind: 'NodePool', metadata: { name: 'airflow-worker' }, spec: { limits: { cpu: 200 } } },
        diff,
      },
    ],
    diff,
    ...fixture.spec,
  };
  return {
    apiVersion: DECISION_API_VERSION,
    kind: 'Decision',
    metadata: {
      name: fixture.name ?? `${cluster}-git-change-0123456789`,
      labels: { [DecisionLabels.cluster]: cluster, [DecisionLabels.kind]: spec.kind },
      creationTimestamp: createdAt,
    },
    spec,
    status: {
      state: 'pending',
      waitingFor: 'sync policy manual',
      history: [{ state: 'pending', at: createdAt, by: 'karpd' }],
      ...fixture.status,
    },
  };
}
