/** The error an agent API route throws to answer with a given HTTP status. */

/** One problem with a request body: the field (dotted path) and what is wrong. */
export interface RequestIssue {
  readonly path: string;
  readonly message: string;
}

/** An error a route throws to answer with `status` and `{ error: message, issues? }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: readonly RequestIssue[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** True when `error` is an {@link HttpError}. */
export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
