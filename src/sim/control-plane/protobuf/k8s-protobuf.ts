/**
 * Decodes Kubernetes' protobuf wire format (`application/vnd.kubernetes.protobuf`),
 * which kubectl sends for built-in kinds (`kubectl create namespace`,
 * `kubectl create deployment`, `kubectl create configmap`, `kubectl create secret`, …): the magic
 * `k8s\0`, then a runtime.Unknown whose `raw` is the object message of the
 * kind named in its typeMeta. The result is the object as its JSON form
 * would be: Go's omitempty fields that protobuf still carries (empty strings,
 * zero numbers, empty messages) are dropped, Time, Quantity and IntOrString
 * become their JSON forms. Fields not in k8s-subset.proto are skipped.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { ApiError, badRequestError } from '../api-error.js';
import { isDict, type Dict } from '../object.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const KINDS = [
  'Namespace',
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'DaemonSet',
  'Scale',
  'PodDisruptionBudget',
];
/** Optional (pointer) integers whose zero is a value, not "unset". */
const KEEP_ZERO = new Set([
  'replicas',
  'revisionHistoryLimit',
  'progressDeadlineSeconds',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'priority',
  'tolerationSeconds',
  'minDomains',
  'intVal',
]);

let root: protobuf.Root | undefined;
function loadRoot(): protobuf.Root {
  root ??= protobuf.parse(readFileSync(new URL('./k8s-subset.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
  return root;
}

function rfc3339(value: Dict): string {
  return new Date(Number(value.seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function special(type: protobuf.Type, value: Dict): unknown {
  switch (type.name) {
    case 'Time':
      return rfc3339(value);
    case 'Quantity':
      return String(value.string ?? '');
    case 'IntOrString':
      return Number(value.type ?? 0) === 1 ? String(value.strVal ?? '') : Number(value.intVal ?? 0);
    default:
      return undefined;
  }
}

function convertValue(field: protobuf.Field, value: unknown): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type && isDict(value)) return special(resolved, value) ?? convertMessage(resolved, value);
  return value;
}

function isEmpty(name: string, value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return true;
  if (value === 0) return !KEEP_ZERO.has(name);
  if (Array.isArray(value)) return value.length === 0;
  return isDict(value) && Object.keys(value).length === 0;
}

function convertField(field: protobuf.Field, value: unknown): unknown {
  if (field.map && isDict(value)) {
    const out: Dict = {};
    for (const [key, item] of Object.entries(value)) out[key] = convertValue(field, item);
    return out;
  }
  if (field.repeated && Array.isArray(value)) return value.map((item) => convertValue(field, item));
  return convertValue(field, value);
}

function convertMessage(type: protobuf.Type, plain: Dict): Dict {
  const out: Dict = {};
  for (const field of type.fieldsArray) {
    if (!(field.name in plain)) continue;
    const value = convertField(field, plain[field.name]);
    if (field.map ? !isDict(value) || Object.keys(value).length > 0 : !isEmpty(field.name, value)) out[field.name] = value;
  }
  return out;
}

function decodeError(why: string): ApiError {
  return badRequestError(`the body of the request could not be decoded as application/vnd.kubernetes.protobuf: ${why}`);
}

function decodeObject(kind: string, raw: Uint8Array): Dict {
  const type = loadRoot().lookupType(`k8s.${kind}`);
  type.resolveAll();
  const plain = type.toObject(type.decode(raw), { longs: Number, bytes: String, defaults: false }) as Dict;
  return convertMessage(type, plain);
}

/** A protobuf request body as the JSON object it stands for; 400 when it is not one, 415 for a kind it cannot read. */
export function decodeProtobufObject(body: Buffer): Dict {
  if (body.length < MAGIC.length || !body.subarray(0, MAGIC.length).equals(MAGIC))
    throw decodeError('the body does not start with the k8s\\0 magic');
  let envelope: Dict;
  try {
    const unknown = loadRoot().lookupType('k8s.Unknown');
    envelope = unknown.toObject(unknown.decode(body.subarray(MAGIC.length)), { bytes: Buffer, defaults: false }) as Dict;
  } catch (error) {
    throw decodeError(error instanceof Error ? error.message : String(error));
  }
  const typeMeta: Dict = isDict(envelope.typeMeta) ? envelope.typeMeta : {};
  const kind = String(typeMeta.kind ?? '');
  const apiVersion = String(typeMeta.apiVersion ?? '');
  if (envelope.contentEncoding) throw decodeError(`content encoding "${String(envelope.contentEncoding)}" is not supported`);
  if (!KINDS.includes(kind)) {
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the embedded control plane cannot decode ${kind || 'this kind'} (${apiVersion}) from protobuf: send it as application/json`,
    );
  }
  try {
    return { apiVersion, kind, ...decodeObject(kind, (envelope.raw as Buffer | undefined) ?? new Uint8Array()) };
  } catch (error) {
    throw decodeError(error instanceof Error ? error.message : String(error));
  }
}
