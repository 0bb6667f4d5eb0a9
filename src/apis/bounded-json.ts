/**
 * JSON parsing with a bound on nesting depth, for request bodies that come
 * from outside the process. `JSON.parse` itself accepts any depth, and the
 * recursive code that walks the result afterwards (validation, merge, copy)
 * then overflows the stack on a body such as 5,000 nested `[`; checking the
 * depth first turns that into an ordinary "bad request". Pure: no I/O.
 */

/** The outcome of {@link parseBoundedJson}: the value, or why the text was refused. */
export type BoundedJsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: 'too-deep' | 'invalid-json'; readonly message: string };

/** Options of {@link parseBoundedJson}. */
export interface BoundedJsonOptions {
  /** Deepest nesting of arrays and objects accepted. @default 64 */
  readonly maxDepth?: number;
}

/** The nesting depth of arrays and objects in JSON `text` (brackets inside strings do not count), read before parsing. */
export function jsonTextDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Parses `text` as JSON if its nesting is at most `maxDepth`.
 *
 * @example parseBoundedJson('[[1]]', { maxDepth: 1 }) // { ok: false, code: 'too-deep', … }
 */
export function parseBoundedJson(text: string, options: BoundedJsonOptions = {}): BoundedJsonResult {
  const maxDepth = options.maxDepth ?? 64;
  if (jsonTextDepth(text, maxDepth) > maxDepth) {
    return { ok: false, code: 'too-deep', message: `JSON nested deeper than ${maxDepth} levels` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, code: 'invalid-json', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * The nesting depth of an already decoded value (a scalar is 0), counted without recursion, stopping past
 * `limit`: for bodies decoded from YAML or protobuf, whose text cannot be pre-checked like JSON's.
 */
export function valueDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, here]);
  }
  return deepest;
}
