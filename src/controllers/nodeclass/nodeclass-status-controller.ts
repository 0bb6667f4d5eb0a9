/**
 * Keeps every EC2NodeClass's status (subnets, security groups, AMIs,
 * instance profile, conditions) as the cloud resolves it (https://karpenter.sh/docs/concepts/nodeclasses/
 * https://karpenter.sh/docs/concepts/nodeclasses/). The resolution is the provider's; this controller only writes
 * it when something other than a timestamp changed, keeping each condition's
 * lastTransitionTime while its status holds. A NodeClass that fails
 * validation is not resolved: it gets `ValidationSucceeded=False` and
 * `Ready=False` with the problem as the message (its pools are not
 * scheduled), and one Warning event each time that message changes.
 */
import type { EC2NodeClass, EC2NodeClassStatus } from '../../apis/ec2nodeclass.js';
import { findCondition, setCondition } from '../conditions.js';
import { stableStringify } from '../stable-json.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';
import { ObjectValidity, VALIDATION_FAILED_REASON } from '../validity/object-validity.js';

/** Resolves a NodeClass into the status it should have. */
export type NodeClassStatusResolver = (nodeClass: EC2NodeClass, now: Date) => EC2NodeClassStatus | Promise<EC2NodeClassStatus>;

function comparable(status: EC2NodeClassStatus | undefined): string {
  const conditions = (status?.conditions ?? [])
    .map((c) => ({ type: c.type, status: c.status, reason: c.reason ?? c.type, message: c.message || undefined }))
    .sort((a, b) => (a.type < b.type ? -1 : 1));
  return stableStringify({ ...status, conditions });
}

/** Writes resolved NodeClass status. */
export class NodeClassStatusController implements Reconciler {
  readonly name = 'nodeclass.status';
  private readonly errors: ObjectErrors;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly resolve: NodeClassStatusResolver,
    private readonly validity: ObjectValidity = new ObjectValidity(),
  ) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
  }

  async reconcile(): Promise<void> {
    const nodeClasses = this.ctx.state.snapshot().nodeClasses.filter((nodeClass) => nodeClass.metadata.deletionTimestamp === undefined);
    await this.errors.each(
      nodeClasses,
      (nodeClass) => refOf('EC2NodeClass', nodeClass),
      async (nodeClass) => {
        const invalid = this.validity.nodeClass(nodeClass);
        if (invalid === undefined) await this.reconcileValid(nodeClass);
        else await this.reconcileInvalid(nodeClass, invalid.message);
      },
    );
  }

  private async reconcileValid(nodeClass: EC2NodeClass): Promise<void> {
    const resolved = await this.resolve(nodeClass, new Date(this.ctx.now()));
    if (comparable(resolved) === comparable(nodeClass.status)) return;
    let conditions = nodeClass.status?.conditions ?? [];
    for (const condition of resolved.conditions ?? []) {
      conditions = setCondition(
        conditions,
        { type: condition.type, status: condition.status, reason: condition.reason ?? condition.type, message: condition.message },
        this.ctx.now(),
      );
    }
    await this.write(nodeClass, { ...resolved, conditions });
    this.ctx.logger.info(
      { controller: this.name, nodeClass: nodeClass.metadata.name, ready: resolved.conditions?.find((c) => c.type === 'Ready')?.status },
      'updated nodeclass status',
    );
  }

  /** Keeps what was resolved before, marks it not valid and not ready; an event when the problem changed. */
  private async reconcileInvalid(nodeClass: EC2NodeClass, message: string): Promise<void> {
    const before = findCondition(nodeClass.status?.conditions, 'ValidationSucceeded');
    let conditions = setCondition(
      nodeClass.status?.conditions,
      { type: 'ValidationSucceeded', status: 'False', reason: VALIDATION_FAILED_REASON, message },
      this.ctx.now(),
    );
    conditions = setCondition(conditions, { type: 'Ready', status: 'False', reason: VALIDATION_FAILED_REASON, message }, this.ctx.now());
    const status = { ...nodeClass.status, conditions };
    if (comparable(status) === comparable(nodeClass.status)) return;
    await this.write(nodeClass, status);
    if (before?.status === 'False' && before.message === message.slice(0, 300)) return;
    const name = nodeClass.metadata.name ?? '';
    await this.ctx.kube.recordEvent({
      involved: nodeClass,
      type: 'Warning',
      reason: VALIDATION_FAILED_REASON,
      message: `EC2NodeClass ${name} is invalid; its NodePools are not used for provisioning: ${message}`,
    });
    this.ctx.logger.warn(
      { controller: this.name, nodeClass: name, reason: message },
      'nodeclass is invalid; its nodepools are not used for provisioning',
    );
  }

  private async write(nodeClass: EC2NodeClass, status: EC2NodeClassStatus): Promise<void> {
    const generation = nodeClass.metadata.generation;
    const withGeneration = {
      ...status,
      conditions: (status.conditions ?? []).map((c) => (generation === undefined ? c : { ...c, observedGeneration: generation })),
    };
    this.ctx.state.upsert('nodeClasses', await this.ctx.kube.patchEC2NodeClassStatus(nodeClass.metadata.name ?? '', withGeneration));
  }
}
