/**
 * DELETE semantics (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/): preconditions, finalizers and deletionTimestamp,
 * graceful deletion of bound pods, namespaces handed to their controller,
 * and immediate deletion otherwise.
 */
import { badRequestError, conflictError } from './api-error.js';
import { cloneJson, formatTimestamp, isDict, objectKey, type Dict, type KubeObj } from './object.js';
import type { PropagationPolicy, ResourceApi } from './resource-api.js';
import type { ResourceType } from './resource-type.js';

/** DeleteOptions from the query and/or body. */
export interface DeleteOptions {
  readonly gracePeriodSeconds?: number;
  readonly propagationPolicy?: PropagationPolicy;
  readonly preconditions?: { uid?: string; resourceVersion?: string };
  readonly dryRun?: boolean;
}

/** What a delete did: the object (final or terminating) and whether it is gone. */
export interface DeleteResult {
  readonly obj: KubeObj;
  readonly finished: boolean;
}

/** Reads DeleteOptions from a JSON body (may be empty or undefined). */
export function deleteOptionsFromBody(body: unknown): DeleteOptions {
  if (body === undefined || body === null) return {};
  if (!isDict(body)) throw badRequestError('the body of a DELETE must be a DeleteOptions object');
  const policy = body.propagationPolicy;
  if (policy !== undefined && policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
    throw badRequestError(`unsupported propagationPolicy "${String(policy)}": expected Orphan, Background or Foreground`);
  }
  const options: Dict = {};
  if (typeof body.gracePeriodSeconds === 'number') options.gracePeriodSeconds = body.gracePeriodSeconds;
  if (policy !== undefined) options.propagationPolicy = policy;
  else if (body.orphanDependents === true) options.propagationPolicy = 'Orphan';
  if (isDict(body.preconditions)) options.preconditions = body.preconditions;
  if (Array.isArray(body.dryRun) && body.dryRun.includes('All')) options.dryRun = true;
  return options as DeleteOptions;
}

function checkPreconditions(type: ResourceType, obj: KubeObj, options: DeleteOptions): void {
  const pre = options.preconditions;
  if (pre?.uid && pre.uid !== obj.metadata.uid) {
    throw conflictError(
      type,
      String(obj.metadata.name),
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid}`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflictError(
      type,
      String(obj.metadata.name),
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion}`,
    );
  }
}

function markTerminating(obj: KubeObj, at: Date, grace: number): void {
  obj.metadata.deletionTimestamp = formatTimestamp(at);
  obj.metadata.deletionGracePeriodSeconds = grace;
  obj.metadata.generation = (obj.metadata.generation ?? 1) + 1;
}

function podGrace(obj: KubeObj, options: DeleteOptions): number {
  return options.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
}

/** Deletes one object by the rules of https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/. */
export function deleteObject(
  api: ResourceApi,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions = {},
): DeleteResult {
  const entry = api.getEntry(type, namespace, name);
  checkPreconditions(type, entry.obj, options);
  const obj = cloneJson(entry.obj);
  const key = objectKey(obj.metadata.namespace, name);
  const terminating = obj.metadata.deletionTimestamp !== undefined;
  const now = api.clock.now();
  if (options.dryRun) return { obj: api.toView(type, obj), finished: false };
  if (type.resource === 'namespaces' && type.group === '') {
    if (terminating) return { obj, finished: false };
    markTerminating(obj, now, 0);
    obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
    return { obj: api.store.commit(type.storageKey, key, 'MODIFIED', obj).obj, finished: false };
  }
  if (type.resource === 'pods' && type.group === '') {
    const graceful = deleteBoundPod(api, type, key, obj, options);
    if (graceful !== undefined) return graceful;
  }
  return finalizeOrDelete(api, type, entry.obj, obj, options);
}

/**
 * A bound pod with a grace period is only marked (deletionTimestamp = now +
 * grace); the simulated kubelet finishes it. Returns undefined when the
 * delete proceeds as for any object (grace 0, unbound), after lowering a
 * pending grace period to 0.
 */
function deleteBoundPod(api: ResourceApi, type: ResourceType, key: string, obj: KubeObj, options: DeleteOptions): DeleteResult | undefined {
  if (!obj.spec?.nodeName) return undefined;
  const grace = podGrace(obj, options);
  const terminating = obj.metadata.deletionTimestamp !== undefined;
  if (grace === 0) {
    if (terminating) obj.metadata.deletionGracePeriodSeconds = 0;
    return undefined;
  }
  if (terminating) return { obj, finished: false };
  markTerminating(obj, new Date(api.clock.now().getTime() + grace * 1000), grace);
  return { obj: api.store.commit(type.storageKey, key, 'MODIFIED', obj).obj, finished: false };
}

/** Objects with finalizers (or a Foreground delete) become terminating; the rest are deleted at once. */
function finalizeOrDelete(api: ResourceApi, type: ResourceType, stored: KubeObj, obj: KubeObj, options: DeleteOptions): DeleteResult {
  const key = objectKey(obj.metadata.namespace, String(obj.metadata.name));
  const terminating = stored.metadata.deletionTimestamp !== undefined;
  const policy = options.propagationPolicy;
  const addsForeground = policy === 'Foreground' && !(obj.metadata.finalizers ?? []).includes('foregroundDeletion');
  if (addsForeground) obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), 'foregroundDeletion'];
  if (policy !== undefined && obj.metadata.uid) api.deletePolicies.set(obj.metadata.uid, policy);
  if ((obj.metadata.finalizers ?? []).length === 0) {
    return { obj: api.toView(type, api.store.commit(type.storageKey, key, 'DELETED', obj).obj), finished: true };
  }
  const graceLowered = stored.metadata.deletionGracePeriodSeconds !== obj.metadata.deletionGracePeriodSeconds;
  if (terminating && !addsForeground && !graceLowered) return { obj: api.toView(type, stored), finished: false };
  if (!terminating) markTerminating(obj, api.clock.now(), 0);
  return { obj: api.toView(type, api.store.commit(type.storageKey, key, 'MODIFIED', obj).obj), finished: false };
}
