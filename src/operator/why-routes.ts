/**
 * The agent API route of `karpd why NODE`: `GET /api/v1/why/{node}[?cluster=]` answers a
 * {@link NodeWhy} from the dashboard's view (pool, instance type, state, and the disruption verdict or what is
 * disrupting the node; karpenter-semantics.md §4, §5). The name is checked as a DNS-1123 subdomain (400 naming
 * `node`); an unknown name answers 404 naming it (and a Node karpd does not manage says so); a name in several
 * clusters without `?cluster=` answers 409 naming them. The server checks the token.
 */
import { z } from 'zod';
import { HttpError, type JsonRoute } from '../observe/agent-server.js';
import { DashboardRoutes } from '../observe/dashboard-api.js';
import { ClusterName, objectName } from '../observe/request-fields.js';
import { parseRequestQuery } from '../observe/request-query.js';
import type { ViewFeed } from '../observe/view-feed.js';
import { findNodeWhy, type NodeWhy } from '../observe/view-model/node-why.js';
import type { DashboardCluster } from './dashboard-routes.js';

/** Options of {@link whyRoutes}. */
export interface WhyRouteOptions {
  readonly feed: Pick<ViewFeed, 'current'>;
  /** The clusters' caches, to tell a Node karpd does not manage from an unknown name. */
  readonly clusters: readonly Pick<DashboardCluster, 'name' | 'state'>[];
}

const NODE_NAME = 'a node or NodeClaim name (a DNS-1123 subdomain: lower-case letters, digits, - and ., at most 253 characters)';
const NodeName = z.string().max(253, `expected ${NODE_NAME}: it is too long`).pipe(objectName(NODE_NAME));
const WhyQuery = z.strictObject({ cluster: ClusterName.optional() });

/** The `{node}` segment of the path, decoded and checked; an {@link HttpError} 400 naming `node` when it is not a name. */
export function nodeOfPath(path: string): string {
  const segment = path.slice(DashboardRoutes.why.length + 1);
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    name = segment;
  }
  const parsed = NodeName.safeParse(name);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'expected a node name';
  throw new HttpError(400, `invalid path: node: ${message}`, [{ path: 'node', message }]);
}

function notFound(options: WhyRouteOptions, name: string, cluster: string | undefined): HttpError {
  const clusters = options.clusters.filter((candidate) => cluster === undefined || candidate.name === cluster);
  const where = cluster === undefined ? `any cluster (${clusters.map((c) => c.name).join(', ') || 'none'})` : `cluster ${cluster}`;
  const unmanaged = clusters.find((candidate) => candidate.state.get('nodes', name) !== undefined);
  if (unmanaged !== undefined)
    return new HttpError(404, `node "${name}" in cluster ${unmanaged.name} has no NodeClaim: karpd does not manage it`);
  return new HttpError(404, `no node or NodeClaim "${name}" in ${where}`);
}

/** The answer for `node` (see the module comment for the errors). */
export function answerWhy(options: WhyRouteOptions, name: string, cluster: string | undefined): NodeWhy {
  if (cluster !== undefined && !options.clusters.some((candidate) => candidate.name === cluster))
    throw new HttpError(404, `no cluster "${cluster}" (known: ${options.clusters.map((c) => c.name).join(', ') || 'none'})`);
  const found = findNodeWhy(options.feed.current(), name, cluster);
  if (found.length === 0) throw notFound(options, name, cluster);
  if (found.length > 1)
    throw new HttpError(409, `"${name}" is in clusters ${found.map((f) => f.cluster).join(', ')}: give ?cluster= (--cluster) to choose`);
  return found[0];
}

/** `GET /api/v1/why/*`. */
export function whyRoutes(options: WhyRouteOptions): Record<string, JsonRoute> {
  return {
    [`GET ${DashboardRoutes.why}/*`]: ({ path, query }) => {
      const name = nodeOfPath(path);
      const { cluster } = parseRequestQuery(WhyQuery, query);
      return answerWhy(options, name, cluster);
    },
  };
}
