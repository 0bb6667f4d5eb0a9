/**
 * Keeps every NodePool's status (resources, nodes, conditions) and usage
 * metrics current. A pool that fails validation gets `ValidationSucceeded=False`
 * and `Ready=False` with the problem as the message, and one Warning event
 * each time that message changes; a pool whose EC2NodeClass fails validation
 * gets `NodeClassReady=False` and `Ready=False` naming the NodeClass problem.
 */
import type { Condition } from '../../apis/object-meta.js';
import type { NodePool } from '../../apis/nodepool.js';
import { fromResourceList, toResourceList } from '../../scheduling/resources.js';
import type { ClusterSnapshot } from '../../state/cluster-state.js';
import { findCondition, setCondition } from '../conditions.js';
import { stableStringify } from '../stable-json.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';
import { ObjectValidity, VALIDATION_FAILED_REASON } from '../validity/object-validity.js';
import { desiredNodePoolStatus, nodeClassProblem, nodePoolUsage } from './nodepool-usage.js';

type NodeClassReady = ReturnType<typeof desiredNodePoolStatus>['nodeClassReady'];

/** The three conditions karpd sets on a NodePool, from validation and NodeClass readiness. */
export function nodePoolConditions(
  existing: readonly Condition[] | undefined,
  invalid: string | undefined,
  nodeClassReady: NodeClassReady,
  now: number,
): Condition[] {
  let conditions = setCondition(existing, { type: 'NodeClassReady', ...nodeClassReady }, now);
  conditions = setCondition(
    conditions,
    invalid === undefined
      ? { type: 'ValidationSucceeded', status: 'True', reason: 'ValidationSucceeded' }
      : { type: 'ValidationSucceeded', status: 'False', reason: VALIDATION_FAILED_REASON, message: invalid },
    now,
  );
  const ready =
    invalid === undefined
      ? nodeClassReady.status === 'True'
        ? undefined
        : { reason: 'NodeClassNotReady', message: nodeClassReady.status === 'False' ? nodeClassReady.message : '' }
      : { reason: VALIDATION_FAILED_REASON, message: invalid };
  return setCondition(
    conditions,
    ready === undefined ? { type: 'Ready', status: 'True', reason: 'Ready' } : { type: 'Ready', status: 'False', ...ready },
    now,
  );
}

/** Writes NodePool status only when it changed. */
export class NodePoolStatusController implements Reconciler {
  readonly name = 'nodepool.status';
  private readonly errors: ObjectErrors;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly validity: ObjectValidity = new ObjectValidity(),
  ) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
  }

  async reconcile(): Promise<void> {
    const snapshot = this.ctx.state.snapshot();
    await this.errors.each(
      snapshot.nodePools,
      (pool) => refOf('NodePool', pool),
      async (pool) => {
        const invalid = this.validity.nodePool(pool)?.message;
        const desired =
          invalid === undefined
            ? desiredNodePoolStatus(pool, snapshot.nodeClaims, snapshot.nodeClasses)
            : this.invalidStatus(pool, snapshot);
        if (invalid === undefined) this.recordMetrics(pool, desired.resources);
        const nodeClassInvalid = invalid === undefined ? this.validity.schedulingProblem(pool, snapshot.nodeClasses) : undefined;
        const nodeClassReady =
          nodeClassInvalid === undefined
            ? desired.nodeClassReady
            : ({ status: 'False', reason: 'NodeClassNotReady', message: nodeClassInvalid } as const);
        const conditions = nodePoolConditions(pool.status?.conditions, invalid, nodeClassReady, this.ctx.now());
        const status = { resources: desired.resources, nodes: desired.nodes, conditions };
        if (
          stableStringify(status) ===
          stableStringify({ resources: pool.status?.resources, nodes: pool.status?.nodes, conditions: pool.status?.conditions })
        )
          return;
        this.ctx.state.upsert('nodePools', await this.ctx.kube.patchNodePoolStatus(pool.metadata.name ?? '', status));
        await this.announce(pool, invalid);
      },
    );
  }

  /** Status of a pool that failed validation: usage still counted; NodeClass readiness only when the reference can be read. */
  private invalidStatus(pool: NodePool, snapshot: ClusterSnapshot): ReturnType<typeof desiredNodePoolStatus> {
    const usage = nodePoolUsage(pool, snapshot.nodeClaims);
    const ref: unknown = (pool.spec.template?.spec as { nodeClassRef?: unknown } | undefined)?.nodeClassRef;
    const problem =
      typeof ref === 'object' && ref !== null ? nodeClassProblem(pool, snapshot.nodeClasses) : 'spec.template.spec.nodeClassRef is missing';
    const nodeClassReady =
      problem === undefined
        ? ({ status: 'True', reason: 'Ready' } as const)
        : ({ status: 'False', reason: 'NodeClassNotReady', message: problem } as const);
    return { resources: toResourceList(usage), nodes: usage.nodes, nodeClassReady };
  }

  /** One Warning event and log line when the validation problem changed (not on every pass). */
  private async announce(pool: NodePool, invalid: string | undefined): Promise<void> {
    const before = findCondition(pool.status?.conditions, 'ValidationSucceeded');
    if (invalid === undefined || (before?.status === 'False' && before.message === invalid.slice(0, 300))) return;
    const name = pool.metadata.name ?? '';
    await this.ctx.kube.recordEvent({
      involved: pool,
      type: 'Warning',
      reason: VALIDATION_FAILED_REASON,
      message: `NodePool ${name} is invalid and is not used for provisioning: ${invalid}`,
    });
    this.ctx.logger.warn({ controller: this.name, nodePool: name, reason: invalid }, 'nodepool is invalid; not used for provisioning');
  }

  private recordMetrics(pool: NodePool, resources: Record<string, string>): void {
    const name = pool.metadata.name ?? '';
    for (const [resource, amount] of Object.entries(fromResourceList(resources)))
      this.ctx.metrics.nodePoolUsage.set({ nodepool: name, resource_type: resource }, amount);
    for (const [resource, amount] of Object.entries(fromResourceList(pool.spec.limits)))
      this.ctx.metrics.nodePoolLimit.set({ nodepool: name, resource_type: resource }, amount);
  }
}
