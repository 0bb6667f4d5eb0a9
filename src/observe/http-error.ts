/** The error an agent API route throws to answer with a given HTTP status. */
import { AutoscalerError, hasError } from '../apis/errors.js';

/** One problem with a request body: the field (dotted path) and what is wrong. */
export interface RequestIssue {
  readonly path: string;
  readonly message: string;
}

/** An error a route throws to answer with `status` and `{ error: message, issues? }`. */
export class HttpError extends AutoscalerError {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: readonly RequestIssue[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** True when `error`, or an error in its `cause` chain, is an {@link HttpError}. */
export function isHttpError(error: unknown): boolean {
  return hasError(error, HttpError);
}
