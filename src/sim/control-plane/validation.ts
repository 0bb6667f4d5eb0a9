/**
 * Object validation the embedded server performs (https://kubernetes.io/docs/concepts/overview/working-with-objects/): names, label
 * keys and values, finalizers while deleting, and MicroTime fields on
 * Leases and Events.
 */
import { ApiError, invalidError, type ResourceRef } from './api-error.js';
import { isDict, type Dict, type KubeObj } from './object.js';
import type { ResourceType } from './resource-type.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;

interface Problem {
  field: string;
  message: string;
}

function nameProblems(type: ResourceType, name: string): Problem[] {
  if (type.resource === 'namespaces') {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) {
      return [
        {
          field: 'metadata.name',
          message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
        },
      ];
    }
    return [];
  }
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return [
      {
        field: 'metadata.name',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      },
    ];
  }
  return [];
}

function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
    return 'prefix part must be a lowercase RFC 1123 subdomain';
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}

/** Problems of a label map at `field` (metadata.labels of objects and pod templates). */
export function labelProblems(labels: unknown, field = 'metadata.labels'): Problem[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels))
    return [{ field, message: `Invalid value: ${JSON.stringify(labels)}: must be an object` }];
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) problems.push({ field, message: `Invalid value: "${key}": ${keyProblem}` });
    const text = typeof value === 'string' ? value : String(value);
    if (typeof value !== 'string' || text.length > 63 || (text !== '' && !LABEL_NAME.test(text))) {
      problems.push({
        field,
        message: `Invalid value: "${text}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
      });
    }
  }
  return problems;
}

/** Throws 422 Invalid when metadata breaks the naming or label rules. */
export function validateObject(type: ResourceType, obj: KubeObj): void {
  const name = obj.metadata.name ?? '';
  const problems = [...nameProblems(type, name), ...labelProblems(obj.metadata.labels)];
  if (problems.length > 0) throw invalidError(type.kind, name, problems, type);
}

/** Throws 422 when a terminating object gains a finalizer (real). */
export function validateFinalizers(type: ResourceType, stored: KubeObj, next: KubeObj): void {
  if (stored.metadata.deletionTimestamp === undefined) return;
  const before = new Set(stored.metadata.finalizers ?? []);
  const added = (next.metadata.finalizers ?? []).filter((f) => !before.has(f));
  if (added.length > 0) {
    throw invalidError(
      type.kind,
      String(stored.metadata.name),
      [{ field: 'metadata.finalizers', message: 'Forbidden: no new finalizers can be added if the object is being deleted' }],
      type,
    );
  }
}

function microTimeError(type: ResourceType, value: string): ApiError {
  const fraction = /(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(value)?.[0] ?? value;
  return new ApiError(
    400,
    'BadRequest',
    `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: parsing time "${value}" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "${fraction}" as ".000000"`,
  );
}

function microTimeFields(type: ResourceType, obj: KubeObj): unknown[] {
  if (type.resource === 'leases') return [obj.spec?.acquireTime, obj.spec?.renewTime];
  if (type.resource === 'events') return [obj.eventTime, obj.series?.lastObservedTime];
  return [];
}

/** Throws 400 when a MicroTime field is not written with exactly six fractional digits (https://kubernetes.io/docs/reference/using-api/api-concepts/). */
export function validateMicroTimes(type: ResourceType, obj: KubeObj): void {
  for (const value of microTimeFields(type, obj)) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !MICRO_TIME.test(value)) throw microTimeError(type, String(value));
  }
}

/** Extra validation of events.k8s.io/v1 Events (required fields, real). */
export function validateEventsV1(ref: ResourceRef, obj: Dict): void {
  const required = ['eventTime', 'reportingController', 'reportingInstance', 'action', 'reason'];
  const problems = required.filter((f) => obj[f] === undefined || obj[f] === '').map((f) => ({ field: f, message: 'Required value' }));
  if (obj.type !== undefined && obj.type !== 'Normal' && obj.type !== 'Warning') {
    problems.push({ field: 'type', message: `Unsupported value: "${obj.type}": supported values: "Normal", "Warning"` });
  }
  if (problems.length > 0) throw invalidError('Event', String(obj.metadata?.name ?? ''), problems, ref);
}

/** Throws 422 when a CustomResourceDefinition lacks what registration needs (group, names, scope, a served version). */
export function validateCrd(ref: ResourceRef, obj: KubeObj): void {
  const spec: Dict = obj.spec ?? {};
  const names: Dict = spec.names ?? {};
  const versions: unknown = spec.versions;
  const problems: Problem[] = [];
  if (typeof spec.group !== 'string' || spec.group === '') problems.push({ field: 'spec.group', message: 'Required value' });
  if (typeof names.kind !== 'string' || names.kind === '') problems.push({ field: 'spec.names.kind', message: 'Required value' });
  if (typeof names.plural !== 'string' || names.plural === '') problems.push({ field: 'spec.names.plural', message: 'Required value' });
  if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced')
    problems.push({
      field: 'spec.scope',
      message: `Unsupported value: "${String(spec.scope)}": supported values: "Cluster", "Namespaced"`,
    });
  if (!Array.isArray(versions) || versions.length === 0 || versions.some((v) => !isDict(v) || typeof v.name !== 'string')) {
    problems.push({ field: 'spec.versions', message: 'Invalid value: must have at least one version, each with a name' });
  }
  const expected = `${names.plural}.${spec.group}`;
  if (problems.length === 0 && obj.metadata.name !== expected) {
    problems.push({ field: 'metadata.name', message: `Invalid value: "${obj.metadata.name}": must be spec.names.plural+"."+spec.group` });
  }
  if (problems.length > 0) throw invalidError('CustomResourceDefinition', String(obj.metadata.name ?? ''), problems, ref);
}
