/**
 * Validation of karpd's `karpd.dev/v1alpha1` Decision against its schema
 * (decision-schema.ts): what the API server checks when a Decision is
 * created, for tests and for Decisions read back from a cluster.
 */
import type { RawProblem } from '../problem.js';
import { ProblemList } from '../problem.js';
import { DECISION_SPEC_SCHEMA, DECISION_STATUS_SCHEMA } from './decision-schema.js';
import { checkTopLevel, topLevelSchema } from './metadata.js';
import { checkSchema, isRecord } from './schema.js';

const SCHEMA = topLevelSchema(DECISION_SPEC_SCHEMA);

function checkPrice(whatIf: unknown, side: 'before' | 'after', problems: ProblemList): void {
  if (!isRecord(whatIf) || !isRecord(whatIf[side])) return;
  const price = whatIf[side].pricePerHour;
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0)
    problems.error(
      ['spec', 'whatIf', side, 'pricePerHour'],
      'invalid-type',
      `must be a number of dollars per hour ≥ 0, got ${String(price)}`,
    );
}

/** Every problem of one Decision object (spec and, when present, status). */
export function validateDecision(object: Record<string, unknown>): RawProblem[] {
  const problems = new ProblemList();
  checkTopLevel(object, SCHEMA, problems);
  if (isRecord(object.spec)) {
    checkPrice(object.spec.whatIf, 'before', problems);
    checkPrice(object.spec.whatIf, 'after', problems);
  }
  if (object.status !== undefined) checkSchema(object.status, DECISION_STATUS_SCHEMA, ['status'], problems);
  return problems.toArray();
}
