/**
 * Where the dashboard's data comes from and where its actions go: the view model (in the agent's process, or
 * from a remote agent's snapshot + server-sent events) and the agent API's action routes. The UI reads and acts
 * only through this, so tests drive it with a fake.
 */
import type { ViewModel } from '../../src/observe/view-model/view-model.js';
import type { ObjectKind } from '../../src/observe/dashboard-api.js';

/** The link to the agent: `live`, or `connecting`/`reconnecting` with what went wrong (shown in the header). */
export interface ConnectionState {
  readonly state: 'connecting' | 'live' | 'reconnecting';
  /** `agent restarted; reconnected`, `connection refused; retrying in 2 s`. */
  readonly message?: string;
  /** RFC 3339: when the state last changed. */
  readonly since?: string;
}

/** The result of an action, for the flash message. */
export type ActionResult = { readonly ok: true; readonly message: string } | { readonly ok: false; readonly message: string };

/** Every action the dashboard can take; each is one agent API call. */
export interface DashboardActions {
  approve(decision: string): Promise<ActionResult>;
  reject(decision: string, reason?: string): Promise<ActionResult>;
  refresh(cluster: string): Promise<ActionResult>;
  suspend(cluster: string): Promise<ActionResult>;
  resume(cluster: string): Promise<ActionResult>;
  /** Simulated clouds only. */
  injectSpotInterruption(cluster: string, instanceId: string): Promise<ActionResult>;
  /** The YAML of one object of the cluster (the detail pane's `y`). */
  objectYaml(cluster: string, kind: ObjectKind, name: string, namespace?: string): Promise<ActionResult & { readonly yaml?: string }>;
}

/** The dashboard's source. */
export interface DashboardSource {
  /** The latest view model; undefined until the first one arrives. */
  current(): ViewModel | undefined;
  connection(): ConnectionState;
  /** Called after the view or the connection changed (the UI redraws on its own tick, not per call). */
  subscribe(listener: () => void): () => void;
  readonly actions: DashboardActions;
  /** Stops listening (closes the stream). */
  close(): void;
}
