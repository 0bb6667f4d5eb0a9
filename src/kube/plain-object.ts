/**
 * client-node's typed APIs return class instances with `Date` fields, while
 * watch events carry plain JSON. karpd keeps one representation — the JSON the
 * API server sends — so both paths are normalised here.
 */

/** Formats a Date the way the API server writes `metav1.Time` (seconds, `Z`). */
function formatTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Deep-copies `value` into plain JSON data: Dates become RFC 3339 strings, `undefined` fields disappear. */
export function toPlainObject<T>(value: unknown): T {
  return convert(value) as T;
}

function convert(value: unknown): unknown {
  if (value instanceof Date) return formatTime(value);
  if (Array.isArray(value)) return value.map(convert);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    out[key === '_continue' ? 'continue' : key] = convert(field);
  }
  return out;
}
