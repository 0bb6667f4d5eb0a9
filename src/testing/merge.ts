/** Deep merging for test builders: objects merge key by key, arrays and scalars are replaced, last write wins. */

/** Every property optional, recursively (arrays are replaced whole, so their items stay complete). */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `base` with every override merged in, in order; inputs are not modified. */
export function deepMerge<T>(base: T, ...overrides: Array<DeepPartial<NoInfer<T>> | undefined>): T {
  let out: unknown = base;
  for (const override of overrides) out = mergeTwo(out, override);
  return out as T;
}

function mergeTwo(base: unknown, override: unknown): unknown {
  if (override === undefined) return structuredCloneSafe(base);
  if (!isPlainObject(base) || !isPlainObject(override)) return structuredCloneSafe(override);
  const out: Record<string, unknown> = { ...(structuredCloneSafe(base) as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    out[key] = mergeTwo(out[key], value);
  }
  return out;
}

function structuredCloneSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structuredCloneSafe);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCloneSafe(v)]));
  return value;
}
