/**
 * Typed errors for Kubernetes API calls. Every failure from the API becomes a
 * {@link KubeApiError} carrying the HTTP code and the server's `Status`
 * reason, with guards for the codes controllers branch on.
 */
import { AutoscalerError, findError, hasError } from '../apis/errors.js';

/** Base class of karpd's Kubernetes errors. */
export class KubeApiError extends AutoscalerError {
  constructor(
    message: string,
    /** HTTP status code (0 when the request never got an answer). */
    readonly code: number,
    /** The `Status.reason` the server sent (`NotFound`, `Conflict`, `TooManyRequests`…), if any. */
    readonly reason: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KubeApiError';
  }
}

/** The eviction API refused (HTTP 429): a PodDisruptionBudget does not allow it now. */
export class EvictionBlockedError extends KubeApiError {
  constructor(
    readonly pod: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`evicting pod ${pod}: ${message}`, 429, 'TooManyRequests', options);
    this.name = 'EvictionBlockedError';
  }
}

/** Is `error`, or an error it wraps through `cause`, a {@link KubeApiError}? */
export function isKubeApiError(error: unknown): boolean {
  return hasError(error, KubeApiError);
}

/** The outermost {@link KubeApiError} in `error`'s cause chain. */
export function findKubeApiError(error: unknown): KubeApiError | undefined {
  return findError(error, KubeApiError);
}

/** Did the API answer 404 (to this call, or to one `error` wraps)? */
export function isNotFoundError(error: unknown): boolean {
  return findKubeApiError(error)?.code === 404;
}

/** Did the API answer 409? */
export function isConflictError(error: unknown): boolean {
  return findKubeApiError(error)?.code === 409;
}

/** Did the API answer 409 AlreadyExists? */
export function isAlreadyExistsError(error: unknown): boolean {
  const found = findKubeApiError(error);
  return found?.code === 409 && found.reason === 'AlreadyExists';
}

export function isEvictionBlockedError(error: unknown): boolean {
  return hasError(error, EvictionBlockedError);
}

interface ApiExceptionLike {
  code: number;
  body?: unknown;
}

function isApiExceptionLike(error: unknown): error is ApiExceptionLike {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number';
}

function statusOf(body: unknown): { message?: string; reason?: string } {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return { message: body };
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const status = parsed as { message?: unknown; reason?: unknown };
  return {
    message: typeof status.message === 'string' ? status.message : undefined,
    reason: typeof status.reason === 'string' ? status.reason : undefined,
  };
}

/** Turns whatever client-node threw into a {@link KubeApiError}; `doing` is a lower-case gerund ("creating nodeclaim x"). */
export function toKubeApiError(error: unknown, doing: string): KubeApiError {
  if (error instanceof KubeApiError) return error;
  if (isApiExceptionLike(error)) {
    const status = statusOf(error.body);
    return new KubeApiError(`${doing}: ${status.message ?? `HTTP ${error.code}`}`, error.code, status.reason, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KubeApiError(`${doing}: ${message}`, 0, undefined, { cause: error });
}
