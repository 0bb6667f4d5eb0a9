/**
 * The NodePool hash controller (karpenter-semantics.md §5.1, upstream `nodepool.hash`): keeps every NodePool's
 * `karpenter.sh/nodepool-hash` and `karpenter.sh/nodepool-hash-version` annotations current, so static drift
 * (`NodePoolDrifted`) can compare them with the ones each NodeClaim was stamped with at creation
 * (provisioner/nodeclaim-builder.ts).
 *
 * karpd's hash is its own (`apis/nodepool-hash.ts`, version `karpd-v1`): upstream Karpenter's is a Go hashstructure
 * value (version `v3`) that karpd does not reproduce. A claim stamped with any other version — made by upstream
 * Karpenter before a migration, or by an older karpd — is therefore re-stamped with its pool's current hash and
 * karpd's version instead of being compared, unless it is already Drifted (then it stays drifted), so an upgrade or a
 * migration never drifts every node at once.
 */
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { NodeClaimConditions } from '../../apis/nodeclaim.js';
import type { NodePool } from '../../apis/nodepool.js';
import { KARPD_NODEPOOL_HASH_VERSION, nodePoolHash } from '../../apis/nodepool-hash.js';
import { Annotations, Labels } from '../../apis/well-known-labels.js';
import { isConditionTrue } from '../conditions.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';

/** The hash annotations `pool` should carry. */
function hashAnnotations(pool: NodePool): Record<string, string> {
  return { [Annotations.nodePoolHash]: nodePoolHash(pool), [Annotations.nodePoolHashVersion]: KARPD_NODEPOOL_HASH_VERSION };
}

function isDeleting(object: { metadata: { deletionTimestamp?: string } }): boolean {
  return object.metadata.deletionTimestamp !== undefined;
}

/** Stamps NodePools with their hash and re-stamps NodeClaims of another hash version. */
export class NodePoolHashController implements Reconciler {
  readonly name = 'nodepool.hash';
  private readonly errors: ObjectErrors;

  constructor(private readonly ctx: ControllerContext) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
  }

  /** One pass: every NodePool, then every NodeClaim whose hash version is not karpd's. */
  async reconcile(): Promise<void> {
    const snapshot = this.ctx.state.snapshot();
    const pools = snapshot.nodePools.filter((pool) => !isDeleting(pool));
    await this.errors.each(
      pools,
      (pool) => refOf('NodePool', pool),
      (pool) => this.stampPool(pool),
      'stamping nodepool hash failed; will retry',
    );
    const byName = new Map(pools.map((pool) => [pool.metadata.name ?? '', pool]));
    await this.errors.each(
      snapshot.nodeClaims.filter((claim) => !isDeleting(claim)),
      (claim) => refOf('NodeClaim', claim),
      (claim) => this.restampClaim(claim, byName.get(claim.metadata.labels?.[Labels.nodePool] ?? '')),
      're-stamping nodeclaim hash failed; will retry',
    );
  }

  private async stampPool(pool: NodePool): Promise<void> {
    const wanted = hashAnnotations(pool);
    const current = pool.metadata.annotations ?? {};
    if (Object.entries(wanted).every(([key, value]) => current[key] === value)) return;
    const name = pool.metadata.name ?? '';
    this.ctx.state.upsert('nodePools', await this.ctx.kube.patchNodePoolMetadata(name, { annotations: wanted }));
    this.ctx.logger.info(
      { controller: this.name, nodePool: name, hash: wanted[Annotations.nodePoolHash], previousHash: current[Annotations.nodePoolHash] },
      'stamped nodepool hash',
    );
  }

  private async restampClaim(claim: NodeClaim, pool: NodePool | undefined): Promise<void> {
    const version = claim.metadata.annotations?.[Annotations.nodePoolHashVersion];
    if (pool === undefined || version === KARPD_NODEPOOL_HASH_VERSION) return;
    if (isConditionTrue(claim.status?.conditions, NodeClaimConditions.drifted)) return;
    const name = claim.metadata.name ?? '';
    this.ctx.state.upsert('nodeClaims', await this.ctx.kube.patchNodeClaimMetadata(name, { annotations: hashAnnotations(pool) }));
    this.ctx.logger.info(
      { controller: this.name, nodeClaim: name, nodePool: pool.metadata.name, previousVersion: version ?? '<none>' },
      `re-stamped nodeclaim hash with version ${KARPD_NODEPOOL_HASH_VERSION}`,
    );
  }
}
