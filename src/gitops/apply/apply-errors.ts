/**
 * The errors of applying and pruning: an object karpd never applies from Git
 * (refused before anything is written), and one object's write that the API
 * refused (carried in that object's result, the others go on).
 */
import { AutoscalerError, hasError } from '../../apis/errors.js';
import type { KubeApiError } from '../../kube/errors.js';

/** An object of a kind karpd never applies from Git (only NodePool and EC2NodeClass are). */
export class NotApplicableError extends AutoscalerError {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
    readonly objectName: string,
  ) {
    super(
      `applying ${kind}/${objectName}: karpd applies only karpenter.sh/v1 NodePool and karpenter.k8s.aws/v1 EC2NodeClass, got ${apiVersion} ${kind}`,
    );
    this.name = 'NotApplicableError';
  }
}

/** Is `error`, or an error it wraps, a {@link NotApplicableError}? */
export function isNotApplicableError(error: unknown): boolean {
  return hasError(error, NotApplicableError);
}

/** One object's write failed; `cause` is the API's answer (its message names the field it refused). */
export class ApplyError extends AutoscalerError {
  constructor(
    readonly kind: string,
    readonly objectName: string,
    /** What was being done: `applying` or `pruning`. */
    readonly doing: 'applying' | 'pruning',
    override readonly cause: KubeApiError,
  ) {
    super(`${doing} ${kind}/${objectName}: ${cause.message}`, { cause });
    this.name = 'ApplyError';
  }
}

/** Is `error`, or an error it wraps, an {@link ApplyError}? */
export function isApplyError(error: unknown): boolean {
  return hasError(error, ApplyError);
}
