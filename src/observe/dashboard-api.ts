/**
 * The agent API the dashboard uses, as one table of paths and bodies, so the routes (composition root) and the
 * dashboard's client (`ui/source`) cannot drift apart. Every action here is also a CLI command. Types and
 * constants only.
 */
import type { NodeWhy } from './view-model/node-why.js';
import type { ViewDelta, ViewModel } from './view-model/view-model.js';

/** The header every dashboard request carries, so Decisions and the audit log say `via dashboard`. */
export const DASHBOARD_CLIENT_HEADER = { 'X-Karpd-Client': 'dashboard' } as const;

/** Paths (relative to the agent's URL) and what they take and answer. */
export const DashboardRoutes = {
  /** `GET`: the current {@link ViewModel}. */
  view: '/api/v1/view',
  /**
   * `GET`: server-sent events. First `event: snapshot` (data: a {@link ViewModel}), then `event: delta`
   * (data: a {@link ViewDelta}) whenever the view changes, and a `: keep-alive` comment every 15 s. A client
   * that sees a delta whose `from` is not its version reconnects for a fresh snapshot.
   */
  viewEvents: '/api/v1/view/events',
  /** `GET ?cluster=&kind=&name=[&namespace=]`: `{ yaml }` of one object of the cluster's cache (kinds below). */
  object: '/api/v1/object',
  /** `POST { name, by? }` → `{ decision }` (existing GitOps route). */
  approve: '/api/v1/decisions/approve',
  /** `POST { name, reason?, by? }` → `{ decision }`. */
  reject: '/api/v1/decisions/reject',
  /** `POST { cluster?, by? }`. */
  refresh: '/api/v1/refresh',
  /** `POST { cluster, by? }`. */
  suspend: '/api/v1/clusters/suspend',
  resume: '/api/v1/clusters/resume',
  /** `POST { cluster, instance }`: a spot interruption on a simulated cluster's instance (409 on a real cloud). */
  spotInterruption: '/api/v1/clusters/spot-interruption',
  /**
   * `GET /api/v1/why/{node}[?cluster=]`: a {@link NodeWhy} for a Node or NodeClaim name (`karpd why NODE`); 400
   * naming `node` for a name that is not a DNS-1123 subdomain, 404 when no cluster has it.
   */
  why: '/api/v1/why',
} as const;

/** The kinds {@link DashboardRoutes.object} serves. */
export const OBJECT_KINDS = ['NodePool', 'NodeClaim', 'Node', 'Pod', 'EC2NodeClass', 'Decision'] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** The answer of {@link DashboardRoutes.object}. */
export interface ObjectYamlResponse {
  readonly yaml: string;
}

/** Server-sent event names of {@link DashboardRoutes.viewEvents}. */
export const ViewEventNames = { snapshot: 'snapshot', delta: 'delta' } as const;

export type { NodeWhy, ViewDelta, ViewModel };
