/**
 * The header line of one cluster: the sync badge and its words, the revision and ref, $/h and $/month of the
 * launched NodeClaims (a lower bound when a price is unknown), nodes, pending pods, pending Decisions. Pure.
 */
import type { Decision } from '../../apis/decision.js';
import type { ClusterIndex } from './cluster-index.js';
import { firstLine, shortRevision } from './object-facts.js';
import type { ClusterSyncInput, ClusterViewInput } from './view-input.js';
import type { ClusterHeader, SyncBadge } from './view-model.js';

/** Hours in a month, as cloud bills count them. */
export const HOURS_PER_MONTH = 730;

const BADGES: Record<ClusterSyncInput['status'], SyncBadge> = {
  synced: 'synced',
  'out-of-sync': 'out-of-sync',
  drifted: 'drifted',
  pending: 'pending',
  suspended: 'paused',
  error: 'error',
};

/** The header badge of a sync state (`unknown` without GitOps). */
export function syncBadge(sync: ClusterSyncInput | undefined): SyncBadge {
  return sync === undefined ? 'unknown' : (BADGES[sync.status] ?? 'unknown');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The sync state in words: the state, then a holding window and a failing Git source, `; `-separated. */
export function syncDetail(sync: ClusterSyncInput | undefined, pendingDecisions: number): string {
  if (sync === undefined) return 'no GitOps';
  const parts: string[] = [];
  switch (sync.status) {
    case 'synced':
      parts.push('synced');
      break;
    case 'out-of-sync':
      parts.push('out of sync: applying');
      break;
    case 'drifted': {
      const drifted = sync.objects.filter((object) => object.status !== 'in-sync').length;
      parts.push(drifted > 0 ? `drifted: ${plural(drifted, 'object')}` : 'drifted');
      break;
    }
    case 'pending':
      parts.push(`${plural(pendingDecisions, 'decision')} waiting`);
      break;
    case 'suspended':
      parts.push(sync.suspendedBy === undefined || sync.suspendedBy === '' ? 'paused' : `paused by ${sync.suspendedBy}`);
      break;
    case 'error':
      parts.push(firstLine(sync.error));
      break;
    default:
      parts.push(String(sync.status));
  }
  if (sync.window !== undefined && !sync.window.allowed) parts.push(sync.window.reason);
  if (sync.sourceError !== undefined && sync.sourceError !== '') parts.push(`git: ${firstLine(sync.sourceError)}`);
  return parts.join('; ');
}

function isPending(decision: Decision): boolean {
  return (decision.status?.state ?? 'pending') === 'pending';
}

/** One cluster's header. */
export function clusterHeader(input: ClusterViewInput, index: ClusterIndex): ClusterHeader {
  let pricePerHour = 0;
  let pricesIncomplete = false;
  for (const claim of index.claims) {
    if (!claim.launched) continue;
    const price = index.priceOf(claim);
    if (price === undefined) pricesIncomplete = true;
    else pricePerHour += price;
  }
  const pendingDecisions = input.decisions.filter(isPending).length;
  let pendingPods = 0;
  for (const pod of index.pods) if (pod.pending) pendingPods += 1;
  const revision = shortRevision(input.sync?.appliedRevision);
  return {
    ...(input.sync === undefined ? {} : { ref: input.sync.ref }),
    ...(revision === undefined ? {} : { revision }),
    sync: syncBadge(input.sync),
    syncDetail: syncDetail(input.sync, pendingDecisions),
    pricePerHour,
    pricePerMonth: pricePerHour * HOURS_PER_MONTH,
    pricesIncomplete,
    nodes: input.objects.nodes.length,
    pendingPods,
    pendingDecisions,
  };
}
