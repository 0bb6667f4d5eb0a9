/**
 * What a desired (Git), live (cluster) and last-applied object are reduced to
 * before they are compared, so that only differences a person made show up:
 * no status, no server-set metadata, no annotations karpd or Karpenter own,
 * the API defaults filled in, empty maps and lists dropped where Kubernetes
 * treats them as absent, quantities and durations in one spelling, keys
 * sorted. Pure, idempotent, and it never throws: a value it cannot read (a
 * live object someone broke with kubectl) is left as it is.
 *
 * karpenter-semantics.md §9: API-server defaulting (`consolidateAfter: 0s`,
 * `expireAfter: 720h`, `budgets: [{nodes: 10%}]`, `consolidationPolicy`) would
 * otherwise show a diff for every manifest that leaves the defaults out, and
 * Karpenter's `karpenter.sh/nodepool-hash*` annotations are Karpenter's, never
 * part of what Git says.
 */
import type { KubeObject } from '../../apis/object-meta.js';
import { withCanonicalValues } from './canonical-values.js';
import { hasCrdDefaults, withCrdDefaults } from './crd-defaults.js';
import { canonicalJson, isJsonObject, sortKeysDeep, type JsonObject } from './json-value.js';

/** Annotation keys (exact, or a prefix ending in `*`) that karpd, Karpenter or kubectl write, never Git. */
export const OWNED_ANNOTATIONS: readonly string[] = [
  'karpd.dev/*',
  'karpenter.sh/nodepool-hash*',
  'karpenter.k8s.aws/ec2nodeclass-hash*',
  'kubectl.kubernetes.io/last-applied-configuration',
];

/** Kinds karpd compares that are cluster-scoped (a `metadata.namespace` on them is dropped by the server). */
const CLUSTER_SCOPED_KINDS = new Set(['NodePool', 'EC2NodeClass', 'NodeClaim', 'Cluster']);

/**
 * Paths (dotted, `[]` for list items) where an empty list means something else than an absent one and is kept:
 * `budgets: []` is "no budget", absent is the default `10%` budget.
 */
const MEANINGFUL_EMPTY = new Set(['spec.disruption.budgets']);

/** Is `key` an annotation karpd, Karpenter or kubectl owns? */
export function isOwnedAnnotation(key: string): boolean {
  return OWNED_ANNOTATIONS.some((owned) => (owned.endsWith('*') ? key.startsWith(owned.slice(0, -1)) : key === owned));
}

function isEmpty(value: unknown): boolean {
  return (Array.isArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0);
}

/** `value` without nulls and, below the root, without empty maps and lists (bottom-up); list items are kept. */
function withoutEmpty(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutEmpty(item, `${path}[]`));
  if (!isJsonObject(value)) return Object.is(value, -0) ? 0 : value;
  const entries: Array<[string, unknown]> = [];
  for (const [key, field] of Object.entries(value)) {
    const fieldPath = path === '' ? key : `${path}.${key}`;
    const cleaned = withoutEmpty(field, fieldPath);
    if (cleaned === null || cleaned === undefined) continue;
    if (isEmpty(cleaned) && !MEANINGFUL_EMPTY.has(fieldPath)) continue;
    entries.push([key, cleaned]);
  }
  return Object.fromEntries(entries);
}

function keptAnnotations(annotations: unknown): unknown {
  if (!isJsonObject(annotations)) return annotations;
  return Object.fromEntries(Object.entries(annotations).filter(([key]) => !isOwnedAnnotation(key)));
}

/** name, namespace (namespaced kinds only), labels, and the annotations Git may set. */
function keptMetadata(metadata: unknown, kind: unknown): JsonObject {
  if (!isJsonObject(metadata)) return {};
  const kept: Array<[string, unknown]> = [['name', metadata.name]];
  if (!CLUSTER_SCOPED_KINDS.has(String(kind))) kept.push(['namespace', metadata.namespace]);
  kept.push(['labels', metadata.labels], ['annotations', keptAnnotations(metadata.annotations)]);
  return Object.fromEntries(kept.filter(([, value]) => value !== undefined));
}

/**
 * `object` reduced to what Git controls, in canonical form: `status` and all metadata but name, namespace,
 * labels and annotations dropped (annotations karpd and Karpenter own too); NodePool and EC2NodeClass CRD
 * defaults applied; empty maps and lists dropped; quantities and durations canonical; keys sorted.
 * @example normaliseObject(applied) deep-equals normaliseObject(readBack) for a NodePool applied and read back
 */
export function normaliseObject(object: KubeObject): KubeObject {
  const value: unknown = object;
  if (!isJsonObject(value)) return object;
  const rest = Object.entries(value).filter(([key]) => key !== 'status' && key !== 'metadata');
  const reduced = Object.fromEntries([...rest, ['metadata', keptMetadata(value.metadata, value.kind)]]);
  const cleaned = withoutEmpty(reduced, '') as JsonObject;
  if (!isJsonObject(cleaned.metadata)) cleaned.metadata = {};
  const defaulted =
    hasCrdDefaults(cleaned.apiVersion, cleaned.kind) && Object.hasOwn(cleaned, 'spec')
      ? { ...cleaned, spec: withCrdDefaults(cleaned.apiVersion, cleaned.kind, cleaned.spec) }
      : cleaned;
  return sortKeysDeep(withCanonicalValues(defaulted)) as KubeObject;
}

/** Do `a` and `b` say the same after {@link normaliseObject}? */
export function equalAfterNormalisation(a: KubeObject, b: KubeObject): boolean {
  return canonicalJson(normaliseObject(a)) === canonicalJson(normaliseObject(b));
}
