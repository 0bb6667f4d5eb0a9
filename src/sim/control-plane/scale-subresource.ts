/**
 * The `scale` subresource of custom resources whose CRD declares one
 * (NodePool: `.spec.replicas` / `.status.nodes`), served as autoscaling/v1
 * Scale so `kubectl scale` works.
 */
import { badRequestError, conflictError, unknownPathError } from './api-error.js';
import { applyJsonPatch } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';
import { cloneJson, isDict, type Dict, type KubeObj } from './object.js';
import type { PatchType, ResourceApi, WriteOptions } from './resource-api.js';
import type { ResourceType, ScaleSpec } from './resource-type.js';

function pathParts(path: string): string[] {
  return path.replace(/^\./, '').split('.');
}

function readPath(obj: unknown, path: string): unknown {
  let node = obj;
  for (const part of pathParts(path)) node = isDict(node) ? node[part] : undefined;
  return node;
}

function writePath(obj: Dict, path: string, value: unknown): void {
  const parts = pathParts(path);
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    if (!isDict(node[part])) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = value;
}

function scaleSpec(type: ResourceType): ScaleSpec {
  if (type.scale === undefined) throw unknownPathError();
  return type.scale;
}

/** The Scale view of an object. */
export function scaleOf(type: ResourceType, obj: KubeObj): KubeObj {
  const spec = scaleSpec(type);
  const meta = obj.metadata;
  const status: Dict = { replicas: Number(readPath(obj, spec.statusReplicasPath) ?? 0) };
  if (spec.labelSelectorPath) {
    const selector = readPath(obj, spec.labelSelectorPath);
    if (typeof selector === 'string') status.selector = selector;
  }
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: Number(readPath(obj, spec.specReplicasPath) ?? 0) },
    status,
  };
}

/** Writes a new Scale (from PUT, or a PATCH when `patchType` is set) and returns the resulting Scale. */
export function writeScale(
  api: ResourceApi,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  body: unknown,
  patchType?: PatchType,
  options: WriteOptions = {},
): KubeObj {
  const spec = scaleSpec(type);
  const stored = api.getEntry(type, namespace, name).obj;
  const current = scaleOf(type, stored);
  let next: unknown = body;
  if (patchType === 'json') next = applyJsonPatch(current, body);
  else if (patchType !== undefined) next = applyMergePatch(current, body);
  if (!isDict(next) || !isDict(next.spec) || typeof next.spec.replicas !== 'number' || next.spec.replicas < 0) {
    throw badRequestError('a Scale needs spec.replicas as a non-negative integer');
  }
  const sentRv = isDict(next.metadata) ? next.metadata.resourceVersion : undefined;
  if (sentRv && sentRv !== stored.metadata.resourceVersion) throw conflictError(type, name);
  const updated = cloneJson(stored);
  writePath(updated, spec.specReplicasPath, next.spec.replicas);
  const result = api.update(type, namespace, name, updated, { dryRun: options.dryRun });
  return scaleOf(type, result.obj);
}
