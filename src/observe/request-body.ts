/**
 * Parses an agent API request body with a zod schema: a route gets typed,
 * bounded values, and anything else answers 400 naming each field.
 */
import type { z } from 'zod';
import { HttpError } from './http-error.js';

/** The parsed body, or an {@link HttpError} 400 `invalid request body` with one issue per bad field. */
export function parseRequestBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message }));
  throw new HttpError(400, 'invalid request body', issues);
}
