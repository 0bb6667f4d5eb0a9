/**
 * The EC2NodeClass hash stamped on NodeClaims at launch and compared for
 * `NodeClassDrift` (https://karpenter.sh/docs/concepts/disruption/#drift): the spec without the selector terms,
 * `amiFamily` and `ipPrefixCount`, lists treated as sets, empty values
 * ignored. Our own stable hash, not upstream's hashstructure value.
 */
import { createHash } from 'node:crypto';
import { AMI_ALIAS_FAMILIES, type EC2NodeClass } from '../../apis/ec2nodeclass.js';

/** The annotation holding the hash on the NodeClass and on its NodeClaims. */
export const NODECLASS_HASH_ANNOTATION = 'karpenter.k8s.aws/ec2nodeclass-hash';
/** The annotation holding the hash version. */
export const NODECLASS_HASH_VERSION_ANNOTATION = 'karpenter.k8s.aws/ec2nodeclass-hash-version';
/** The hash version karpd writes (v1.14.1's). */
export const NODECLASS_HASH_VERSION = 'v5';

const EXCLUDED = new Set([
  'subnetSelectorTerms',
  'securityGroupSelectorTerms',
  'capacityReservationSelectorTerms',
  'amiSelectorTerms',
  'amiFamily',
  'ipPrefixCount',
]);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value
      .map(canonical)
      .filter((item) => item !== undefined)
      .map((item) => JSON.stringify(item))
      .sort();
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const inner = canonical((value as Record<string, unknown>)[key]);
      if (inner !== undefined) out[key] = inner;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (value === null || value === '' || value === 0 || value === false) return undefined;
  return value;
}

/** The decimal hash of the drift-relevant part of a NodeClass spec (plus the resolved AMI family). */
export function ec2NodeClassHash(nodeClass: Pick<EC2NodeClass, 'spec'>, resolvedAmiFamily?: string): string {
  const relevant: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(nodeClass.spec)) if (!EXCLUDED.has(key)) relevant[key] = value;
  relevant.resolvedAmiFamily = resolvedAmiFamily ?? amiFamilyOf(nodeClass);
  const digest = createHash('sha256')
    .update(JSON.stringify(canonical(relevant) ?? {}))
    .digest('hex');
  return BigInt(`0x${digest.slice(0, 16)}`).toString(10);
}

/** The AMI family a NodeClass resolves to: its alias family, else `amiFamily`, else AL2023. */
export function amiFamilyOf(nodeClass: Pick<EC2NodeClass, 'spec'>): string {
  const alias = nodeClass.spec.amiSelectorTerms?.find((term) => term.alias !== undefined)?.alias;
  if (alias !== undefined) {
    const family = alias.split('@')[0].toLowerCase();
    return Object.hasOwn(AMI_ALIAS_FAMILIES, family) ? AMI_ALIAS_FAMILIES[family] : family;
  }
  return nodeClass.spec.amiFamily ?? 'AL2023';
}
