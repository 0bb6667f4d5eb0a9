/**
 * Where one cluster's Decisions are kept (the Decision custom resources of
 * that cluster). Interface only: `kube-decision-repository.ts` keeps them in
 * the cluster; `src/testing/in-memory-decision-repository.ts` in memory.
 */
import type { Decision, DecisionStatus } from '../../apis/decision.js';

export interface DecisionRepository {
  /** Every Decision of this cluster, oldest first. */
  list(): Promise<Decision[]>;
  get(name: string): Promise<Decision | undefined>;
  /** Creates it with its status; when one with that name exists already, returns the existing one unchanged. */
  create(decision: Decision): Promise<Decision>;
  /** Replaces the status with `update(current)`, re-reading and retrying on a conflict. */
  updateStatus(name: string, update: (current: Decision) => DecisionStatus): Promise<Decision>;
  /** Records a Kubernetes Event on the Decision (aggregated like kubectl's). Never throws. */
  event(decision: Decision, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
}
