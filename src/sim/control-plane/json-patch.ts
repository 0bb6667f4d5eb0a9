/**
 * RFC 6902 JSON Patch (`application/json-patch+json`). A body that is not an
 * array is 400; an operation that cannot apply is 422 Invalid (§7.4).
 */
import { ApiError, badRequestError } from './api-error.js';
import { cloneJson, isDict, jsonEqual, type Dict } from './object.js';

function invalid(message: string): ApiError {
  return new ApiError(422, 'Invalid', message, { causes: [{ reason: 'FieldValueInvalid', message }] });
}

function parsePointer(path: unknown): string[] {
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) throw invalid(`Invalid JSON pointer: ${String(path)}`);
  return path === '' ? [] : path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, tokens: string[]): unknown {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(token)] : isDict(node) ? node[token] : undefined;
    if (node === undefined) throw invalid('Cannot perform the operation at a path that does not exist');
  }
  return node;
}

function getAt(doc: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  const value = Array.isArray(parent) ? parent[Number(last)] : isDict(parent) ? parent[last] : undefined;
  if (value === undefined) throw invalid('Cannot perform the operation at a path that does not exist');
  return value;
}

function arrayIndex(array: unknown[], token: string, allowEnd: boolean): number {
  if (token === '-' && allowEnd) return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw invalid(`Invalid array index: ${token}`);
  const index = Number(token);
  if (index > array.length || (!allowEnd && index === array.length)) throw invalid('Cannot perform the operation at a path that does not exist');
  return index;
}

function addAt(doc: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, value);
  else if (isDict(parent)) parent[last] = value;
  else throw invalid('Cannot perform the operation at a path that does not exist');
  return doc;
}

function removeAt(doc: unknown, tokens: string[]): unknown {
  const value = getAt(doc, tokens);
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else delete (parent as Dict)[last];
  return value;
}

function applyOp(doc: unknown, op: Dict): unknown {
  const path = parsePointer(op.path);
  switch (op.op) {
    case 'add':
      return addAt(doc, path, cloneJson(op.value));
    case 'remove':
      removeAt(doc, path);
      return doc;
    case 'replace':
      getAt(doc, path);
      if (path.length === 0) return cloneJson(op.value);
      removeAt(doc, path);
      return addAt(doc, path, cloneJson(op.value));
    case 'move': {
      const value = removeAt(doc, parsePointer(op.from));
      return addAt(doc, path, value);
    }
    case 'copy':
      return addAt(doc, path, cloneJson(getAt(doc, parsePointer(op.from))));
    case 'test':
      if (!jsonEqual(getAt(doc, path), op.value)) throw invalid('Test operation failed');
      return doc;
    default:
      throw invalid(`Unrecognized op: ${String(op.op)}`);
  }
}

/** Applies a JSON Patch to a copy of `doc` and returns the result. */
export function applyJsonPatch(doc: Dict, patch: unknown): Dict {
  if (!Array.isArray(patch)) throw badRequestError(`json: cannot unmarshal ${typeof patch} into Go value of type jsonpatch.Patch`);
  let result: unknown = cloneJson(doc);
  for (const op of patch) {
    if (!isDict(op)) throw badRequestError('json patch operations must be objects');
    result = applyOp(result, op);
  }
  if (!isDict(result)) throw invalid('the patched document is not an object');
  return result;
}
