/**
 * Errors the embedded API server answers with, and the `Status` objects
 * kube-apiserver writes for them (docs/design/control-plane.md).
 */
import { AutoscalerError, causeChain } from '../../apis/errors.js';

/** One entry of `Status.details.causes`. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** The `details` of a Status: what was acted on and why it failed. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** The Kubernetes `Status` object (`kind: Status`, `apiVersion: v1`). */
export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** An API request that failed: HTTP `code`, Kubernetes `reason`, a message and optional details. */
export class ApiError extends AutoscalerError {
  /** Marks instances for {@link isApiError} across module copies. */
  readonly isApiError = true;

  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** This error as the `Status` object sent to clients. */
  toStatus(): StatusObject {
    return failureStatus(this.code, this.reason, this.message, this.details);
  }
}

/** The outermost {@link ApiError} in `error`'s cause chain (recognised by its marker, across module copies). */
export function findApiError(error: unknown): ApiError | undefined {
  return causeChain(error).find(
    (link): link is ApiError => typeof link === 'object' && link !== null && (link as { isApiError?: unknown }).isApiError === true,
  );
}

/** True when `error`, or an error it wraps through `cause`, is an {@link ApiError}. */
export function isApiError(error: unknown): boolean {
  return findApiError(error) !== undefined;
}

/** A `Status` with `status: Failure`. */
export function failureStatus(code: number, reason: string, message: string, details?: StatusDetails): StatusObject {
  const status: StatusObject = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details !== undefined) status.details = details;
  return status;
}

/** A `Status` with `status: Success`. */
export function successStatus(code: number, details?: StatusDetails): StatusObject {
  const status: StatusObject = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code };
  if (details !== undefined) status.details = details;
  return status;
}

/** What an error message names: the resource plural and group, e.g. `nodepools.karpenter.sh`. */
export interface ResourceRef {
  readonly group: string;
  readonly resource: string;
}

/** `plural.group`, or just `plural` for the core group. */
export function qualifiedResource(ref: ResourceRef): string {
  return ref.group === '' ? ref.resource : `${ref.resource}.${ref.group}`;
}

function refDetails(ref: ResourceRef, name: string): StatusDetails {
  const details: StatusDetails = { name, kind: ref.resource };
  if (ref.group !== '') details.group = ref.group;
  return details;
}

/** 404 `pods "x" not found`. */
export function notFoundError(ref: ResourceRef, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(ref)} "${name}" not found`, refDetails(ref, name));
}

/** 404 for an unknown path. */
export function unknownPathError(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 409 AlreadyExists. */
export function alreadyExistsError(ref: ResourceRef, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(ref)} "${name}" already exists`, refDetails(ref, name));
}

/** 409 Conflict for a stale resourceVersion, or with a custom explanation. */
export function conflictError(
  ref: ResourceRef,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(ref)} "${name}": ${why}`,
    refDetails(ref, name),
  );
}

/** 400 BadRequest. */
export function badRequestError(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

/** 422 Invalid with one cause per problem, named like kube-apiserver: `Kind "name" is invalid: field: message`. */
export function invalidError(kind: string, name: string, causes: Array<{ field: string; message: string }>, ref?: ResourceRef): ApiError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const details: StatusDetails = {
    name,
    kind,
    causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })),
  };
  if (ref !== undefined && ref.group !== '') details.group = ref.group;
  const shown = causes.length > 1 ? `[${text}]` : text;
  return new ApiError(422, 'Invalid', `${kind} "${name}" is invalid: ${shown}`, details);
}

/** 415 UnsupportedMediaType. */
export function unsupportedMediaTypeError(accepted: string[]): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** 405 MethodNotAllowed. */
export function methodNotAllowedError(method: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`);
}

/** 410 Expired for a watch or continue token past the retained history. */
export function expiredError(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

/** 500 InternalError. */
export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', message);
}
