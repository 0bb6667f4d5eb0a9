/**
 * The EC2NodeClass finalizer `karpenter.k8s.aws/termination` (https://karpenter.sh/docs/concepts/nodeclasses/
 * https://karpenter.sh/docs/concepts/nodeclasses/): every NodeClass carries it; when one is deleted, it stays until no
 * NodeClaim references it (an event says which ones it waits for, at most
 * every 10 minutes), then the provider's cleanup runs (managed instance
 * profile, launch templates) and the finalizer is released.
 */
import type { EC2NodeClass } from '../../apis/ec2nodeclass.js';
import type { NodeClaim } from '../../apis/nodeclaim.js';
import { Kinds } from '../../kube/resource-kinds.js';
import type { ControllerContext } from '../runtime/controller-context.js';
import type { Reconciler } from '../runtime/controller-loop.js';
import { ObjectErrors, refOf } from '../runtime/object-errors.js';

export const NODECLASS_FINALIZER = 'karpenter.k8s.aws/termination';

const WAITING_EVENT_EVERY_MS = 10 * 60_000;

/** Provider-side cleanup of a deleted NodeClass (e.g. its managed instance profile). */
export type NodeClassCleanup = (nodeClass: EC2NodeClass) => Promise<void>;

/** Adds and releases the NodeClass finalizer. */
export class NodeClassTerminationController implements Reconciler {
  readonly name = 'nodeclass.termination';
  private readonly lastWaitingEvent = new Map<string, number>();
  private readonly errors: ObjectErrors;

  constructor(
    private readonly ctx: ControllerContext,
    private readonly cleanup: NodeClassCleanup = async () => undefined,
  ) {
    this.errors = new ObjectErrors(this.name, ctx.logger, ctx.now);
  }

  async reconcile(): Promise<void> {
    const snapshot = this.ctx.state.snapshot();
    for (const nodeClass of snapshot.nodeClasses) {
      try {
        await this.reconcileOne(nodeClass, snapshot.nodeClaims);
      } catch (error) {
        this.errors.report(refOf('EC2NodeClass', nodeClass), error, 'nodeclass termination step failed; will retry');
      }
    }
  }

  private async reconcileOne(nodeClass: EC2NodeClass, nodeClaims: readonly NodeClaim[]): Promise<void> {
    const name = nodeClass.metadata.name ?? '';
    const hasFinalizer = (nodeClass.metadata.finalizers ?? []).includes(NODECLASS_FINALIZER);
    if (nodeClass.metadata.deletionTimestamp === undefined) {
      if (!hasFinalizer) await this.ctx.kube.addFinalizer(Kinds.ec2NodeClass, name, NODECLASS_FINALIZER);
      return;
    }
    if (!hasFinalizer) return;
    const users = nodeClaims
      .filter((claim) => claim.spec.nodeClassRef.kind === 'EC2NodeClass' && claim.spec.nodeClassRef.name === name)
      .map((claim) => claim.metadata.name ?? '');
    if (users.length > 0) {
      await this.reportWaiting(nodeClass, users);
      return;
    }
    await this.cleanup(nodeClass);
    await this.ctx.kube.removeFinalizer(Kinds.ec2NodeClass, name, NODECLASS_FINALIZER);
    this.lastWaitingEvent.delete(name);
    this.ctx.logger.info({ controller: this.name, nodeClass: name }, 'released deleted nodeclass');
  }

  private async reportWaiting(nodeClass: EC2NodeClass, users: readonly string[]): Promise<void> {
    const name = nodeClass.metadata.name ?? '';
    const last = this.lastWaitingEvent.get(name);
    if (last !== undefined && this.ctx.now() - last < WAITING_EVENT_EVERY_MS) return;
    this.lastWaitingEvent.set(name, this.ctx.now());
    const shown = users.length > 5 ? `${users.slice(0, 5).join(', ')} and ${users.length - 5} more` : users.join(', ');
    await this.ctx.kube.recordEvent({
      involved: nodeClass,
      type: 'Normal',
      reason: 'WaitingOnNodeClaimTermination',
      message: `waiting on NodeClaim termination for ${shown}`,
    });
  }
}
