/**
 * Garbage collection of leaked instances (https://karpenter.sh/docs/concepts/nodeclaims/ (garbage collection)): an instance
 * the provider lists whose providerID no NodeClaim holds, launched more than
 * a grace period ago and not already terminating, is terminated. Works with
 * any CloudProvider.
 */
import type { Logger } from '../apis/logger.js';
import { isNodeClaimNotFoundError, type CloudProvider } from './types.js';

/** The grace period after launch before an unclaimed instance counts as leaked. */
export const LEAK_GRACE_PERIOD_MS = 30_000;

/** Options of {@link collectLeakedInstances}. */
export interface GarbageCollectionOptions {
  /** providerIDs held by NodeClaims in the cluster. */
  readonly claimedProviderIDs: ReadonlySet<string>;
  readonly now: Date;
  /** @default 30_000 */
  readonly gracePeriodMs?: number;
  readonly logger?: Logger;
}

/** Terminates leaked instances; returns their providerIDs. */
export async function collectLeakedInstances(provider: CloudProvider, options: GarbageCollectionOptions): Promise<string[]> {
  const grace = options.gracePeriodMs ?? LEAK_GRACE_PERIOD_MS;
  const leaked = (await provider.list()).filter((claim) => {
    const providerID = claim.status?.providerID;
    if (providerID === undefined || claim.metadata.deletionTimestamp !== undefined || options.claimedProviderIDs.has(providerID))
      return false;
    const launched = Date.parse(claim.metadata.creationTimestamp ?? '');
    return Number.isFinite(launched) && options.now.getTime() - launched > grace;
  });
  const terminated: string[] = [];
  for (const claim of leaked) {
    try {
      await provider.delete(claim);
      terminated.push(claim.status!.providerID!);
      options.logger?.info(
        { controller: 'garbagecollection', provider: provider.name, providerID: claim.status?.providerID },
        'terminated leaked instance',
      );
    } catch (error) {
      // One instance that cannot be terminated now must not keep the others running: log it and try again next pass.
      if (!isNodeClaimNotFoundError(error))
        options.logger?.warn(
          {
            controller: 'garbagecollection',
            provider: provider.name,
            providerID: claim.status?.providerID,
            reason: error instanceof Error ? error.message : String(error),
          },
          'terminating leaked instance failed; will retry',
        );
    }
  }
  return terminated;
}
