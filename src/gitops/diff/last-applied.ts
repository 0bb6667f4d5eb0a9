/**
 * The last-applied record karpd leaves on every object it applies (as
 * `kubectl apply` does with its own annotation), so a restarted or second
 * agent knows what it owns and can tell a Git change from config drift.
 */
import type { KubeObject } from '../../apis/object-meta.js';

/** The annotation holding the object as karpd last applied it (compact JSON, keys sorted). */
export const LAST_APPLIED_ANNOTATION = 'karpd.dev/last-applied';
/** The annotation holding the Git commit it was applied from. */
export const APPLIED_REVISION_ANNOTATION = 'karpd.dev/revision';
/** The field manager of every karpd write to NodePools and EC2NodeClasses. */
export const FIELD_MANAGER = 'karpd';

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
  );
}

/** The annotation value for `desired`: apiVersion, kind, name, labels, the annotations from Git and spec. */
export function encodeLastApplied(desired: KubeObject & { spec?: unknown }): string {
  const annotations = { ...(desired.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  delete annotations[APPLIED_REVISION_ANNOTATION];
  const record = {
    apiVersion: desired.apiVersion,
    kind: desired.kind,
    metadata: {
      name: desired.metadata.name,
      ...(desired.metadata.labels !== undefined ? { labels: desired.metadata.labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    ...(desired.spec !== undefined ? { spec: desired.spec } : {}),
  };
  return JSON.stringify(sorted(record));
}

/** The last-applied object of `live`, or undefined when karpd never applied it (or the annotation is not readable JSON). */
export function decodeLastApplied(live: KubeObject): KubeObject | undefined {
  const text = live.metadata?.annotations?.[LAST_APPLIED_ANNOTATION];
  if (typeof text !== 'string' || text.length > 1_000_000) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const object = value as Partial<KubeObject>;
    if (typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') return undefined;
    if (typeof object.metadata !== 'object' || object.metadata === null || Array.isArray(object.metadata)) return undefined;
    return object as KubeObject;
  } catch {
    return undefined;
  }
}
