/**
 * Expiration (karpenter-semantics.md §2.6, §4.1, §4.11): a NodeClaim lives at most its own `spec.expireAfter`
 * (`720h` when absent, as the API server defaults it; `Never` never expires), counted from its creationTimestamp.
 * Then it is deleted outright — forceful: no budget, no replacement launched first (the provisioner reacts to the
 * pods the drain sets free). Changing a NodePool's expireAfter does not touch existing claims (it drifts them). With a
 * `terminationGracePeriod` the drain may take at most that long, so a machine runs at most
 * expireAfter + terminationGracePeriod. Pure: which claims have expired, when the others will, as data.
 */
import { NodePoolDefaults } from '../apis/defaults.js';
import { Duration } from '../apis/duration.js';
import type { NodeClaim } from '../apis/nodeclaim.js';
import { durationText } from './duration-text.js';

/** Where one claim stands. */
export type ExpirationState = 'expired' | 'live' | 'never' | 'invalid';

/** When one NodeClaim expires, and why it has (or has not). */
export interface Expiration {
  readonly nodeClaim: NodeClaim;
  readonly state: ExpirationState;
  /** ms since the epoch: creationTimestamp + expireAfter (absent for `never` and `invalid`). */
  readonly expiresAt?: number;
  /** expiresAt + terminationGracePeriod, the latest the machine still runs (absent without a grace period). */
  readonly terminationDeadline?: number;
  /** A sentence: `expired: older than expireAfter 720h by 5m`, `expires in 3d4h (expireAfter 720h)`. */
  readonly message: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The grace period in ms, or undefined (none, or not a duration: the CRD forbids that, so it is only not used). */
function gracePeriodMs(claim: NodeClaim): number | undefined {
  const raw = claim.spec.terminationGracePeriod;
  const grace = raw === undefined ? undefined : Duration.tryParse(raw);
  return grace === undefined || grace.isNever() ? undefined : grace.toMillis();
}

/** Where `claim` stands at `now` (ms since the epoch). */
export function expirationOf(claim: NodeClaim, now: number): Expiration {
  const raw = claim.spec.expireAfter ?? NodePoolDefaults.expireAfter;
  const expireAfter = Duration.tryParse(raw);
  if (expireAfter === undefined) return { nodeClaim: claim, state: 'invalid', message: `expireAfter "${raw}" is not a duration or Never` };
  if (expireAfter.isNever()) return { nodeClaim: claim, state: 'never', message: 'expireAfter Never: the node never expires' };
  const created = Date.parse(claim.metadata.creationTimestamp ?? '');
  if (Number.isNaN(created)) return { nodeClaim: claim, state: 'invalid', message: 'has no creationTimestamp to count expireAfter from' };
  const expiresAt = created + expireAfter.toMillis();
  const grace = gracePeriodMs(claim);
  const deadline = grace === undefined ? {} : { terminationDeadline: expiresAt + grace };
  if (now >= expiresAt) {
    const late = now > expiresAt ? ` by ${durationText(now - expiresAt)}` : '';
    return { nodeClaim: claim, state: 'expired', expiresAt, ...deadline, message: `expired: older than expireAfter ${raw}${late}` };
  }
  return {
    nodeClaim: claim,
    state: 'live',
    expiresAt,
    ...deadline,
    message: `expires in ${durationText(expiresAt - now)} at ${iso(expiresAt)} (expireAfter ${raw})`,
  };
}

/** The expiry picture of a set of claims. */
export interface ExpirationPlan {
  /** Claims to delete now, oldest expiry first. */
  readonly expired: readonly Expiration[];
  /** Claims that will expire, soonest first. */
  readonly upcoming: readonly Expiration[];
  /** Claims whose expiry cannot be computed (the message says why). */
  readonly invalid: readonly Expiration[];
  /** When the next of `upcoming` expires (ms since the epoch): the time to look again. */
  readonly nextExpiryAt?: number;
}

const byExpiry = (a: Expiration, b: Expiration) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0);

/** Sorts `claims` into expired, upcoming and invalid at `now`; claims already being deleted are left out. */
export function planExpirations(claims: readonly NodeClaim[], now: number): ExpirationPlan {
  const all = claims.filter((claim) => claim.metadata.deletionTimestamp === undefined).map((claim) => expirationOf(claim, now));
  const upcoming = all.filter((entry) => entry.state === 'live').sort(byExpiry);
  return {
    expired: all.filter((entry) => entry.state === 'expired').sort(byExpiry),
    upcoming,
    invalid: all.filter((entry) => entry.state === 'invalid'),
    ...(upcoming.length > 0 ? { nextExpiryAt: upcoming[0].expiresAt } : {}),
  };
}
