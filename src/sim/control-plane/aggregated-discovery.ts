/**
 * Aggregated discovery (`apidiscovery.k8s.io/v2`, https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api): all resources of
 * `/api` or `/apis` in one document, which saves kubectl a request per
 * group-version on a cold cache. Served only when the client asks for it,
 * and always with the exact v2 content type (with plain JSON kubectl would
 * see no resources at all).
 */
import type { Dict } from './object.js';
import type { Registry } from './registry.js';
import type { ResourceType } from './resource-type.js';

/** The content type aggregated discovery must be answered with. */
export const AGGREGATED_DISCOVERY_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether an Accept header asks for aggregated discovery v2. */
export function wantsAggregatedDiscovery(accept: string): boolean {
  return accept
    .split(',')
    .some((part) => /as=APIGroupDiscoveryList/.test(part) && /v=v2(;|$|\s)/.test(part) && /g=apidiscovery\.k8s\.io/.test(part));
}

function subresources(type: ResourceType): Dict[] {
  const own = { group: type.group, version: type.version, kind: type.kind };
  const subs: Dict[] = [];
  if (type.hasStatus) subs.push({ subresource: 'status', responseKind: own, verbs: ['get', 'patch', 'update'] });
  if (type.scale !== undefined)
    subs.push({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
  for (const sub of type.extraSubresources ?? []) {
    if (sub === 'eviction')
      subs.push({ subresource: 'eviction', responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' }, verbs: ['create'] });
    if (sub === 'binding')
      subs.push({ subresource: 'binding', responseKind: { group: '', version: 'v1', kind: 'Binding' }, verbs: ['create'] });
  }
  return subs;
}

function resourceDoc(type: ResourceType): Dict {
  const doc: Dict = {
    resource: type.resource,
    responseKind: { group: type.group, version: type.version, kind: type.kind },
    scope: type.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: type.singular,
    verbs: [...type.verbs],
  };
  if (type.shortNames.length > 0) doc.shortNames = [...type.shortNames];
  if (type.categories.length > 0) doc.categories = [...type.categories];
  const subs = subresources(type);
  if (subs.length > 0) doc.subresources = subs;
  return doc;
}

function groupDoc(registry: Registry, group: string, versions: readonly string[]): Dict {
  return {
    metadata: { name: group, creationTimestamp: null },
    versions: versions.map((version) => ({
      version,
      freshness: 'Current',
      resources: registry
        .all()
        .filter((t) => t.group === group && t.version === version)
        .map(resourceDoc),
    })),
  };
}

/** `GET /api` (core) or `GET /apis` (every other group) as an APIGroupDiscoveryList. */
export function aggregatedDiscovery(registry: Registry, core: boolean): Dict {
  const items = core ? [groupDoc(registry, '', ['v1'])] : registry.groups().map((g) => groupDoc(registry, g.name, g.versions));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}
