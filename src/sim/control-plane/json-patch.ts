/**
 * RFC 6902 JSON Patch (`application/json-patch+json`) with fast-json-patch.
 * A body that is not an array of operations is 400; an operation that cannot
 * apply is 422 Invalid, as kube-apiserver answers. A path or `from` with a
 * `__proto__`, `constructor` or `prototype` segment is refused before anything
 * is applied, so no patch can reach Object.prototype.
 */
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { ApiError, badRequestError } from './api-error.js';
import { cloneJson, isDict, type Dict } from './object.js';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);
/** Path segments that name JavaScript object internals, never a field of a Kubernetes object. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function invalid(message: string, field?: string): ApiError {
  return new ApiError(422, 'Invalid', message, { causes: [{ reason: 'FieldValueInvalid', message, ...(field ? { field } : {}) }] });
}

function checkPointer(op: Dict, key: 'path' | 'from', index: number): void {
  const pointer = op[key];
  if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/'))) {
    throw invalid(`Invalid JSON pointer in operation ${index} (${key}): ${JSON.stringify(pointer)}`, `[${index}].${key}`);
  }
  const segments = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const bad = segments.find((s) => FORBIDDEN_KEYS.has(s));
  if (bad !== undefined)
    throw invalid(
      `Invalid JSON pointer in operation ${index} (${key}): "${pointer}": the segment "${bad}" is not allowed`,
      `[${index}].${key}`,
    );
}

function checkOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw badRequestError(`json: cannot unmarshal ${typeof patch} into Go value of type jsonpatch.Patch`);
  patch.forEach((op: unknown, index) => {
    if (!isDict(op)) throw badRequestError('json patch operations must be objects');
    if (typeof op.op !== 'string' || !OPS.has(op.op)) throw invalid(`Unrecognized op: ${String(op.op)}`, `[${index}].op`);
    checkPointer(op, 'path', index);
    if (op.op === 'move' || op.op === 'copy') checkPointer(op, 'from', index);
    if ((op.op === 'add' || op.op === 'replace' || op.op === 'test') && !('value' in op)) {
      throw invalid(`operation ${index} (${op.op}) has no value`, `[${index}].value`);
    }
  });
  return patch as Operation[];
}

function patchFailure(error: unknown): ApiError {
  if (error instanceof fastJsonPatch.JsonPatchError) {
    const first = error.message.split('\n')[0];
    if (error.name === 'TEST_OPERATION_FAILED') return invalid('Test operation failed');
    return invalid(`the JSON patch could not be applied: ${first}`);
  }
  return invalid(`the JSON patch could not be applied: ${error instanceof Error ? error.message : String(error)}`);
}

/** Applies a JSON Patch to a copy of any JSON document and returns the result. */
export function applyJsonPatchDocument(doc: unknown, patch: unknown): unknown {
  const operations = checkOperations(patch);
  try {
    return fastJsonPatch.applyPatch(cloneJson(doc), operations, true, true, true).newDocument;
  } catch (error) {
    throw patchFailure(error);
  }
}

/** Applies a JSON Patch to a copy of `doc` (an object) and returns the result. */
export function applyJsonPatch(doc: Dict, patch: unknown): Dict {
  const result = applyJsonPatchDocument(doc, patch);
  if (!isDict(result)) throw invalid('the patched document is not an object');
  return result;
}
