/**
 * The NodePool hash written on every NodeClaim (`karpenter.sh/nodepool-hash`)
 * so node drift can tell claims built from an older pool spec
 * (karpenter-semantics.md §5). Like upstream, it covers the template and the
 * disruption settings that shape a node, and leaves out `requirements`
 * (checked separately) and `budgets` (they never make a node different).
 * karpd's hash is its own (SHA-256 over canonical JSON), so it carries its own
 * version: a claim with another version (e.g. made by upstream Karpenter) is
 * re-stamped, never treated as drifted.
 */
import { createHash } from 'node:crypto';
import type { NodePool } from './nodepool.js';

export const KARPD_NODEPOOL_HASH_VERSION = 'karpd-v1';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = canonical(field);
  }
  return out;
}

/** The drift hash of a NodePool (16 hex digits). */
export function nodePoolHash(pool: NodePool): string {
  const { requirements: _requirements, ...templateSpec } = pool.spec.template.spec;
  const hashed = {
    metadata: pool.spec.template.metadata ?? {},
    spec: templateSpec,
    consolidationPolicy: pool.spec.disruption?.consolidationPolicy,
    consolidateAfter: pool.spec.disruption?.consolidateAfter,
  };
  return createHash('sha256').update(JSON.stringify(canonical(hashed))).digest('hex').slice(0, 16);
}
