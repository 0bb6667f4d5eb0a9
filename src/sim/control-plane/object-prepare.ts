/**
 * What the server does to an object on create and update besides storing
 * it: system fields, per-kind defaults (https://kubernetes.io/docs/reference/kubernetes-api/), schema defaults and the
 * generation rule (https://kubernetes.io/docs/concepts/overview/working-with-objects/).
 */
import { randomUUID } from 'node:crypto';
import { cloneJson, formatTimestamp, isDict, jsonEqual, type Dict, type KubeObj } from './object.js';
import { groupVersion, type ResourceType } from './resource-type.js';
import { applySchemaDefaults } from './schema-defaults.js';

const SERVER_SET_META = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'managedFields',
  'selfLink',
];

function preparePod(obj: KubeObj): void {
  obj.spec = isDict(obj.spec) ? obj.spec : {};
  obj.spec.restartPolicy ??= 'Always';
  obj.spec.schedulerName ??= 'default-scheduler';
  obj.spec.terminationGracePeriodSeconds ??= 30;
  obj.spec.dnsPolicy ??= 'ClusterFirst';
  obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
}

function prepareNamespace(obj: KubeObj): void {
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': String(obj.metadata.name) };
  obj.spec = { finalizers: ['kubernetes'] };
  obj.status = { phase: 'Active' };
}

/**
 * A Secret as kube-apiserver stores it: `stringData` folded into `data` (base64, winning over the same key) and
 * `type` defaulted to Opaque (https://kubernetes.io/docs/concepts/configuration/secret/#secret-types).
 */
export function prepareSecret(type: ResourceType, obj: KubeObj): void {
  if (type.group !== '' || type.resource !== 'secrets') return;
  const record: Dict = obj;
  if (isDict(record.stringData)) {
    const data: Dict = isDict(record.data) ? record.data : {};
    for (const [key, value] of Object.entries(record.stringData)) data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    record.data = data;
  }
  delete record.stringData;
  record.type ??= 'Opaque';
}

function prepareCrd(obj: KubeObj, now: Date): void {
  const spec: Dict = obj.spec ?? {};
  const versions: Dict[] = Array.isArray(spec.versions) ? spec.versions : [];
  const time = formatTimestamp(now);
  obj.status = {
    acceptedNames: cloneJson(spec.names ?? {}),
    storedVersions: versions.filter((v) => v.storage).map((v) => v.name),
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: time },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
        lastTransitionTime: time,
      },
    ],
  };
}

/** Sets apiVersion/kind and the server-owned metadata of a new object, then per-kind and schema defaults. */
export function prepareForCreate(type: ResourceType, obj: KubeObj, now: Date): KubeObj {
  for (const field of SERVER_SET_META) delete obj.metadata[field];
  obj.apiVersion = groupVersion(type);
  obj.kind = type.kind;
  obj.metadata.uid = randomUUID();
  obj.metadata.creationTimestamp = formatTimestamp(now);
  obj.metadata.generation = 1;
  if (!type.namespaced) delete obj.metadata.namespace;
  if (type.custom && type.hasStatus) delete obj.status;
  if (type.resource === 'pods' && type.group === '') preparePod(obj);
  if (type.resource === 'namespaces') prepareNamespace(obj);
  prepareSecret(type, obj);
  if (type.resource === 'customresourcedefinitions') prepareCrd(obj, now);
  return withSchemaDefaults(type, obj);
}

/** Applies CRD schema defaults (no-op for built-ins). */
export function withSchemaDefaults(type: ResourceType, obj: KubeObj): KubeObj {
  if (type.schema === undefined) return obj;
  return applySchemaDefaults(obj, type.schema as Dict) as KubeObj;
}

/** Copies the fields an update may not change from the stored object. */
export function keepImmutableMeta(stored: KubeObj, next: KubeObj): void {
  const keep = ['uid', 'creationTimestamp', 'name', 'namespace', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'];
  for (const field of keep) {
    if (stored.metadata[field] === undefined) delete next.metadata[field];
    else next.metadata[field] = stored.metadata[field];
  }
  delete next.metadata.managedFields;
  next.apiVersion = stored.apiVersion;
  next.kind = stored.kind;
}

function withoutMetaAndStatus(obj: KubeObj, dropStatus: boolean): Dict {
  const rest: Dict = { ...obj };
  delete rest.metadata;
  delete rest.apiVersion;
  delete rest.kind;
  if (dropStatus) delete rest.status;
  return rest;
}

/** Bumps generation when anything outside metadata (and status, with a status subresource) changed. */
export function bumpGeneration(type: ResourceType, stored: KubeObj, next: KubeObj): void {
  if (!jsonEqual(withoutMetaAndStatus(stored, type.hasStatus), withoutMetaAndStatus(next, type.hasStatus))) {
    next.metadata.generation = (stored.metadata.generation ?? 1) + 1;
  }
}

/** Equal apart from resourceVersion and managedFields: a write that changes nothing. */
export function isNoOp(stored: KubeObj, next: KubeObj): boolean {
  const strip = (obj: KubeObj): Dict => ({ ...obj, metadata: { ...obj.metadata, resourceVersion: undefined, managedFields: undefined } });
  return jsonEqual(strip(stored), strip(next));
}
