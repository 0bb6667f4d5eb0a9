/**
 * Follows the interruption notices karpd handled as their NodeClaims go and replacements come: the feed calls
 * {@link trackSpotEvents} on every tick with the live NodeClaims and keeps its output: when the notice's claims
 * are gone, which NodeClaims replaced them and when those were Initialized. Pure; an unchanged record keeps its
 * identity.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { NodeClaimConditions } from '../../apis/nodeclaim.js';
import { Labels } from '../../apis/well-known-labels.js';
import { conditionOf, timeMs } from './object-facts.js';
import type { SpotEventRecord } from './view-input.js';

/** How many replacements a notice names. */
export const MAX_REPLACEMENTS = 3;
/** How long after the last claim is gone a NodeClaim created since still counts as its replacement. */
export const REPLACEMENT_GRACE_MS = 2 * 60_000;
/** How many notices the Spot events window keeps (newest). */
export const MAX_SPOT_EVENTS = 200;

function replacements(record: SpotEventRecord, claims: readonly NodeClaim[], nowMs: number): readonly string[] | undefined {
  const noticeMs = timeMs(record.time);
  if (noticeMs === undefined) return record.replacedBy;
  const goneMs = timeMs(record.goneAt);
  if (goneMs !== undefined && nowMs > goneMs + REPLACEMENT_GRACE_MS) return record.replacedBy;
  const known = record.replacedBy ?? [];
  if (known.length >= MAX_REPLACEMENTS) return record.replacedBy;
  const pools = new Set(record.claims.map((claim) => claim.nodePool));
  const own = new Set(record.claims.map((claim) => claim.name));
  const latestMs = (goneMs ?? nowMs) + REPLACEMENT_GRACE_MS;
  const found = claims
    .filter((claim) => {
      const name = claim.metadata.name;
      const pool = claim.metadata.labels?.[Labels.nodePool];
      const created = timeMs(claim.metadata.creationTimestamp);
      return (
        name !== undefined &&
        pool !== undefined &&
        pools.has(pool) &&
        !own.has(name) &&
        !known.includes(name) &&
        created !== undefined &&
        created > noticeMs &&
        created <= latestMs
      );
    })
    .sort((a, b) => {
      const at = timeMs(a.metadata.creationTimestamp) ?? 0;
      const bt = timeMs(b.metadata.creationTimestamp) ?? 0;
      const an = a.metadata.name ?? '';
      const bn = b.metadata.name ?? '';
      return at - bt || (an < bn ? -1 : an > bn ? 1 : 0);
    })
    .map((claim) => claim.metadata.name as string);
  if (found.length === 0) return record.replacedBy;
  return [...known, ...found].slice(0, MAX_REPLACEMENTS);
}

/**
 * When the last of `replacedBy` that still exists became Initialized (its condition's lastTransitionTime, else
 * `now`), once every one that exists is; undefined before that, or when none exists. Kept once found.
 */
function replacementReadyAt(
  record: SpotEventRecord,
  replacedBy: readonly string[] | undefined,
  live: ReadonlyMap<string, NodeClaim>,
  nowMs: number,
): string | undefined {
  if (record.replacementReadyAt !== undefined || replacedBy === undefined) return record.replacementReadyAt;
  let latest: number | undefined;
  for (const name of replacedBy) {
    const claim = live.get(name);
    if (claim === undefined) continue;
    const initialized = conditionOf(claim.status?.conditions, NodeClaimConditions.initialized);
    if (initialized?.status !== 'True') return undefined;
    latest = Math.max(latest ?? 0, timeMs(initialized.lastTransitionTime) ?? nowMs);
  }
  return latest === undefined ? undefined : new Date(latest).toISOString();
}

/**
 * The records with what became of them by `now`: a `deleted` record without `goneAt` gets `goneAt = now` once
 * none of its claims exist any more; `replacedBy` collects (up to 3, kept once found) NodeClaims of the same pools
 * created after the notice that are not its own, until {@link REPLACEMENT_GRACE_MS} after it is gone (after the
 * replacements the interruption controller launched itself, which the record starts with); `replacementReadyAt`
 * is when those were all Initialized. Other outcomes are returned as they are.
 */
export function trackSpotEvents(records: readonly SpotEventRecord[], nodeClaims: readonly NodeClaim[], now: Date): SpotEventRecord[] {
  const nowMs = now.getTime();
  let live: Map<string, NodeClaim> | undefined;
  return records.map((record) => {
    if (record.outcome !== 'deleted') return record;
    live ??= new Map(nodeClaims.map((claim) => [claim.metadata.name ?? '', claim]));
    const liveClaims = live;
    const gone = record.goneAt ?? (record.claims.every((claim) => !liveClaims.has(claim.name)) ? now.toISOString() : undefined);
    const replacedBy = replacements({ ...record, ...(gone === undefined ? {} : { goneAt: gone }) }, nodeClaims, nowMs);
    const readyAt = replacementReadyAt(record, replacedBy, liveClaims, nowMs);
    if (gone === record.goneAt && replacedBy === record.replacedBy && readyAt === record.replacementReadyAt) return record;
    return {
      ...record,
      ...(gone === undefined ? {} : { goneAt: gone }),
      ...(replacedBy === undefined ? {} : { replacedBy }),
      ...(readyAt === undefined ? {} : { replacementReadyAt: readyAt }),
    };
  });
}
