/**
 * The object karpd writes over a live one, as `kubectl apply` computes it:
 * the spec from Git replaces the live spec; labels and annotations merge
 * three ways — keys from Git are set, keys karpd applied last time (the
 * last-applied record) that Git dropped are removed, every other key (set by
 * Karpenter, by other tools, by hand) is kept. Karpenter's hash annotations
 * are never touched, whatever Git says. Status and server-set metadata stay
 * as read. Pure.
 *
 * @see https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#how-apply-calculates-differences-and-merges-changes
 */
import type { KubeObject } from '../../apis/object-meta.js';
import { APPLIED_REVISION_ANNOTATION, LAST_APPLIED_ANNOTATION, decodeLastApplied, encodeLastApplied } from '../diff/last-applied.js';
import type { DesiredObject } from '../diff/object-comparison.js';

/**
 * Key prefixes karpd never sets or removes: Karpenter's `karpenter.sh/nodepool-hash`,
 * `karpenter.sh/nodepool-hash-version`, `karpenter.k8s.aws/ec2nodeclass-hash` and
 * `karpenter.k8s.aws/ec2nodeclass-hash-version` (its node-drift bookkeeping), and
 * karpd's own records, which {@link mergedOver} writes itself.
 */
export const PROTECTED_KEY_PREFIXES: readonly string[] = [
  'karpenter.sh/nodepool-hash',
  'karpenter.k8s.aws/ec2nodeclass-hash',
  LAST_APPLIED_ANNOTATION,
  APPLIED_REVISION_ANNOTATION,
];

/** Is `key` one karpd never sets or removes from Git? */
export function isProtectedKey(key: string): boolean {
  return PROTECTED_KEY_PREFIXES.some((prefix) => key.startsWith(prefix));
}

type StringMap = Readonly<Record<string, string>>;

/** The three-way merge of one map; undefined when the result is empty and live had none (so no empty map is written). */
export function mergeStringMap(live: StringMap | undefined, desired: StringMap | undefined, lastApplied: StringMap | undefined) {
  const result: Record<string, string> = { ...(live ?? {}) };
  for (const key of Object.keys(lastApplied ?? {})) {
    if (!isProtectedKey(key) && !Object.hasOwn(desired ?? {}, key)) delete result[key];
  }
  for (const [key, value] of Object.entries(desired ?? {})) if (!isProtectedKey(key)) result[key] = value;
  return Object.keys(result).length === 0 && live === undefined ? undefined : result;
}

function withMap(metadata: Record<string, unknown>, field: 'labels' | 'annotations', value: StringMap | undefined): void {
  if (value === undefined) delete metadata[field];
  else metadata[field] = value;
}

/**
 * `desired` written over `live`: spec replaced, labels and annotations merged three ways against the
 * last-applied record on `live`, {@link LAST_APPLIED_ANNOTATION} set to `desired`'s record. The revision
 * annotation is left as read: {@link withRevision} sets it once the write is known to change something.
 */
export function mergedOver(live: KubeObject, desired: DesiredObject): KubeObject & { spec?: unknown } {
  const lastApplied = decodeLastApplied(live)?.metadata;
  const metadata: Record<string, unknown> = { ...live.metadata };
  withMap(metadata, 'labels', mergeStringMap(live.metadata.labels, desired.metadata.labels, lastApplied?.labels));
  const annotations = mergeStringMap(live.metadata.annotations, desired.metadata.annotations, lastApplied?.annotations) ?? {};
  withMap(metadata, 'annotations', { ...annotations, [LAST_APPLIED_ANNOTATION]: encodeLastApplied(desired) });
  const next: KubeObject & { spec?: unknown } = { ...live, metadata };
  if (desired.spec === undefined) delete next.spec;
  else next.spec = desired.spec;
  return next;
}

/** `object` with {@link APPLIED_REVISION_ANNOTATION} set to `revision`, or removed when there is none (it would name the wrong commit). */
export function withRevision<T extends KubeObject>(object: T, revision: string | undefined): T {
  const annotations: Record<string, string> = { ...(object.metadata.annotations ?? {}) };
  if (revision === undefined) delete annotations[APPLIED_REVISION_ANNOTATION];
  else annotations[APPLIED_REVISION_ANNOTATION] = revision;
  return { ...object, metadata: { ...object.metadata, annotations } };
}

/** `desired` as created: labels and annotations from Git (protected keys dropped), the last-applied record and the revision. */
export function forCreate(desired: DesiredObject, revision: string | undefined): DesiredObject {
  const labels = mergeStringMap(undefined, desired.metadata.labels, undefined);
  const annotations = mergeStringMap(undefined, desired.metadata.annotations, undefined) ?? {};
  const metadata: Record<string, unknown> = { ...desired.metadata };
  withMap(metadata, 'labels', labels);
  metadata.annotations = { ...annotations, [LAST_APPLIED_ANNOTATION]: encodeLastApplied(desired) };
  return withRevision({ ...desired, metadata } as DesiredObject, revision);
}
