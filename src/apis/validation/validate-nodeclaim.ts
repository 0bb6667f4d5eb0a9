/**
 * Validation of a `karpenter.sh/v1` NodeClaim (https://karpenter.sh/docs/concepts/nodeclaims/):
 * the same requirement and taint rules as a NodePool template, except that
 * Karpenter-owned keys are allowed (Karpenter writes them).
 */
import type { RawProblem } from '../problem.js';
import { ProblemList } from '../problem.js';
import { checkTopLevel, topLevelSchema } from './metadata.js';
import { NODECLAIM_SPEC_SCHEMA } from './nodepool-schema.js';
import { checkRequirements } from './requirements.js';
import { isRecord } from './schema.js';
import { checkTaints } from './taints.js';

const SCHEMA = topLevelSchema(NODECLAIM_SPEC_SCHEMA);

/** Every problem of one NodeClaim object. */
export function validateNodeClaim(object: Record<string, unknown>): RawProblem[] {
  const problems = new ProblemList();
  checkTopLevel(object, SCHEMA, problems);
  const spec = object.spec;
  if (isRecord(spec)) {
    checkRequirements(spec.requirements, ['spec', 'requirements'], { checkRestricted: false }, problems);
    checkTaints(spec, ['spec'], problems);
  }
  return problems.toArray();
}
