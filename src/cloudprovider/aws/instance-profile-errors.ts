/**
 * Errors of instance-profile management, each carrying the
 * `InstanceProfileReady` condition reason it turns into, and readers of the
 * IAM error codes the manager tolerates.
 */
import { awsErrorCode } from './errors.js';
import { AutoscalerError, hasError } from '../../apis/errors.js';

/** Condition reasons an instance-profile failure reports. */
export type InstanceProfileFailureReason =
  | 'InstanceProfileCreationFailed'
  | 'InstanceProfileRoleNotFound'
  | 'InstanceProfileRoleChangeFailed'
  | 'InstanceProfileNotFound'
  | 'InstanceProfileCheckFailed'
  | 'InstanceProfileDeletionFailed';

/** An instance-profile operation failed; `reason` is the condition reason, `code` the IAM error code when there was one. */
export class InstanceProfileError extends AutoscalerError {
  override readonly name: string = 'InstanceProfileError';
  /** The IAM error code of the cause ('' when none). */
  readonly code: string;

  /** `message` names the NodeClass, the profile and the role involved. */
  constructor(
    readonly reason: InstanceProfileFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(options?.cause === undefined ? message : `${message}: ${describeCause(options.cause)}`, options);
    this.code = awsErrorCode(options?.cause);
  }
}

/** A `spec.instanceProfile` that IAM says does not exist. */
export class InstanceProfileNotFoundError extends InstanceProfileError {
  override readonly name = 'InstanceProfileNotFoundError';

  /** For the profile `profile` named by NodeClass `nodeClass`. */
  constructor(
    readonly profile: string,
    nodeClass: string,
    options?: { cause?: unknown },
  ) {
    super(
      'InstanceProfileNotFound',
      `instance profile ${profile} in spec.instanceProfile of nodeclass ${nodeClass} does not exist; expected an existing IAM instance profile`,
      options,
    );
  }
}

/** Is this an {@link InstanceProfileError} (any reason)? */
export function isInstanceProfileError(error: unknown): boolean {
  return hasError(error, InstanceProfileError);
}

/** Is this an {@link InstanceProfileNotFoundError}? */
export function isInstanceProfileNotFoundError(error: unknown): boolean {
  return hasError(error, InstanceProfileNotFoundError);
}

function describeCause(cause: unknown): string {
  const code = awsErrorCode(cause);
  const message = cause instanceof Error ? cause.message : String(cause);
  return code === '' || message.includes(code) ? message : `${code}: ${message}`;
}

/** The IAM code without the SDK's `Exception` suffix (`NoSuchEntityException` and `NoSuchEntity` are the same error). */
function iamCode(error: unknown): string {
  return awsErrorCode(error).replace(/Exception$/, '');
}

/** IAM's "no such profile / role". */
export function isNoSuchEntity(error: unknown): boolean {
  return iamCode(error) === 'NoSuchEntity';
}

/** IAM's "already exists". */
export function isEntityAlreadyExists(error: unknown): boolean {
  return iamCode(error) === 'EntityAlreadyExists';
}

/** IAM's "limit exceeded" (an instance profile holds at most one role). */
export function isLimitExceeded(error: unknown): boolean {
  return iamCode(error) === 'LimitExceeded';
}
