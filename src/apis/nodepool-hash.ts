/**
 * The NodePool hash written on every NodeClaim (`karpenter.sh/nodepool-hash`)
 * so node drift can tell claims built from an older pool spec
 * (https://karpenter.sh/docs/concepts/disruption/#drift). Like upstream, it covers `spec.template`
 * (labels, annotations, taints, startup taints, nodeClassRef, expireAfter,
 * terminationGracePeriod) and leaves out `requirements` (checked separately)
 * and everything outside the template (weight, limits, disruption: they never
 * make a node different). Lists count as sets and empty values as absent.
 * The template is hashed as the API server stores it (an absent `expireAfter`
 * is its default `720h`), so a pool read with or without defaults filled in
 * hashes the same.
 * karpd's hash is its own (SHA-256 over canonical JSON), so it carries its own
 * version: a claim with another version (e.g. made by upstream Karpenter) is
 * re-stamped, never treated as drifted.
 */
import { createHash } from 'node:crypto';
import { NodePoolDefaults } from './defaults.js';
import type { NodePool } from './nodepool.js';

export const KARPD_NODEPOOL_HASH_VERSION = 'karpd-v1';

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value))
    return value
      .map(canonical)
      .map((item) => JSON.stringify(item))
      .sort()
      .map((item) => JSON.parse(item) as unknown);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = canonical((value as Record<string, unknown>)[key]);
    if (!isEmpty(field)) out[key] = field;
  }
  return out;
}

/** The drift hash of a NodePool (16 hex digits). */
export function nodePoolHash(pool: NodePool): string {
  const { requirements: _requirements, ...templateSpec } = pool.spec.template.spec;
  const spec = { ...templateSpec, expireAfter: templateSpec.expireAfter ?? NodePoolDefaults.expireAfter };
  const hashed = { metadata: pool.spec.template.metadata ?? {}, spec };
  return createHash('sha256')
    .update(JSON.stringify(canonical(hashed)))
    .digest('hex')
    .slice(0, 16);
}
