/** A fake {@link DashboardSource} for dashboard tests: a view a test can replace, and every action call recorded. */
import type { ViewModel } from '../../src/observe/view-model/view-model.js';
import type { ActionResult, ConnectionState, DashboardActions, DashboardSource } from '../../ui/source/dashboard-source.js';

/** One recorded action call. */
export interface ActionCall {
  readonly action: keyof DashboardActions;
  readonly args: readonly unknown[];
}

/** The fake source. */
export class FakeDashboardSource implements DashboardSource {
  readonly calls: ActionCall[] = [];
  /** What each action answers (defaults to `{ ok: true, message: '<action> ok' }`). */
  readonly results: Partial<Record<keyof DashboardActions, ActionResult & { yaml?: string }>> = {};
  private view: ViewModel | undefined;
  private link: ConnectionState = { state: 'live' };
  private readonly listeners = new Set<() => void>();
  closed = false;

  constructor(view?: ViewModel) {
    this.view = view;
  }

  current(): ViewModel | undefined {
    return this.view;
  }

  connection(): ConnectionState {
    return this.link;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replaces the view (bump its version for the app to notice). */
  push(view: ViewModel): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }

  /** Sets the connection state. */
  setConnection(connection: ConnectionState): void {
    this.link = connection;
    for (const listener of this.listeners) listener();
  }

  /** The calls of one action. */
  callsOf(action: keyof DashboardActions): ActionCall[] {
    return this.calls.filter((c) => c.action === action);
  }

  private answer(action: keyof DashboardActions, args: unknown[]): Promise<ActionResult & { yaml?: string }> {
    this.calls.push({ action, args });
    return Promise.resolve(this.results[action] ?? { ok: true, message: `${action} ok` });
  }

  readonly actions: DashboardActions = {
    approve: (decision) => this.answer('approve', [decision]),
    reject: (decision, reason) => this.answer('reject', reason === undefined ? [decision] : [decision, reason]),
    refresh: (cluster) => this.answer('refresh', [cluster]),
    suspend: (cluster) => this.answer('suspend', [cluster]),
    resume: (cluster) => this.answer('resume', [cluster]),
    injectSpotInterruption: (cluster, instanceId) => this.answer('injectSpotInterruption', [cluster, instanceId]),
    objectYaml: (cluster, kind, name, namespace) =>
      this.answer('objectYaml', namespace === undefined ? [cluster, kind, name] : [cluster, kind, name, namespace]),
  };

  close(): void {
    this.closed = true;
  }
}
