/**
 * The one key no patch may carry: `__proto__`. JSON.parse makes it an own
 * key, but assigning it while merging (`result[key] = …`) replaces the
 * merged object's prototype. kube-apiserver decodes into typed structs, where
 * such a key cannot mean anything; here it is refused with 422.
 */
import { ApiError } from './api-error.js';

/** Throws 422 Invalid when `key` is `__proto__`. */
export function assertSafeKey(key: string): void {
  if (key !== '__proto__') return;
  const message = 'Invalid value: "__proto__": is not an allowed field name';
  throw new ApiError(422, 'Invalid', `the patch could not be applied: ${message}`, {
    causes: [{ reason: 'FieldValueInvalid', message, field: key }],
  });
}
