/**
 * Applies `default:` values from a CRD's openAPIV3Schema, recursively through
 * `properties` and `items`, as kube-apiserver does on create, update and read (https://kubernetes.io/docs/reference/using-api/api-concepts/#standard-api-terminology).
 */
import { cloneJson, isDict, type Dict } from './object.js';

/** Returns `value` with every missing defaulted field filled in from `schema`. */
export function applySchemaDefaults(value: unknown, schema: Dict | undefined): unknown {
  if (schema === undefined || value === undefined || value === null) return value;
  if (Array.isArray(value) && isDict(schema.items)) return value.map((item) => applySchemaDefaults(item, schema.items));
  if (!isDict(value) || !isDict(schema.properties)) return value;
  const result: Dict = { ...value };
  for (const [key, propSchema] of Object.entries(schema.properties as Dict)) {
    if (!isDict(propSchema)) continue;
    if (result[key] === undefined && propSchema.default !== undefined) result[key] = cloneJson(propSchema.default);
    if (result[key] !== undefined) result[key] = applySchemaDefaults(result[key], propSchema);
  }
  return result;
}
