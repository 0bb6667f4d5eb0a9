/**
 * The deterministic name of a Decision: the same change (a revision's diff for
 * a cluster, a drift of one object) seen by a restarted agent or by a second
 * one maps to the same Decision, so creating it twice finds the first.
 */
import { createHash } from 'node:crypto';
import type { DecisionKind } from '../../apis/decision.js';

/** A DNS-1123 label is at most 63 characters. */
const MAX_NAME = 63;
const HASH_LENGTH = 10;

/** `text` as lower-case letters, digits and single `-`, without `-` at either end. */
function toLabelPart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}

/**
 * `<cluster>-<kind>-<10 hex of sha256(key)>`, a DNS-1123 label of at most 63 characters. A cluster name that
 * does not fit is cut; its full name then goes into the hash too, so two long names sharing a prefix differ.
 * @example decisionName('sandbox', 'git-change', 'rev 3f2a91c NodePool/airflow-worker') // 'sandbox-git-change-1a2b3c4d5e'
 */
export function decisionName(cluster: string, kind: DecisionKind, key: string): string {
  const room = MAX_NAME - kind.length - HASH_LENGTH - 2;
  const full = toLabelPart(cluster) || 'cluster';
  const cut = full.length > room || full !== cluster;
  const prefix = full.slice(0, room).replace(/-+$/, '');
  return `${prefix}-${kind}-${hashOf(cut ? `${cluster}\n${key}` : key)}`;
}
