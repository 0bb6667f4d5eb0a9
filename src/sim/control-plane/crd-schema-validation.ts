/**
 * Validation of custom resources against their CRD's structural schema, as
 * kube-apiserver does on create, update, patch and status writes: unknown
 * fields pruned, then the OpenAPI checks (Ajv, a maintained JSON-schema
 * validator), then the CEL `x-kubernetes-validations` rules (cel-rules.ts).
 * Violations are a 422 `Invalid` Status with one cause per field:
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation
 */
import { isDeepStrictEqual } from 'node:util';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ApiError, type StatusCause } from './api-error.js';
import { celCauses, celCompileProblems } from './cel-schema-walk.js';
import { isDict, type Dict, type KubeObj } from './object.js';
import type { ResourceType } from './resource-type.js';

/** One field problem, named like kube-apiserver's field errors. */
export interface FieldCause {
  readonly reason: string;
  readonly field: string;
  readonly message: string;
}

// OpenAPI formats (int32, int64, date-time, ...) and Kubernetes' x-kubernetes-* keywords are not JSON Schema:
// strict mode off so Ajv ignores them; formats are not checked.
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Dict): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Throws 422 when a CustomResourceDefinition carries a schema that cannot be compiled (a bad
 * pattern, a malformed keyword) or a CEL rule that does not parse, as kube-apiserver refuses such CRDs.
 */
export function validateCrdSchemas(ref: { group: string; resource: string }, crd: KubeObj): void {
  const versions: unknown = crd.spec?.versions;
  if (!Array.isArray(versions)) return;
  const causes: FieldCause[] = [];
  versions.forEach((version: unknown, index) => {
    const schema = isDict(version) && isDict(version.schema) ? version.schema.openAPIV3Schema : undefined;
    if (!isDict(schema)) return;
    const field = `spec.versions[${index}].schema.openAPIV3Schema`;
    try {
      validatorFor(schema);
    } catch (error) {
      causes.push({
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: "object": ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    for (const problem of celCompileProblems(schema))
      causes.push({ reason: 'FieldValueInvalid', field, message: `Invalid value: "object": ${problem}` });
  });
  if (causes.length > 0) {
    const type = { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', resource: ref.resource };
    throw schemaInvalidError(type, String(crd.metadata.name ?? ''), causes);
  }
}

/** Where pruning happens: the path so far and the collector of dropped field paths. */
interface PruneAt {
  readonly path: string;
  readonly dropped: string[];
}

function pruneObject(value: Dict, schema: Dict, at: PruneAt, root: boolean): Dict {
  const properties = isDict(schema.properties) ? schema.properties : undefined;
  const additional = isDict(schema.additionalProperties) ? schema.additionalProperties : undefined;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true || schema.additionalProperties === true;
  const result: Dict = {};
  for (const [key, child] of Object.entries(value)) {
    const next = { path: at.path === '' ? key : `${at.path}.${key}`, dropped: at.dropped };
    if (root && (key === 'metadata' || key === 'apiVersion' || key === 'kind')) result[key] = child;
    else if (properties?.[key] !== undefined) result[key] = pruneAt(child, properties[key], next);
    else if (additional !== undefined) result[key] = pruneAt(child, additional, next);
    else if (preserve || (properties === undefined && schema.type !== 'object')) result[key] = child;
    else at.dropped.push(next.path);
  }
  return result;
}

function pruneAt(value: unknown, schema: unknown, at: PruneAt, root = false): unknown {
  if (!isDict(schema) || value === null || value === undefined) return value;
  if (Array.isArray(value))
    return isDict(schema.items)
      ? value.map((item, i) => pruneAt(item, schema.items, { path: `${at.path}[${i}]`, dropped: at.dropped }))
      : value;
  return isDict(value) ? pruneObject(value, schema, at, root) : value;
}

/**
 * Removes fields the schema does not declare, unless a node says `x-kubernetes-preserve-unknown-fields`;
 * the paths of the dropped fields are appended to `dropped`.
 */
export function pruneUnknownFields(value: unknown, schema: unknown, root = false, dropped: string[] = []): unknown {
  return pruneAt(value, schema, { path: '', dropped }, root);
}

function segments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const segment of path) node = isDict(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
  return node;
}

/** `/spec/requirements/0/key` → `spec.requirements[0].key` (array indexes in brackets). */
function fieldPath(root: unknown, path: readonly string[]): string {
  let out = '';
  let node = root;
  for (const segment of path) {
    out += Array.isArray(node) ? `[${segment}]` : out === '' ? segment : `.${segment}`;
    node = isDict(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return out;
}

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return '"array"';
  if (isDict(value)) return '"object"';
  if (value === null) return '"null"';
  return String(value);
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

type CauseBuilder = (at: { field: string; value: unknown; params: Record<string, unknown> }) => FieldCause;

const invalid =
  (text: (params: Record<string, unknown>) => string): CauseBuilder =>
  ({ field, value, params }) => ({
    reason: 'FieldValueInvalid',
    field,
    message: `Invalid value: ${shown(value)}: ${field} in body ${text(params)}`,
  });
const typeInvalid =
  (expected: (params: Record<string, unknown>) => string): CauseBuilder =>
  ({ field, value, params }) => ({
    reason: 'FieldValueTypeInvalid',
    field,
    message: `Invalid value: "${typeName(value)}": ${field} in body must be of type ${expected(params)}: "${typeName(value)}"`,
  });
const tooMany: CauseBuilder = ({ field, value, params }) => ({
  reason: 'FieldValueTooMany',
  field,
  message: `Too many: ${Array.isArray(value) ? value.length : Object.keys(value as Dict).length}: must have at most ${String(params.limit)} items`,
});

/** kube-apiserver's wording per OpenAPI keyword (k8s.io/apiextensions-apiserver, go-openapi/validate). */
const CAUSES: Record<string, CauseBuilder> = {
  required: ({ field, params }) => ({
    reason: 'FieldValueRequired',
    field: field === '' ? String(params.missingProperty) : `${field}.${String(params.missingProperty)}`,
    message: 'Required value',
  }),
  enum: ({ field, value, params }) => ({
    reason: 'FieldValueNotSupported',
    field,
    message: `Unsupported value: ${shown(value)}: supported values: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
  }),
  type: typeInvalid((p) => String(p.type)),
  anyOf: typeInvalid(() => 'integer or string'),
  oneOf: typeInvalid(() => 'integer or string'),
  maximum: invalid((p) => `should be less than or equal to ${String(p.limit)}`),
  minimum: invalid((p) => `should be greater than or equal to ${String(p.limit)}`),
  pattern: invalid((p) => `should match '${String(p.pattern)}'`),
  minLength: invalid((p) => `should be at least ${String(p.limit)} chars long`),
  maxLength: ({ field, params }) => ({
    reason: 'FieldValueTooLong',
    field,
    message: `Too long: may not be more than ${String(params.limit)} bytes`,
  }),
  minItems: invalid((p) => `should have at least ${String(p.limit)} items`),
  maxItems: tooMany,
  maxProperties: tooMany,
  minProperties: invalid((p) => `should have at least ${String(p.limit)} properties`),
};

function causeFromAjv(error: ErrorObject, root: unknown): FieldCause {
  const path = segments(error.instancePath);
  const at = { field: fieldPath(root, path), value: valueAt(root, path), params: error.params as Record<string, unknown> };
  const build = CAUSES[error.keyword] ?? invalid(() => error.message ?? `fails ${error.keyword}`);
  return build(at);
}

/** Problems of the OpenAPI part of the schema (not the CEL rules). */
export function structuralCauses(obj: unknown, schema: Dict): FieldCause[] {
  let validate: ValidateFunction;
  try {
    validate = validatorFor(schema);
  } catch (error) {
    // Only a CRD stored without going through validateCrdSchemas can get here.
    return [
      {
        reason: 'InternalError',
        field: '',
        message: `the schema of this resource cannot be compiled: ${error instanceof Error ? error.message : String(error)}`,
      },
    ];
  }
  if (validate(obj)) return [];
  // anyOf reports each branch's failure too; the anyOf entry alone says what was wanted.
  const errors = (validate.errors ?? []).filter((e) => !e.schemaPath.includes('/anyOf/') && !e.schemaPath.includes('/oneOf/'));
  const causes = errors.map((e) => causeFromAjv(e, obj));
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = `${c.field}\u0000${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** kube-apiserver's 422: `NodePool.karpenter.sh "x" is invalid: [field: message, ...]` with one cause per problem. */
export function schemaInvalidError(type: Pick<ResourceType, 'group' | 'kind'>, name: string, causes: readonly FieldCause[]): ApiError {
  const qualifiedKind = type.group === '' ? type.kind : `${type.kind}.${type.group}`;
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const statusCauses: StatusCause[] = causes.map((c) => ({ reason: c.reason, message: c.message, field: c.field }));
  const details = { name, group: type.group, kind: type.kind, causes: statusCauses };
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${causes.length > 1 ? `[${text}]` : text}`, details);
}

/** 400 for unknown fields under `fieldValidation=Strict`, worded like kube-apiserver. */
function strictDecodingError(type: ResourceType, dropped: readonly string[]): ApiError {
  const fields = [...dropped]
    .sort()
    .map((path) => `unknown field "${path}"`)
    .join(', ');
  return new ApiError(
    400,
    'BadRequest',
    `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${fields}`,
  );
}

/**
 * Prunes unknown fields of a custom resource (returns the pruned copy), or
 * throws 422 when it breaks its CRD's schema or CEL rules; `old` is the
 * stored object on updates (for transition rules). With `fieldValidation=Strict`
 * (what kubectl sends) an unknown field is a 400 instead of being dropped.
 * Types without a schema pass unchanged.
 */
export function validateCustomResource(type: ResourceType, obj: KubeObj, old?: KubeObj, fieldValidation?: string): KubeObj {
  const schema = type.schema;
  if (!type.custom || schema === undefined) return obj;
  const dropped: string[] = [];
  const pruned = pruneUnknownFields(obj, schema, true, dropped) as KubeObj;
  if (fieldValidation === 'Strict' && dropped.length > 0) throw strictDecodingError(type, dropped);
  const structural = ratchet(structuralCauses(pruned, schema), pruned, old);
  // kube-apiserver runs CEL only on a structurally valid object.
  const causes = structural.length > 0 ? structural : ratchet(celCauses(pruned, old, schema), pruned, old);
  if (causes.length > 0) throw schemaInvalidError(type, String(obj.metadata.name ?? ''), causes);
  return pruned;
}

/** The value at a cause's field path (`spec.requirements[0].key`); undefined where the path does not resolve. */
function valueAtField(root: unknown, field: string): unknown {
  let node = root;
  for (const match of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    const key = match[1] ?? match[2];
    node = isDict(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/**
 * Validation ratcheting (CRDValidationRatcheting, on by default since Kubernetes 1.30): on an update, a
 * problem at a field whose value the update leaves unchanged is not reported, so an object stored under
 * an older, looser schema can still have its status written and its other fields changed.
 * https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation-ratcheting
 */
function ratchet(causes: FieldCause[], next: KubeObj, old: KubeObj | undefined): FieldCause[] {
  if (old === undefined || causes.length === 0) return causes;
  return causes.filter((cause) => !isDeepStrictEqual(valueAtField(next, cause.field), valueAtField(old, cause.field)));
}
