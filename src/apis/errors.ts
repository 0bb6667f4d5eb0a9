/**
 * The one error base of the project and the lookups its guards are built on
 * (ky's `KyError` pattern, Go's `errors.As`). Errors are wrapped with a short
 * gerund and `{ cause }` ("launching nodeclaim a", { cause }); the `is…Error`
 * guards look through those wrappers, so wrapping never changes a decision.
 */

/** How many `cause` links a lookup follows before it gives up (a chain that long is a bug, not a wrapper). */
export const MAX_CAUSE_DEPTH = 16;

/** Base class of every error karpd throws; `name` is the subclass's name unless the subclass sets its own. */
export class AutoscalerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A class of error, abstract or not, whatever its constructor takes. */
export type ErrorClass<T extends Error> = abstract new (...args: never[]) => T;

/**
 * `error` and the errors it wraps through `cause`, outermost first: at most {@link MAX_CAUSE_DEPTH} links, each
 * error once (a cycle ends the chain), stopping at the first link that is not an object.
 */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (chain.length <= MAX_CAUSE_DEPTH && current !== undefined && current !== null && !seen.has(current)) {
    chain.push(current);
    seen.add(current);
    current = typeof current === 'object' || typeof current === 'function' ? (current as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

/**
 * The outermost error in `error`'s cause chain that is an instance of `type`, or undefined.
 *
 * @example
 * const notFound = findError(error, KubeApiError)?.code === 404;
 */
export function findError<T extends Error>(error: unknown, type: ErrorClass<T>): T | undefined {
  return causeChain(error).find((link): link is T => link instanceof type);
}

/** Is `error`, or an error it wraps through `cause`, an instance of `type`? */
export function hasError(error: unknown, type: ErrorClass<Error>): boolean {
  return findError(error, type) !== undefined;
}

/** Is `error`, or an error it wraps, an {@link AutoscalerError}? */
export function isAutoscalerError(error: unknown): boolean {
  return hasError(error, AutoscalerError);
}
