/**
 * One cluster's Decisions kept as `karpd.dev/v1alpha1` Decision custom
 * resources in that cluster, through the kube layer's RestClient. Status is a
 * subresource, so a Decision is created in two steps (POST, then PUT of its
 * status); status updates re-read and retry on a conflict; events on a
 * Decision go through the aggregating recorder and never throw.
 */
import type { Clock } from '../../apis/clock.js';
import { boundDecision, boundDecisionStatus } from '../../apis/decision-bounds.js';
import { type Decision, DecisionLabels, type DecisionStatus } from '../../apis/decision.js';
import type { Logger } from '../../apis/logger.js';
import { withConflictRetry } from '../../kube/conflict-retry.js';
import { isAlreadyExistsError, isNotFoundError, toKubeApiError } from '../../kube/errors.js';
import { EventRecorder } from '../../kube/event-recorder.js';
import { COMPONENT } from '../../kube/kube-writer.js';
import { collectionPath, Kinds, objectPath } from '../../kube/resource-kinds.js';
import type { RestClient } from '../../kube/rest-client.js';
import { DecisionNotFoundError } from './decision-errors.js';
import type { DecisionRepository } from './decision-repository.js';

/** What {@link KubeDecisionRepository} works with. */
export interface KubeDecisionRepositoryDeps {
  readonly rest: RestClient;
  /** The cluster folder these Decisions belong to (their `karpd.dev/cluster` label). */
  readonly cluster: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Shares an event recorder (and its aggregation cache) with the rest of the agent. @default a recorder of its own */
  readonly events?: EventRecorder;
}

interface DecisionList {
  items?: Decision[];
}

function byAge(a: Decision, b: Decision): number {
  const time = (d: Decision) => Date.parse(d.metadata.creationTimestamp ?? '') || 0;
  return time(a) - time(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** The Decisions of one cluster, in that cluster. */
export class KubeDecisionRepository implements DecisionRepository {
  private readonly events: EventRecorder;

  constructor(private readonly deps: KubeDecisionRepositoryDeps) {
    this.events = deps.events ?? new EventRecorder(deps.rest, () => deps.clock.now());
  }

  /** Every Decision labelled with this cluster, oldest first. */
  async list(): Promise<Decision[]> {
    const list = await this.call('listing decisions', () =>
      this.deps.rest.request<DecisionList>({
        method: 'GET',
        path: collectionPath(Kinds.decision),
        query: { labelSelector: `${DecisionLabels.cluster}=${this.deps.cluster}` },
      }),
    );
    return (list.items ?? []).map((item) => this.withKind(item)).sort(byAge);
  }

  /** The Decision, or undefined when there is none of that name for this cluster. */
  async get(name: string): Promise<Decision | undefined> {
    try {
      const found = await this.read(name);
      return found.metadata.labels?.[DecisionLabels.cluster] === this.deps.cluster ? found : undefined;
    } catch (error) {
      if (isNotFoundError(error)) return undefined;
      throw error;
    }
  }

  /**
   * Creates it (labelled, within the CRD's bounds) and writes its status; returns the existing one when the name is
   * taken. An existing one without a status (its creator stopped between the two steps) gets this status.
   */
  async create(decision: Decision): Promise<Decision> {
    const bounded = this.labelled(boundDecision(decision));
    const name = bounded.metadata.name ?? '';
    const { status, ...object } = bounded;
    let created: Decision;
    try {
      created = await this.deps.rest.request<Decision>({ method: 'POST', path: collectionPath(Kinds.decision), body: object });
    } catch (error) {
      if (!isAlreadyExistsError(error)) throw toKubeApiError(error, `creating decision ${name}`);
      created = await this.read(name);
      if (created.status !== undefined) return created;
    }
    if (status === undefined) return this.withKind(created);
    return this.updateStatus(name, (current) => current.status ?? status);
  }

  /** Replaces the status with `update(current)`, re-reading and retrying on a 409 Conflict. */
  async updateStatus(name: string, update: (current: Decision) => DecisionStatus): Promise<Decision> {
    return withConflictRetry(async () => {
      let current: Decision;
      try {
        current = await this.read(name);
      } catch (error) {
        if (isNotFoundError(error)) throw new DecisionNotFoundError(name);
        throw error;
      }
      const status = boundDecisionStatus(update(current));
      return this.call(`updating the status of decision ${name}`, async () =>
        this.withKind(
          await this.deps.rest.request<Decision>({
            method: 'PUT',
            path: objectPath(Kinds.decision, name, undefined, 'status'),
            body: { ...current, status },
          }),
        ),
      );
    });
  }

  /** Records an Event on the Decision (aggregated); a failure is logged, never thrown. */
  async event(decision: Decision, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    try {
      const error = await this.events.record({ involved: decision, type, reason, message, component: COMPONENT });
      if (error !== undefined) this.logEventFailure(decision, reason, error);
    } catch (error) {
      this.logEventFailure(decision, reason, error);
    }
  }

  private logEventFailure(decision: Decision, reason: string, error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    this.deps.logger.warn(
      { cluster: this.deps.cluster, decision: decision.metadata.name, reason, error: detail },
      'recording an event on a decision failed',
    );
  }

  private async read(name: string): Promise<Decision> {
    const found = await this.call(`reading decision ${name}`, () =>
      this.deps.rest.request<Decision>({ method: 'GET', path: objectPath(Kinds.decision, name) }),
    );
    return this.withKind(found);
  }

  private labelled(decision: Decision): Decision {
    const labels = { ...decision.metadata.labels, [DecisionLabels.cluster]: this.deps.cluster, [DecisionLabels.kind]: decision.spec.kind };
    return { ...decision, metadata: { ...decision.metadata, labels } };
  }

  /** List items come without apiVersion and kind; every Decision handed out has them. */
  private withKind(decision: Decision): Decision {
    return { ...decision, apiVersion: Kinds.decision.apiVersion, kind: 'Decision' };
  }

  private async call<T>(doing: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toKubeApiError(error, doing);
    }
  }
}
