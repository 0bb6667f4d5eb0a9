/**
 * Deterministic Decision names: the same cluster, kind and content always
 * give the same name, so a restarted agent (or a second one) finds the
 * Decision it already created instead of creating a duplicate.
 */
import { createHash } from 'node:crypto';
import type { DecisionKind } from '../../apis/decision.js';

/** The longest name a Decision gets (a DNS-1123 label). */
export const MAX_DECISION_NAME_LENGTH = 63;

function dnsLabel(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .replace(/-+$/, '');
}

/**
 * `<cluster>-<kind>-<10 hex of sha256(cluster, kind, key)>`, a DNS-1123 label of at most 63 characters (a long
 * cluster name is shortened, never the hash).
 *
 * @example
 * decisionName('sandbox', 'git-change', '3f2a91c…|update NodePool/airflow-worker|…') // 'sandbox-git-change-5c0e1a9b3d'
 */
export function decisionName(cluster: string, kind: DecisionKind, key: string): string {
  const hash = createHash('sha256').update(`${cluster}\n${kind}\n${key}`).digest('hex').slice(0, 10);
  const suffix = `-${kind}-${hash}`;
  const prefix = dnsLabel(cluster)
    .slice(0, MAX_DECISION_NAME_LENGTH - suffix.length)
    .replace(/-+$/, '');
  return `${prefix === '' ? 'cluster' : prefix}${suffix}`;
}
