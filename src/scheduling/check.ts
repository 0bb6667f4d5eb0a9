/** The answer of every scheduling predicate: yes, or no with a reason a person can read. */
export type Check = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The shared "yes". */
export const OK: Check = Object.freeze({ ok: true as const });

/** A "no" with its reason. */
export function no(reason: string): Check {
  return { ok: false, reason };
}
