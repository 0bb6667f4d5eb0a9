/**
 * Validation of `taints` and `startupTaints` (https://karpenter.sh/docs/concepts/nodepools/):
 * qualified-name keys, label-value values, a known effect, and no (key,
 * effect) pair twice across both lists.
 */
import type { PathSegment, ProblemList } from '../problem.js';
import { didYouMean } from '../suggest.js';
import { labelValueError, qualifiedNameError } from './labels.js';
import { isRecord } from './schema.js';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
const TAINT_FIELDS = ['key', 'value', 'effect', 'timeAdded'];

function checkTaintFields(taint: Record<string, unknown>, at: readonly PathSegment[], problems: ProblemList): void {
  for (const field of Object.keys(taint)) {
    if (!TAINT_FIELDS.includes(field))
      problems.error([...at, field], 'unknown-field', `unknown field "${field}"`, didYouMean(field, TAINT_FIELDS));
  }
  const { key, value, effect } = taint;
  if (typeof key !== 'string' || key === '') problems.error([...at, 'key'], 'required', 'key is required');
  else if (qualifiedNameError(key) !== undefined)
    problems.error([...at, 'key'], 'invalid-taint-key', `invalid taint key "${key}": ${qualifiedNameError(key)}`);
  if (value !== undefined && value !== null) {
    if (typeof value !== 'string')
      problems.error([...at, 'value'], 'invalid-type', `must be a string, got ${JSON.stringify(value)}`, `quote it: "${String(value)}"`);
    else if (labelValueError(value) !== undefined)
      problems.error([...at, 'value'], 'invalid-taint-value', `invalid taint value "${value}": ${labelValueError(value)}`);
  }
  if (effect === undefined || effect === null || effect === '') {
    problems.error([...at, 'effect'], 'required', 'effect is required', `one of ${EFFECTS.join(', ')}`);
  } else if (typeof effect !== 'string' || !(EFFECTS as readonly string[]).includes(effect)) {
    const hint = typeof effect === 'string' ? didYouMean(effect, EFFECTS) : undefined;
    problems.error(
      [...at, 'effect'],
      'unknown-effect',
      `unknown taint effect ${JSON.stringify(effect)} (expected one of ${EFFECTS.join(', ')})`,
      hint,
    );
  }
}

/** Checks `taints` and `startupTaints` of one template spec found at `at`. */
export function checkTaints(spec: Record<string, unknown>, at: readonly PathSegment[], problems: ProblemList): void {
  const seen = new Map<string, string>();
  for (const list of ['taints', 'startupTaints']) {
    const taints = spec[list];
    if (taints === undefined || taints === null) continue;
    if (!Array.isArray(taints)) {
      problems.error([...at, list], 'invalid-type', `${list} must be a list`);
      continue;
    }
    taints.forEach((taint, index) => {
      const where = [...at, list, index];
      if (!isRecord(taint)) {
        problems.error(where, 'invalid-type', 'must be an object with key, value and effect');
        return;
      }
      checkTaintFields(taint, where, problems);
      const id = `${String(taint.key)}:${String(taint.effect)}`;
      const first = seen.get(id);
      if (first !== undefined) problems.error(where, 'duplicate-taint', `duplicate taint ${id} (also at ${first})`);
      else seen.set(id, `${list}[${index}]`);
    });
  }
}
