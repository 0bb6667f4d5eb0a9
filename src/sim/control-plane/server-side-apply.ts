/**
 * Server-side apply, approximated (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/): the server remembers each field
 * manager's last applied configuration per object, removes the fields a
 * manager stopped applying, then deep-merges the new configuration.
 * Deviation (docs/design/control-plane.md (deviations)): ownership conflicts are never raised and managedFields
 * are not maintained.
 */
import { mergeKeyFor } from './merge-patch.js';
import { cloneJson, isDict, type Dict } from './object.js';
import { assertSafeKey } from './safe-keys.js';

function removeDropped(live: unknown, previous: unknown, next: unknown): unknown {
  if (!isDict(live) || !isDict(previous)) return live;
  const result: Dict = { ...live };
  for (const key of Object.keys(previous)) {
    const nextValue = isDict(next) ? next[key] : undefined;
    if (nextValue === undefined) delete result[key];
    else if (isDict(previous[key]) && isDict(nextValue)) result[key] = removeDropped(result[key], previous[key], nextValue);
  }
  return result;
}

function mergeByKey(live: unknown[], config: unknown[], key: string, field: string): unknown[] {
  const result = live.map((item) => cloneJson(item));
  for (const item of config) {
    const index = result.findIndex((existing) => isDict(existing) && isDict(item) && existing[key] === item[key]);
    if (index >= 0) result[index] = mergeConfig(result[index], item, field);
    else result.push(cloneJson(item));
  }
  return result;
}

function mergeConfig(live: unknown, config: unknown, field?: string): unknown {
  if (Array.isArray(config)) {
    const key = field === undefined ? undefined : mergeKeyFor(field, undefined);
    if (key !== undefined && Array.isArray(live) && config.every(isDict)) return mergeByKey(live, config, key, field as string);
    return cloneJson(config);
  }
  if (!isDict(config)) return cloneJson(config);
  const result: Dict = isDict(live) ? { ...live } : {};
  for (const [key, value] of Object.entries(config)) {
    assertSafeKey(key);
    if (value === null) delete result[key];
    else result[key] = mergeConfig(result[key], value, key);
  }
  return result;
}

/** The object after `manager` applies `config` to `live`, given that manager's previous configuration. */
export function applyConfiguration(live: Dict, previous: Dict | undefined, config: Dict): Dict {
  const pruned = previous === undefined ? live : (removeDropped(live, previous, config) as Dict);
  return mergeConfig(pruned, config) as Dict;
}
