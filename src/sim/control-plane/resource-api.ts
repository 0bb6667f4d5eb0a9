/**
 * The API semantics without HTTP: get, list, create, update, patch and
 * delete with kube-apiserver's rules (https://kubernetes.io/docs/concepts/overview/working-with-objects/). The HTTP layer and in-process
 * callers (the simulated kubelet, tests) both go through this class.
 */
import { randomInt } from 'node:crypto';
import {
  alreadyExistsError,
  ApiError,
  badRequestError,
  conflictError,
  invalidError,
  notFoundError,
  unsupportedMediaTypeError,
} from './api-error.js';
import type { Clock } from './clock.js';
import { applyJsonPatch } from './json-patch.js';
import { listPage, type ListOptions, type ListPage } from './list-query.js';
import { applyMergePatch, strategicMerge, stripDirectives } from './merge-patch.js';
import { cloneJson, isDict, objectKey, type Dict, type KubeObj } from './object.js';
import { bumpGeneration, isNoOp, keepImmutableMeta, prepareForCreate, prepareSecret, withSchemaDefaults } from './object-prepare.js';
import { groupVersion, type ResourceType } from './resource-type.js';
import { applyConfiguration } from './server-side-apply.js';
import type { Store, StoredEntry } from './store.js';
import { validateCrdSchemas, validateCustomResource } from './crd-schema-validation.js';
import { validateCrd, validateEventsV1, validateFinalizers, validateMicroTimes, validateObject } from './validation.js';
import { validateBuiltin } from './workload-validation.js';

/** Options shared by writes. */
export interface WriteOptions {
  /** `dryRun=All`: validate and answer, store nothing. */
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
  readonly force?: boolean;
  /** `fieldValidation`: `Strict` refuses unknown fields of custom resources (400); otherwise they are pruned. */
  readonly fieldValidation?: string;
  /** `status` to write only the status subresource. */
  readonly subresource?: 'status';
}

/** How dependents are treated when their owner is deleted. */
export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/** The patch media types the server understands. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** The result of a write that may create (PUT on leases, server-side apply). */
export interface WriteResult {
  readonly obj: KubeObj;
  readonly created: boolean;
}

const GENERATE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** The API operations over the store, with kube-apiserver's rules. */
export class ResourceApi {
  private readonly applied = new Map<string, Dict>();
  /** The propagation policy each pending deletion asked for, by uid (read by the garbage collector). */
  readonly deletePolicies = new Map<string, PropagationPolicy>();

  constructor(
    readonly store: Store,
    readonly clock: Clock,
  ) {}

  /** The stored entry, or 404. */
  getEntry(type: ResourceType, namespace: string | undefined, name: string): StoredEntry {
    const entry = this.store.get(type.storageKey, objectKey(type.namespaced ? namespace : undefined, name));
    if (entry === undefined) throw notFoundError(type, name);
    return entry;
  }

  /** Reads one object as `type`'s clients see it. */
  get(type: ResourceType, namespace: string | undefined, name: string): KubeObj {
    return this.toView(type, this.getEntry(type, namespace, name).obj);
  }

  /** Lists one page (objects in storage shape: convert with {@link toView}). */
  list(type: ResourceType, namespace: string | undefined, options: ListOptions = {}): ListPage {
    return listPage(this.store, type, type.namespaced ? namespace : undefined, options);
  }

  /** Storage shape → the type's API shape (a copy only when the type is a view). */
  toView(type: ResourceType, obj: KubeObj): KubeObj {
    return type.view ? type.view.fromStorage(obj) : obj;
  }

  private toStorage(type: ResourceType, obj: KubeObj): KubeObj {
    return type.view ? type.view.toStorage(obj) : obj;
  }

  /** Rejects a body whose apiVersion/kind/namespace disagree with the URL (400). */
  private checkBody(type: ResourceType, namespace: string | undefined, body: unknown): KubeObj {
    if (!isDict(body)) throw badRequestError(`the body of the request is not a ${type.kind} object: expected a JSON object`);
    const obj = cloneJson(body) as KubeObj;
    if (!isDict(obj.metadata)) obj.metadata = {};
    if (obj.apiVersion !== undefined && obj.apiVersion !== groupVersion(type)) {
      throw badRequestError(
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${groupVersion(type)})`,
      );
    }
    if (obj.kind !== undefined && obj.kind !== type.kind) {
      throw badRequestError(`the kind in the data (${obj.kind}) does not match the expected kind (${type.kind})`);
    }
    if (type.namespaced && obj.metadata.namespace !== undefined && obj.metadata.namespace !== namespace) {
      throw badRequestError('the namespace of the provided object does not match the namespace sent on the request');
    }
    if (type.namespaced) obj.metadata.namespace = namespace;
    return obj;
  }

  private checkNamespace(type: ResourceType, namespace: string | undefined, name: string): void {
    if (!type.namespaced) return;
    const ns = this.store.get('/namespaces', String(namespace));
    if (ns === undefined) throw notFoundError({ group: '', resource: 'namespaces' }, String(namespace));
    if (ns.obj.metadata.deletionTimestamp !== undefined) {
      throw new ApiError(
        403,
        'Forbidden',
        `${type.resource} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        {
          name,
          kind: type.resource,
          causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
        },
      );
    }
  }

  private resolveName(type: ResourceType, obj: KubeObj): string {
    if (obj.metadata.name) return obj.metadata.name;
    const prefix = obj.metadata.generateName;
    if (!prefix)
      throw invalidError(type.kind, '', [{ field: 'metadata.name', message: 'Required value: name or generateName is required' }], type);
    for (let attempt = 0; attempt < 10; attempt++) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += GENERATE_CHARS[randomInt(GENERATE_CHARS.length)];
      const name = `${prefix}${suffix}`;
      if (this.store.get(type.storageKey, objectKey(obj.metadata.namespace, name)) === undefined) return name;
    }
    throw alreadyExistsError(type, `${prefix}*`);
  }

  private validate(type: ResourceType, apiObj: KubeObj, stored: KubeObj): void {
    validateObject(type, stored);
    validateBuiltin(type, apiObj);
    validateMicroTimes(type, apiObj);
    if (type.group === 'events.k8s.io') validateEventsV1(type, apiObj);
    if (type.resource === 'customresourcedefinitions') {
      validateCrd(type, stored);
      validateCrdSchemas(type, stored);
    }
  }

  /** Creates an object (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions) and returns it as stored. */
  create(type: ResourceType, namespace: string | undefined, body: unknown, options: WriteOptions = {}): KubeObj {
    const apiObj = this.checkBody(type, namespace, body);
    const name = this.resolveName(type, apiObj);
    apiObj.metadata.name = name;
    this.checkNamespace(type, namespace, name);
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    if (this.store.get(type.storageKey, key) !== undefined) throw alreadyExistsError(type, name);
    const prepared = validateCustomResource(type, prepareForCreate(type, apiObj, this.clock.now()), undefined, options.fieldValidation);
    const obj = this.toStorage(type, prepared);
    this.validate(type, prepared, obj);
    if (options.dryRun) return this.toView(type, obj);
    return this.toView(type, this.store.commit(type.storageKey, key, 'ADDED', obj).obj);
  }

  /** Replaces an object (PUT, https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions); creates a missing Lease. */
  update(type: ResourceType, namespace: string | undefined, name: string, body: unknown, options: WriteOptions = {}): WriteResult {
    const apiObj = this.checkBody(type, namespace, body);
    if (apiObj.metadata.name !== undefined && apiObj.metadata.name !== name) {
      throw badRequestError(`the name of the object (${apiObj.metadata.name}) does not match the name on the URL (${name})`);
    }
    apiObj.metadata.name = name;
    const stored = this.store.get(type.storageKey, objectKey(type.namespaced ? namespace : undefined, name));
    if (stored === undefined) {
      if (!type.allowCreateOnUpdate || options.subresource) throw notFoundError(type, name);
      return { obj: this.create(type, namespace, apiObj, options), created: true };
    }
    if (!type.allowUnconditionalUpdate && !apiObj.metadata.resourceVersion) {
      throw invalidError(
        type.kind,
        name,
        [{ field: 'metadata.resourceVersion', message: 'Invalid value: 0x0: must be specified for an update' }],
        type,
      );
    }
    return { obj: this.writeUpdate(type, stored, apiObj, options), created: false };
  }

  /** Patches an object (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/); server-side apply creates a missing one. */
  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    body: unknown,
    options: WriteOptions = {},
  ): WriteResult {
    if (patchType === 'strategic' && type.custom) {
      throw unsupportedMediaTypeError(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
    }
    if (patchType === 'apply' && !options.fieldManager) {
      throw invalidError(type.kind, name, [{ field: 'fieldManager', message: 'Required value: is required for apply patch' }], type);
    }
    const stored = this.store.get(type.storageKey, objectKey(type.namespaced ? namespace : undefined, name));
    if (stored === undefined) {
      if (patchType !== 'apply' || options.subresource) throw notFoundError(type, name);
      return { obj: this.applyCreate(type, namespace, name, body, options), created: true };
    }
    const current = this.toView(type, cloneJson(stored.obj));
    const next = this.patched(type, current, patchType, body, options);
    if (!isDict(next.metadata)) next.metadata = {};
    if (next.metadata.name !== undefined && next.metadata.name !== name) {
      throw badRequestError(`the name of the object (${String(next.metadata.name)}) does not match the name on the URL (${name})`);
    }
    if (patchType !== 'apply' && !hasPatchedRv(body)) next.metadata.resourceVersion = stored.obj.metadata.resourceVersion;
    if (patchType === 'apply') delete next.metadata.resourceVersion;
    return { obj: this.writeUpdate(type, stored, this.checkBody(type, namespace, next), options), created: false };
  }

  private patched(_type: ResourceType, current: KubeObj, patchType: PatchType, body: unknown, options: WriteOptions): KubeObj {
    switch (patchType) {
      case 'json':
        return applyJsonPatch(current, body) as KubeObj;
      case 'merge':
        if (!isDict(body)) throw badRequestError('a merge patch must be a JSON object');
        return applyMergePatch(current, body) as KubeObj;
      case 'strategic':
        if (!isDict(body)) throw badRequestError('a strategic merge patch must be a JSON object');
        return stripDirectives(strategicMerge(current, body)) as KubeObj;
      case 'apply': {
        if (!isDict(body)) throw badRequestError('an apply patch must be a YAML or JSON object');
        const key = `${current.metadata.uid}/${options.fieldManager}`;
        const result = applyConfiguration(current, this.applied.get(key), body) as KubeObj;
        if (!options.dryRun) this.applied.set(key, cloneJson(body));
        return result;
      }
    }
  }

  private applyCreate(type: ResourceType, namespace: string | undefined, name: string, body: unknown, options: WriteOptions): KubeObj {
    const obj = this.checkBody(type, namespace, body);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequestError(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
    }
    obj.metadata.name = name;
    const created = this.create(type, namespace, obj, options);
    if (!options.dryRun) this.applied.set(`${created.metadata.uid}/${options.fieldManager}`, cloneJson(body as Dict));
    return created;
  }

  /** The shared tail of PUT, PATCH and status writes (https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions). */
  private writeUpdate(type: ResourceType, stored: StoredEntry, apiNext: KubeObj, options: WriteOptions): KubeObj {
    const old = stored.obj;
    const name = String(old.metadata.name);
    const sentRv = apiNext.metadata.resourceVersion;
    if (sentRv && sentRv !== old.metadata.resourceVersion) throw conflictError(type, name);
    let next = this.toStorage(type, apiNext);
    keepImmutableMeta(old, next);
    prepareSecret(type, next);
    if (options.subresource === 'status') next = { ...cloneJson(old), status: next.status };
    else if (type.hasStatus) next = keepStatus(old, next);
    validateFinalizers(type, old, next);
    this.validate(type, type.view ? type.view.fromStorage(next) : next, next);
    next = validateCustomResource(type, withSchemaDefaults(type, next), old, options.fieldValidation);
    if (options.subresource !== 'status') bumpGeneration(type, old, next);
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (isNoOp(old, next)) return this.toView(type, old);
    if (options.dryRun) return this.toView(type, next);
    return this.toView(type, this.commitChange(type, next));
  }

  /** Stores a changed object; a terminating object left without finalizers is deleted instead. */
  commitChange(type: ResourceType, next: KubeObj): KubeObj {
    const key = objectKey(next.metadata.namespace, String(next.metadata.name));
    const meta = next.metadata;
    const finished =
      meta.deletionTimestamp !== undefined && (meta.finalizers ?? []).length === 0 && (meta.deletionGracePeriodSeconds ?? 0) === 0;
    if (finished && type.resource !== 'namespaces') return this.store.commit(type.storageKey, key, 'DELETED', next).obj;
    return this.store.commit(type.storageKey, key, 'MODIFIED', next).obj;
  }
}

function keepStatus(old: KubeObj, next: KubeObj): KubeObj {
  const out = { ...next };
  if (old.status === undefined) delete out.status;
  else out.status = cloneJson(old.status);
  return out;
}

function hasPatchedRv(body: unknown): boolean {
  if (Array.isArray(body)) return body.some((op) => isDict(op) && op.path === '/metadata/resourceVersion');
  return isDict(body) && isDict(body.metadata) && body.metadata.resourceVersion !== undefined;
}
