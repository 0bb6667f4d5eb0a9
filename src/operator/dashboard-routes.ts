/**
 * Agent API routes of the dashboard (paths in `src/observe/dashboard-api.ts`): the view model as a snapshot and
 * as server-sent events (a snapshot, then a delta per change), one object of a cluster's cache as YAML, a
 * spot interruption on a simulated cluster, and `karpd why NODE` (`why-routes.ts`). Queries and bodies are parsed with zod (400 naming the field); an
 * unknown cluster or object answers 404, a spot interruption on a real cloud 409. The server checks the token.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import type { KubeObject } from '../apis/object-meta.js';
import type { GitOpsService } from '../gitops/decisions/gitops-service.js';
import { HttpError, type JsonRoute } from '../observe/agent-server.js';
import { DashboardRoutes, OBJECT_KINDS, type ObjectKind, ViewEventNames } from '../observe/dashboard-api.js';
import { parseRequestBody } from '../observe/request-body.js';
import { ClusterName, InstanceRef, objectName } from '../observe/request-fields.js';
import { parseRequestQuery } from '../observe/request-query.js';
import { EventStream } from '../observe/server-sent-events.js';
import type { ViewFeed } from '../observe/view-feed.js';
import type { StateKind, StateObjects } from '../state/cluster-state.js';
import { whyRoutes } from './why-routes.js';

/** What the routes reach of one cluster. */
export interface DashboardCluster {
  readonly name: string;
  /** The cluster's state cache (`ClusterState`). */
  readonly state: { get<K extends StateKind>(kind: K, key: string): StateObjects[K] | undefined };
  /** The simulated cloud's fault injection; absent on a real cloud. */
  readonly sim?: { readonly controls: { spotInterruption(instance: string): { ok: boolean; reason?: string } } };
}

/** Options of {@link dashboardRoutes}. */
export interface DashboardRouteOptions {
  readonly feed: Pick<ViewFeed, 'current' | 'onDelta'>;
  readonly clusters: readonly DashboardCluster[];
  /** Where Decisions are read from (kind `Decision`). */
  readonly gitops?: GitOpsService;
  /** Server-sent keep-alive period. @default 15000 */
  readonly keepAliveMs?: number;
}

const ObjectName = objectName('an object name');

const ObjectQuery = z.strictObject({
  cluster: ClusterName,
  kind: z.enum(OBJECT_KINDS, { error: `expected one of ${OBJECT_KINDS.join(', ')}` }),
  name: ObjectName,
  namespace: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a namespace (a DNS label)')
    .optional(),
});

const SpotInterruptionBody = z.strictObject({ cluster: ClusterName, instance: InstanceRef, by: z.string().max(64).optional() });

const STATE_KIND: Record<Exclude<ObjectKind, 'Decision'>, StateKind> = {
  NodePool: 'nodePools',
  NodeClaim: 'nodeClaims',
  Node: 'nodes',
  Pod: 'pods',
  EC2NodeClass: 'nodeClasses',
};

/** The object as YAML, without `metadata.managedFields` (noise for a person). */
export function objectYaml(object: KubeObject): string {
  const { managedFields: _managed, ...metadata } = object.metadata as KubeObject['metadata'] & { managedFields?: unknown };
  return stringify({ ...object, metadata }, { lineWidth: 0 });
}

function clusterOf(clusters: readonly DashboardCluster[], name: string): DashboardCluster {
  const cluster = clusters.find((candidate) => candidate.name === name);
  if (cluster === undefined)
    throw new HttpError(404, `no cluster "${name}" (known: ${clusters.map((known) => known.name).join(', ') || 'none'})`);
  return cluster;
}

async function findObject(options: DashboardRouteOptions, query: z.infer<typeof ObjectQuery>): Promise<KubeObject> {
  const cluster = clusterOf(options.clusters, query.cluster);
  const shown = query.kind === 'Pod' ? `${query.namespace ?? 'default'}/${query.name}` : query.name;
  let found: KubeObject | undefined;
  if (query.kind === 'Decision') {
    const decisions = (await options.gitops?.decisions({ cluster: cluster.name }).catch(() => [])) ?? [];
    found = decisions.find((decision) => decision.metadata.name === query.name);
  } else found = cluster.state.get(STATE_KIND[query.kind], shown);
  if (found === undefined) throw new HttpError(404, `no ${query.kind} "${shown}" in cluster ${cluster.name}`);
  return found;
}

/** The dashboard's routes (`METHOD /path` → handler) over the feed and the clusters. */
export function dashboardRoutes(options: DashboardRouteOptions): Record<string, JsonRoute> {
  const { feed } = options;
  return {
    [`GET ${DashboardRoutes.view}`]: () => feed.current(),
    [`GET ${DashboardRoutes.viewEvents}`]: () =>
      new EventStream((sink) => {
        sink.send(ViewEventNames.snapshot, JSON.stringify(feed.current()));
        return feed.onDelta((delta) => sink.send(ViewEventNames.delta, JSON.stringify(delta)));
      }, options.keepAliveMs),
    [`GET ${DashboardRoutes.object}`]: async ({ query }) => ({
      yaml: objectYaml(await findObject(options, parseRequestQuery(ObjectQuery, query))),
    }),
    [`POST ${DashboardRoutes.spotInterruption}`]: ({ body }) => {
      const { cluster: name, instance } = parseRequestBody(SpotInterruptionBody, body);
      const cluster = clusterOf(options.clusters, name);
      if (cluster.sim === undefined)
        throw new HttpError(409, `cluster ${name} runs on a real cloud: spot interruptions are simulated only`);
      const result = cluster.sim.controls.spotInterruption(instance);
      if (!result.ok) throw new HttpError(409, result.reason ?? 'refused');
      return { ok: true, message: `spot interruption sent to ${instance} in ${name}` };
    },
    ...whyRoutes(options),
  };
}
