/**
 * Legacy discovery documents (https://kubernetes.io/docs/concepts/overview/kubernetes-api/#discovery-api): `/api`, `/apis`, `/apis/{g}`,
 * `/api/v1` and `/apis/{g}/{v}`. Aggregated discovery is not served, so
 * clients fall back to these (kubectl does, with a few more round trips).
 */
import type { Dict } from './object.js';
import type { Registry } from './registry.js';
import { groupVersion, type ResourceType } from './resource-type.js';

/** The `/version` document. */
export function versionInfo(): Dict {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-karpd',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `GET /api`. */
export function apiVersions(serverAddress: string): Dict {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupDoc(name: string, versions: readonly string[]): Dict {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

/** `GET /apis`. */
export function apiGroupList(registry: Registry): Dict {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups().map((g) => groupDoc(g.name, g.versions)) };
}

/** `GET /apis/{group}`, or undefined when the group is not served. */
export function apiGroup(registry: Registry, group: string): Dict | undefined {
  const found = registry.groups().find((g) => g.name === group);
  return found === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(found.name, found.versions) };
}

function resourceEntries(type: ResourceType): Dict[] {
  const main: Dict = {
    name: type.resource,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: [...type.verbs],
  };
  if (type.shortNames.length > 0) main.shortNames = [...type.shortNames];
  if (type.categories.length > 0) main.categories = [...type.categories];
  const entries = [main];
  if (type.hasStatus)
    entries.push({
      name: `${type.resource}/status`,
      singularName: '',
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: ['get', 'patch', 'update'],
    });
  if (type.scale !== undefined) {
    entries.push({
      name: `${type.resource}/scale`,
      singularName: '',
      namespaced: type.namespaced,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  }
  for (const sub of type.extraSubresources ?? []) {
    if (sub === 'eviction')
      entries.push({
        name: 'pods/eviction',
        singularName: '',
        namespaced: true,
        group: 'policy',
        version: 'v1',
        kind: 'Eviction',
        verbs: ['create'],
      });
    if (sub === 'binding') entries.push({ name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
  }
  return entries;
}

/** `GET /api/v1` or `/apis/{g}/{v}`, or undefined when not served. */
export function apiResourceList(registry: Registry, group: string, version: string): Dict | undefined {
  const types = registry.all().filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion({ group, version }),
    resources: types.flatMap(resourceEntries),
  };
}
