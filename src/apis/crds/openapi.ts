/**
 * Turns the project's structural schema (FieldSchema, what `karpd validate`
 * checks) into the OpenAPI v3 schema of a CRD, so that the CRDs in
 * deploy/crds are generated from one source, as upstream generates its CRDs
 * from its Go types with controller-gen. What the FieldSchema does not carry
 * (descriptions, defaults, CEL rules, the schema of fields checked by code such
 * as requirements and taints) is added by an overlay keyed by field path.
 */
import type { FieldSchema } from '../validation/schema.js';

/** A JSON object (an OpenAPI schema node). */
export type OpenApi = { [key: string]: unknown };

/**
 * Extra OpenAPI keywords by field path: `spec.weight`, `[]` for list items, `{}` for map values,
 * e.g. `template.spec.requirements[]` or `limits{}`. Keys of an entry replace generated ones.
 */
export type Overlay = Readonly<Record<string, OpenApi>>;

/** The pattern of a resource quantity, as Kubernetes' CRD generator writes it. */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** The OpenAPI node of a resource quantity (int-or-string with the quantity pattern). */
export function quantitySchema(): OpenApi {
  return { anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: QUANTITY_PATTERN, 'x-kubernetes-int-or-string': true };
}

function stringSchema(schema: Extract<FieldSchema, { type: 'string' }>): OpenApi {
  const out: OpenApi = { type: 'string' };
  if (schema.enum !== undefined) out.enum = [...schema.enum];
  if (schema.pattern !== undefined) out.pattern = schema.pattern.regex.source;
  if (schema.minLength !== undefined) out.minLength = schema.minLength;
  if (schema.maxLength !== undefined) out.maxLength = schema.maxLength;
  return out;
}

function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function convert(schema: FieldSchema, path: string, overlay: Overlay): OpenApi {
  let out: OpenApi;
  switch (schema.type) {
    case 'string':
      out = stringSchema(schema);
      break;
    case 'integer':
      out = {
        type: 'integer',
        ...(schema.minimum === undefined ? {} : { minimum: schema.minimum }),
        ...(schema.maximum === undefined ? {} : { maximum: schema.maximum }),
      };
      break;
    case 'boolean':
      out = { type: 'boolean' };
      break;
    case 'quantity':
      out = quantitySchema();
      break;
    case 'any':
      out = { 'x-kubernetes-preserve-unknown-fields': true };
      break;
    case 'object': {
      const properties: OpenApi = {};
      for (const key of Object.keys(schema.fields).sort())
        properties[key] = convert(schema.fields[key] as FieldSchema, child(path, key), overlay);
      out = { type: 'object', properties };
      if (schema.required !== undefined && schema.required.length > 0) out.required = [...schema.required].sort();
      break;
    }
    case 'map':
      out = { type: 'object', additionalProperties: convert(schema.values, `${path}{}`, overlay) };
      if (schema.maxProperties !== undefined) out.maxProperties = schema.maxProperties;
      break;
    case 'array':
      out = { type: 'array', items: convert(schema.items, `${path}[]`, overlay) };
      if (schema.minItems !== undefined) out.minItems = schema.minItems;
      if (schema.maxItems !== undefined) out.maxItems = schema.maxItems;
      break;
  }
  return withOverlay(out, overlay[path]);
}

function withOverlay(generated: OpenApi, extra: OpenApi | undefined): OpenApi {
  if (extra === undefined) return generated;
  const merged: OpenApi = { ...generated, ...extra };
  // A replaced `type` (e.g. an `any` field given a real schema) drops the preserve marker.
  if (extra.type !== undefined && extra['x-kubernetes-preserve-unknown-fields'] === undefined)
    delete merged['x-kubernetes-preserve-unknown-fields'];
  return merged;
}

/** The OpenAPI schema of `schema`, with `overlay` applied at the paths it names. */
export function toOpenApi(schema: FieldSchema, overlay: Overlay = {}): OpenApi {
  return convert(schema, '', overlay);
}

/** Checks that every overlay path names a field of `schema` (a typo would silently add nothing). */
export function unusedOverlayPaths(schema: FieldSchema, overlay: Overlay): string[] {
  const seen = new Set<string>();
  const walk = (node: FieldSchema, path: string): void => {
    seen.add(path);
    if (node.type === 'object') for (const [key, value] of Object.entries(node.fields)) walk(value, child(path, key));
    if (node.type === 'map') walk(node.values, `${path}{}`);
    if (node.type === 'array') walk(node.items, `${path}[]`);
  };
  walk(schema, '');
  return Object.keys(overlay).filter((path) => !seen.has(path));
}
