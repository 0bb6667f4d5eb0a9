/**
 * Small helpers over parsed JSON/YAML values for the diff layer: a plain-object
 * test, a copy with keys sorted at every level, and a compact canonical text.
 * Objects are always built with `Object.fromEntries`, so a key such as
 * `__proto__` from a hostile manifest stays an ordinary property.
 */

/** A JSON object as parsed from a manifest or read from the API server. */
export type JsonObject = { [key: string]: unknown };

/** Is `value` a plain object (not null, not an array)? */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `value` with every object's keys in sorted order (lists keep their order). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeysDeep(value[key])]),
  );
}

/** Compact JSON of `value` with sorted keys: equal texts mean deep-equal values. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value)) ?? 'undefined';
}
