/**
 * A bound on how deeply a request body may nest. kube-apiserver's decoders
 * refuse documents nested past a fixed depth; without a bound, a body of a few
 * kilobytes (5,000 nested arrays) overflows the stack of the recursive code
 * that later copies, merges or validates it.
 */

/** The deepest nesting a request body may have (a Kubernetes object rarely goes past 30). */
export const MAX_BODY_DEPTH = 1000;

/** The nesting depth of a parsed JSON value (a scalar is 0), counted without recursion; stops past `limit`. */
export function jsonDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
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
