/**
 * A {@link DecisionRepository} in memory for tests: conflict-free, keeps
 * Decisions in creation order, records every Event, and can be shared by two
 * controllers to play a restart or a second agent over the same cluster.
 */
import type { Decision, DecisionStatus } from '../apis/decision.js';
import type { DecisionRepository } from '../gitops/decisions/decision-repository.js';
import { DecisionNotFoundError } from '../gitops/decisions/decision-errors.js';

/** One Event recorded on a Decision. */
export interface RecordedDecisionEvent {
  readonly decision: string;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** Keeps Decisions in a Map; `list()` returns copies, oldest first. */
export class InMemoryDecisionRepository implements DecisionRepository {
  readonly events: RecordedDecisionEvent[] = [];
  /** How many times `create` actually created a Decision (an existing name does not count). */
  created = 0;
  private readonly decisions = new Map<string, Decision>();
  private failures = 0;
  private failure: Error | undefined;

  /** Makes the next `count` calls of list/get/create/updateStatus reject with `error` (an unreachable cluster). */
  failNext(error: Error, count = 1): void {
    this.failure = error;
    this.failures = count;
  }

  async list(): Promise<Decision[]> {
    this.maybeFail();
    return [...this.decisions.values()].map((decision) => structuredClone(decision));
  }

  async get(name: string): Promise<Decision | undefined> {
    this.maybeFail();
    const decision = this.decisions.get(name);
    return decision === undefined ? undefined : structuredClone(decision);
  }

  async create(decision: Decision): Promise<Decision> {
    this.maybeFail();
    const name = decision.metadata.name ?? '';
    const existing = this.decisions.get(name);
    if (existing !== undefined) return structuredClone(existing);
    this.decisions.set(name, structuredClone(decision));
    this.created++;
    return structuredClone(decision);
  }

  async updateStatus(name: string, update: (current: Decision) => DecisionStatus): Promise<Decision> {
    this.maybeFail();
    const current = this.decisions.get(name);
    if (current === undefined) throw new DecisionNotFoundError(name);
    const next = { ...current, status: update(structuredClone(current)) };
    this.decisions.set(name, next);
    return structuredClone(next);
  }

  async event(decision: Decision, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    this.events.push({ decision: decision.metadata.name ?? '', type, reason, message });
  }

  private maybeFail(): void {
    if (this.failures <= 0 || this.failure === undefined) return;
    this.failures--;
    throw this.failure;
  }
}
