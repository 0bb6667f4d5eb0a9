/**
 * Parses an agent API query string with a zod schema, as {@link parseRequestBody} does a body: a route gets
 * typed, bounded values, and unknown, repeated or malformed parameters answer 400 naming each (the first in the
 * message, so a one-line client shows it).
 */
import type { z } from 'zod';
import { HttpError } from './http-error.js';

/** The parsed query, or an {@link HttpError} 400 `invalid query: <first field>: <why>` with one issue per bad parameter. */
export function parseRequestQuery<T extends z.ZodType>(schema: T, query: URLSearchParams): z.infer<T> {
  const repeated = [...new Set(query.keys())].filter((key) => query.getAll(key).length > 1);
  const issues = repeated.map((key) => ({ path: key, message: 'given more than once' }));
  const result = schema.safeParse(Object.fromEntries(query));
  for (const issue of result.success ? [] : result.error.issues) {
    if (issue.code === 'unrecognized_keys') issues.push(...issue.keys.map((key) => ({ path: key, message: 'unknown parameter' })));
    else issues.push({ path: issue.path.map(String).join('.') || '(query)', message: issue.message });
  }
  if (issues.length > 0 || !result.success)
    throw new HttpError(400, `invalid query: ${issues[0] ? `${issues[0].path}: ${issues[0].message}` : 'unreadable'}`, issues);
  return result.data;
}
