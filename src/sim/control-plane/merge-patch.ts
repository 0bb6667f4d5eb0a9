/**
 * JSON Merge Patch (RFC 7386) and an approximation of strategic merge patch
 * (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/): a merge patch with `$`-directives, merge keys from a fixed table
 * (not per-type schemas: documented deviation, docs/design/control-plane.md (deviations)) and set-like primitive
 * lists (`finalizers`, `podCIDRs`).
 */
import { assertSafeKey } from './safe-keys.js';
import { cloneJson, isDict, type Dict } from './object.js';

/** RFC 7386: objects merge recursively, `null` deletes, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isDict(patch)) return cloneJson(patch);
  const result: Dict = isDict(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    assertSafeKey(key);
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** The merge key of a list field, by field name (and parent for `ports`). */
export function mergeKeyFor(field: string, parentField: string | undefined): string | undefined {
  const byName: Record<string, string> = {
    containers: 'name',
    initContainers: 'name',
    ephemeralContainers: 'name',
    volumes: 'name',
    env: 'name',
    imagePullSecrets: 'name',
    resourceClaims: 'name',
    schedulingGates: 'name',
    volumeMounts: 'mountPath',
    volumeDevices: 'devicePath',
    conditions: 'type',
    addresses: 'type',
    ownerReferences: 'uid',
    hostAliases: 'ip',
    podIPs: 'ip',
    hostIPs: 'ip',
    topologySpreadConstraints: 'topologyKey',
  };
  if (field === 'ports') return parentField === 'spec' ? 'port' : 'containerPort';
  return byName[field];
}

const SET_LISTS = new Set(['finalizers', 'podCIDRs']);

function mergeKeyedList(live: unknown[], patch: unknown[], key: string, parent: string): unknown[] {
  const result = live.map((item) => cloneJson(item));
  for (const item of patch) {
    if (!isDict(item)) continue;
    const index = result.findIndex((existing) => isDict(existing) && existing[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) result[index] = strategicMerge(result[index], item, parent);
    else result.push(strategicMerge(undefined, item, parent));
  }
  return result;
}

function mergeList(field: string, parentField: string | undefined, live: unknown, patch: unknown[]): unknown {
  const liveList = Array.isArray(live) ? live : [];
  if (SET_LISTS.has(field)) return [...liveList, ...patch.filter((v) => !liveList.includes(v))];
  const key = mergeKeyFor(field, parentField);
  if (key !== undefined && patch.every((item) => isDict(item))) return mergeKeyedList(liveList, patch, key, field);
  return cloneJson(patch);
}

function applyDirectives(result: Dict, patch: Dict): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/') && Array.isArray(value)) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(result[field])) result[field] = result[field].filter((v: unknown) => !value.includes(v));
    }
  }
  if (Array.isArray(patch.$retainKeys)) {
    for (const key of Object.keys(result)) if (!patch.$retainKeys.includes(key)) delete result[key];
  }
}

/** Applies a strategic merge patch to `target`; `field` is the name of the map being merged (for merge keys). */
export function strategicMerge(target: unknown, patch: unknown, field?: string): unknown {
  if (!isDict(patch)) return cloneJson(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const result: Dict = isDict(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    assertSafeKey(key);
    if (key.startsWith('$')) continue;
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = mergeList(key, field, result[key], value);
    else if (isDict(value)) {
      const merged = strategicMerge(result[key], value, key);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  applyDirectives(result, patch);
  return result;
}

/** Removes every `$`-directive key, recursively. */
export function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isDict(value)) return value;
  const out: Dict = {};
  for (const [key, item] of Object.entries(value)) if (!key.startsWith('$')) out[key] = stripDirectives(item);
  return out;
}
