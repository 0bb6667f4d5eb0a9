/**
 * Agent API routes of GitOps sync: the clusters with their sync state, the
 * Decisions, approve and reject, refresh, suspend and resume, and the audit
 * log. `karpd status|decisions|approve|reject|refresh|suspend|resume` and the
 * dashboard call them. Every query and body is parsed with zod into bounded
 * values (400 naming the field); a Decision or cluster that does not exist
 * answers 404, an action on a Decision in the wrong state 409 — never a 500
 * for what a person asked.
 *
 * Who acts: `by` in the body (the OS user the CLI sends), else the token's
 * name (`token:agent`); `via` is `cli` or `dashboard` when the client says so
 * in `X-Karpd-Client`, else `api`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { Decision, DecisionState } from '../apis/decision.js';
import type { AuditLog } from '../gitops/decisions/audit-entry.js';
import {
  DecisionNotFoundError,
  isDecisionStateError,
  isNotFoundActionError,
  UnknownClusterError,
} from '../gitops/decisions/decision-errors.js';
import type { Actor, GitOpsService } from '../gitops/decisions/gitops-service.js';
import { HttpError, type JsonRoute } from '../observe/agent-server.js';
import { parseRequestBody } from '../observe/request-body.js';
import { ClusterName, objectName } from '../observe/request-fields.js';
import { parseRequestQuery } from '../observe/request-query.js';

/** The actor name when a request carries no `by`: the name of agent.json's token. */
export const TOKEN_ACTOR = 'token:agent';

/** The header a client names itself with (`cli`, `dashboard`). */
export const CLIENT_HEADER = 'x-karpd-client';

const DECISION_STATES = ['pending', 'approved', 'rejected', 'applied', 'failed', 'superseded'] as const satisfies readonly DecisionState[];

const DecisionName = objectName('a decision name');

/** The OS user (or another name) a client acts as. */
const By = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'expected a user name of 1-64 letters, digits, ".", "_", "@" or "-"');

const DecisionsQuery = z.strictObject({ cluster: ClusterName.optional(), state: z.enum(DECISION_STATES).optional() });
const DecisionQuery = z.strictObject({ name: DecisionName });
const AuditQuery = z.strictObject({
  cluster: ClusterName.optional(),
  limit: z
    .string()
    .regex(/^\d{1,5}$/, 'expected a number of entries, 1-10000')
    .transform(Number)
    .pipe(z.number().int().min(1, 'expected at least 1').max(10_000, 'expected at most 10000'))
    .default(100),
});

const ApproveBody = z.strictObject({ name: DecisionName, by: By.optional() });
const RejectBody = z.strictObject({ name: DecisionName, reason: z.string().max(1024).optional(), by: By.optional() });
const RefreshBody = z.strictObject({ cluster: ClusterName.optional(), by: By.optional() });
const ClusterBody = z.strictObject({ cluster: ClusterName, by: By.optional() });

/** Options of {@link gitopsRoutes}. */
export interface GitOpsRouteOptions {
  /** The audit log `GET /api/v1/audit` reads; without it the route is not served. */
  readonly audit?: AuditLog;
}

/** Who acts for this request. */
export function actorOf(headers: IncomingHttpHeaders, by: string | undefined): Actor {
  const client = headers[CLIENT_HEADER];
  const via = client === 'cli' ? 'cli' : client === 'dashboard' ? 'dashboard' : 'api';
  return { name: by ?? TOKEN_ACTOR, via };
}

/** Runs a service call, answering 404 for an unknown Decision or cluster and 409 for a Decision in the wrong state. */
async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isNotFoundActionError(error)) throw new HttpError(404, message);
    if (isDecisionStateError(error)) throw new HttpError(409, message);
    throw error;
  }
}

function checkCluster(service: GitOpsService, cluster: string | undefined): void {
  if (cluster === undefined) return;
  const known = service.clusters().map((state) => state.cluster);
  if (!known.includes(cluster)) throw new UnknownClusterError(cluster, known);
}

async function findDecision(service: GitOpsService, name: string): Promise<Decision> {
  const found = (await service.decisions()).find((decision) => decision.metadata.name === name);
  if (found === undefined) throw new DecisionNotFoundError(name);
  return found;
}

/** A `{ cluster, by? }` route that suspends or resumes one cluster. */
function clusterActionRoute(service: GitOpsService, act: (cluster: string, actor: Actor) => Promise<void>): JsonRoute {
  return ({ body, headers }) => {
    const { cluster, by } = parseRequestBody(ClusterBody, body);
    return mapped(async () => {
      checkCluster(service, cluster);
      await act(cluster, actorOf(headers, by));
      return { ok: true };
    });
  };
}

function auditRoute(audit: AuditLog, service: GitOpsService): JsonRoute {
  return ({ query }) =>
    mapped(async () => {
      const { cluster, limit } = parseRequestQuery(AuditQuery, query);
      checkCluster(service, cluster);
      return { entries: await audit.read({ limit, ...(cluster !== undefined ? { cluster } : {}) }) };
    });
}

/** The `/api/v1/...` GitOps routes over `service` (and the audit log, when given). */
export function gitopsRoutes(service: GitOpsService, options: GitOpsRouteOptions = {}): Record<string, JsonRoute> {
  const routes: Record<string, JsonRoute> = {
    'GET /api/v1/clusters': () => ({ clusters: service.clusters() }),
    'GET /api/v1/decisions': ({ query }) =>
      mapped(async () => {
        const { cluster, state } = parseRequestQuery(DecisionsQuery, query);
        checkCluster(service, cluster);
        return {
          decisions: await service.decisions({ ...(cluster !== undefined ? { cluster } : {}), ...(state !== undefined ? { state } : {}) }),
        };
      }),
    'GET /api/v1/decision': ({ query }) => mapped(() => findDecision(service, parseRequestQuery(DecisionQuery, query).name)),
    'POST /api/v1/decisions/approve': ({ body, headers }) => {
      const { name, by } = parseRequestBody(ApproveBody, body);
      return mapped(() => service.approve(name, actorOf(headers, by)));
    },
    'POST /api/v1/decisions/reject': ({ body, headers }) => {
      const { name, reason, by } = parseRequestBody(RejectBody, body);
      return mapped(() => service.reject(name, actorOf(headers, by), reason));
    },
    'POST /api/v1/refresh': ({ body, headers }) => {
      const { cluster, by } = parseRequestBody(RefreshBody, body);
      return mapped(async () => {
        checkCluster(service, cluster);
        await service.refresh(actorOf(headers, by), cluster);
        return { ok: true };
      });
    },
    'POST /api/v1/clusters/suspend': clusterActionRoute(service, (cluster, actor) => service.suspend(cluster, actor)),
    'POST /api/v1/clusters/resume': clusterActionRoute(service, (cluster, actor) => service.resume(cluster, actor)),
  };
  if (options.audit !== undefined) routes['GET /api/v1/audit'] = auditRoute(options.audit, service);
  return routes;
}
